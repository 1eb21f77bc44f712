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
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode"
)

// lenientState is what lenient mode knows of a unit: where the checked block elides code,
// and which imports no offline build can resolve.
type lenientState struct {
	last      int              // index of the checked member
	fragment  bool             // the checked member is a fragment (no package clause)
	program   bool             // it is a complete program: package main with func main
	elisions  []token.Position // in the checked member
	external  map[string]token.Position
	excused   bool                // an error was put down to an elision
	free      map[string]bool     // names a fragment uses that the page never declares
	platform  map[string]bool     // what it uses of syscall that this GOOS/GOARCH does not have
	returns   bool                // a fragment returns from a function the page does not show
	idents    map[string]bool     // every identifier of the unit: what a misspelt name would be
	original  Unit                // as asked: its fallbacks start from it
	spans     []ctxDecl           // the context's declarations the block uses
	unknown   []unknownName       // in order: each a slip (an error) or a name shown elsewhere
	page      map[string]pageDecl // what the page's other blocks declare: a true reason
	commented bool                // an elision is a comment standing for code
}

// pageDecl is where another block of the page declares a name, and whether that block
// failed to build as context (its declaration was left out).
type pageDecl struct {
	member, line int
	broken       bool
	variable     bool // `var x` or `x :=`: a value of that block's example, not an API
}

// pageDecls reads what the unit's other members declare, the first (nearest) of each name.
func pageDecls(unit Unit) map[string]pageDecl {
	page := map[string]pageDecl{}
	last := len(unit.Members) - 1
	for i := 0; i < last; i++ {
		_, decls := cachedContext(unit.Members[i].Code, "", i)
		for _, d := range decls {
			for _, key := range d.keys {
				if _, seen := page[key]; !seen {
					page[key] = pageDecl{member: i, line: d.from + 1, variable: d.variable}
				}
			}
		}
	}
	return page
}

// lenientUnit rewrites a lenient unit's members: the checked block's elisions are blanked,
// and the context keeps only what the checked block may build on. The members are the
// page's earlier blocks, then its later ones (`ahead` of them), then the checked block.
func (u *unitState) lenientUnit(unit Unit) Unit {
	last := len(unit.Members) - 1
	later := last - unit.Ahead
	st := &lenientState{last: last, external: map[string]token.Position{}, free: map[string]bool{},
		platform: map[string]bool{}, original: unit, page: pageDecls(unit)}
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
	// Earlier blocks, nearest first, where a later declaration replaces an earlier one of the
	// same name; then what the page declares further on where nothing earlier did: a test
	// written before the code it tests (the TDD pattern), a constant shown after its use.
	order := make([]int, 0, last)
	for i := later - 1; i >= 0; i-- {
		order = append(order, i)
	}
	for i := later; i < last; i++ {
		order = append(order, i)
	}
	taken := declKeys(members[last].Code)
	for _, key := range stmtKeys(members[last].Code) {
		taken[key] = true // the block's own `x := ...` replaces an earlier one
	}
	lines := make([][]string, last)
	var kept []ctxDecl
	for _, i := range order {
		var decls []ctxDecl
		lines[i], decls = cachedContext(members[i].Code, target, i)
		for _, d := range decls {
			if anyKey(d.keys, taken) || (d.stmt && i >= later) {
				// replaced by a later version; or a statement further on: not run yet
				blank(lines[i], d.from, d.to)
			} else {
				kept = append(kept, d)
			}
		}
		for _, d := range decls {
			for _, key := range d.keys {
				taken[key] = true
			}
		}
	}
	// Only what the block uses, and what that uses in turn: the rest of a long page would
	// cost time and could only add errors that are not the block's.
	used := identifiers(members[last].Code)
	for grown := true; grown; {
		grown = false
		for k := range kept {
			d := &kept[k]
			if !d.used && d.usedBy(used) {
				d.used, grown = true, true
				for name := range d.refs {
					used[name] = true
				}
			}
		}
	}
	for _, d := range kept {
		if !d.used {
			blank(lines[d.member], d.from, d.to)
		} else {
			st.spans = append(st.spans, d)
		}
	}
	for _, i := range order {
		members[i] = Member{}
		if code := strings.Join(lines[i], "\n"); strings.TrimSpace(code) != "" {
			members[i].Code = code // a block nothing is used of stays out altogether
		}
	}
	unit.Members = members
	return unit
}

// ctxDecl is a top-level declaration of a context block: lines [from, to) of its member.
type ctxDecl struct {
	member, from, to int
	keys             []string
	receiver         string          // a method's receiver type
	refs             map[string]bool // the identifiers it uses
	used             bool
	broken           bool // it has errors of its own: vet could not trust the package
	stmt             bool // a statement that declares variables, not a declaration
	variable         bool // it declares variables (a statement or a `var` declaration)
}

func (d *ctxDecl) usedBy(used map[string]bool) bool {
	if d.receiver != "" {
		return used[d.receiver]
	}
	for _, key := range d.keys {
		if used[key] {
			return true
		}
	}
	return false
}

func anyKey(keys []string, taken map[string]bool) bool {
	for _, key := range keys {
		if taken[key] {
			return true
		}
	}
	return false
}

// stmtKeys names the variables that the statements of a fragment declare at their top
// level: `x := ...`, `var x ...`.
func stmtKeys(code string) []string {
	if packageName(code) != "" {
		return nil
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+code+"\n}", 0)
	if err != nil || len(f.Decls) == 0 {
		return nil
	}
	fn, ok := f.Decls[len(f.Decls)-1].(*ast.FuncDecl)
	if !ok || fn.Body == nil {
		return nil
	}
	var keys []string
	for _, stmt := range fn.Body.List {
		switch st := stmt.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, lhs := range st.Lhs {
					if id, ok := lhs.(*ast.Ident); ok && id.Name != "_" {
						keys = append(keys, id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			for _, name := range declNames(st.Decl) {
				if name != "_" {
					keys = append(keys, name)
				}
			}
		}
	}
	return keys
}

func identifiers(code string) map[string]bool {
	found := map[string]bool{}
	var s scanner.Scanner
	src := []byte(code)
	s.Init(token.NewFileSet().AddFile("", -1, len(src)), src, func(token.Position, string) {}, 0)
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			return found
		}
		if t == token.IDENT {
			found[lit] = true
		}
	}
}

// withoutBroken is the unit with the context's broken declarations blanked, or nil.
func withoutBroken(unit Unit, spans []ctxDecl) *Unit {
	var broken []ctxDecl
	for _, d := range spans {
		if d.broken {
			broken = append(broken, d)
		}
	}
	if len(broken) == 0 {
		return nil
	}
	unit.Members = append([]Member(nil), unit.Members...)
	for _, d := range broken {
		lines := strings.Split(unit.Members[d.member].Code, "\n")
		blank(lines, d.from, d.to)
		unit.Members[d.member].Code = strings.Join(lines, "\n")
	}
	return &unit
}

// fallbacks are the unit with less context. The context is a guess at what the block
// builds on: what the page declares further on may be a later version (a TDD step changes
// a helper's signature), an earlier block may be a deliberate error. So it may save a
// block, not fail it: when the block fails, it is tried again without what follows it,
// then with no context at all (lenientRetry). Prepared only then: most blocks never need it.
func fallbacks(unit Unit) []Unit {
	last := len(unit.Members) - 1
	if !unit.Lenient || last < 1 {
		return nil
	}
	var less []Unit
	if unit.Ahead > 0 && last-unit.Ahead > 0 {
		back := unit
		back.Members = append([]Member(nil), unit.Members...)
		for i := last - unit.Ahead; i < last; i++ {
			back.Members[i] = Member{} // kept in place: positions name members by index
		}
		back.Ahead = 0
		less = append(less, back)
	}
	alone := unit
	alone.Members = make([]Member, len(unit.Members))
	alone.Members[last] = unit.Members[last]
	alone.Ahead = 0
	return append(less, alone)
}

// lenientRetry is the unit's result, or a fallback's when that one builds and it does not;
// with no context at all, only if the block does not then take as unknown a name that the
// page declares before it (that name does not fit: the block's own error).
func (u *unitState) lenientRetry(imp *exportImporter, goVersion string, vetOn bool) Result {
	if u.lenient == nil {
		return u.result
	}
	original := u.lenient.original
	page := u.lenient.page
	for _, d := range u.lenient.spans {
		for _, key := range d.keys {
			if at, ok := page[key]; ok && d.broken && at.member == d.member {
				at.broken = true
				page[key] = at
			}
		}
	}
	if clean := withoutBroken(original, u.lenient.spans); clean != nil {
		// A declaration of the context with errors of its own leaves vet's analyzers
		// nothing to say about the block: it is checked again without it.
		f := prepare(*clean, u.std, filepath.Dir(u.dir))
		f.lenient.page = page
		f.safeCheck(imp, goVersion, vetOn)
		if f.result.TypeErrors == 0 {
			return f.result
		}
	}
	if u.result.TypeErrors == 0 {
		return u.result
	}
	earlier := map[string]bool{}
	for _, m := range original.Members[:len(original.Members)-1-original.Ahead] {
		for key := range declKeys(m.Code) {
			earlier[key] = true
		}
		for _, key := range stmtKeys(m.Code) {
			earlier[key] = true
		}
	}
	less := fallbacks(original)
	for k, unit := range less {
		f := prepare(unit, u.std, filepath.Dir(u.dir))
		f.lenient.page = page
		f.safeCheck(imp, goVersion, vetOn)
		if f.result.TypeErrors > 0 {
			continue
		}
		// Alone, the block fits unless it takes as unknown a name declared before it; but when
		// that name is a variable and the block also uses a name declared nowhere, the block
		// is code from elsewhere (a test's `t` beside its `tt`), and the earlier variable of
		// the same spelling is a coincidence (a `var t []string` 450 lines up).
		nowhere, shown := false, false
		for name := range f.lenient.free {
			_, declared := page[name]
			nowhere = nowhere || !declared
		}
		for name := range f.lenient.free {
			shown = shown || (earlier[name] && !(page[name].variable && nowhere))
		}
		if alone := k == len(less)-1; !alone || !shown {
			return f.result
		}
	}
	return u.result
}

// contextMemo holds what contextDecls read of a block: a page's blocks are the context of
// each of its other blocks, so each is read once per helper run, not once per block.
var contextMemo = map[string]struct {
	lines []string
	decls []ctxDecl
}{}

// cachedContext is contextDecls of the block with its elisions blanked, as a fresh copy.
func cachedContext(code, target string, member int) ([]string, []ctxDecl) {
	key := target + "\x00" + code
	memo, hit := contextMemo[key]
	if !hit {
		blanked, _ := blankElisions(code)
		memo.lines, memo.decls = contextDecls(blanked, target, 0)
		contextMemo[key] = memo
	}
	if memo.lines == nil {
		return nil, nil
	}
	decls := append([]ctxDecl(nil), memo.decls...) // refs are only read: shared
	for k := range decls {
		decls[k].member = member
	}
	return append([]string(nil), memo.lines...), decls
}

// contextDecls reads a block as context: its lines, with its statements blanked (they ran
// in their own block) and, for a fragment, its imports (every fragment shares one file; the
// standard library is inferred); and its declarations. No lines when it cannot help: a file
// of another package, or one that does not parse.
func contextDecls(code, target string, member int) ([]string, []ctxDecl) {
	lines := strings.Split(code, "\n")
	var decls []ctxDecl
	if pkg := packageName(code); pkg != "" {
		if target != "" && pkg != target {
			return nil, nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "", code, parser.ParseComments)
		if err != nil {
			return nil, nil // a broken file would only spread its errors
		}
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
				continue
			}
			from, to := fset.Position(declStart(d)).Line-1, fset.Position(d.End()).Line
			decls = append(decls, newCtxDecl(member, from, to, d, lines))
		}
		return lines, decls
	}
	scratch := &unitState{}
	scratch.split(&part{"c", lines})
	for _, c := range scratch.frag.imports {
		blank(lines, c.start, c.end)
	}
	for _, c := range scratch.frag.stmts {
		// A statement is context only for the variables it declares (`xs := []int{1, 2}`).
		keys := stmtKeys(strings.Join(lines[c.start:c.end], "\n"))
		if len(keys) == 0 {
			blank(lines, c.start, c.end)
			continue
		}
		decls = append(decls, ctxDecl{member: member, from: c.start, to: c.end, keys: keys,
			stmt: true, variable: true, refs: identifiers(strings.Join(lines[c.start:c.end], "\n"))})
	}
	for _, c := range scratch.frag.decls {
		src := "package p\n" + strings.Join(lines[c.start:c.end], "\n")
		f, err := parser.ParseFile(token.NewFileSet(), "", src, 0)
		if err != nil || len(f.Decls) == 0 {
			blank(lines, c.start, c.end) // a broken declaration would only spread its errors
			continue
		}
		d := newCtxDecl(member, c.start, c.end, f.Decls[0], lines)
		for _, more := range f.Decls[1:] {
			d.keys = append(d.keys, keysOf(more)...)
		}
		decls = append(decls, d)
	}
	return lines, decls
}

func newCtxDecl(member, from, to int, d ast.Decl, lines []string) ctxDecl {
	c := ctxDecl{member: member, from: from, to: to, keys: keysOf(d),
		refs: identifiers(strings.Join(lines[from:min(to, len(lines))], "\n"))}
	if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
		c.variable = true
	}
	if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && len(fn.Recv.List) > 0 {
		c.receiver = receiverName(fn.Recv.List[0].Type)
	}
	return c
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

// declKeys names what a block declares at top level: a method as Type.Name, so that a
// rewritten method replaces its earlier version and not a function of the same name.
func declKeys(code string) map[string]bool {
	memo, hit := keysMemo[code]
	if !hit {
		memo = readDeclKeys(code)
		keysMemo[code] = memo
	}
	keys := make(map[string]bool, len(memo))
	for key := range memo {
		keys[key] = true
	}
	return keys
}

var keysMemo = map[string]map[string]bool{}

func readDeclKeys(code string) map[string]bool {
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

var platformOnly = regexp.MustCompile(`^undefined: (syscall\.\w+)$`)

var redeclared = regexp.MustCompile(`^\w+ redeclared in this block`)

var undefinedName = regexp.MustCompile(`^undefined: (\w+)$`)

var couldNotImport = regexp.MustCompile(`^could not import (\S+)`)

// lenientVetDrop: a fragment calls a function to show the call (`b.String() // ok`), as it
// declares a variable to show it: an unused result is no finding, like an unused name.
func (u *unitState) lenientVetDrop(msg string) bool {
	return u.lenient != nil && !u.lenient.program && strings.HasSuffix(msg, "(unusedresult)")
}

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
		for k, d := range st.spans { // its own block reports it; here it is left out
			if d.member == member && d.from < pos.Line && pos.Line <= d.to && pos.Filename[0] == 'm' {
				st.spans[k].broken = true
			}
		}
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
	if m := platformOnly.FindStringSubmatch(msg); own && m != nil {
		st.platform[m[1]] = true // GOOS-specific code without its build constraint
		return true
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
	if redeclared.MatchString(msg) {
		return true // a later declaration replaces an earlier one, in a block as on a page
	}
	m := undefinedName.FindStringSubmatch(msg)
	if m == nil {
		return false
	}
	name := m[1]
	if u.qualifier(pos, name) && looksLikePackage(name) && u.std[name] == nil {
		if _, seen := st.external[name]; !seen {
			st.external[name] = pos
			u.add("external", pos.Filename, pos, fmt.Sprintf("it uses package %s, outside the standard library, without importing it", name))
		}
		return true
	}
	// Whether it is a slip is known once every unknown name is: lenientSlips.
	st.free[name] = true
	st.unknown = append(st.unknown, unknownName{name, pos, msg})
	return true
}

type unknownName struct {
	name string
	pos  token.Position
	msg  string
}

// lenientSlips, once the type check is done, reports the unknown names of a fragment that
// are a slip of a name it or its context declares: those are errors after all.
func (u *unitState) lenientSlips() {
	st := u.lenient
	if st == nil {
		return
	}
	for _, n := range st.unknown {
		if u.misspelt(n.name) {
			delete(st.free, n.name)
			u.result.TypeErrors++
			u.add("type", n.pos.Filename, n.pos, n.msg)
		}
	}
}

// looksLikePackage: a lower-case name of three letters or more that is not one of the
// names Go code gives its variables (`t.Run`, `ctx.Done()` are a test's and a context's).
func looksLikePackage(name string) bool {
	return len(name) >= 3 && unicode.IsLower([]rune(name)[0]) && !variableNames[name]
}

var variableNames = map[string]bool{"ctx": true, "req": true, "res": true, "resp": true,
	"err": true, "srv": true, "cfg": true, "app": true, "svc": true, "cli": true, "conn": true,
	"buf": true, "obj": true, "str": true, "msg": true, "tmp": true, "out": true, "val": true,
	"client": true, "server": true, "logger": true, "config": true, "store": true, "cache": true}

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

// elided: an error on a line that elides code, a function shown by its signature alone, or
// a missing return in a function whose body is elided (`{ ... }`), left empty
// (`func (n *Node) Parent() *Node {}`) or only a comment (`{ // Same implementation }`).
func (u *unitState) elided(line int, msg string) bool {
	for _, e := range u.lenient.elisions {
		if e.Line == line {
			return true
		}
	}
	if msg == "missing function body" && !u.lenient.program {
		// A signature alone shows an API; in a complete program it is the error Go says.
		u.lenient.elisions = append(u.lenient.elisions, token.Position{Line: line, Column: 1})
		return true
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
	if at := commentedBranch(lines, line); at > 0 {
		u.lenient.elisions = append(u.lenient.elisions, token.Position{Line: at, Column: 1})
		u.lenient.commented = true
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
		if other == name || st.free[other] { // another unknown name is no model to follow
			continue
		}
		if oneEdit(name, other) && !firstCaseOnly(name, other) {
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
	if st == nil {
		return
	}
	for _, f := range u.result.Findings {
		if f.Kind == "syntax" || f.Kind == "type" || f.Kind == "nomain" {
			return // a real error: the block fails, elided or not
		}
	}
	if len(st.platform) > 0 {
		u.add("skipped", fmt.Sprintf("m%d", st.last), token.Position{Line: 1, Column: 1},
			fmt.Sprintf("it uses %s, which %s/%s does not have: code for another platform",
				strings.Join(sortedKeys(st.platform), ", "), runtime.GOOS, runtime.GOARCH))
	}
	if len(st.elisions) == 0 && len(st.free) == 0 && !st.returns {
		return
	}
	var why []string
	pos := token.Position{Line: 1, Column: 1}
	if len(st.elisions) > 0 {
		pos = st.elisions[0]
		if st.commented {
			why = append(why, "code is elided (a comment stands for it)")
		} else {
			why = append(why, "code is elided")
		}
	}
	why = append(why, u.freeReasons()...)
	if st.returns {
		why = append(why, "it returns from a function the page does not show")
	}
	u.add("elided", fmt.Sprintf("m%d", st.last), pos, strings.Join(why, "; ")+"; the rest was checked")
}

// freeReasons says, of each name the block uses without a declaration it can build on,
// where the page stands: it declares it nowhere, only in a block that does not build, or in
// a block that does not fit this one. A `declared` finding places each such block, so that
// coursecheck can name its line ("(line @name)" in the reason).
func (u *unitState) freeReasons() []string {
	st := u.lenient
	groups := map[string][]string{}
	for _, name := range sortedKeys(st.free) {
		at, ok := st.page[name]
		switch {
		case !ok:
			groups["nowhere"] = append(groups["nowhere"], name)
			continue
		case at.broken:
			groups["broken"] = append(groups["broken"], name)
		default:
			groups["unfit"] = append(groups["unfit"], name)
		}
		u.add("declared", fmt.Sprintf("m%d", at.member), token.Position{Line: at.line, Column: 1}, name)
	}
	var why []string
	if names := groups["nowhere"]; len(names) > 0 {
		why = append(why, "it uses "+strings.Join(names, ", ")+", declared nowhere on the page")
	}
	if names := groups["broken"]; len(names) > 0 {
		why = append(why, fmt.Sprintf("it uses %s, declared only in a block that does not build (%s)",
			strings.Join(names, ", "), atLines(names)))
	}
	if names := groups["unfit"]; len(names) > 0 {
		why = append(why, fmt.Sprintf("it uses %s, declared in another block (%s) that does not fit this one",
			strings.Join(names, ", "), atLines(names)))
	}
	return why
}

// atLines is "line @a, @b": coursecheck puts the page's line numbers for the names.
func atLines(names []string) string {
	return "line @" + strings.Join(names, ", @")
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

// commentedBranch: the function that ends at line (1-based, its closing brace) ends in a
// case or branch holding only a comment (`case map[int]string: // Copy the extraction
// logic`): the comment stands for code not shown. The comment's line, or 0.
func commentedBranch(lines []string, line int) int {
	i := line - 2
	for i >= 0 && i < len(lines) && strings.TrimSpace(lines[i]) == "}" {
		i-- // the switch's or the if's closing brace
	}
	comment := 0
	for ; i >= 0 && i < len(lines); i-- {
		text := strings.TrimSpace(lines[i])
		switch {
		case text == "":
		case strings.HasPrefix(text, "//"):
			comment = i + 1
		default:
			branch := strings.HasPrefix(text, "case ") || text == "default:" ||
				strings.HasSuffix(text, "else {")
			if comment > 0 && (branch && (strings.HasSuffix(text, ":") || strings.HasSuffix(text, "{"))) {
				return comment
			}
			return 0
		}
	}
	return 0
}

// lenientBodies sets aside what bodies() found that lenient mode does not count: a
// function shown by its signature alone, outside a complete program.
func (u *unitState) lenientBodies() {
	if u.lenient == nil {
		return
	}
	kept := u.result.Findings[:0]
	for _, f := range u.result.Findings {
		pos := token.Position{Filename: f.File, Line: f.Line, Column: f.Col}
		if f.Msg == missingBodyMsg && u.lenientDrop(pos, f.Msg) {
			u.result.TypeErrors--
			continue
		}
		kept = append(kept, f)
	}
	u.result.Findings = kept
}

// virtualPos is pos with its file named as in findings: m<i>, s<i> or g.
func virtualPos(pos token.Position) token.Position {
	pos.Filename = strings.TrimPrefix(pos.Filename, virtualDir)
	return pos
}
