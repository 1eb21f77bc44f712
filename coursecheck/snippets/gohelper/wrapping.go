// Fragment wrapping as exact as Go: what the code coursecheck writes around a fragment
// (`func main() {` ... `}`) must neither hide an error Go reports for the same code written
// as a complete file, nor report one in the wrapper's terms.
package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
)

const (
	unclosedMsg = "the snippet ends inside a block it opened: a '{' (or '(' or '[') is never closed; " +
		"close it before the end of the snippet"
	extraCloseMsg  = "this '}' closes no '{' of the snippet: there is one '}' too many here or above it; remove it"
	mainReturnsMsg = "return with a value among a fragment's statements: they run inside func main, which " +
		"returns nothing; print the value, or put the code in a function"
	missingBodyMsg = "missing function body"
)

// blame holds what split saw of the fragment's brackets, counted by go/scanner in the
// author's own text: the wrapper's syntax errors are said as the author's mistake there.
type blame struct {
	extra *Finding // the first '}' that closes no '{' of its part
	open  *Finding // the end of the last part that leaves a bracket open
	last  *Finding // the end of the last fragment part
}

func (b *blame) extraClose(file string, line, col int) {
	if b.extra == nil {
		b.extra = &Finding{"syntax", file, line, col, extraCloseMsg}
	}
}

func (b *blame) partEnds(file string, lines []string, open bool) {
	n := len(lines)
	for n > 1 && lines[n-1] == "" {
		n--
	}
	b.last = &Finding{"syntax", file, n, 1, unclosedMsg}
	if open {
		b.open = b.last
	}
}

// apply rewrites the syntax errors: with a '}' too many (it closes the generated main), the
// errors from there on follow from it and are said once, at that '}'; an error in the
// wrapper is dropped when the author's lines have one (the cause), else said once as the
// bracket the fragment left open.
func (b *blame) apply(found []Finding) []Finding {
	if b.extra != nil && anySyntax(found, func(Finding) bool { return true }) {
		var kept []Finding
		rooted := false
		for _, f := range found {
			switch {
			case f.Kind != "syntax" || !atOrAfter(f, *b.extra):
				kept = append(kept, f)
			case !rooted:
				kept, rooted = append(kept, *b.extra), true
			}
		}
		if !rooted {
			kept = append(kept, *b.extra)
		}
		return kept
	}
	own := anySyntax(found, func(f Finding) bool { return f.File != "g" })
	var kept []Finding
	for _, f := range found {
		if f.Kind != "syntax" || f.File != "g" || f.Line == 0 {
			kept = append(kept, f)
		} else if !own && b.last != nil {
			root := b.last
			if b.open != nil {
				root = b.open
			}
			kept, own = append(kept, *root), true // said once
		}
	}
	return kept
}

func anySyntax(found []Finding, keep func(Finding) bool) bool {
	for _, f := range found {
		if f.Kind == "syntax" && keep(f) {
			return true
		}
	}
	return false
}

// atOrAfter orders virtual files as the fragment file holds them: s<i> (setup) before m<i>,
// then the next member; the wrapper (g) comes last.
func atOrAfter(f, at Finding) bool {
	fk, fl := fileOrder(f.File)
	ak, al := fileOrder(at.File)
	if fk != ak {
		return fk > ak
	}
	return fl*1_000_000+f.Line >= al*1_000_000+at.Line
}

func fileOrder(file string) (member, layer int) {
	if n, err := strconv.Atoi(file[min(1, len(file)):]); err == nil && file != "" {
		if file[0] == 's' {
			return n, 0
		}
		return n, 1
	}
	return 1 << 30, 0
}

// bodyAfter tells a `{` that opens the body of the bodiless func declared just before it
// (`func main()` with its brace on the next line): it stays in that declaration, where Go's
// parser reports the newline before it, as it does for a complete file.
func bodyAfter(p *part, starts []chunk, t token.Token, line int) bool {
	if t != token.LBRACE || len(starts) == 0 {
		return false
	}
	last := starts[len(starts)-1]
	if last.part != p || !last.fn || last.start >= line {
		return false
	}
	src := "package p\n" + strings.Join(p.lines[last.start:line], "\n")
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) == 0 {
		return false
	}
	fn, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	return ok && fn.Body == nil
}

// wrapper is the func the fragment file runs the fragment's statements in.
func (u *unitState) wrapper() *ast.FuncDecl {
	for _, f := range u.parsed {
		if u.fset.PositionFor(f.Package, false).Filename != u.fragmentPath() {
			continue
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if ok && fn.Body != nil && u.fset.Position(fn.Pos()).Filename == virtualDir+"g" {
				return fn
			}
		}
	}
	return nil
}

func (u *unitState) fragmentPath() string {
	if u.fragFile == "" {
		return ""
	}
	return u.dir + "/" + u.fragFile
}

// inAuthorTerms says go/types' "too many return values ... want ()" about a return among the
// fragment's statements as what it is: the wrapper's main returns nothing.
func inAuthorTerms(wrapper *ast.FuncDecl, pos token.Pos, msg string) string {
	if wrapper == nil || !strings.HasPrefix(msg, "too many return values") ||
		pos < wrapper.Body.Pos() || pos >= wrapper.Body.End() {
		return msg
	}
	inLiteral := false
	ast.Inspect(wrapper.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok && lit.Pos() <= pos && pos < lit.End() {
			inLiteral = true
		}
		return !inLiteral
	})
	if inLiteral {
		return msg
	}
	return mainReturnsMsg
}

// bodies reports a func declared without a body, as the compiler does once the type check
// passes (go/types accepts it: the body could be in assembly, which snippets cannot have).
func (u *unitState) bodies(files []*ast.File) {
	for _, f := range files {
		linked := map[string]bool{}
		for _, group := range f.Comments {
			for _, c := range group.List {
				if fields := strings.Fields(c.Text); len(fields) > 1 && fields[0] == "//go:linkname" {
					linked[fields[1]] = true
				}
			}
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body != nil || linked[fn.Name.Name] {
				continue
			}
			if pos := u.fset.Position(fn.Name.Pos()); !u.lenientDrop(virtualPos(pos), missingBodyMsg) {
				u.result.TypeErrors++
				u.addPos("type", pos, missingBodyMsg)
			}
		}
	}
}
