"""GO023: a program a lesson shows crashing ends as its fence says (should_panic, exit=N)."""

from __future__ import annotations

from coursecheck.rules.base import Rule
from coursecheck.rules.ruledoc import rule_doc
from coursecheck.snippets import codes

PANICS = 'fmt.Println("start")\npanic("boom")'
SHOWN = "start\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()"


def _run(info: str, code: str, output: str) -> str:
    return f"```{info}\n{code}\n```\n\n```output\n{output}\n```"


RULES = (
    Rule(
        codes.EXIT_STATUS,
        "unexpected-exit-status",
        "A program ends otherwise than its fence says (should_panic, exit=N).",
        rule_doc(
            "`should_panic` on a Go fence promises a panic (or a fatal error of the runtime: "
            "a deadlock, say), which exits with status 2; `exit=N` promises exit status N "
            "(`os.Exit(N)`; `log.Fatal` exits with 1). The output block after it is compared "
            "through the panic value, the goroutine header and the first frame's function "
            "(goroutine numbers and addresses made constant, the frames' file lines left "
            "out). A program that ends otherwise is reported at the attribute.",
            _run("go should_panic", 'fmt.Println("start")', SHOWN),
            _run("go should_panic", PANICS, SHOWN),
        ),
    ),
)
