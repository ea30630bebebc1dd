import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_purge_forgets_old_addresses_only(approved, settings):
    settings.COMMENTS_IP_RETENTION_DAYS = 60
    old = approved("old", ip_address="203.0.113.5", user_agent="Browser/1")
    new = approved("new", ip_address="203.0.113.6", user_agent="Browser/2")
    Comment.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=61)
    )
    out = io.StringIO()
    call_command("purge_comment_ips", stdout=out)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("203.0.113.6", "Browser/2")
    assert old.body == "old"
    assert "of 1 comments older than 60 days" in out.getvalue()
