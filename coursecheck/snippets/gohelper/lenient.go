// Lenient mode (`coursecheck snippets --lenient`): Markdown nobody wrote for coursecheck. A
// unit's last member is the block being checked; the members before it are the page's
// earlier blocks, its context. Every change here keeps each line where it was (code is
// blanked, never moved), so positions still name the author's lines.
package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// lenientState is what lenient mode knows of a unit: where the checked block elides code,
// and which imports no offline build can resolve.
type lenientState struct {
	last     int              // index of the checked member
	fragment bool             // the checked member is a fragment (no package clause)
	elisions []token.Position // in the checked member
	external map[string]token.Position
	excused  bool // an error was put down to an elision
}

// lenientUnit rewrites a lenient unit's members: the checked block's elisions are blanked,
// and the context keeps only what the checked block may build on.
func (u *unitState) lenientUnit(unit Unit) Unit {
	last := len(unit.Members) - 1
	st := &lenientState{last: last, external: map[string]token.Position{}}
	u.lenient = st
	members := append([]Member(nil), unit.Members...)
	code, elisions := blankElisions(members[last].Code)
	members[last].Code = code
	st.elisions = elisions
	target := packageName(code)
	st.fragment = target == ""
	if target == "main" && declaresFunc(code, "main") {
		// A complete program is checked as written: context could hide its real defects.
		for i := 0; i < last; i++ {
			members[i] = Member{}
		}
		unit.Members = members
		return unit
	}
	if target == "" { // a fragment joins the package of the nearest earlier file
		for i := last - 1; i >= 0 && target == ""; i-- {
			target = packageName(members[i].Code)
		}
	}
	taken := declKeys(members[last].Code) // names declared later replace earlier ones
	for i := last - 1; i >= 0; i-- {
		ctx, _ := blankElisions(members[i].Code)
		members[i] = Member{Code: contextCode(ctx, target, taken)}
		for key := range declKeys(members[i].Code) {
			taken[key] = true
		}
	}
	unit.Members = members
	return unit
}

// contextCode is an earlier block as context: its declarations not declared again later,
// no statements (they ran in their own block) and, for a fragment, no imports (every
// fragment shares one file; the standard library is inferred). "" when it cannot help.
func contextCode(code, target string, taken map[string]bool) string {
	lines := strings.Split(code, "\n")
	if pkg := packageName(code); pkg != "" {
		if target != "" && pkg != target {
			return ""
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", code, parser.ParseComments)
		if err != nil {
			return "" // a broken file would only spread its errors
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
				continue
			}
			if anyTaken(d, taken) {
				blank(lines, fset.Position(declStart(d)).Line-1, fset.Position(d.End()).Line)
			}
		}
		return strings.Join(lines, "\n")
	}
	scratch := &unitState{}
	p := &part{"c", lines}
	scratch.split(p)
	for _, c := range append(scratch.frag.imports, scratch.frag.stmts...) {
		blank(lines, c.start, c.end)
	}
	for _, c := range scratch.frag.decls {
		src := "package p\n" + strings.Join(lines[c.start:c.end], "\n")
		f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
		if err != nil {
			blank(lines, c.start, c.end) // a broken declaration would only spread its errors
			continue
		}
		for _, d := range f.Decls {
			if anyTaken(d, taken) {
				blank(lines, c.start, c.end)
				break
			}
		}
	}
	if strings.TrimSpace(strings.Join(lines, "\n")) == "" {
		return ""
	}
	return strings.Join(lines, "\n")
}

func declStart(d ast.Decl) token.Pos {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	case *ast.GenDecl:
		if d.Doc != nil {
			return d.Doc.Pos()
		}
	}
	return d.Pos()
}

func blank(lines []string, from, to int) {
	for i := from; i < to && i < len(lines); i++ {
		lines[i] = ""
	}
}

func anyTaken(d ast.Decl, taken map[string]bool) bool {
	for _, key := range keysOf(d) {
		if taken[key] {
			return true
		}
	}
	return false
}

// declKeys names what a block declares at top level: a method as Type.Name, so that a
// rewritten method replaces its earlier version and not a function of the same name.
func declKeys(code string) map[string]bool {
	keys := map[string]bool{}
	src := code
	if packageName(code) == "" {
		scratch := &unitState{}
		lines := strings.Split(code, "\n")
		scratch.split(&part{"c", lines})
		var b strings.Builder
		for _, c := range scratch.frag.decls {
			b.WriteString(strings.Join(lines[c.start:c.end], "\n") + "\n")
		}
		src = "package p\n" + b.String()
	}
	f, _ := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
	if f == nil {
		return keys
	}
	for _, d := range f.Decls {
		for _, key := range keysOf(d) {
			keys[key] = true
		}
	}
	return keys
}

func keysOf(d ast.Decl) []string {
	var keys []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Name.Name == "init" || d.Name.Name == "_" {
			return nil
		}
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return []string{receiverName(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{d.Name.Name}
	case *ast.GenDecl:
		for _, name := range declNames(d) {
			if name != "_" {
				keys = append(keys, name)
			}
		}
	}
	return keys
}

func receiverName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return receiverName(t.X)
	case *ast.IndexExpr:
		return receiverName(t.X)
	case *ast.IndexListExpr:
		return receiverName(t.X)
	case *ast.ParenExpr:
		return receiverName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return "?"
}

func declaresFunc(code, name string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.SkipObjectResolution)
	if err != nil {
		return regexp.MustCompile(`(?m)^func\s+` + name + `\s*\(`).MatchString(code)
	}
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == name {
			return true
		}
	}
	return false
}

// blankElisions replaces what stands for omitted code with spaces of the same width: `...`
// where Go allows no ellipsis, and `…`. A comment that starts with one (`// ...`) is valid
// Go and stays, but is an elision too: the code around it is not all there.
func blankElisions(code string) (string, []token.Position) {
	src := []byte(code)
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(file, src, func(token.Position, string) {}, scanner.ScanComments)
	var found []token.Position
	prev := token.SEMICOLON
	var toks []lexTok
	for {
		pos, t, lit := s.Scan()
		toks = append(toks, lexTok{pos, t, lit})
		if t == token.EOF {
			break
		}
	}
	for i, k := range toks {
		switch {
		case k.t == token.COMMENT:
			if isElisionComment(k.lit) {
				found = append(found, fset.Position(k.pos))
			}
			continue
		case k.t == token.ILLEGAL && strings.HasPrefix(string(src[file.Offset(k.pos):]), "…"):
			found = append(found, fset.Position(k.pos))
			blankBytes(src, file.Offset(k.pos), len("…"))
		case k.t == token.ELLIPSIS && elisionBefore(prev) && elisionAfter(nextToken(toks, i)):
			found = append(found, fset.Position(k.pos))
			blankBytes(src, file.Offset(k.pos), 3)
		}
		prev = k.t
	}
	return string(src), found
}

type lexTok struct {
	pos token.Pos
	t   token.Token
	lit string
}

// nextToken is the token after toks[i], comments aside; EOF when the line ends first.
func nextToken(toks []lexTok, i int) token.Token {
	for j := i + 1; j < len(toks); j++ {
		k := toks[j]
		if k.t != token.COMMENT {
			if k.t == token.SEMICOLON && k.lit == "\n" {
				return token.EOF // the line ends: nothing follows the ellipsis on it
			}
			return k.t
		}
	}
	return token.EOF
}

func isElisionComment(lit string) bool {
	text := strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(lit, "//"), "/*"), "*/"))
	return strings.HasPrefix(text, "...") || strings.HasPrefix(text, "…")
}

// elisionBefore: an ellipsis after these starts an expression or a statement, where Go has
// none (a variadic `xs...` follows an operand, `...T` a parameter name, `[...]` a bracket).
func elisionBefore(t token.Token) bool {
	switch t {
	case token.SEMICOLON, token.LBRACE, token.LPAREN, token.COMMA, token.ASSIGN, token.DEFINE,
		token.RETURN, token.COLON:
		return true
	}
	return false
}

func elisionAfter(t token.Token) bool {
	switch t {
	case token.RBRACE, token.RPAREN, token.RBRACK, token.COMMA, token.SEMICOLON, token.EOF:
		return true
	}
	return false
}

func blankBytes(src []byte, at, n int) {
	for i := at; i < at+n && i < len(src); i++ {
		src[i] = ' '
	}
}

var unusedMsg = regexp.MustCompile(`^(declared and not used|".*" imported( as \w+)? and not used)`)

var couldNotImport = regexp.MustCompile(`^could not import (\S+)`)

// lenientDrop tells whether lenient mode sets aside an error at this place: an error in the
// context (its own block reports it), an unused name in a fragment, what an unresolvable
// import causes, and what an elision causes (an error on its line, a missing return).
func (u *unitState) lenientDrop(file string, line int, msg string) bool {
	st := u.lenient
	if st == nil {
		return false
	}
	if member, ok := memberIndex(file); ok && member != st.last {
		return true
	}
	if st.fragment && unusedMsg.MatchString(msg) {
		return true
	}
	if m := couldNotImport.FindStringSubmatch(msg); m != nil {
		if _, ok := st.external[strings.Trim(m[1], `"`)]; ok {
			return true
		}
	}
	if file == fmt.Sprintf("m%d", st.last) && len(st.elisions) > 0 {
		for _, e := range st.elisions {
			if e.Line == line {
				st.excused = true
				return true
			}
		}
		if msg == "missing return" {
			st.excused = true
			return true
		}
	}
	return false
}

func memberIndex(file string) (int, bool) {
	if len(file) < 2 || (file[0] != 'm' && file[0] != 's') {
		return 0, false
	}
	n, err := strconv.Atoi(file[1:])
	return n, err == nil
}

// lenientImport records an import outside the standard library: no offline build resolves
// it, so the block gets the verdict `external`, and what it uses of it goes unchecked.
func (u *unitState) lenientImport(path string, pos token.Position) bool {
	if u.lenient == nil {
		return false
	}
	file := strings.TrimPrefix(pos.Filename, virtualDir)
	if member, ok := memberIndex(file); !ok || member == u.lenient.last {
		if _, seen := u.lenient.external[path]; !seen {
			u.lenient.external[path] = pos
			u.addPos("external", pos, fmt.Sprintf("import %q is outside the standard library: it cannot be resolved offline", path))
		}
	} else {
		u.lenient.external[path] = pos
	}
	return true
}

// lenientDone reports the checked block's elisions when nothing else is wrong with it.
func (u *unitState) lenientDone() {
	st := u.lenient
	if st == nil || len(st.elisions) == 0 {
		return
	}
	for _, f := range u.result.Findings {
		if f.Kind == "syntax" || f.Kind == "type" || f.Kind == "nomain" {
			return // a real error: the block fails, elided or not
		}
	}
	e := st.elisions[0]
	u.add("elided", fmt.Sprintf("m%d", st.last), e, "code is elided here; the rest of the block was checked")
}
