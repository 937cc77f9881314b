import pytest


@pytest.fixture(scope="module")
def _national_divisions(django_db_setup, django_db_blocker):
    """The whole national list (≈3,200 divisions) loaded once per test module, removed afterwards."""
    from divisions.models import Division
    from divisions.services import divisions_load

    with django_db_blocker.unblock():
        counts = divisions_load()
    yield counts
    with django_db_blocker.unblock():
        Division.objects.all().delete()


@pytest.fixture
def divisions_loaded(_national_divisions, db):
    return _national_divisions
