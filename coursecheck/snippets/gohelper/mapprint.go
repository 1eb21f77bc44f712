package main

// Printing inside a range over a map: Go randomises map order, so such a program prints its
// lines in a different order from run to run and can match an exact output block by chance.
// coursecheck reports it (GO016) unless the output block is `output unordered`.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// needTypes makes sure the maps this check reads are filled, whichever vet variant is built.
func needTypes(info *types.Info) *types.Info {
	if info.Types == nil {
		info.Types = map[ast.Expr]types.TypeAndValue{}
	}
	if info.Defs == nil {
		info.Defs = map[*ast.Ident]types.Object{}
	}
	if info.Uses == nil {
		info.Uses = map[*ast.Ident]types.Object{}
	}
	return info
}

type mapPrintCheck struct {
	info     *types.Info
	pkg      *types.Package
	streams  map[types.Object]bool // variables holding os.Stdout, os.Stderr or a writer on them
	printers map[types.Object]bool // functions of the unit that print, directly or not
}

// mapPrints finds, for each range over a map (or over maps.Keys/Values/All of one), the first
// call in its body that prints; its position is where the finding goes.
func mapPrints(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info) []Finding {
	c := &mapPrintCheck{info: info, pkg: pkg, streams: map[types.Object]bool{}, printers: map[types.Object]bool{}}
	c.findStreams(files)
	c.findPrinters(files)
	var found []Finding
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			loop, ok := n.(*ast.RangeStmt)
			if !ok || !c.unordered(loop.X) {
				return true
			}
			if call := c.firstPrint(loop.Body, loop.Body); call != nil {
				p := fset.Position(call.Pos())
				file := strings.TrimPrefix(p.Filename, virtualDir)
				if strings.HasPrefix(p.Filename, virtualDir) {
					found = append(found, Finding{"maporder", file, p.Line, p.Column, types.ExprString(call.Fun)})
				}
				return false // one finding per loop, the outermost
			}
			return true
		})
	}
	return found
}

// unordered: a map, or an iterator over one from package maps.
func (c *mapPrintCheck) unordered(x ast.Expr) bool {
	if tv, ok := c.info.Types[x]; ok && tv.Type != nil {
		if _, isMap := tv.Type.Underlying().(*types.Map); isMap {
			return true
		}
	}
	call, ok := ast.Unparen(x).(*ast.CallExpr)
	if !ok {
		return false
	}
	fn := c.callee(call)
	return fn != nil && fn.Pkg() != nil && fn.Pkg().Path() == "maps" &&
		(fn.Name() == "Keys" || fn.Name() == "Values" || fn.Name() == "All")
}

// firstPrint finds the first printing call in body. With loop set (the body of a range over
// a map), a block inside it that prints and then leaves the loop (`if found { fmt.Println(k);
// return }`) prints at most once, in no order: it is passed over.
func (c *mapPrintCheck) firstPrint(body ast.Node, loop *ast.BlockStmt) *ast.CallExpr {
	var first *ast.CallExpr
	ast.Inspect(body, func(n ast.Node) bool {
		if first != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt:
			return loop == nil || n == loop || !c.leaves(n.List)
		case *ast.CaseClause:
			return loop == nil || !c.leaves(n.Body)
		case *ast.CommClause:
			return loop == nil || !c.leaves(n.Body)
		case *ast.CallExpr:
			if c.prints(n) {
				first = n
			}
		}
		return first == nil
	})
	return first
}

// leaves: the statements end by leaving the loop or the program.
func (c *mapPrintCheck) leaves(list []ast.Stmt) bool {
	if len(list) == 0 {
		return false
	}
	switch last := list[len(list)-1].(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return last.Tok == token.BREAK || last.Tok == token.GOTO
	case *ast.ExprStmt:
		call, ok := ast.Unparen(last.X).(*ast.CallExpr)
		if !ok {
			return false
		}
		if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
			if b, ok := c.info.Uses[id].(*types.Builtin); ok {
				return b.Name() == "panic"
			}
		}
		fn := c.callee(call)
		if fn == nil || fn.Pkg() == nil {
			return false
		}
		switch fn.Pkg().Path() + "." + fn.Name() {
		case "os.Exit", "log.Fatal", "log.Fatalf", "log.Fatalln", "runtime.Goexit":
			return true
		}
	}
	return false
}

// callee is the function or method a call names, if it names one statically.
func (c *mapPrintCheck) callee(call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		id = fun
	case *ast.SelectorExpr:
		id = fun.Sel
	case *ast.IndexExpr: // a generic function instantiated explicitly
		if x, ok := fun.X.(*ast.Ident); ok {
			id = x
		}
	}
	if id == nil {
		return nil
	}
	fn, _ := c.info.Uses[id].(*types.Func)
	return fn
}

// prints tells whether a call writes to the program's output: print and println, fmt's
// Print functions, Fprint and writes to os.Stdout or os.Stderr (or a writer wrapping them),
// package log and log/slog, and functions of the unit that do any of these.
func (c *mapPrintCheck) prints(call *ast.CallExpr) bool {
	if id, ok := ast.Unparen(call.Fun).(*ast.Ident); ok {
		if b, ok := c.info.Uses[id].(*types.Builtin); ok {
			return b.Name() == "print" || b.Name() == "println"
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && c.isStream(sel.X) {
		return true // os.Stdout.WriteString, w.Flush of a bufio writer on os.Stdout...
	}
	fn := c.callee(call)
	if fn == nil {
		return false
	}
	if c.printers[fn.Origin()] {
		return true
	}
	if fn.Pkg() == nil {
		return false
	}
	name := fn.Name()
	switch fn.Pkg().Path() {
	case "fmt":
		if strings.HasPrefix(name, "Fprint") {
			return len(call.Args) > 0 && c.isStream(call.Args[0])
		}
		return strings.HasPrefix(name, "Print")
	case "io":
		return (name == "WriteString" || name == "Copy" || name == "CopyN") &&
			len(call.Args) > 0 && c.isStream(call.Args[0])
	case "log":
		return strings.HasPrefix(name, "Print") || strings.HasPrefix(name, "Fatal") ||
			strings.HasPrefix(name, "Panic") || name == "Output"
	case "log/slog":
		return name == "Info" || name == "Warn" || name == "Error" || name == "Debug" ||
			name == "Log" || strings.HasSuffix(name, "Context") || name == "LogAttrs"
	}
	return false
}

// isStream: os.Stdout or os.Stderr, a variable assigned one, or a writer built on one.
func (c *mapPrintCheck) isStream(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.SelectorExpr:
		if v, ok := c.info.Uses[x.Sel].(*types.Var); ok && v.Pkg() != nil && v.Pkg().Path() == "os" {
			return v.Name() == "Stdout" || v.Name() == "Stderr"
		}
		if v, ok := c.info.Uses[x.Sel].(*types.Var); ok {
			return c.streams[v]
		}
	case *ast.Ident:
		return c.streams[c.info.Uses[x]] || c.streams[c.info.Defs[x]]
	case *ast.UnaryExpr: // &b where b wraps a stream
		return x.Op == token.AND && c.isStream(x.X)
	case *ast.CallExpr: // bufio.NewWriter(os.Stdout), tabwriter.NewWriter(os.Stdout, ...), log.New
		fn := c.callee(x)
		return fn != nil && fn.Pkg() != nil && fn.Pkg() != c.pkg && len(x.Args) > 0 &&
			strings.HasPrefix(fn.Name(), "New") && c.isStream(x.Args[0])
	}
	return false
}

func (c *mapPrintCheck) object(id *ast.Ident) types.Object {
	if obj := c.info.Defs[id]; obj != nil {
		return obj
	}
	return c.info.Uses[id]
}

// findStreams marks variables assigned a stream, until nothing changes (w := os.Stdout;
// b := bufio.NewWriter(w)).
func (c *mapPrintCheck) findStreams(files []*ast.File) {
	mark := func(lhs []ast.Expr, rhs []ast.Expr) bool {
		changed := false
		for i, r := range rhs {
			if i >= len(lhs) || !c.isStream(r) {
				continue
			}
			if id, ok := ast.Unparen(lhs[i]).(*ast.Ident); ok {
				if obj := c.object(id); obj != nil && !c.streams[obj] {
					c.streams[obj], changed = true, true
				}
			}
		}
		return changed
	}
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.AssignStmt:
					changed = mark(n.Lhs, n.Rhs) || changed
				case *ast.ValueSpec:
					lhs := make([]ast.Expr, len(n.Names))
					for i, name := range n.Names {
						lhs[i] = name
					}
					changed = mark(lhs, n.Values) || changed
				}
				return true
			})
		}
	}
}

// findPrinters marks the unit's functions and methods that print, until nothing changes.
func (c *mapPrintCheck) findPrinters(files []*ast.File) {
	for changed := true; changed; {
		changed = false
		for _, f := range files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || fn.Body == nil {
					continue
				}
				obj := c.info.Defs[fn.Name]
				if obj == nil || c.printers[obj] {
					continue
				}
				if c.firstPrint(fn.Body, nil) != nil {
					c.printers[obj], changed = true, true
				}
			}
		}
	}
}
