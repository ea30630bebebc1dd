from django.urls import path

from comments import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:article_id>/", views.post_comment, name="post"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("articles/<str:slug>/comments/feed/", feeds.ArticleCommentsFeed(), name="article-feed"),
]
