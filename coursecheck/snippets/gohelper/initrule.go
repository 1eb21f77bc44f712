package main

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

// In the shared binary every unit's package is initialised in every program and test, so a
// unit whose initialisation can do anything (panic, exit, print, block, allocate, start a
// goroutine) or change another unit's behaviour needs its own binary. init functions are
// handled in mainCheck; these are the rest: package-level variables whose initialiser is not
// side-effect free, very large variables, and imports that register themselves globally.

const bigVariable = 1 << 20 // bytes: more than this in one variable costs every program

// Standard packages whose init registers something another program could use without
// importing them (image decoders, time zone data, HTTP handlers).
var registering = map[string]bool{
	"image/gif": true, "image/jpeg": true, "image/png": true, "time/tzdata": true,
	"net/http/pprof": true, "expvar": true,
}

func initIsInert(files []*ast.File, info *types.Info) bool {
	sizes := types.SizesFor("gc", "amd64")
	for _, f := range files {
		for _, spec := range f.Imports {
			if path, err := strconv.Unquote(spec.Path.Value); err == nil && registering[path] {
				return false
			}
		}
		for _, d := range f.Decls {
			gen, ok := d.(*ast.GenDecl)
			if !ok || gen.Tok != token.VAR {
				continue
			}
			for _, s := range gen.Specs {
				vs := s.(*ast.ValueSpec)
				for _, name := range vs.Names {
					if obj := info.Defs[name]; obj != nil && sizes.Sizeof(obj.Type()) > bigVariable {
						return false
					}
				}
				for _, v := range vs.Values {
					if !inert(v, info) {
						return false
					}
				}
			}
		}
	}
	return true
}

// inert: evaluating e cannot panic, block, call code, or allocate much.
func inert(e ast.Expr, info *types.Info) bool {
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		return true // a constant
	}
	switch e := e.(type) {
	case *ast.BasicLit, *ast.FuncLit:
		return true // a function literal's body runs only when called
	case *ast.Ident:
		return true // a variable, function or nil: reading it runs nothing
	case *ast.ParenExpr:
		return inert(e.X, info)
	case *ast.SelectorExpr:
		if id, ok := e.X.(*ast.Ident); ok {
			if _, isPkg := info.Uses[id].(*types.PkgName); isPkg {
				return true // pkg.Name
			}
		}
		return false // a field or method of a value that may be nil
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && inert(e.X, info) // a receive may block
	case *ast.BinaryExpr:
		switch e.Op {
		case token.QUO, token.REM, token.SHL, token.SHR:
			return false // division by zero, negative shift
		}
		return inert(e.X, info) && inert(e.Y, info)
	case *ast.CompositeLit:
		for _, elt := range e.Elts {
			if kv, ok := elt.(*ast.KeyValueExpr); ok {
				if !inert(kv.Key, info) || !inert(kv.Value, info) {
					return false
				}
			} else if !inert(elt, info) {
				return false
			}
		}
		return true
	case *ast.CallExpr:
		return inertCall(e, info)
	}
	return false // index, slice, type assertion, ...: may panic
}

func inertCall(call *ast.CallExpr, info *types.Info) bool {
	for _, arg := range call.Args {
		if !inert(arg, info) {
			return false
		}
	}
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() {
		_, ptr := tv.Type.Underlying().(*types.Pointer)
		return !ptr // a conversion; to an array pointer it may panic
	}
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if _, ok := info.Uses[fun].(*types.Builtin); ok {
			return fun.Name == "new" || (fun.Name == "make" && smallSizes(call.Args[1:], info))
		}
	case *ast.SelectorExpr:
		// errors.New of a constant: the most common package-level call, and inert.
		if id, ok := fun.X.(*ast.Ident); ok && fun.Sel.Name == "New" && len(call.Args) == 1 {
			if pkg, isPkg := info.Uses[id].(*types.PkgName); isPkg && pkg.Imported().Path() == "errors" {
				return info.Types[call.Args[0]].Value != nil
			}
		}
	}
	return false
}

func smallSizes(args []ast.Expr, info *types.Info) bool {
	for _, a := range args {
		v := info.Types[a].Value
		if v == nil {
			return false
		}
		n, exact := constant.Int64Val(constant.ToInt(v))
		if !exact || n > 1<<16 {
			return false
		}
	}
	return true
}
