// Command cchelper is coursecheck's Go helper. It reads a JSON request on stdin: units of
// Markdown snippets. For each unit it parses the snippets, wraps fragments, infers standard
// library imports, checks gofmt and the sandbox rules, writes the unit as a package with
// //line directives (so every tool reports positions in the snippet, never in the temp file)
// and type-checks it in-process against export data from one `go list -export` call.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/doc"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
)

type Member struct {
	Code  string `json:"code"`
	Setup string `json:"setup"`
	Test  bool   `json:"test"`
}

type Unit struct {
	ID      string   `json:"id"`
	Members []Member `json:"-"`    // filled from Refs into the request's member table
	Refs    []int    `json:"refs"` // the unit's members, by index into Request.Members
	Mux     bool     `json:"mux"`   // written as an importable package run by the shared binary
	Write   bool     `json:"write"` // files are needed: the unit is run or tested
	// GoVersion is the Go release the unit's page claims (versions.go); ClaimedBy says who.
	GoVersion string `json:"go_version"`
	ClaimedBy string `json:"claimed_by"`
	Lenient   bool   `json:"lenient"` // Markdown not written for coursecheck (lenient.go)
	Ahead     int    `json:"ahead"`   // lenient: members that come after the checked block on its page
}

type Request struct {
	Root      string `json:"root"` // the generated module's directory
	Module    string `json:"module"`
	GoVersion string `json:"go_version"`
	Units     []Unit `json:"units"`
	// Members holds each distinct member once: lenient units share their page's blocks.
	Members []Member `json:"members"`
	Vet       bool   `json:"vet"` // run vet's analyzers in-process
	// ListTimeout (seconds) limits `go list`: past it, the machine is too loaded to trust.
	ListTimeout float64 `json:"list_timeout"`
	// UnitTimeout (seconds) limits the work on one unit: a snippet crafted to keep the
	// type checker busy for minutes costs its own verdict, not the run.
	UnitTimeout float64 `json:"unit_timeout"`
	// Format, when present, asks for nothing but these sources as gofmt writes them.
	Format []string `json:"format"`
}

type Finding struct {
	Kind string `json:"kind"` // syntax, type, gofmt, sandbox, nomain
	File string `json:"file"` // virtual file: m<i> (member code), s<i> (setup), g (generated)
	Line int    `json:"line"`
	Col  int    `json:"col"`
	Msg  string `json:"msg"`
}

type Result struct {
	ID         string    `json:"id"`
	Findings   []Finding `json:"findings"`
	Built      bool      `json:"built"`       // files written: vet, build and run may follow
	TypeErrors int       `json:"type_errors"` // syntax or type errors found
	Standalone bool      `json:"standalone"`  // needs its own binary (init, flag, or a Main clash)
	Package    string    `json:"package"`
	External   bool      `json:"external"` // has an external _test package: type-checked by vet
	Vet        []Finding `json:"vet"`
	Tests      *Tests    `json:"tests"`      // a test unit run by the shared binary: what it holds
	VetDone    bool      `json:"vet_done"`   // vet ran in-process; false: `go vet` must run
	MapPrints  []Finding `json:"map_prints"` // prints inside a range over a map (mapprint.go)
	Chancy     bool      `json:"chancy"`     // uses time, rand or goroutines (mapeffects.go)
	Needs      string    `json:"needs"`      // the newest Go release its code needs (versions.go)
}

// resolveMembers gives each unit its members from the request's table.
func resolveMembers(req *Request) error {
	for u := range req.Units {
		unit := &req.Units[u]
		unit.Members = make([]Member, len(unit.Refs))
		for i, ref := range unit.Refs {
			if ref < 0 || ref >= len(req.Members) {
				return fmt.Errorf("unit %s: member %d out of range", unit.ID, ref)
			}
			unit.Members[i] = req.Members[ref]
		}
	}
	return nil
}

const virtualDir = "/coursecheck/"

// muxPackage replaces main in runnable units; as long as main, so columns hold.
const muxPackage = "mai_"

func main() {
	var req Request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintln(os.Stderr, "cchelper: bad request:", err)
		os.Exit(2)
	}
	if err := resolveMembers(&req); err != nil {
		fmt.Fprintln(os.Stderr, "cchelper: bad request:", err)
		os.Exit(2)
	}
	if req.Format != nil {
		if err := json.NewEncoder(os.Stdout).Encode(formatAll(req.Format)); err != nil {
			os.Exit(2)
		}
		return
	}
	std := stdPackages(filepath.Join(os.Getenv("GOROOT"), "src"))
	if len(std) == 0 { // without it no import can be inferred: every fragment would fail
		faultExit("no standard-library sources in %s", filepath.Join(os.Getenv("GOROOT"), "src"))
	}
	knownStd = stdPaths(std)
	dog := &watchdog{limit: time.Duration(req.UnitTimeout * float64(time.Second))}
	go dog.watch()
	units := make([]*unitState, len(req.Units))
	for i, u := range req.Units {
		dog.enter(u.ID)
		units[i] = prepare(u, std, req.Root)
	}
	dog.enter("")
	imp := newImporter(req.Root, units, std, time.Duration(req.ListTimeout*float64(time.Second)))
	results := make([]Result, len(units))
	for i, u := range units {
		dog.enter(u.unit.ID)
		u.safeCheck(imp, req.GoVersion, req.Vet)
		results[i] = u.lenientRetry(imp, req.GoVersion, req.Vet)
	}
	dog.enter("")
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		os.Exit(2)
	}
}

// watchdog names the unit being worked on, so that when one crashes the helper beyond
// recover (a stack overflow is fatal in Go) coursecheck knows which unit to try alone first,
// and ends the helper when one unit takes longer than the limit.
type watchdog struct {
	mu    sync.Mutex
	unit  string
	since time.Time
	limit time.Duration
}

func (w *watchdog) enter(id string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.unit, w.since = id, time.Now()
	fmt.Fprintln(os.Stderr, "cchelper: checking", id) // "" between units: no one to suspect
}

func (w *watchdog) watch() {
	for range time.Tick(100 * time.Millisecond) {
		w.mu.Lock()
		late := w.limit > 0 && w.unit != "" && time.Since(w.since) > w.limit
		w.mu.Unlock()
		if late {
			fmt.Fprintf(os.Stderr, "fatal error: checking it took longer than %gs\n", w.limit.Seconds())
			os.Exit(4)
		}
	}
}

// faultExit is for failures of the toolchain or the machine, never of a snippet: coursecheck
// retries the call once, then stops with exit 2 instead of reporting findings.
func faultExit(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "cchelper: fault: "+format+"\n", args...)
	os.Exit(3)
}

// safeCheck turns a crash on one unit into a finding on that unit, not a lost run.
func (u *unitState) safeCheck(imp *exportImporter, goVersion string, vetOn bool) {
	defer func() {
		if r := recover(); r != nil {
			u.result.Built = false
			u.result.TypeErrors++
			u.add("syntax", "g", token.Position{}, fmt.Sprintf("coursecheck's Go helper failed on this snippet: %v", r))
		}
	}()
	u.check(imp, goVersion, vetOn)
	u.lenientDone()
}

// stdPackages maps a package name to the standard-library import paths that declare it.
func stdPackages(src string) map[string][]string {
	names := map[string][]string{}
	if real, err := filepath.EvalSymlinks(src); err == nil {
		src = real // WalkDir does not enter a root that is a symlink
	}
	filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(src, path)
		base := d.Name()
		if rel == "cmd" || base == "internal" || base == "vendor" || base == "testdata" {
			return filepath.SkipDir
		}
		if rel == "." {
			return nil
		}
		name := base
		if len(base) > 1 && base[0] == 'v' && strings.Trim(base[1:], "0123456789") == "" {
			name = filepath.Base(filepath.Dir(path))
		}
		names[name] = append(names[name], filepath.ToSlash(rel))
		return nil
	})
	for _, paths := range names {
		sort.Slice(paths, func(i, j int) bool {
			if len(paths[i]) != len(paths[j]) {
				return len(paths[i]) < len(paths[j])
			}
			return paths[i] < paths[j]
		})
	}
	return names
}

type part struct {
	file  string // virtual file name
	lines []string
}

// chunk is a run of fragment lines that forms a declaration or statements.
type chunk struct {
	part       *part
	start, end int // line indexes, end exclusive
	decl       bool
	imports    bool
	fn, main   bool // a func declaration; one of func main
}

type unitState struct {
	unit     Unit
	dir      string
	fset     *token.FileSet
	files    map[string][]byte // file name in dir -> content
	parsed   []*ast.File
	result   Result
	pkgName  string
	sels     map[string]map[string]bool // inferred package name -> selectors used
	needed   map[string]bool            // import paths the unit (or inference) needs
	std      map[string][]string
	chosen   map[string]string // inferred package name -> import path
	fragFile string
	frag     fragment
	stmtSeen bool // a statement came before, in this block or an earlier one of the chain
	blame    blame
	lenient  *lenientState
}

type fragment struct {
	imports, decls, stmts []chunk
	explicit              map[string]bool // names imported by fragment import chunks
}

func (u *unitState) add(kind, file string, pos token.Position, msg string) {
	u.result.Findings = append(u.result.Findings, Finding{kind, file, pos.Line, pos.Column, msg})
}

func (u *unitState) addPos(kind string, pos token.Position, msg string) {
	file := strings.TrimPrefix(pos.Filename, virtualDir)
	if !strings.HasPrefix(pos.Filename, virtualDir) {
		file, pos.Line, pos.Column = "g", 0, 0
	}
	u.add(kind, file, pos, msg)
}

func prepare(unit Unit, std map[string][]string, root string) *unitState {
	u := &unitState{unit: unit, dir: filepath.Join(root, unit.ID), fset: token.NewFileSet(),
		files: map[string][]byte{}, std: std, needed: map[string]bool{},
		sels: map[string]map[string]bool{}, chosen: map[string]string{}}
	u.result.ID = unit.ID
	if unit.Lenient {
		unit = u.lenientUnit(unit)
		u.unit = unit
	}
	var fileMembers []int
	for i, m := range unit.Members {
		name := fmt.Sprintf("m%d", i)
		if u.lenient == nil || (i == u.lenient.last && len(u.lenient.elisions) == 0) {
			u.gofmt(name, m.Code)
		}
		if u.lenient == nil || i == u.lenient.last {
			u.sandbox(name, m.Code)
		}
		if m.Setup != "" {
			u.sandbox(fmt.Sprintf("s%d", i), m.Setup)
			u.split(&part{fmt.Sprintf("s%d", i), strings.Split(m.Setup, "\n")})
		}
		if pkg := packageName(m.Code); pkg != "" {
			if u.pkgName == "" {
				u.pkgName = pkg
			}
			fileMembers = append(fileMembers, i)
			continue
		}
		u.split(&part{name, strings.Split(m.Code, "\n")})
	}
	if u.pkgName == "" {
		u.pkgName = "main"
	}
	for _, i := range fileMembers {
		m := unit.Members[i]
		name := fmt.Sprintf("m%d.go", i)
		if m.Test {
			name = fmt.Sprintf("m%d_test.go", i)
		}
		u.files[name] = directive(fmt.Sprintf("m%d", i), 1, strings.Split(m.Code, "\n"))
	}
	u.parseAll()
	return u
}

func packageName(code string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", code, parser.PackageClauseOnly)
	if err != nil || f.Name == nil {
		return ""
	}
	return f.Name.Name
}

// directive prefixes lines with a //line directive so positions map to file:line.
func directive(file string, line int, lines []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "//line %s%s:%d:1\n", virtualDir, file, line)
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

func (u *unitState) gofmt(file, code string) {
	out, src, ok := gofmtText(code)
	if !ok || out == src {
		return // a syntax error is reported by the build
	}
	got, want := strings.Split(src, "\n"), strings.Split(out, "\n")
	for i := range got {
		if i >= len(want) || got[i] != want[i] {
			msg := "not gofmt-clean"
			if i < len(want) {
				msg = fmt.Sprintf("not gofmt-clean: gofmt writes %q", strings.TrimSpace(want[i]))
			}
			u.add("gofmt", file, token.Position{Line: i + 1, Column: 1}, msg)
			return
		}
	}
}

// sandbox rejects what a snippet must not do: cgo, generators, embedding, toolchain lines.
func (u *unitState) sandbox(file, code string) {
	for i, line := range strings.Split(code, "\n") {
		trimmed := strings.TrimSpace(line)
		col := len(line) - len(strings.TrimLeft(line, " \t")) + 1
		pos := token.Position{Line: i + 1, Column: col}
		switch {
		case strings.HasPrefix(trimmed, "//go:generate"):
			u.add("sandbox", file, pos, "//go:generate is not run in snippets")
		case strings.HasPrefix(trimmed, "//go:embed"):
			u.add("sandbox", file, pos, "//go:embed cannot read files from a snippet")
		case strings.HasPrefix(trimmed, "//go:cgo_") || strings.HasPrefix(trimmed, "#cgo"):
			u.add("sandbox", file, pos, "cgo is disabled in snippets")
		case toolchainLine.MatchString(line):
			u.add("sandbox", file, pos, "a toolchain line would download another Go; snippets use the pinned one")
		}
	}
}

// split cuts a fragment into declaration and statement chunks at top-level boundaries.
func (u *unitState) split(p *part) {
	src := strings.Join(p.lines, "\n")
	fset := token.NewFileSet()
	tf := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	s.Init(tf, []byte(src), nil, 0)
	type tok struct {
		t         token.Token
		line, col int
		lit       string
	}
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		at := fset.Position(pos)
		toks = append(toks, tok{t, at.Line - 1, at.Column, lit})
	}
	depth, braces := 0, 0
	var starts []chunk
	atStart := true
	for i, t := range toks {
		if atStart && depth == 0 && t.t != token.SEMICOLON && !bodyAfter(p, starts, t.t, t.line) {
			c := chunk{part: p, start: t.line}
			switch t.t {
			case token.IMPORT:
				c.decl, c.imports = true, true
			case token.TYPE:
				c.decl = true
			case token.VAR, token.CONST:
				c.decl = !u.stmtSeen // a var after statements may use their variables
			case token.FUNC:
				c.decl = isFuncDecl(toks, i, func(j int) token.Token { return toks[j].t })
				c.fn = c.decl
				c.main = c.decl && toks[i+1].lit == "main" && i+2 < len(toks) &&
					(toks[i+2].t == token.LPAREN || toks[i+2].t == token.LBRACK)
			}
			if !c.decl {
				u.stmtSeen = true
			}
			if len(starts) == 0 || starts[len(starts)-1].start != c.start {
				starts = append(starts, c)
			}
			atStart = false
		}
		switch t.t {
		case token.LBRACE, token.LPAREN, token.LBRACK:
			depth++
		case token.RBRACE, token.RPAREN, token.RBRACK:
			depth--
		case token.SEMICOLON:
			if depth == 0 {
				atStart = true
			}
		}
		switch t.t {
		case token.LBRACE:
			braces++
		case token.RBRACE:
			if braces--; braces < 0 {
				u.blame.extraClose(p.file, t.line+1, t.col)
			}
		}
	}
	u.blame.partEnds(p.file, p.lines, depth > 0)
	if len(starts) > 0 {
		starts[0].start = 0 // leading comments travel with the first chunk
	}
	for i := range starts {
		starts[i].end = len(p.lines)
		if i+1 < len(starts) {
			starts[i].end = starts[i+1].start
		}
		c := starts[i]
		switch {
		case c.imports:
			u.frag.imports = append(u.frag.imports, c)
		case c.decl:
			u.frag.decls = append(u.frag.decls, c)
		default:
			u.frag.stmts = append(u.frag.stmts, c)
		}
	}
}

// isFuncDecl tells `func f()` and `func (r T) M()` from a func literal statement.
func isFuncDecl[T any](toks []T, i int, kind func(int) token.Token) bool {
	if i+1 >= len(toks) {
		return false
	}
	if kind(i+1) == token.IDENT {
		return true
	}
	if kind(i+1) != token.LPAREN {
		return false
	}
	depth := 0
	for j := i + 1; j < len(toks); j++ {
		switch kind(j) {
		case token.LPAREN:
			depth++
		case token.RPAREN:
			depth--
			if depth == 0 {
				return j+2 < len(toks) && kind(j+1) == token.IDENT &&
					(kind(j+2) == token.LPAREN || kind(j+2) == token.LBRACK)
			}
		}
	}
	return false
}

func writeChunks(b *bytes.Buffer, chunks []chunk) {
	for _, c := range chunks {
		b.Write(directive(c.part.file, c.start+1, c.part.lines[c.start:c.end]))
	}
}

// fragmentFile renders the fragment chunks as one file; imports are added after inference.
func (u *unitState) fragmentFile(imports []string) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "package %s\n\n", u.pkgName)
	for _, path := range imports {
		fmt.Fprintf(&b, "import %q\n", path)
	}
	writeChunks(&b, u.frag.imports)
	writeChunks(&b, u.frag.decls)
	b.WriteString("//line " + virtualDir + "g:1:1\n")
	body := "main"
	if u.pkgName != "main" || u.declaresMain() || u.fragmentDeclaresMain() {
		body = "_"
	}
	fmt.Fprintf(&b, "func %s() {\n", body)
	writeChunks(&b, u.frag.stmts)
	b.WriteString("//line " + virtualDir + "g:1:1\n}\n")
	return b.Bytes()
}

func (u *unitState) declaresMain() bool {
	for name, src := range u.files {
		if name == u.fragFile {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err == nil && findMain(f) != nil {
			return true
		}
	}
	return false
}

func (u *unitState) fragmentDeclaresMain() bool {
	for _, c := range u.frag.decls {
		if c.main {
			return true
		}
	}
	return false
}

var toolchainLine = regexp.MustCompile(`^toolchain\s+go\d`)

func findMain(f *ast.File) *ast.FuncDecl {
	for _, d := range f.Decls {
		if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "main" {
			return fn
		}
	}
	return nil
}

func (u *unitState) hasFragment() bool {
	return len(u.frag.imports)+len(u.frag.decls)+len(u.frag.stmts) > 0
}

// parseAll parses the unit's files and records what fragments use but do not import.
func (u *unitState) parseAll() {
	if u.hasFragment() || len(u.files) == 0 { // an empty block is an empty program
		u.fragFile = "fragment.go"
		if u.unit.Members[len(u.unit.Members)-1].Test && u.pkgName != "main" {
			u.fragFile = "fragment_test.go"
		}
		u.files[u.fragFile] = u.fragmentFile(nil)
	}
	declared := map[string]bool{}
	var frag *ast.File
	names := sortedKeys(u.files)
	for _, name := range names {
		f, err := parser.ParseFile(u.fset, filepath.Join(u.dir, name), u.files[name], parser.ParseComments)
		if err != nil {
			u.syntax(err, name)
			continue
		}
		if name == u.fragFile {
			frag = f
		}
		u.parsed = append(u.parsed, f)
		for _, imp := range f.Imports {
			u.needed[strings.Trim(imp.Path.Value, `"`)] = true
		}
		for _, d := range f.Decls {
			for _, id := range declNames(d) {
				declared[id] = true
			}
		}
	}
	u.result.Findings = u.blame.apply(u.result.Findings)
	if u.result.TypeErrors > 0 || frag == nil {
		return
	}
	imported := map[string]bool{}
	for _, imp := range frag.Imports {
		path := strings.Trim(imp.Path.Value, `"`)
		imported[filepath.Base(path)] = true
		if imp.Name != nil {
			imported[imp.Name.Name] = true
		}
	}
	ast.Inspect(frag, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Obj != nil || declared[id.Name] || imported[id.Name] || u.std[id.Name] == nil {
			return true
		}
		if u.sels[id.Name] == nil {
			u.sels[id.Name] = map[string]bool{}
		}
		u.sels[id.Name][sel.Sel.Name] = true
		for _, path := range u.std[id.Name] {
			u.needed[path] = true
		}
		return true
	})
}

func declNames(d ast.Decl) []string {
	var names []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			names = append(names, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, s := range d.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				names = append(names, s.Name.Name)
			case *ast.ValueSpec:
				for _, n := range s.Names {
					names = append(names, n.Name)
				}
			}
		}
	}
	return names
}

func (u *unitState) syntax(err error, name string) {
	u.result.TypeErrors++
	if list, ok := err.(scanner.ErrorList); ok {
		kept := 0
		for _, e := range list {
			// the end of the fragment file is past the wrapper's last line
			if name == u.fragFile && e.Pos.Offset >= len(u.files[name]) {
				e.Pos = token.Position{Filename: virtualDir + "g", Line: 1, Column: 1}
			}
			if !u.lenientDrop(virtualPos(e.Pos), e.Msg) {
				u.addPos("syntax", e.Pos, e.Msg)
				kept++
			}
		}
		if kept == 0 {
			u.result.TypeErrors--
		}
		return
	}
	u.add("syntax", "g", token.Position{}, err.Error())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// exportImporter resolves standard-library imports from export data listed by one `go list`.
type exportImporter struct {
	exports map[string]string
	gc      types.ImporterFrom
	fset    *token.FileSet
}

func newImporter(root string, units []*unitState, std map[string][]string, limit time.Duration) *exportImporter {
	imp := &exportImporter{exports: map[string]string{}, fset: token.NewFileSet()}
	var paths []string
	seen := map[string]bool{}
	for _, u := range units {
		for path := range u.needed {
			if !seen[path] && path != "C" && path != "unsafe" && isStd(path) {
				seen[path] = true
				paths = append(paths, path)
			}
		}
	}
	if len(paths) > 0 {
		sort.Strings(paths)
		imp.list(root, paths, stdPaths(std), limit)
	}
	lookup := func(path string) (io.ReadCloser, error) {
		f, ok := imp.exports[path]
		if !ok {
			return nil, fmt.Errorf("could not import %s (not in the standard library)", path)
		}
		file, err := os.Open(f)
		if err != nil { // go list named it a moment ago: the cache lost it
			faultExit("export data of %s cannot be read: %v", path, err)
		}
		return file, nil
	}
	imp.gc = importer.ForCompiler(imp.fset, "gc", lookup).(types.ImporterFrom)
	return imp
}

// list asks `go list` for the export data of paths and their dependencies. A failing go
// list, or a standard-library package that has no export data and no error to say why, is
// the machine's fault: without it every import would look missing.
func (imp *exportImporter) list(root string, paths []string, std map[string]bool, limit time.Duration) {
	args := append([]string{"list", "-e", "-export", "-deps", "-f",
		"{{.ImportPath}}\t{{.Export}}\t{{if .Error}}error{{end}}"}, paths...)
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Getenv("COURSECHECK_GO"), args...)
	cmd.Dir = root
	cmd.WaitDelay = time.Second // go's children may hold the pipes open after it is killed
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if ctx.Err() != nil {
		faultExit("go list -export of the standard library ran longer than its limit of %gs", limit.Seconds())
	}
	if err != nil {
		faultExit("go list -export of the standard library failed: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(string(out), "\n") {
		fields := strings.Split(line, "\t")
		if len(fields) != 3 {
			continue
		}
		if fields[1] != "" {
			imp.exports[fields[0]] = fields[1]
		} else if std[fields[0]] && fields[2] == "" && fields[0] != "unsafe" {
			faultExit("go list gave no export data for %s\n%s", fields[0], stderr.String())
		}
	}
}

// knownStd holds every standard-library import path (set once, in main).
var knownStd map[string]bool

func stdPaths(std map[string][]string) map[string]bool {
	set := map[string]bool{}
	for _, paths := range std {
		for _, path := range paths {
			set[path] = true
		}
	}
	return set
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func (imp *exportImporter) Import(path string) (*types.Package, error) {
	return imp.ImportFrom(path, "", 0)
}

func (imp *exportImporter) ImportFrom(path, dir string, mode types.ImportMode) (*types.Package, error) {
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	return imp.gc.ImportFrom(path, dir, mode)
}

// choose picks, for each inferred name, the first candidate that exports every selector used;
// failing that, the one that exports most of them, so a mistyped `fmt.Prinln` is reported as
// `undefined: fmt.Prinln` at that call, not as `undefined: fmt` at every use of fmt.
func (u *unitState) choose(imp *exportImporter) []string {
	var paths []string
	for _, name := range sortedKeys(u.sels) {
		best, bestFound := "", -1
		for _, path := range u.std[name] {
			pkg, err := imp.Import(path)
			if err != nil || pkg.Name() != name {
				continue
			}
			found := 0
			for sel := range u.sels[name] {
				if pkg.Scope().Lookup(sel) != nil {
					found++
				}
			}
			if found > bestFound {
				best, bestFound = path, found
			}
			if found == len(u.sels[name]) {
				break
			}
		}
		if best != "" {
			u.chosen[name] = best
			paths = append(paths, best)
		}
	}
	return paths
}

func (u *unitState) check(imp *exportImporter, goVersion string, vetOn bool) {
	if u.result.TypeErrors > 0 {
		return
	}
	if u.fragFile != "" {
		u.files[u.fragFile] = u.fragmentFile(u.choose(imp))
		u.parsed = nil
		for _, name := range sortedKeys(u.files) {
			f, err := parser.ParseFile(u.fset, filepath.Join(u.dir, name), u.files[name], parser.ParseComments)
			if err != nil {
				u.syntax(err, name)
				u.result.Findings = u.blame.apply(u.result.Findings)
				return
			}
			u.parsed = append(u.parsed, f)
		}
	}
	u.imports()
	if u.result.TypeErrors > 0 {
		return
	}
	var internal []*ast.File
	for _, f := range u.parsed {
		if strings.HasSuffix(f.Name.Name, "_test") {
			u.result.External = true
			continue
		}
		internal = append(internal, f)
	}
	wrapper := u.wrapper()
	conf := types.Config{Importer: imp, GoVersion: goVersion, Sizes: types.SizesFor("gc", "amd64"),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && !strings.HasPrefix(te.Msg, "\t") {
				if u.lenientDrop(virtualPos(te.Fset.Position(te.Pos)), te.Msg) {
					return
				}
				u.result.TypeErrors++
				u.addPos("type", te.Fset.Position(te.Pos), inAuthorTerms(wrapper, te.Pos, te.Msg))
			}
		}}
	info := needTypes(newTypesInfo())
	pkg, _ := conf.Check(u.pkgName, u.fset, internal, info)
	u.lenientSlips()
	if u.result.TypeErrors == 0 {
		u.bodies(u.parsed)
		u.lenientBodies()
	}
	if u.result.TypeErrors > 0 {
		return
	}
	u.mainCheck(pkg, internal, info)
	if u.result.TypeErrors > 0 {
		return
	}
	u.result.Built = true
	u.versionCheck(imp, internal)
	u.result.MapPrints = mapPrints(u.fset, internal, pkg, info)
	u.result.Chancy = usesChance(internal, info)
	if vetOn && inProcessVet && !u.result.External {
		runVet(u.fset, internal, pkg, info, func(pos token.Pos, msg string) {
			if u.lenientVetDrop(msg) {
				return
			}
			p := u.fset.Position(pos)
			u.result.Vet = append(u.result.Vet, Finding{"vet", strings.TrimPrefix(p.Filename, virtualDir), p.Line, p.Column, msg})
		})
		u.result.VetDone = true
	}
	if u.unit.Write || (vetOn && !u.result.VetDone) {
		u.write()
	}
}

// imports fails closed on cgo and on anything outside the standard library.
func (u *unitState) imports() {
	for _, f := range u.parsed {
		// An external test package is left to go vet, which names no package when an import
		// is missing: a path that looks standard but is not must be said here.
		external := strings.HasSuffix(f.Name.Name, "_test")
		for _, spec := range f.Imports {
			path := strings.Trim(spec.Path.Value, `"`)
			pos := u.fset.Position(spec.Pos())
			unknown := external && isStd(path) && len(knownStd) > 0 && !knownStd[path]
			switch {
			case path == "C":
				u.addPos("sandbox", pos, `import "C" (cgo) is disabled in snippets`)
				u.result.TypeErrors++
			case (!isStd(path) || unknown) && u.lenientImport(path, pos):
			case !isStd(path) || unknown:
				u.addPos("sandbox", pos, fmt.Sprintf("import %q is not in the standard library; snippets build offline", path))
				u.result.TypeErrors++
			}
		}
	}
}

// Tests lists what `go test` would run, for the shared binary's testing.MainStart.
type Tests struct {
	Tests      []string  `json:"tests"`
	Benchmarks []string  `json:"benchmarks"`
	Fuzz       []string  `json:"fuzz"`
	Examples   []Example `json:"examples"`
}

type Example struct {
	Name      string `json:"name"`
	Output    string `json:"output"`
	Unordered bool   `json:"unordered"`
}

func (u *unitState) isTestUnit() bool {
	for _, m := range u.unit.Members {
		if m.Test {
			return true
		}
	}
	return false
}

// collectTests finds tests as `go test` does; TestMain, init or an external test package
// need `go test` itself.
func (u *unitState) collectTests() {
	t := &Tests{}
	var testFiles []*ast.File
	for _, f := range u.parsed {
		if !strings.HasSuffix(u.fset.PositionFor(f.Package, false).Filename, "_test.go") {
			continue
		}
		testFiles = append(testFiles, f)
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv != nil {
				continue
			}
			switch name := fn.Name.Name; {
			case name == "TestMain" || name == "init":
				u.result.Standalone = true
			case isTest(name, "Test"):
				t.Tests = append(t.Tests, name)
			case isTest(name, "Benchmark"):
				t.Benchmarks = append(t.Benchmarks, name)
			case isTest(name, "Fuzz"):
				t.Fuzz = append(t.Fuzz, name)
			}
		}
	}
	for _, ex := range doc.Examples(testFiles...) {
		if ex.Output != "" || ex.EmptyOutput {
			t.Examples = append(t.Examples, Example{"Example" + ex.Name, ex.Output, ex.Unordered})
		}
	}
	if u.result.External || !u.unit.Mux {
		u.result.Standalone = true
	}
	if !u.result.Standalone {
		u.result.Tests = t
	}
}

func isTest(name, prefix string) bool {
	if !strings.HasPrefix(name, prefix) {
		return false
	}
	rest := name[len(prefix):]
	return rest == "" || !unicode.IsLower([]rune(rest)[0])
}

func (u *unitState) hasDebugDirective() bool {
	for _, f := range u.parsed {
		for _, group := range f.Comments {
			for _, c := range group.List {
				if strings.HasPrefix(c.Text, "//go:debug") {
					return true
				}
			}
		}
	}
	return false
}

func (u *unitState) mainCheck(pkg *types.Package, internal []*ast.File, info *types.Info) {
	u.result.Package = u.pkgName
	if !initIsInert(internal, info) { // see initrule.go
		u.result.Standalone = true
	}
	hasInit, hasFlag := false, u.needed["flag"]
	for _, f := range u.parsed {
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
				hasInit = true
			}
		}
	}
	if u.isTestUnit() {
		u.collectTests()
	}
	if u.pkgName != "main" {
		if u.unit.Mux && !u.isTestUnit() {
			f := u.parsed[0]
			u.addPos("nomain", u.fset.Position(f.Name.Pos()),
				fmt.Sprintf("package %s cannot run: an output block needs package main", u.pkgName))
			u.result.TypeErrors++
		}
		return
	}
	if pkg.Scope().Lookup("main") == nil && !u.isTestUnit() && (u.lenient == nil || u.unit.Mux) {
		for _, f := range u.parsed {
			u.addPos("nomain", u.fset.Position(f.Name.Pos()), "package main has no func main")
			u.result.TypeErrors++
			return
		}
	}
	// //go:debug settings hold for the main package of a program only: such a snippet
	// needs its own binary, as do init functions and flags, which would run or clash in
	// every program of the shared binary.
	u.result.Standalone = u.result.Standalone || hasInit || hasFlag || u.hasDebugDirective() ||
		pkg.Scope().Lookup("Main") != nil || !u.unit.Mux
}

// write stores the unit's files; a unit run by the shared binary becomes package mai_ with
// an exported Main (coursecheck prints mai_ as main), renamed in place with names of the same length so columns hold.
func (u *unitState) write() {
	if err := os.MkdirAll(u.dir, 0o755); err != nil {
		faultExit("cannot write the snippet's package: %v", err)
	}
	mux := u.unit.Mux && !u.result.Standalone
	for _, f := range u.parsed {
		name := filepath.Base(u.fset.PositionFor(f.Package, false).Filename)
		src := u.files[name]
		if mux && u.pkgName == "main" {
			src = rename(u.fset, f, src)
		}
		if mux {
			// the shared binary runs the tests itself, so they must be part of the package
			name = strings.Replace(name, "_test.go", "_t.go", 1)
		}
		src = append(fileVersion(u.unit.GoVersion, f), src...) // run at the claim too
		if err := os.WriteFile(filepath.Join(u.dir, name), src, 0o644); err != nil {
			faultExit("cannot write the snippet's package: %v", err)
		}
	}
}

func rename(fset *token.FileSet, f *ast.File, src []byte) []byte {
	out := bytes.Clone(src)
	at := func(pos token.Pos) int { return fset.File(pos).Offset(pos) }
	copy(out[at(f.Name.Pos()):], muxPackage)
	if fn := findMain(f); fn != nil {
		copy(out[at(fn.Name.Pos()):], "Main")
	}
	return out
}
