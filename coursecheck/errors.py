"""The one fatal error type: caught in `main` and turned into exit code 2."""


class FatalError(Exception):
    """A usage, configuration or environment problem that stops the run."""
