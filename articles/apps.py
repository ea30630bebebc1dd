from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self) -> None:
        from articles.cache import connect_signals
        from articles.editors import sync_editors_group_after_migrate
        from articles.search import connect_signals as connect_search_signals

        post_migrate.connect(sync_editors_group_after_migrate)
        connect_signals()
        connect_search_signals()
