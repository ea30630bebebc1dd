"""The “Editors” group: exactly the permissions editors need, kept in step by migrate."""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

EDITORS_GROUP = "Editors"

# (app label, model) pairs that editors fully manage: add, change, delete and view.
EDITOR_MODELS = [
    ("articles", "article"),
    ("articles", "comparison"),
    ("articles", "fact"),
    ("articles", "metric"),
    ("articles", "platform"),
    ("articles", "proposal"),
    ("articles", "source"),
    ("taggit", "tag"),
    ("taggit", "taggeditem"),
    ("comments", "comment"),
]


def editor_permissions(using: str = "default") -> list[Permission]:
    query = Q(pk__in=[])
    for app_label, model in EDITOR_MODELS:
        query |= Q(content_type__app_label=app_label, content_type__model=model)
    return list(Permission.objects.using(using).filter(query))


def sync_editors_group(using: str = "default") -> Group:
    """Create the Editors group if needed and give it exactly the editor permissions."""
    group, _ = Group.objects.using(using).get_or_create(name=EDITORS_GROUP)
    group.permissions.set(editor_permissions(using))
    return group


def sync_editors_group_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Runs after each app's post_migrate, so the last run sees every permission."""
    sync_editors_group(using)
