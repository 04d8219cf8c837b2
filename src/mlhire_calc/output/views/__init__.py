"""Views: turn core results into Reports (one versioned document, and the functions
that derive tables, flat CSV rows and notes from it).

One module per command, so a command loads only its own view.
"""
