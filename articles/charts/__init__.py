"""Facts drawn: the SVG charts on the article, platform and metric pages, and the
share card's PNG.

`layout` chooses what to draw for a set of facts and computes every coordinate
(templates/articles/charts/ only print them); `timelines` compares one platform's
facts across articles (a timeline per metric, and where sources disagree); `cards`
draws the share card with Pillow from the same chart data, in the IPAex Gothic font
shipped in articles/fonts/. The room imports the articles' models and formatting;
the pages, views and admin import it.
"""
