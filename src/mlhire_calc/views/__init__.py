"""Views: turn core results into Reports (a JSON document, tables and notes).

One module per command, so a command loads only its own view.
"""
