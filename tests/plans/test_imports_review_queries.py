"""The review screen costs the same number of queries however many rows, warnings and projects."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.plans.conftest import source_path
from tests.plans.test_imports_flow import latest_session, upload

SMALL = "某某市某某区卫生健康“十四五”规划\n\n第一章 主要指标\n领域\t指标\t2025年\n健康水平\t人均预期寿命（岁）\t80\n"


def _queries(client, session) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("import-review", args=[session.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_review_page_queries_do_not_grow_with_the_document(client, admin_user):
    client.force_login(admin_user)
    upload(client, "small.txt", SMALL.encode())
    small = _queries(client, latest_session())
    upload(client, "001.txt", source_path("001").read_bytes())  # 19 rows, 14 key projects, warnings
    large = _queries(client, latest_session())
    assert large == small
