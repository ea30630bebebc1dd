"""Readers' corrections of facts and editors' decisions on them.

A reader proposes a correction beside any fact (`views`: the form's page,
/facts/<id>/correct/, which works without JavaScript; `forms`: the form, with every
protection of the comment form, snsblog/guard.py); an editor accepts or rejects it
in the admin (`review`), which edits the fact (kept in its history) and tells the
comments app, which emails the reader (articles/signals.py). The proposals
themselves are a model: articles/models/proposals.py. This room imports the
articles' models and forms and snsblog's helpers; the admin and the URLs import it.
"""
