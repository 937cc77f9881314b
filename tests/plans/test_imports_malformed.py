"""Malformed and hostile uploads: each gets a clear message, is logged as refused, and creates nothing.

"Nothing" means no plan data (regions, plans, chapters, rows, catalog entries, values, projects);
the refusal itself is recorded as a rejected import session with its reason.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from plans.imports.gates import unresolved_warnings
from plans.models import ImportEvent, ImportSession, Plan
from tests.plans.conftest import source_path
from tests.plans.test_docx import document_xml, rezip, seed_docx, seed_text, small_docx
from tests.plans.test_imports_flow import flow_publish, latest_session, metadata_post, publish, upload

PLAN_MODELS = [
    ("plans", "Region"),
    ("plans", "Plan"),
    ("plans", "Chapter"),
    ("indicators", "Indicator"),
    ("indicators", "PlanIndicator"),
    ("indicators", "Target"),
    ("indicators", "IndicatorValue"),
    ("indicators", "ValueChange"),
    ("projects", "KeyProject"),
]


def plan_data_counts() -> dict[str, int]:
    return {name: apps.get_model(app, name).objects.count() for app, name in PLAN_MODELS}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def _with_prologue(prologue: str) -> bytes:
    data = small_docx("第一章 发展基础")
    xml = document_xml(data).decode()
    return rezip(data, replace={"word/document.xml": (prologue + xml[xml.index("<w:document") :]).encode()})


NOISE = bytes((i * 73 + 41) % 256 for i in range(4096))  # deterministic "random" bytes

MALFORMED = [
    ("empty.txt", b"", "文件为空"),
    ("blank.txt", b" \n\t\r\n  ", "没有文字内容"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + NOISE, "PNG 图片"),
    ("noise.txt", NOISE, "不是文本"),
    ("noise.docx", NOISE, "不是文本"),
    ("scan.docx", b"%PDF-1.4\n" + NOISE, "PDF"),
    ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + NOISE, ".doc"),
    ("random.docx", _zip({"random.bin": NOISE}), "不是 Word 文档"),
    ("broken.docx", b"PK\x03\x04" + NOISE, "文件已损坏"),
    ("sheet.docx", _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "Excel"),
    (
        "doctype.docx",
        _with_prologue('<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY a "b">]>\n'),
        "实体定义",
    ),
    (
        "xxe.docx",
        _with_prologue(
            '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        ),
        "实体定义",
    ),
    ("bomb.docx", rezip(small_docx("正文"), add={"word/media/z.bin": bytes(16 * 1024 * 1024)}), "压缩"),
    ("entities.txt", b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><lolz>&lol;</lolz>', "XML"),
    ("page.txt", "<!DOCTYPE html><html><head><title>规划</title></head></html>".encode(), "HTML"),
    ("utf16-no-bom.txt", "规划正文".encode("utf-16-le"), "不是文本"),
]


@pytest.mark.parametrize(("name", "data", "words"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_a_malformed_upload_gets_a_clear_message_is_logged_and_creates_nothing(
    client, admin_user, name, data, words
):
    client.force_login(admin_user)
    before = plan_data_counts()

    response = upload(client, name, data)

    assert response.status_code == 302 and response["Location"] == reverse("import-list")
    page = client.get(response["Location"]).content.decode()
    session = latest_session()
    assert session.state == ImportSession.State.REJECTED
    assert words in session.reject_reason and "\n" not in session.reject_reason
    assert session.file_name == name and session.uploaded_by == admin_user
    assert session.file_size == len(data)
    if data.startswith(b"PK"):
        assert session.file_kind == "docx"  # judged by content
    assert f"“{name}”未导入" in page and words in page
    event = session.events.get()
    assert (event.action, event.user, event.detail["reason"]) == ("reject", admin_user, session.reject_reason)
    assert plan_data_counts() == before


def test_an_oversized_file_is_refused_by_its_size_before_it_is_read(client, admin_user, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    client.force_login(admin_user)
    before = plan_data_counts()
    response = upload(client, "big.txt", source_path("002").read_bytes())  # 58 KB of valid text
    assert response.status_code == 302
    session = latest_session()
    assert session.state == "rejected" and "文件过大" in session.reject_reason
    assert session.file_size > 10_000
    assert "文件过大" in client.get(reverse("import-list")).content.decode()
    assert plan_data_counts() == before


def test_a_file_at_the_size_limit_is_accepted(client, admin_user, settings):
    data = source_path("002").read_bytes()
    settings.UPLOAD_MAX_BYTES = len(data)
    client.force_login(admin_user)
    upload(client, "002.txt", data)
    assert latest_session().state == "review"


@pytest.mark.parametrize(
    ("codec", "encoding"), [("gb18030", "gb18030"), ("gbk", "gb18030"), ("utf-16", "utf-16")]
)
def test_gbk_and_utf16_text_imports_like_utf8(client, admin_user, codec, encoding):
    client.force_login(admin_user)
    plan = flow_publish(client, f"003-{codec}.txt", seed_text("003").encode(codec))
    assert plan.source_encoding == encoding
    assert plan.title == "攀枝花市仁和区“十四五”卫生健康发展规划"
    assert plan.indicator_rows.count() == 22 and plan.key_projects.count() == 10


def test_crlf_text_with_a_bom_imports(client, admin_user):
    client.force_login(admin_user)
    data = b"\xef\xbb\xbf" + seed_text("002").replace("\n", "\r\n").encode()
    plan = flow_publish(client, "002-crlf.txt", data)
    assert plan.indicator_rows.count() == 24


def test_a_very_long_line_is_parsed_in_bounded_time_and_cannot_publish_without_metadata(client, admin_user):
    client.force_login(admin_user)
    data = ("卫生健康" * 250_000 + "\n第一章 总则\n正文。\n").encode()  # a 3 MB line
    before = plan_data_counts()
    upload(client, "long.txt", data)
    session = latest_session()
    assert session.state == "review"
    response = publish(client, session)
    assert response.status_code == 200  # the form asks for what is missing
    assert "请填写规划标题" in response.content.decode()
    assert plan_data_counts() == before


def test_an_overlong_indicator_name_is_flagged_refused_at_publish_and_fixable(client, admin_user):
    client.force_login(admin_user)
    text = seed_text("002")
    original = "人均预期寿命(岁)"
    assert original in text
    upload(client, "002-long.txt", text.replace(original, "超长指标名称" * 60, 1).encode())
    session = latest_session()
    index = next(i for i, r in enumerate(session.document["indicators"]) if r["name"].startswith("超长"))
    page = client.get(reverse("import-review", args=[session.pk])).content.decode()
    assert "指标名称超过 200 字" in page

    before = plan_data_counts()
    response = publish(client, session)
    assert response.status_code == 302 and response["Location"] == reverse("import-review", args=[session.pk])
    assert "未发布" in client.get(response["Location"]).content.decode()
    assert plan_data_counts() == before
    session.refresh_from_db()
    assert session.state == "review"

    row = session.document["indicators"][index]
    fields = {
        f"row{index}-name": original,
        f"row{index}-unit": "岁",
        f"row{index}-nature": row["nature"] or "",
    }
    fields.update({f"row{index}-cell_{year}": raw for year, raw in row["cells"].items()})
    client.post(reverse("import-row-correct", args=[session.pk, index]), fields)
    session.refresh_from_db()
    assert publish(client, session).status_code == 302
    session.refresh_from_db()
    assert session.published_plan.indicator_rows.get(order=index).name == original


HOSTILE_TITLE = '<script>alert("t")</script>示范区卫生健康“十四五”发展规划'
HOSTILE_NAME = "<img src=x onerror=alert(1)>人均预期寿命"
HOSTILE_TEXT = f"""{HOSTILE_TITLE}

第一章 发展基础
<b>粗体</b>正文。
表1 主要指标
领域\t主要指标\t单位\t2020年\t2025年\t性质
健康水平\t{HOSTILE_NAME}\t岁\t79\t<script>80</script>\t预期性
第二章 保障措施
专栏1 <i>重点</i>工程
1.<script>alert(2)</script>建设项目。
"""


def _assert_escaped(html: str) -> None:
    for raw in ("<script>alert", "<img src=x", "<imgsrc=x", "<i>重点", "<b>evil", "<b>粗体"):
        assert raw not in html


def test_html_and_script_in_titles_and_names_are_always_shown_escaped(client, admin_user):
    client.force_login(admin_user)
    upload(client, "<b>evil.txt", HOSTILE_TEXT.encode())
    session = latest_session()
    assert session.state == "review"
    review_page = client.get(reverse("import-review", args=[session.pk])).content.decode()
    _assert_escaped(review_page)
    assert "&lt;imgsrc=xonerror=alert(1)&gt;人均预期寿命" in review_page  # names lose their spaces
    assert "&lt;b&gt;evil.txt" in review_page
    _assert_escaped(client.get(reverse("import-source", args=[session.pk])).content.decode())

    # `<script>80</script>` is no value: the warning must be acknowledged before publishing.
    unresolved = [w["index"] for w in unresolved_warnings(session.document)]
    assert unresolved
    client.post(reverse("import-warnings-ack", args=[session.pk]), {"ack": unresolved})
    session.refresh_from_db()
    response = publish(
        client, session, title=HOSTILE_TITLE, region="示范市示范区", period_start=2021, period_end=2025
    )
    assert response.status_code == 302
    session.refresh_from_db()
    plan = session.published_plan
    assert plan.title == HOSTILE_TITLE
    for url in [
        reverse("plan-list"),
        reverse("plan-detail", args=[plan.pk]),
        reverse("plan-versions"),
        reverse("import-list"),
        reverse("import-review", args=[session.pk]),
        reverse("import-audit"),
    ]:
        html = client.get(url).content.decode()
        _assert_escaped(html)
    assert (
        "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;示范区"
        in client.get(reverse("plan-list")).content.decode()
    )


def test_a_hostile_file_name_in_a_refusal_message_is_escaped(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, "<img src=x onerror=alert(1)>.txt", b"")
    page = client.get(response["Location"]).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    _assert_escaped(page)


def test_a_file_name_with_directories_is_reduced_to_its_base_name(client, admin_user):
    client.force_login(admin_user)
    upload(client, "../../etc/passwd", b"")
    assert latest_session().file_name == "passwd"


def test_a_docx_with_a_text_extension_is_still_read_as_word(client, admin_user):
    client.force_login(admin_user)
    plan = flow_publish(client, "002-renamed.txt", seed_docx("002"))
    assert plan.source_encoding == "docx"
    assert ImportSession.objects.get(published_plan=plan).file_kind == "docx"


def test_no_refusal_leaves_a_plan_or_an_open_session_behind(client, admin_user):
    client.force_login(admin_user)
    for name, data, _words in MALFORMED[:5]:
        upload(client, name, data)
    assert Plan.objects.count() == 0
    assert not ImportSession.objects.exclude(state="rejected").exists()
    assert ImportEvent.objects.filter(action="reject").count() == 5


def test_publishing_without_a_region_gives_a_clear_message(client, admin_user):
    client.force_login(admin_user)
    upload(client, "notitle.txt", "第一章 总则\n正文。\n".encode())
    session = latest_session()
    data = {**metadata_post(session, title="某规划"), "action": "publish"}
    data["region"] = ""
    response = client.post(reverse("import-review-save", args=[session.pk]), data)
    assert response.status_code == 200 and "请填写地区全称" in response.content.decode()
    assert Plan.objects.count() == 0
