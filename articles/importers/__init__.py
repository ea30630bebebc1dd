"""The importers: what brings articles and comments made elsewhere into the site.

One module per source format: `wordpress` reads a WordPress export (WXR), `disqus`
reads a Disqus export's elements and finds the article a thread was on, `text` reads
a plain-text post, and `common` holds what they share (the summary an import ends
with, slugs, author accounts, comments that keep their identity at the source). The
management commands in articles/management/commands drive them. Importers may import
the models of articles and comments and snsblog's text helpers; nothing but the
management commands imports an importer.
"""
