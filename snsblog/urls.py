from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "snsblog editors"
admin.site.site_title = "snsblog"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
    path("", include("comments.urls")),
]
