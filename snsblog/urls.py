from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from snsblog import views

admin.site.site_header = "snsblog editors"
admin.site.site_title = "snsblog"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
]

if settings.BENCH_REFERENCE_VIEW:
    urlpatterns += [
        path("_bench/reference/<int:size>/", views.bench_reference, name="bench-reference")
    ]
