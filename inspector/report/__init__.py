"""Renderers of the Report (JSON, text, HTML), their shared wording, and the JSON Schema."""
