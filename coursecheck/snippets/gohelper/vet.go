//go:build !novet

package main

// In-process `go vet`: the analyzers of cmd/vet (vendored in GOROOT/src/cmd/vendor, copied
// next to this file when the helper is built) run on the syntax and types the helper already
// has, so vetting a snippet costs microseconds instead of a go vet process per package.

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/suite/vet"
)

const inProcessVet = true

type factKey struct {
	obj any // types.Object or *types.Package
	typ reflect.Type
}

type vetRun struct {
	fset    *token.FileSet
	files   []*ast.File
	pkg     *types.Package
	info    *types.Info
	results map[*analysis.Analyzer]any
	done    map[*analysis.Analyzer]bool
	facts   map[factKey]analysis.Fact
	report  func(pos token.Pos, msg string)
	root    map[*analysis.Analyzer]bool
}

func newTypesInfo() *types.Info {
	return &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{},
		Uses: map[*ast.Ident]types.Object{}, Implicits: map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		Instances: map[*ast.Ident]types.Instance{}, FileVersions: map[*ast.File]string{},
	}
}

func runVet(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info,
	report func(pos token.Pos, msg string)) {
	r := newVetRun(fset, files, pkg, info, report)
	for _, a := range vet.Suite {
		r.root[a] = true
	}
	for _, a := range vet.Suite {
		r.run(a)
	}
}

func newVetRun(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info,
	report func(pos token.Pos, msg string)) *vetRun {
	return &vetRun{fset: fset, files: files, pkg: pkg, info: info, report: report,
		results: map[*analysis.Analyzer]any{}, done: map[*analysis.Analyzer]bool{},
		facts: map[factKey]analysis.Fact{}, root: map[*analysis.Analyzer]bool{}}
}

func (r *vetRun) run(a *analysis.Analyzer) any {
	if r.done[a] {
		return r.results[a]
	}
	r.done[a] = true
	resultOf := map[*analysis.Analyzer]any{}
	for _, req := range a.Requires {
		resultOf[req] = r.run(req)
	}
	pass := &analysis.Pass{
		Analyzer: a, Fset: r.fset, Files: r.files, Pkg: r.pkg, TypesInfo: r.info,
		TypesSizes: types.SizesFor("gc", "amd64"), ResultOf: resultOf,
		Report: func(d analysis.Diagnostic) {
			if r.root[a] {
				r.report(d.Pos, fmt.Sprintf("%s (%s)", d.Message, a.Name))
			}
		},
		ReadFile:          func(string) ([]byte, error) { return nil, errors.New("no file access") },
		ImportObjectFact:  func(obj types.Object, f analysis.Fact) bool { return r.importFact(obj, f) },
		ExportObjectFact:  func(obj types.Object, f analysis.Fact) { r.facts[factKey{obj, reflect.TypeOf(f)}] = f },
		ImportPackageFact: func(p *types.Package, f analysis.Fact) bool { return r.importFact(p, f) },
		ExportPackageFact: func(f analysis.Fact) { r.facts[factKey{r.pkg, reflect.TypeOf(f)}] = f },
		AllObjectFacts:    r.objectFacts,
		AllPackageFacts:   r.packageFacts,
	}
	defer func() {
		if recover() != nil { // one analyzer's crash must not lose the others' findings
			r.results[a] = nil
		}
	}()
	result, err := a.Run(pass)
	if err == nil {
		r.results[a] = result
	}
	return r.results[a]
}

func (r *vetRun) importFact(obj any, f analysis.Fact) bool {
	got, ok := r.facts[factKey{obj, reflect.TypeOf(f)}]
	if ok {
		reflect.ValueOf(f).Elem().Set(reflect.ValueOf(got).Elem())
	}
	return ok
}

func (r *vetRun) objectFacts() []analysis.ObjectFact {
	var out []analysis.ObjectFact
	for k, f := range r.facts {
		if obj, ok := k.obj.(types.Object); ok {
			out = append(out, analysis.ObjectFact{Object: obj, Fact: f})
		}
	}
	return out
}

func (r *vetRun) packageFacts() []analysis.PackageFact {
	var out []analysis.PackageFact
	for k, f := range r.facts {
		if p, ok := k.obj.(*types.Package); ok {
			out = append(out, analysis.PackageFact{Package: p, Fact: f})
		}
	}
	return out
}
