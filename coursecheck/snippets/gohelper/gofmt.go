package main

import (
	"go/format"
	"strings"
)

// gofmtText is a snippet (a file, or declarations or statements) as gofmt writes it, and the
// snippet as it was compared; ok is false when it does not parse. The GO003 check and its
// fix both use it: one gofmt, the pinned toolchain's go/format.
func gofmtText(code string) (formatted, src string, ok bool) {
	src = strings.TrimRight(code, "\n") + "\n"
	out, err := format.Source([]byte(src))
	if err != nil {
		return "", src, false
	}
	return string(out), src, true
}

// formatAll answers a format request (the fix of GO003): each source as gofmt writes it,
// null where it does not parse.
func formatAll(sources []string) []*string {
	texts := make([]*string, len(sources))
	for i, code := range sources {
		if formatted, _, ok := gofmtText(code); ok {
			texts[i] = &formatted
		}
	}
	return texts
}
