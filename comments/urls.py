from django.urls import path

from comments import feeds, views

app_name = "comments"

urlpatterns = [
    path("comments/post/<int:article_id>/", views.post_comment, name="post"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("privacy/", views.privacy, name="privacy"),
    path("comments/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("articles/<str:slug>/comments/feed/", feeds.ArticleCommentsFeed(), name="article-feed"),
]
