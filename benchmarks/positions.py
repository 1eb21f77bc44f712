"""Time `parse_markdown` (mistune plus our positions) against bare mistune on the same text.

    .venv/bin/python -m benchmarks.positions [--repeat 5]

Texts: the course's Markdown pages, the CommonMark spec examples one after another, and a
book-sized page of nested lists, quotes and indented code. Prints a Markdown table with the
best of `repeat` interleaved runs per text: the cost of the positions beside the parse.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

import mistune

from coursecheck.markdown import parse_markdown

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "tests" / "markdown" / "commonmark-spec-0.31.2.json"
NESTED = """Intro text
continued here.

1. Step one:

   > Note:
   > ```go
   > fmt.Println(x)
   > ```

2. Step two

       $ go run .
       hello

- item
lazy line

    indented code
    more code

Title
=====

<details>
<summary>More</summary>

</details>

"""


def texts() -> dict[str, str]:
    pages = sorted((REPO / "course").rglob("*.md"))
    spec = json.loads(SPEC.read_text())
    return {
        f"course ({len(pages)} pages)": "\n".join(p.read_text() for p in pages),
        f"spec examples ({len(spec)})": "\n".join(e["markdown"] for e in spec),
        "nested book page x400": NESTED * 400,
    }


def best(parsers: list[Callable[[str], object]], text: str, repeat: int) -> list[float]:
    """The best time of each parser, their runs interleaved so machine noise hits all alike."""
    times = [float("inf")] * len(parsers)
    for _ in range(repeat):
        for index, parse in enumerate(parsers):
            start = time.perf_counter()
            parse(text)
            times[index] = min(times[index], time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    repeat = parser.parse_args().repeat
    bare = mistune.create_markdown(renderer=None)
    print("| text | size | mistune | with positions | overhead |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, text in texts().items():
        plain, ours = best([bare, parse_markdown], text, repeat)
        size = f"{len(text) / 1024:.0f} KiB"
        row = f"| {name} | {size} | {plain * 1000:.0f} ms | {ours * 1000:.0f} ms"
        print(f"{row} | {ours / plain - 1:+.0%} |")


if __name__ == "__main__":
    main()
