"""Everything coursecheck keeps between runs, and what may be kept.

Three caches, all in the project's cache folder (`.coursecheck_cache/` at the project root,
folder.py), all signed with the per-user key (signing.py, peruser.py) and read back through
shape checks:

- the whole-run cache (whole_run.py): a `check` whose every input is unchanged is answered
  with its stored diagnostics, without parsing the course;
- the per-page cache (pages.py): each page's model and page-local findings, by the page's
  bytes, so a check after a one-page edit parses and checks that page alone;
- the snippet verdict cache (snippet_verdicts.py): the stage results (check, vet, run, test)
  of one Go build unit, by the content of its snippets, so a changed course rebuilds only
  the snippets that changed.

They are keyed by the same toolchain identity (identity.py) and obey one rule of what may be
kept (policy.py): nothing the machine may have decided (a timeout, a crash, a fault, chance).
"""
