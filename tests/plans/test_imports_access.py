"""Who reaches the import screens, diffs and exports: the mutating-view checklist for each URL.

Import screens: administrators only (anonymous → login, everyone else → 403, GET on a POST
view → 405, CSRF enforced). Diffs and exports are reading: anyone who may read the plan's
region (planners, approvers, administrators; editors for their own district), others 404.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from plans.models import ImportEvent, ImportSession
from plans.roles import EDITOR
from tests.conftest import make_plan, make_region, make_user
from tests.plans.conftest import source_path
from tests.plans.test_imports_flow import latest_session, metadata_post, upload


@pytest.fixture
def session(admin_user):
    client = Client()
    client.force_login(admin_user)
    upload(client, "002.txt", source_path("002").read_bytes())
    return latest_session()


def _get_urls(session):
    return [
        reverse("import-list"),
        reverse("import-review", args=[session.pk]),
        reverse("import-source", args=[session.pk]),
        reverse("import-audit"),
    ]


def _post_urls(session):
    return [
        reverse("import-upload"),
        reverse("import-review-save", args=[session.pk]),
        reverse("import-row-correct", args=[session.pk, 0]),
        reverse("import-discard", args=[session.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, session):
    for url in _get_urls(session) + _post_urls(session):
        response = client.post(url) if url in _post_urls(session) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


@pytest.mark.parametrize("role", ["planner", "approver", "editor_a"])
def test_users_who_are_not_administrators_get_403_everywhere(request, client, session, role):
    client.force_login(request.getfixturevalue(role))
    events = ImportEvent.objects.count()
    for url in _get_urls(session):
        assert client.get(url).status_code == 403, url
    for url in _post_urls(session):
        assert client.post(url, {"action": "publish"}).status_code == 403, url
    session.refresh_from_db()
    assert session.state == "review" and ImportEvent.objects.count() == events


def test_administrators_reach_every_screen(client, admin_user, session):
    client.force_login(admin_user)
    for url in _get_urls(session):
        assert client.get(url).status_code == 200, url


def test_a_get_on_a_mutating_view_is_405(client, admin_user, session):
    client.force_login(admin_user)
    for url in _post_urls(session):
        assert client.get(url).status_code == 405, url


def test_every_post_needs_a_csrf_token(admin_user, session):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = ImportSession.objects.count()
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(reverse("import-upload"), {"file": SimpleUploadedFile("a.txt", b"x")})
    assert response.status_code == 403
    assert ImportSession.objects.count() == before
    data = {**metadata_post(session, title="改过的标题"), "action": "publish"}
    assert client.post(reverse("import-review-save", args=[session.pk]), data).status_code == 403
    assert client.post(reverse("import-discard", args=[session.pk])).status_code == 403
    session.refresh_from_db()
    assert session.state == "review" and session.metadata["title"] != "改过的标题"


def test_with_a_csrf_token_the_upload_form_works(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    page = client.get(reverse("import-list"))
    token = page.cookies["csrftoken"].value
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("import-upload"),
        {
            "file": SimpleUploadedFile("002.txt", source_path("002").read_bytes()),
            "csrfmiddlewaretoken": token,
        },
    )
    assert response.status_code == 302
    assert latest_session().state == "review"


def test_an_unknown_session_or_row_is_404(client, admin_user, session):
    client.force_login(admin_user)
    assert client.get(reverse("import-review", args=[999999])).status_code == 404
    assert client.post(reverse("import-row-correct", args=[session.pk, 9999])).status_code == 404


def test_the_import_links_are_in_the_menu_of_administrators_only(client, admin_user, planner):
    client.force_login(admin_user)
    assert reverse("import-list") in client.get(reverse("plan-list")).content.decode()
    client.force_login(planner)
    assert reverse("import-list") not in client.get(reverse("plan-list")).content.decode()
    client.logout()
    assert reverse("import-list") not in client.get(reverse("plan-list")).content.decode()


def test_an_administrator_by_group_only_sees_the_menu_and_the_screens(client, db):
    from plans.roles import ADMINISTRATOR, roles_ensure

    roles_ensure()
    user = make_user("group_admin")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    client.force_login(user)
    assert reverse("import-list") in client.get(reverse("plan-list")).content.decode()
    assert client.get(reverse("import-list")).status_code == 200


# --------------------------------------------------------------------------- diff and export: readers


@pytest.fixture
def versions(region):
    first = make_plan(region)
    second = make_plan(region, revises=first)
    return first, second


def _reader_urls(plan):
    return [
        reverse("plan-diff", args=[plan.pk]),
        reverse("plan-export-json", args=[plan.pk]),
        reverse("plan-export-xlsx", args=[plan.pk]),
    ]


def test_planners_and_administrators_read_diffs_and_exports(client, planner, admin_user, versions):
    for user in (planner, admin_user):
        client.force_login(user)
        for url in [*_reader_urls(versions[1]), reverse("plan-versions")]:
            assert client.get(url).status_code == 200, url


def test_an_editor_reads_diffs_of_their_own_district_only(client, editor_a, versions, other_region):
    client.force_login(editor_a)
    for url in _reader_urls(versions[1]):
        assert client.get(url).status_code == 200, url
    elsewhere = make_plan(other_region)
    for url in _reader_urls(elsewhere):
        assert client.get(url).status_code == 404, url


def test_anonymous_visitors_must_log_in_to_export(client, versions):
    for url in _reader_urls(versions[1]):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_diff_against_a_plan_of_another_region_is_404(client, admin_user, versions):
    client.force_login(admin_user)
    stranger = make_plan(make_region("攀枝花市仁和区", "仁和区"))
    url = reverse("plan-diff", args=[versions[1].pk])
    assert client.get(url, {"base": stranger.pk}).status_code == 404
    assert client.get(url, {"base": "x"}).status_code == 404
    assert client.get(url, {"base": versions[0].pk}).status_code == 200


def test_exports_and_diffs_refuse_writes(client, admin_user, versions):
    client.force_login(admin_user)
    for url in _reader_urls(versions[1]):
        assert client.post(url).status_code == 405


def test_an_editor_of_the_region_is_not_an_importer(client, region, db):
    editor = make_user("someone", EDITOR, regions=[region])
    client.force_login(editor)
    assert client.get(reverse("import-list")).status_code == 403


def test_the_admin_shows_import_sessions_and_events_read_only(client, admin_user, session):
    client.force_login(admin_user)
    event = session.events.first()
    for url in [
        reverse("admin:plans_importsession_changelist"),
        reverse("admin:plans_importsession_change", args=[session.pk]),
        reverse("admin:plans_importevent_changelist"),
        reverse("admin:plans_importevent_change", args=[event.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'name="_save"' not in response.content.decode()
    assert client.get(reverse("admin:plans_importsession_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:plans_importsession_delete", args=[session.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = client.post(reverse("admin:plans_importevent_change", args=[event.pk]), {"action": "publish"})
    assert response.status_code == 403
    assert ImportSession.objects.filter(pk=session.pk).exists() and session.events.count() == 1
