from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CommentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "comments"

    def ready(self) -> None:
        from articles.cache import bump_comments
        from comments.models import Comment

        def comment_changed(sender, instance: Comment, **kwargs) -> None:
            bump_comments([instance.article_id])

        post_save.connect(comment_changed, sender=Comment, dispatch_uid="comments.changed")
        post_delete.connect(comment_changed, sender=Comment, dispatch_uid="comments.deleted")
