"""The Report model and its renderings (JSON, text, HTML) and the verdict."""
