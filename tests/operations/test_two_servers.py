"""Two app servers behind one (imagined) load balancer, one PostgreSQL database: a person's
requests may land on either. Session, saved values, refreshed statuses and an upload awaiting
confirmation must all be visible from the other server at once (nothing kept on local disk or in
process memory)."""

from __future__ import annotations

import io
import json
import re

import pytest
from openpyxl import load_workbook

from .servers import AppServer, Browser, base_env, form_fields, manage, pg_database

CREATE_EDITOR = """
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from plans.models import Region
from plans.roles import EDITOR
user = get_user_model().objects.create_user("zhang", password="pw-for-tests-2026")
user.groups.add(Group.objects.get(name=EDITOR))
Region.objects.get(short_name="克拉玛依区").editors.add(user)
"""


@pytest.fixture(scope="module")
def two_servers(production_static):
    with pg_database("two_servers") as url:
        env = base_env(
            DJANGO_SETTINGS_MODULE="config.settings.production",
            DATABASE_URL=url,
            DJANGO_STATIC_ROOT=str(production_static),
            CACHE_URL="db",  # the documented multi-server cache: a table in the shared database
        )
        manage("migrate", "--noinput", env=env)
        manage("createcachetable", env=env)
        manage("load_seed", env=env)
        manage("shell", "-c", CREATE_EDITOR, env=env)
        with AppServer(env) as first, AppServer(env) as second:
            yield first, second


def _entry_target(browser):
    index = browser.get("/entry/")[2].decode()
    pairs = {(int(r), int(y)) for r, y in re.findall(r'href="/entry/(\d+)/(\d{4})/"', index)}
    return max(pairs, key=lambda pair: pair[1])


def test_a_value_saved_on_one_server_is_read_with_its_status_on_the_other(two_servers):
    first, second = two_servers
    on_first = Browser(first.port)
    on_first.login("zhang", "pw-for-tests-2026")
    on_second = on_first.with_port(second.port)  # the same browser, balanced to the other server
    region_id, year = _entry_target(on_first)
    path = f"/entry/{region_id}/{year}/"
    html = on_second.get(path)[2].decode()  # the session made on the first server works here
    key = re.findall(r'name="v_(i\d+)"', html)[0]
    fields = [(k, v) for k, v in form_fields(html, 'id="entry-form"') if k not in (f"v_{key}", f"c_{key}")]
    status, _headers, _body = on_first.post(path, [*fields, (f"v_{key}", "77.7"), (f"c_{key}", "两台服务器")])
    assert status == 302, _body[:500]

    status, _h, body = on_second.get(f"/api/regions/{region_id}/values/?year={year}")
    assert status == 200
    payload = json.loads(body)
    saved = [v for v in payload["values"] if v["value"] == "77.7" and v["updated_by"] == "zhang"]
    assert len(saved) == 1 and saved[0]["year"] == year
    code = saved[0]["indicator_code"]
    refreshed = [s for s in payload["statuses"] if s["indicator_code"] == code and s["latest_year"] == year]
    assert refreshed and all(s["latest_value"] == "77.7" for s in refreshed)


def test_the_cache_lives_in_the_shared_database(two_servers):
    import psycopg2

    first, second = two_servers
    anonymous = Browser(first.port)
    html = anonymous.get("/plans/1/")[2].decode()
    assert "/plans/1/chapters/" in html
    with psycopg2.connect(first.env["DATABASE_URL"]) as db, db.cursor() as cur:
        cur.execute("SELECT count(*) FROM django_cache WHERE cache_key LIKE %s", ("%plan-document%",))
        assert cur.fetchone()[0] >= 1  # written by the first server, where the second reads it
    db.close()
    assert anonymous.with_port(second.port).get("/plans/1/")[2].decode().count("/chapters/") == html.count(
        "/chapters/"
    )


def test_an_upload_previewed_on_one_server_is_confirmed_on_the_other(two_servers):
    first, second = two_servers
    on_first = Browser(first.port)
    on_first.login("zhang", "pw-for-tests-2026")
    on_second = on_first.with_port(second.port)
    region_id, year = _entry_target(on_first)
    status, _h, template = on_second.get(f"/entry/{region_id}/template.xlsx?year={year}")
    assert status == 200
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.active
    header_row = next(row for row in sheet.iter_rows() if any(c.value == "数值" for c in row))
    column = {cell.value: cell.column for cell in header_row}
    first_data = header_row[0].row + 1
    sheet.cell(first_data, column["数值"], 66.6)
    sheet.cell(first_data, column["备注"], "两台服务器上传")
    code = sheet.cell(first_data, column["指标编码"]).value
    upload = io.BytesIO()
    workbook.save(upload)

    on_first.get(f"/entry/{region_id}/upload/")
    status, headers, body = on_first.post(
        f"/entry/{region_id}/upload/", {}, files={"file": ("values.xlsx", upload.getvalue())}
    )
    assert status == 302, body[:800]
    preview = headers["Location"]
    batch = re.search(r"/entry/uploads/(\d+)/", preview).group(1)
    assert "66.6" in on_second.get(f"/entry/uploads/{batch}/")[2].decode()  # preview read on the other server
    status, _h, body = on_second.post(f"/entry/uploads/{batch}/confirm/", {})
    assert status == 302, body[:800]

    values = json.loads(on_first.get(f"/api/regions/{region_id}/values/?year={year}")[2])["values"]
    assert any(
        v["indicator_code"] == code and v["value"] == "66.6" and v["source"] == "uploaded" for v in values
    )
