"""Terminal front ends of bitextual: the command line (``tui.cli``) and the review app.

Importing this package must stay cheap: Textual is imported only by the review app.
"""
