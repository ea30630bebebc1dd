from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from articles import receivers
        from articles.editors import sync_editors_group_after_migrate
        from snsblog import site  # noqa: F401 (registers the SITE_URL deploy check)

        post_migrate.connect(
            sync_editors_group_after_migrate, weak=False, dispatch_uid="articles.editors"
        )
        receivers.connect()
