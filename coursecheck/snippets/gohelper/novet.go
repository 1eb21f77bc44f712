//go:build novet

package main

// A toolchain without cmd/vendor (so without vet's analyzers as source) gets a helper that
// leaves vetting to `go vet`.

import (
	"go/ast"
	"go/token"
	"go/types"
)

const inProcessVet = false

func newTypesInfo() *types.Info { return &types.Info{} }

func runVet(*token.FileSet, []*ast.File, *types.Package, *types.Info, func(token.Pos, string)) {}
