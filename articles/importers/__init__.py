"""The importers: what reads articles and comments made elsewhere.

One module per source format: `wordpress` reads a WordPress export (WXR), `disqus`
reads a Disqus export's elements and finds the article a thread was on, `text` reads
a plain-text post, and `common` holds what they share (the summary an import ends
with, slugs, author accounts, the comments they read, as records). They save
articles; comments/importers.py saves the comments. The commands that drive a whole
import, which span both apps, are the project's: snsblog/management/commands
(import_wordpress, import_disqus, export_wordpress); articles' own load_seed and
import_text use the plain-text reader. Importers may import the articles' models and
snsblog's text helpers, never the comments app; only management commands and
comments/importers.py import an importer.
"""
