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
	"unicode"
)

// lenientState is what lenient mode knows of a unit: where the checked block elides code,
// and which imports no offline build can resolve.
type lenientState struct {
	last     int              // index of the checked member
	fragment bool             // the checked member is a fragment (no package clause)
	program  bool             // it is a complete program: package main with func main
	elisions []token.Position // in the checked member
	external map[string]token.Position
	excused  bool            // an error was put down to an elision
	free     map[string]bool // names a fragment uses that the page never declares
	returns  bool            // a fragment returns from a function the page does not show
	idents   map[string]bool // every identifier of the unit: what a misspelt name would be
	earlier  map[string]bool // a fallback's: what the page declares before the block
}

// lenientUnit rewrites a lenient unit's members: the checked block's elisions are blanked,
// and the context keeps only what the checked block may build on. The members are the
// page's earlier blocks, then its later ones (`ahead` of them), then the checked block.
func (u *unitState) lenientUnit(unit Unit) Unit {
	last := len(unit.Members) - 1
	later := last - unit.Ahead
	st := &lenientState{last: last, external: map[string]token.Position{}, free: map[string]bool{}}
	u.lenient = st
	members := append([]Member(nil), unit.Members...)
	code, elisions := blankElisions(members[last].Code)
	members[last].Code = code
	st.elisions = elisions
	target := packageName(code)
	st.fragment = target == ""
	if target == "main" && declaresFunc(code, "main") {
		st.program = true
		// A complete program is checked as written: context could hide its real defects.
		for i := 0; i < last; i++ {
			members[i] = Member{}
		}
		unit.Members = members
		return unit
	}
	// A fragment joins the package of the nearest earlier file, else of the next one.
	for i := later - 1; i >= 0 && target == ""; i-- {
		target = packageName(members[i].Code)
	}
	for i := later; i < last && target == ""; i++ {
		target = packageName(members[i].Code)
	}
	taken := declKeys(members[last].Code) // names declared later replace earlier ones
	take := func(i int) {
		ctx, _ := blankElisions(members[i].Code)
		members[i] = Member{Code: contextCode(ctx, target, taken)}
		for key := range declKeys(members[i].Code) {
			taken[key] = true
		}
	}
	for i := later - 1; i >= 0; i-- {
		take(i)
	}
	// Then what the page declares further on, where nothing earlier did: a test written
	// before the code it tests (the TDD pattern), a constant shown after its first use.
	for i := later; i < last; i++ {
		take(i)
	}
	unit.Members = members
	return unit
}

// lenientFallback is the unit without its context, or nil. The context is a guess at what
// the block builds on: a later TDD step may change a helper's signature, an earlier block
// may be a deliberate error. So it may save a block, not fail it; but a name the page
// declares before the block, and that does not fit, is the block's error (see lenientRetry).
func lenientFallback(unit Unit, std map[string][]string, root string) *unitState {
	if !unit.Lenient || len(unit.Members) < 2 {
		return nil
	}
	earlier := map[string]bool{}
	for _, m := range unit.Members[:len(unit.Members)-1-unit.Ahead] {
		for key := range declKeys(m.Code) {
			earlier[key] = true
		}
	}
	members := make([]Member, len(unit.Members)) // kept in place: positions name members by index
	members[len(members)-1] = unit.Members[len(members)-1]
	unit.Members, unit.Ahead = members, 0
	u := prepare(unit, std, root)
	u.lenient.earlier = earlier
	return u
}

// lenientRetry is the unit's result, or its fallback's when that one builds and it does not,
// unless the fallback builds only by taking as unknown a name the page declared before.
func (u *unitState) lenientRetry(imp *exportImporter, goVersion string, vetOn bool) Result {
	if u.fallback == nil || u.result.TypeErrors == 0 {
		return u.result
	}
	f := u.fallback
	f.safeCheck(imp, goVersion, vetOn)
	if f.result.TypeErrors > 0 {
		return u.result
	}
	for name := range f.lenient.free {
		if f.lenient.earlier[name] {
			return u.result
		}
	}
	return f.result
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
		case k.t == token.ELLIPSIS && elisionBefore(prev) && elisionAfter(fset, toks, i):
			found = append(found, fset.Position(k.pos))
			blankBytes(src, file.Offset(k.pos), 3)
			if needsOperand(prev) { // `x := ...`: a placeholder keeps the statement whole
				copy(src[file.Offset(k.pos):], "nil")
			}
		}
		prev = k.t
	}
	return callouts.ReplaceAllStringFunc(string(src), func(m string) string {
		return strings.Repeat(" ", len(m))
	}), found
}

// callouts are a book's numbered markers at the end of a line (AsciiDoc's `<1>`): markup,
// not code.
var callouts = regexp.MustCompile(`(?m)(\s+<\d{1,2}>)+[ \t]*$`)

type lexTok struct {
	pos token.Pos
	t   token.Token
	lit string
}

// elisionAfter: what follows an ellipsis that stands for code: a closing bracket, a comma,
// or nothing more on its line.
func elisionAfter(fset *token.FileSet, toks []lexTok, i int) bool {
	for j := i + 1; j < len(toks); j++ {
		k := toks[j]
		if k.t == token.COMMENT {
			continue
		}
		if k.t == token.EOF || fset.Position(k.pos).Line > fset.Position(toks[i].pos).Line {
			return true
		}
		switch k.t {
		case token.RBRACE, token.RPAREN, token.RBRACK, token.COMMA, token.SEMICOLON:
			return true
		}
		return false
	}
	return true
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

func needsOperand(t token.Token) bool {
	return t == token.ASSIGN || t == token.DEFINE || t == token.RETURN || t == token.COLON
}

func blankBytes(src []byte, at, n int) {
	for i := at; i < at+n && i < len(src); i++ {
		src[i] = ' '
	}
}

var unusedMsg = regexp.MustCompile(`^(declared and not used|".*" imported( as \w+)? and not used)`)

var undefinedName = regexp.MustCompile(`^undefined: (\w+)$`)

var couldNotImport = regexp.MustCompile(`^could not import (\S+)`)

// lenientDrop tells whether lenient mode sets aside an error at pos (in a virtual file):
// an error in the context (its own block reports it), an unused name outside a complete
// program, and in a fragment a name the page never declares, a package it never imports,
// a return from the function around it; what an unresolvable import or an elision causes.
func (u *unitState) lenientDrop(pos token.Position, msg string) bool {
	st := u.lenient
	if st == nil {
		return false
	}
	member, ok := memberIndex(pos.Filename)
	if ok && member != st.last {
		return true
	}
	own := ok && pos.Filename[0] == 'm'
	if !st.program && unusedMsg.MatchString(msg) {
		return true
	}
	if m := couldNotImport.FindStringSubmatch(msg); m != nil {
		if _, ok := st.external[strings.Trim(m[1], `"`)]; ok {
			return true
		}
	}
	if own && st.fragment && u.unknownInFragment(pos, msg) {
		return true
	}
	if own && u.elided(pos.Line, msg) {
		st.excused = true
		return true
	}
	return false
}

// unknownInFragment: a fragment is code from a larger program, its declarations and the
// function around it not shown. A name it uses that the page never declares is taken as
// declared there (unless it is a slip of a name that is declared), a lower-case name used
// as `pkg.Name` as a package it does not import, a `return x` as a return of that function.
func (u *unitState) unknownInFragment(pos token.Position, msg string) bool {
	st := u.lenient
	if strings.HasPrefix(msg, "too many return values") && u.inStatements(pos.Line) {
		st.returns = true
		return true
	}
	m := undefinedName.FindStringSubmatch(msg)
	if m == nil {
		return false
	}
	name := m[1]
	if u.qualifier(pos, name) && unicode.IsLower([]rune(name)[0]) && u.std[name] == nil {
		if _, seen := st.external[name]; !seen {
			st.external[name] = pos
			u.add("external", pos.Filename, pos, fmt.Sprintf("it uses package %s, outside the standard library, without importing it", name))
		}
		return true
	}
	if u.misspelt(name) {
		return false
	}
	st.free[name] = true
	return true
}

// qualifier tells whether the name at pos is followed by a dot: `zap.Logger`.
func (u *unitState) qualifier(pos token.Position, name string) bool {
	lines := strings.Split(u.unit.Members[u.lenient.last].Code, "\n")
	if pos.Line < 1 || pos.Line > len(lines) {
		return false
	}
	line := lines[pos.Line-1]
	at := pos.Column - 1 + len(name)
	return at < len(line) && pos.Column >= 1 && line[at] == '.'
}

func (u *unitState) inStatements(line int) bool {
	for _, c := range u.frag.stmts {
		if c.part.file == fmt.Sprintf("m%d", u.lenient.last) && c.start < line && line <= c.end {
			return true
		}
	}
	return false
}

// elided: an error on a line that elides code, or a missing return in a function whose
// body is elided (`{ ... }`) or left empty (`func (n *Node) Parent() *Node {}`).
func (u *unitState) elided(line int, msg string) bool {
	for _, e := range u.lenient.elisions {
		if e.Line == line {
			return true
		}
	}
	if msg != "missing return" {
		return false
	}
	lines := strings.Split(u.unit.Members[u.lenient.last].Code, "\n")
	if len(u.lenient.elisions) > 0 {
		return true
	}
	if commentedBody(lines, line) {
		u.lenient.elisions = append(u.lenient.elisions, token.Position{Line: line, Column: 1})
		return true
	}
	if line >= 1 && line <= len(lines) && strings.Contains(lines[line-1], "{}") {
		u.lenient.elisions = append(u.lenient.elisions, token.Position{Line: line, Column: strings.Index(lines[line-1], "{}") + 1})
		return true
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

// misspelt tells a name the page never declares from a slip of one it does: one letter
// changed, added, dropped or two swapped (`nmae` for `name`, `fnt` for `fmt`).
func (u *unitState) misspelt(name string) bool {
	st := u.lenient
	if len(name) < 3 {
		return false // too short to tell a slip from another name
	}
	if st.idents == nil {
		st.idents = map[string]bool{}
		for _, m := range u.unit.Members {
			var s scanner.Scanner
			src := []byte(m.Code)
			s.Init(token.NewFileSet().AddFile("", -1, len(src)), src, func(token.Position, string) {}, 0)
			for {
				_, t, lit := s.Scan()
				if t == token.EOF {
					break
				}
				if t == token.IDENT {
					st.idents[lit] = true
				}
			}
		}
	}
	for other := range st.idents {
		if other != name && oneEdit(name, other) && !firstCaseOnly(name, other) {
			return true
		}
	}
	return false
}

// firstCaseOnly: `node` and `Node` are a variable and its type, not a slip.
func firstCaseOnly(a, b string) bool {
	return len(a) == len(b) && a[1:] == b[1:] && strings.EqualFold(a[:1], b[:1])
}

// oneEdit: a and b differ by one substitution, insertion, deletion or swap of neighbours.
func oneEdit(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		if a[i+1:] == b[i+1:] {
			return true
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	}
	return a[i:] == b[i+1:]
}

// lenientDone reports, when nothing else is wrong with the checked block, its elisions and
// the names it uses that the page never declares: the code it builds on is not shown.
func (u *unitState) lenientDone() {
	st := u.lenient
	if st == nil || (len(st.elisions) == 0 && len(st.free) == 0 && !st.returns) {
		return
	}
	for _, f := range u.result.Findings {
		if f.Kind == "syntax" || f.Kind == "type" || f.Kind == "nomain" {
			return // a real error: the block fails, elided or not
		}
	}
	var why []string
	pos := token.Position{Line: 1, Column: 1}
	if len(st.elisions) > 0 {
		pos = st.elisions[0]
		why = append(why, "code is elided")
	}
	if len(st.free) > 0 {
		why = append(why, "it uses "+strings.Join(sortedKeys(st.free), ", ")+", declared nowhere on the page")
	}
	if st.returns {
		why = append(why, "it returns from a function the page does not show")
	}
	u.add("elided", fmt.Sprintf("m%d", st.last), pos, strings.Join(why, "; ")+"; the rest was checked")
}

// commentedBody: the function that ends at line (1-based, its closing brace) has nothing
// but comments in its body: `{ // Same implementation }` stands for code not shown.
func commentedBody(lines []string, line int) bool {
	comments := 0
	for i := line - 2; i >= 0 && i < len(lines); i-- {
		text := strings.TrimSpace(lines[i])
		switch {
		case text == "":
		case strings.HasPrefix(text, "//"):
			comments++
		default:
			return comments > 0 && strings.HasSuffix(text, "{") && strings.HasPrefix(text, "func")
		}
	}
	return false
}

// virtualPos is pos with its file named as in findings: m<i>, s<i> or g.
func virtualPos(pos token.Position) token.Position {
	pos.Filename = strings.TrimPrefix(pos.Filename, virtualDir)
	return pos
}
