"""Code blocks in Markdown: extraction, and the batched build and run of Go snippets."""
