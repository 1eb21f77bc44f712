"""The one fatal error type: caught in `main` and turned into exit code 2."""


class FatalError(Exception):
    """A usage, configuration or environment problem that stops the run.

    `detail` is what the failing tool said (its stderr): the CLI shows it with --verbose only,
    so the error itself stays one line."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


def printable(text: str) -> str:
    """The text with any lone surrogate (a YAML escape, a file name that is not UTF-8) written
    as an escape, so that every output format and stream can encode it."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")
