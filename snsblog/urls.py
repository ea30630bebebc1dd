from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from snsblog import health, views

admin.site.site_header = _("snsblog editors")
admin.site.site_title = "snsblog"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("language/<str:code>/", views.choose_language, name="choose-language"),
]
# English without a prefix (every address the site had before Japanese), Japanese
# under /ja/: snsblog/languages.py.
urlpatterns += i18n_patterns(
    path("", include("articles.urls")),
    path("", include("comments.urls")),
    prefix_default_language=False,
)

if settings.BENCH_REFERENCE_VIEW:
    urlpatterns += [
        path("_bench/reference/<int:size>/", views.bench_reference, name="bench-reference")
    ]
