//go:build !novet

package main

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis/passes/stdversion"
)

// tooNewSymbols runs vet's stdversion analyzer alone on a check made at the claimed version.
func tooNewSymbols(fset *token.FileSet, files []*ast.File, pkg *types.Package, info *types.Info,
	report func(pos token.Pos, msg string)) {
	r := newVetRun(fset, files, pkg, info, report)
	r.root[stdversion.Analyzer] = true
	r.run(stdversion.Analyzer)
}
