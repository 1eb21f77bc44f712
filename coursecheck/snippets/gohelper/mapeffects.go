package main

// Order-dependent effects inside a range over a map, besides printing: the loop builds
// something in map order (a slice, a string, a Builder's text, values sent on a channel)
// that the program then uses as it is. A loop whose result is sorted afterwards, summed, or
// stored into another map does not depend on the order, and is not reported.

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// scope is what the effect check needs around a loop: the body of the function holding it,
// and every node's parent.
type scope struct {
	body    *ast.BlockStmt
	parents map[ast.Node]ast.Node
}

func parentsOf(files []*ast.File) map[ast.Node]ast.Node {
	parents := map[ast.Node]ast.Node{}
	var stack []ast.Node
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			if len(stack) > 0 {
				parents[n] = stack[len(stack)-1]
			}
			stack = append(stack, n)
			return true
		})
	}
	return parents
}

// enclosingBody is the body of the innermost function (declared or literal) around n.
func enclosingBody(n ast.Node, parents map[ast.Node]ast.Node) *ast.BlockStmt {
	for p := parents[n]; p != nil; p = parents[p] {
		switch p := p.(type) {
		case *ast.FuncDecl:
			return p.Body
		case *ast.FuncLit:
			return p.Body
		}
	}
	return nil
}

// firstEffect finds the first order-dependent effect in a range over a map: where it is and
// what it does ("append to ks", "sb.WriteString writes", "s += concatenates", "a send").
func (c *mapPrintCheck) firstEffect(loop *ast.RangeStmt, sc scope) (ast.Node, string) {
	var at ast.Node
	var what string
	ast.Inspect(loop.Body, func(n ast.Node) bool {
		if at != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.BlockStmt:
			return n == loop.Body || !c.leaves(n.List)
		case *ast.CaseClause:
			return !c.leaves(n.Body)
		case *ast.CommClause:
			return !c.leaves(n.Body)
		case *ast.SendStmt:
			at, what = n, "a send on "+types.ExprString(n.Chan)
		case *ast.CallExpr:
			if w := c.writes(n, loop, sc); w != "" {
				at, what = n, w+" writes"
			}
		case *ast.AssignStmt:
			if v := c.builds(n, loop, sc); v != "" {
				at, what = n, v
			}
		}
		return at == nil
	})
	return at, what
}

// writes names a call that writes to a writer made outside the loop: b.WriteString(k),
// fmt.Fprintf(&b, ...), io.WriteString(h, k).
func (c *mapPrintCheck) writes(call *ast.CallExpr, loop *ast.RangeStmt, sc scope) string {
	fn := c.callee(call)
	if fn == nil {
		return ""
	}
	var target ast.Expr
	sig, _ := fn.Type().(*types.Signature)
	switch {
	case sig != nil && sig.Recv() != nil:
		switch fn.Name() {
		case "Write", "WriteString", "WriteByte", "WriteRune":
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
				target = sel.X
			}
		}
	case fn.Pkg() != nil && len(call.Args) > 0:
		path := fn.Pkg().Path()
		if (path == "fmt" && strings.HasPrefix(fn.Name(), "Fprint")) ||
			(path == "io" && fn.Name() == "WriteString") {
			target = call.Args[0]
		}
	}
	if target == nil || !c.outside(target, loop) {
		return ""
	}
	if v, ok := c.object(rootIdent(target)).(*types.Var); !ok || !c.usedUnsorted(v, loop, sc) {
		return "" // a Builder whose text is never read (only its Len, say)
	}
	return types.ExprString(call.Fun)
}

// outside: the expression is rooted in a variable declared before the loop (a Builder made
// inside the loop, for one key, does not depend on the order).
func (c *mapPrintCheck) outside(x ast.Expr, loop *ast.RangeStmt) bool {
	root := rootIdent(x)
	if root == nil {
		return false
	}
	obj, ok := c.object(root).(*types.Var)
	return ok && (obj.Pos() < loop.Pos() || obj.Pos() > loop.End())
}

func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch e := ast.Unparen(x).(type) {
		case *ast.Ident:
			return e
		case *ast.UnaryExpr:
			x = e.X
		case *ast.SelectorExpr:
			x = e.X
		case *ast.StarExpr:
			x = e.X
		default:
			return nil
		}
	}
}

// builds names an assignment that grows a slice or a string declared before the loop and
// used after it unsorted: `ks = append(ks, k)`, `s += k`, `s = s + k`.
func (c *mapPrintCheck) builds(as *ast.AssignStmt, loop *ast.RangeStmt, sc scope) string {
	if len(as.Lhs) != 1 || len(as.Rhs) != 1 {
		return ""
	}
	id, ok := ast.Unparen(as.Lhs[0]).(*ast.Ident)
	if !ok || !c.outside(id, loop) {
		return ""
	}
	v, _ := c.object(id).(*types.Var)
	if v == nil {
		return ""
	}
	basic, _ := v.Type().Underlying().(*types.Basic)
	isString := basic != nil && basic.Info()&types.IsString != 0
	var what string
	switch {
	case as.Tok == token.ADD_ASSIGN && isString:
		what = id.Name + " += concatenates"
	case as.Tok == token.ASSIGN && isString:
		if bin, ok := ast.Unparen(as.Rhs[0]).(*ast.BinaryExpr); ok && bin.Op == token.ADD {
			what = id.Name + " = " + id.Name + " + ... concatenates"
		}
	case as.Tok == token.ASSIGN:
		if call, ok := ast.Unparen(as.Rhs[0]).(*ast.CallExpr); ok && c.builtin(call, "append") {
			what = "append to " + id.Name
		}
	}
	if what == "" || !c.usedUnsorted(v, loop, sc) {
		return ""
	}
	return what
}

func (c *mapPrintCheck) builtin(call *ast.CallExpr, names ...string) bool {
	id, ok := ast.Unparen(call.Fun).(*ast.Ident)
	if !ok {
		return false
	}
	b, ok := c.info.Uses[id].(*types.Builtin)
	if !ok {
		return false
	}
	for _, name := range names {
		if b.Name() == name {
			return true
		}
	}
	return false
}

// usedUnsorted: after the loop, in the same function, v is used for more than its length,
// and no sort.*/slices.Sort* call sorts it. A variable of another function or of the
// package (a parameter, a global) is used elsewhere: it counts as used.
func (c *mapPrintCheck) usedUnsorted(v *types.Var, loop *ast.RangeStmt, sc scope) bool {
	if sc.body == nil || v.Pos() < sc.body.Pos() || v.Pos() > sc.body.End() {
		return true
	}
	used, sorted := false, false
	ast.Inspect(sc.body, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if !ok || id.Pos() < loop.End() || c.info.Uses[id] != v {
			return true
		}
		parent := sc.parents[id]
		if conv, ok := parent.(*ast.CallExpr); ok && len(conv.Args) == 1 && !c.sorts(conv) {
			if outer, ok := sc.parents[conv].(*ast.CallExpr); ok && c.sorts(outer) {
				parent = outer // sort.Sort(sort.StringSlice(ks))
			}
		}
		call, isCall := parent.(*ast.CallExpr)
		switch {
		case isCall && c.sorts(call) && len(call.Args) > 0 && rootIdent(call.Args[0]) != nil:
			sorted = true
		case isCall && c.builtin(call, "len", "cap"):
		case sizeOnly(parent, id):
		default:
			used = true
		}
		return true
	})
	return used && !sorted
}

// sizeOnly: b.Len(), b.Cap(), b.Reset(), b.Grow(n) of a Builder or Buffer read no order.
func sizeOnly(parent ast.Node, id *ast.Ident) bool {
	sel, ok := parent.(*ast.SelectorExpr)
	if !ok || sel.X != id {
		return false
	}
	switch sel.Sel.Name {
	case "Len", "Cap", "Reset", "Grow":
		return true
	}
	return false
}

// sorts: a call of package sort or a Sort function of package slices.
func (c *mapPrintCheck) sorts(call *ast.CallExpr) bool {
	fn := c.callee(call)
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "sort":
		return fn.Name() != "Search" && !strings.HasPrefix(fn.Name(), "Search")
	case "slices":
		return strings.HasPrefix(fn.Name(), "Sort")
	}
	return false
}

// fewKeys: the map ranged over has at most one entry for sure: a literal of at most one
// entry, or a local variable initialised so and then only read.
func (c *mapPrintCheck) fewKeys(x ast.Expr, sc scope) bool {
	if lit, ok := ast.Unparen(x).(*ast.CompositeLit); ok {
		return len(lit.Elts) <= 1
	}
	id, ok := ast.Unparen(x).(*ast.Ident)
	if !ok || sc.body == nil {
		return false
	}
	v, _ := c.info.Uses[id].(*types.Var)
	if v == nil {
		return false
	}
	small, other := false, false
	ast.Inspect(sc.body, func(n ast.Node) bool {
		use, ok := n.(*ast.Ident)
		if !ok || c.object(use) != v {
			return true
		}
		switch p := sc.parents[use].(type) {
		case *ast.AssignStmt: // its definition, or a new value
			small = small || (p.Tok == token.DEFINE && literalOfAtMostOne(p.Lhs, p.Rhs, use))
			other = other || !(p.Tok == token.DEFINE && literalOfAtMostOne(p.Lhs, p.Rhs, use))
		case *ast.ValueSpec:
			values := make([]ast.Expr, len(p.Names))
			for i, name := range p.Names {
				values[i] = name
			}
			small = small || literalOfAtMostOne(values, p.Values, use)
			other = other || !literalOfAtMostOne(values, p.Values, use)
		case *ast.RangeStmt:
			other = other || p.X != use
		case *ast.IndexExpr: // a read, unless written to
			if as, ok := sc.parents[p].(*ast.AssignStmt); ok && containsExpr(as.Lhs, p) {
				other = true
			}
			if _, ok := sc.parents[p].(*ast.IncDecStmt); ok {
				other = true
			}
		case *ast.CallExpr:
			other = other || !c.builtin(p, "len")
		default:
			other = true
		}
		return true
	})
	return small && !other
}

func literalOfAtMostOne(lhs, rhs []ast.Expr, id *ast.Ident) bool {
	for i, l := range lhs {
		if l == id && i < len(rhs) && len(lhs) == len(rhs) {
			lit, ok := ast.Unparen(rhs[i]).(*ast.CompositeLit)
			return ok && len(lit.Elts) <= 1
		}
	}
	return false
}

func containsExpr(list []ast.Expr, x ast.Expr) bool {
	for _, e := range list {
		if e == x {
			return true
		}
	}
	return false
}

// usesChance: the unit reads the clock or random numbers, or runs goroutines; its runs can
// differ for reasons no static check sees, so it runs more times (runner.py).
func usesChance(files []*ast.File, info *types.Info) bool {
	found := false
	chancy := map[string]bool{
		"time": true, "math/rand": true, "math/rand/v2": true, "crypto/rand": true,
		"sync": true, "sync/atomic": true, "runtime": true, "os/signal": true,
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt, *ast.SelectStmt:
				found = true
			case *ast.SelectorExpr:
				if id, ok := n.X.(*ast.Ident); ok {
					if pkg, ok := info.Uses[id].(*types.PkgName); ok && chancy[pkg.Imported().Path()] {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}
