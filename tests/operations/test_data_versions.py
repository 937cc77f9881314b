"""Data version stamps: renewed inside the writer's transaction, never handed out twice."""

import pytest
from django.db import transaction

from operations.versions import data_version, data_version_bump

pytestmark = pytest.mark.django_db


def test_a_bump_renews_the_stamp_and_readers_see_it():
    assert data_version("example") == ""
    first = data_version_bump("example")
    assert data_version("example") == first
    second = data_version_bump("example")
    assert second != first and data_version("example") == second
    assert data_version("never-written") == ""


def test_a_rolled_back_write_leaves_the_stamp_and_its_stamp_never_comes_back():
    kept = data_version_bump("example")
    with transaction.atomic():
        lost = data_version_bump("example")
        transaction.set_rollback(True)
    assert data_version("example") == kept
    assert data_version_bump("example") not in {kept, lost}
