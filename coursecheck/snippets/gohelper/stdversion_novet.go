//go:build novet

package main

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Without vet's analyzers only the language version is checked, not the library's symbols.
func tooNewSymbols(*token.FileSet, []*ast.File, *types.Package, *types.Info, func(token.Pos, string)) {
}
