"""The course workflow: `advance`, `new-day` and `status`, beside the linter's `check`."""
