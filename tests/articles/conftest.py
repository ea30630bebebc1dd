import pytest

from articles.models import Platform, Source


@pytest.fixture
def mixi_and_nikkei(db):
    """A platform and a source for facts entered in the admin."""
    return (
        Platform.objects.create(name="Mixi", slug="mixi", kind=Platform.Kind.SOCIAL_NETWORK),
        Source.objects.create(name="Nikkei"),
    )
