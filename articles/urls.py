from django.urls import path

from articles import api, feeds, views
from articles.corrections import views as corrections

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<str:slug>/", views.article_detail, name="detail"),
    path("articles/<str:slug>/card.png", views.article_card, name="card"),
    path("card.png", views.site_card, name="site-card"),
    path(
        "articles/<str:slug>/facts.csv",
        views.article_facts,
        {"file_format": "csv"},
        name="facts-csv",
    ),
    path(
        "articles/<str:slug>/facts.json",
        views.article_facts,
        {"file_format": "json"},
        name="facts-json",
    ),
    path(
        "platforms/<str:slug>/facts.csv",
        views.platform_facts,
        {"file_format": "csv"},
        name="platform-facts-csv",
    ),
    path(
        "platforms/<str:slug>/facts.json",
        views.platform_facts,
        {"file_format": "json"},
        name="platform-facts-json",
    ),
    path("facts.csv", views.all_facts, {"file_format": "csv"}, name="all-facts-csv"),
    path("facts.json", views.all_facts, {"file_format": "json"}, name="all-facts-json"),
    path("facts/<int:pk>/correct/", corrections.propose, name="propose"),
    path("search/", views.search, name="search"),
    path("api/articles/", api.articles, name="api-articles"),
    path("api/articles/<str:slug>/", api.article, name="api-article"),
    path("api/tags/", api.tags, name="api-tags"),
    path("api/platforms/", api.platforms, name="api-platforms"),
    path("api/facts/", api.facts, name="api-facts"),
    path("archive/", views.archive, name="archive"),
    path("archive/<int:year>/", views.archive, name="archive-year"),
    path("archive/<int:year>/<int:month>/", views.archive, name="archive-month"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
    path("tags/", views.tag_list, name="tags"),
    path("platforms/", views.platform_list, name="platforms"),
    path("tags/<str:slug>/", views.tag_detail, name="tag"),
    path("tags/<str:slug>/feed/", feeds.TagArticlesFeed(), name="tag-feed"),
    path("tags/<str:slug>/feed/atom/", feeds.TagArticlesAtomFeed(), name="tag-feed-atom"),
    path("platforms/<str:slug>/", views.platform_detail, name="platform"),
    path("metrics/", views.metric_list, name="metrics"),
    path("metrics/<str:slug>/", views.metric_detail, name="metric"),
    path(
        "<int:year>/<int:month>/<int:day>/<str:slug>/",
        views.wordpress_permalink,
        name="wordpress-permalink",
    ),
]
