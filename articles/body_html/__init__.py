"""An article's body as readers get it: safe HTML, rendered once when the article is
saved (articles/models/articles.py).

`render` turns the body into HTML by its format (Markdown for articles written here,
HTML as WordPress writes it for imported ones) and sanitises it; `wordpress` does
what WordPress does to a post before showing it (paragraphs, `[caption]` and
`[gallery]`, the `<!--more-->` split). The room imports no model: the models use it.
"""
