package main

// A snippet true to the Go version its page claims: the unit is type-checked again at the
// claimed language version (go/types reports every newer language feature), vet's stdversion
// analyzer runs on that check (every newer standard-library symbol), and net/http patterns
// with a method or a wildcard (Go 1.22 routing) are found by their text, which neither sees.

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"go/version"
	"reflect"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
)

// needsVersion finds the release in go/types' "... requires go1.22 or later" and stdversion's
// "slices.Sorted requires go1.23 or later (module is go1.21)".
var needsVersion = regexp.MustCompile(`requires (go1\.\d+(?:\.\d+)?) or later`)

// routing is a Go 1.22 pattern: "GET /items/{id}", "/files/{path...}", "/{$}".
var routing = regexp.MustCompile(`^[A-Z]+ |\{`)

const routingVersion = "go1.22"

// baseVersion is the release a unit is checked at to find what it needs: stdversion says
// nothing about packages older than go1.21.
const baseVersion = "go1.21"

// versionCheck runs after the unit type-checked clean at the toolchain's version. It checks
// the unit again at the lower of its claim and baseVersion, so every feature and symbol newer
// than that is reported with the release it needs: those newer than the claim are findings,
// and the newest of them is what the unit needs (Result.Needs).
func (u *unitState) versionCheck(imp types.Importer, files []*ast.File) {
	claim, base := version.Lang(u.unit.GoVersion), baseVersion
	if claim != "" && version.Compare(claim, base) < 0 {
		base = claim
	}
	u.result.Needs = base
	seen := map[string]bool{}
	add := func(pos token.Pos, msg, need string) {
		if version.Compare(need, u.result.Needs) > 0 {
			u.result.Needs = need
		}
		p := u.fset.Position(pos)
		key := fmt.Sprintf("%s:%d:%d:%s", p.Filename, p.Line, p.Column, need)
		if claim == "" || seen[key] || version.Compare(need, claim) <= 0 {
			return
		}
		seen[key] = true
		msg = fmt.Sprintf("%s, but %s is %s", msg, u.unit.ClaimedBy, strings.TrimPrefix(u.unit.GoVersion, "go"))
		u.addPos("goversion", p, msg)
	}
	conf := types.Config{Importer: imp, GoVersion: base, Sizes: types.SizesFor("gc", "amd64"),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok {
				if m := needsVersion.FindStringSubmatch(te.Msg); m != nil {
					add(te.Pos, te.Msg, m[1])
				}
			}
		}}
	info := newTypesInfo()
	info.Uses, info.Types = map[*ast.Ident]types.Object{}, map[ast.Expr]types.TypeAndValue{}
	pkg, _ := conf.Check(u.pkgName, u.fset, files, info)
	tooNewSymbols(u.fset, files, pkg, info, func(pos token.Pos, msg string) {
		if m := needsVersion.FindStringSubmatchIndex(msg); m != nil {
			add(pos, msg[:m[1]], msg[m[2]:m[3]])
		}
	})
	routingPatterns(files, info, func(pos token.Pos, pattern string) {
		add(pos, fmt.Sprintf("the pattern %q (a method or a wildcard) requires %s or later", pattern, routingVersion), routingVersion)
	})
	omitZeroTags(files, func(pos token.Pos) {
		add(pos, fmt.Sprintf("the json tag option omitzero requires %s or later (before, it is ignored)", omitZeroVersion), omitZeroVersion)
	})
}

const omitZeroVersion = "go1.24"

// omitZeroTags reports struct tags whose json options include omitzero (encoding/json, Go
// 1.24): an older Go ignores the option, so the program prints something else.
func omitZeroTags(files []*ast.File, report func(token.Pos)) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			field, ok := n.(*ast.Field)
			if !ok || field.Tag == nil {
				return true
			}
			tag, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				return true
			}
			options := strings.Split(reflect.StructTag(tag).Get("json"), ",")
			if len(options) > 1 && slices.Contains(options[1:], "omitzero") {
				report(field.Tag.Pos())
			}
			return true
		})
	}
}

// routingPatterns reports constant patterns of Go 1.22 routing given to net/http's
// Handle and HandleFunc (the functions and the ServeMux methods).
func routingPatterns(files []*ast.File, info *types.Info, report func(token.Pos, string)) {
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 || !isHTTPHandle(info, call.Fun) {
				return true
			}
			tv, ok := info.Types[call.Args[0]]
			if ok && tv.Value != nil && tv.Value.Kind() == constant.String {
				if pattern := constant.StringVal(tv.Value); routing.MatchString(pattern) {
					report(call.Args[0].Pos(), pattern)
				}
			}
			return true
		})
	}
}

func isHTTPHandle(info *types.Info, fun ast.Expr) bool {
	sel, ok := ast.Unparen(fun).(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Handle" && sel.Sel.Name != "HandleFunc") {
		return false
	}
	obj, ok := info.Uses[sel.Sel].(*types.Func)
	return ok && obj.Pkg() != nil && obj.Pkg().Path() == "net/http"
}

// A unit is RUN at the Go version its page claims, not only type-checked at it: each file
// written for the build gets the claim's language version through a `//go:build go1.N`
// line (since Go 1.21 a file's build-constraint version is its language version, loop
// variable semantics included). The go.mod line stays the toolchain's: the claim's GODEBUG
// defaults are set in the program's environment instead (versions.py godebug).

// fileVersion is the `//go:build` line (with the blank line that makes it one) that gives a
// written file the claim's language version, or nil when none is wanted: no claim, a claim
// past this toolchain (GO022 reports it; the tag would drop the file from the build), or a
// file that has a build constraint of its own (a second one is an error).
func fileVersion(claim string, f *ast.File) []byte {
	lang := version.Lang(claim)
	if lang == "" || version.Compare(lang, version.Lang(runtime.Version())) > 0 || hasConstraint(f) {
		return nil
	}
	return []byte("//go:build " + lang + "\n\n")
}

func hasConstraint(f *ast.File) bool {
	for _, group := range f.Comments {
		if group.Pos() >= f.Package {
			break
		}
		for _, c := range group.List {
			if strings.HasPrefix(c.Text, "//go:build") {
				return true
			}
		}
	}
	return false
}
