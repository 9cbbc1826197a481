"""Learning portal generator: review and bulletin YAML → Markdown pages for MkDocs."""
