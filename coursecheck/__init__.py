"""coursecheck: a linter for Markdown courses with Go snippets."""

__version__ = "0.1.0"
