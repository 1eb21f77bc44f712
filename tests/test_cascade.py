"""cascade.fold, the stage between the rules and the filters: what follows from a root cause.

The acceptance cases tests/fixtures/cases/cascade-*/ run it on real courses; these hold its
bookkeeping to its word: transitive roots, cycles, several roots, other files, no roots.
"""

from __future__ import annotations

from pathlib import Path

from coursecheck.cascade import Hit, fold
from coursecheck.diagnostics import Finding
from coursecheck.preconditions import Precondition, chain, floor, modules, text

PAGE = Path("days/day-01.md")
OTHER = Path("days/day-02.md")


def hit(
    code: str,
    line: int,
    path: Path = PAGE,
    needs: tuple[Precondition, ...] = (),
    breaks: tuple[Precondition, ...] = (),
) -> Hit:
    return code, Finding(path, line, 1, f"{code} here", needs=needs, breaks=breaks)


def messages(hits: list[Hit]) -> list[str]:
    return [f"{f.path.name}:{f.line} {f.message}" for _, f in hits]


def everything(code: str, finding: Finding) -> bool:
    return True


def posix(path: Path) -> str:
    return path.as_posix()


def test_without_roots_nothing_changes() -> None:
    hits = [hit("ST001", 1, needs=(text(PAGE),)), hit("GO001", 3)]
    assert fold(hits, everything, posix) == hits


def test_a_reported_root_counts_what_it_stands_for_here_then_elsewhere() -> None:
    hits = [
        hit("LK002", 9, OTHER, needs=(text(PAGE),)),
        hit("FM002", 1, breaks=(text(PAGE, 2),)),
        hit("ST001", 1, needs=(text(PAGE),)),
        hit("ST001", 2, needs=(text(PAGE),)),
        hit("ST003", 30, needs=(text(PAGE),)),
        hit("GO001", 12, OTHER, needs=(text(OTHER, 12, 12),)),  # another page: not its business
    ]
    assert messages(fold(hits, everything, posix)) == [
        "day-01.md:1 FM002 here (what follows from it is not reported: 2 ST001, 1 ST003, "
        "1 LK002 in days/day-02.md)",
        "day-02.md:12 GO001 here",
    ]


def test_a_code_found_in_several_other_files_is_counted_once_for_them() -> None:
    # One manifest floor past the toolchain stood for 31 modules: 31 "in <file>" parts.
    manifest, third = Path("course.yaml"), Path("days/day-03.md")
    below = (floor(manifest),)
    hits = [
        hit("GO022", 7, manifest, breaks=below),
        hit("GO021", 8, PAGE, needs=below),
        hit("GO021", 8, OTHER, needs=below),
        hit("GO021", 8, third, needs=below),
        hit("LK002", 9, OTHER, needs=below),
    ]
    assert messages(fold(hits, everything, posix)) == [
        "course.yaml:7 GO022 here (what follows from it is not reported: 3 GO021 in 3 files, "
        "1 LK002 in days/day-02.md)"
    ]


def test_a_region_covers_only_its_lines() -> None:
    hits = [
        hit("GO011", 10, breaks=(text(PAGE, 11),)),
        hit("GO001", 4, needs=(text(PAGE, 4, 4),)),  # above the unclosed fence: its own mistake
        hit("GO001", 11, needs=(text(PAGE, 11, 11),)),
        hit("GO001", 20, needs=(text(PAGE, 19, 21),)),
    ]
    assert messages(fold(hits, everything, posix)) == [
        "day-01.md:10 GO011 here (what follows from it is not reported: 2 GO001)",
        "day-01.md:4 GO001 here",
    ]


def test_an_unreported_root_leaves_its_dependants_saying_what_they_follow_from() -> None:
    root = hit("ST010", 5, Path("course.yaml"), breaks=(modules(Path("course.yaml")),))
    dependant = hit("RM006", 12, Path("README.md"), needs=(modules(Path("course.yaml")),))

    def all_but_the_root(code: str, finding: Finding) -> bool:
        return code != "ST010"

    assert messages(fold([root, dependant], all_but_the_root, posix)) == [
        "course.yaml:5 ST010 here",
        "README.md:12 RM006 here (follows from ST010 at course.yaml:5)",
    ]


def test_roots_that_follow_from_a_root_fold_into_the_first_cause() -> None:
    hits = [
        hit("FM002", 1, breaks=(text(PAGE, 2),)),
        # A root inside what the first one swallowed: its own dependants are the first's too.
        hit("GO001", 20, needs=(text(PAGE, 20, 20),), breaks=(chain(PAGE, 20),)),
        hit("GO001", 22, needs=(chain(PAGE, 20),)),
    ]
    assert messages(fold(hits, everything, posix)) == [
        "day-01.md:1 FM002 here (what follows from it is not reported: 2 GO001)"
    ]


def test_when_the_first_cause_is_hidden_the_dependant_names_it() -> None:
    hits = [
        hit("FM002", 1, breaks=(text(PAGE, 2),)),
        hit("GO001", 20, needs=(text(PAGE, 20, 20),), breaks=(chain(PAGE, 20),)),
        hit("GO001", 22, needs=(chain(PAGE, 20),)),
    ]

    def not_fm(code: str, finding: Finding) -> bool:
        return code != "FM002"

    assert messages(fold(hits, not_fm, posix)) == [
        "day-01.md:1 FM002 here",
        "day-01.md:20 GO001 here (follows from FM002 at line 1)",
        "day-01.md:22 GO001 here (follows from FM002 at line 1)",
    ]


def test_roots_that_break_each_others_needs_do_not_loop() -> None:
    a, b = chain(PAGE, 1), chain(PAGE, 2)
    hits = [hit("GO001", 1, needs=(b,), breaks=(a,)), hit("GO001", 2, needs=(a,), breaks=(b,))]
    folded = fold(hits, everything, posix)
    assert (
        len(folded) == 1
        and "(what follows from it is not reported: 1 GO001)" in messages(folded)[0]
    )


def test_a_link_target_spelt_another_way_is_the_same_page() -> None:
    spelt = Path("days/../days/day-01.md")
    hits = [hit("FM001", 1, breaks=(text(PAGE),)), hit("LK002", 3, OTHER, needs=(text(spelt),))]
    assert messages(fold(hits, everything, posix)) == [
        "day-01.md:1 FM001 here (what follows from it is not reported: 1 LK002 in days/day-02.md)"
    ]


def test_the_count_leaves_out_what_the_filters_drop_and_counts_a_repeat_once() -> None:
    hits = [
        hit("FM001", 1, breaks=(text(PAGE),)),
        hit("ST001", 1, needs=(text(PAGE),)),
        hit("ST001", 1, needs=(text(PAGE),)),  # the same finding twice: the report shows one
        hit("LK002", 3, OTHER, needs=(text(PAGE),)),
    ]

    def no_links(code: str, finding: Finding) -> bool:
        return code != "LK002"

    assert messages(fold(hits, no_links, posix)) == [
        "day-01.md:1 FM001 here (what follows from it is not reported: 1 ST001)"
    ]
