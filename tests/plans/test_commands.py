"""``parse_plan``, ``import_plan`` and fixture regeneration, as an administrator runs them.

Exit codes and stderr are checked in a real ``manage.py`` process (a few runs: they are
slow); the rest goes through ``call_command``.
"""

import codecs
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from plans.seed import PLANS_DIR, SOURCES_DIR, seed_fixtures_regenerate

SEEDS = ["000", "001", "002", "003", "004"]
MANAGE = Path(settings.BASE_DIR) / "manage.py"


def source(prefix: str) -> Path:
    (path,) = SOURCES_DIR.glob(f"{prefix}_*.txt")
    return path


def committed_fixture(prefix: str) -> Path:
    (path,) = PLANS_DIR.glob(f"{prefix}_*.json")
    return path


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for label in ("plans", "indicators", "projects")
        for model in apps.get_app_config(label).get_models()
    }


def call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def call_failing(*args) -> tuple[int, str]:
    """Run a command expected to exit; return its exit code and stderr."""
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(*args, stdout=StringIO(), stderr=err)
    return exit_info.value.code, err.getvalue()


def manage(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        check=False,
    )


# --------------------------------------------------------------------------- parse_plan


@pytest.mark.parametrize("prefix", SEEDS)
def test_parse_plan_prints_the_interchange_document_and_writes_nothing(db, prefix):
    before = counts()

    document = json.loads(call("parse_plan", str(source(prefix)), "--format", "json"))

    assert (document["format"], document["version"]) == ("plan-interchange", 1)
    assert set(document) == {
        "format",
        "version",
        "source",
        "plan",
        "chapters",
        "indicators",
        "key_projects",
        "warnings",
    }
    assert document == json.loads(committed_fixture(prefix).read_text(encoding="utf-8"))
    assert counts() == before


@pytest.mark.parametrize(
    ("encode", "encoding"),
    [
        (lambda text: text.encode("gbk"), "gb18030"),
        (lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "utf-16"),
        (lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"), "utf-8-sig"),
    ],
    ids=["gbk", "utf-16-bom", "utf-8-bom-crlf"],
)
def test_parse_plan_reads_the_other_encodings_a_plan_arrives_in(tmp_path, encode, encoding):
    """The issue accepts GBK/GB18030 and UTF-16 with a BOM: same document as the UTF-8 original."""
    original = json.loads(committed_fixture("003").read_text(encoding="utf-8"))
    copy = tmp_path / "003_copy.txt"
    copy.write_bytes(encode(source("003").read_text(encoding="utf-8")))

    document = json.loads(call("parse_plan", str(copy)))

    assert document["source"]["encoding"] == encoding
    for section in ("plan", "chapters", "indicators", "key_projects"):
        assert document[section] == original[section], section


def _write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: _write(tmp, "empty.txt", b""), "empty.txt：文件为空"),
        (
            lambda tmp: _write(tmp, "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
            "image.txt：文件不是文本（疑似二进制文件）",
        ),
        (
            lambda tmp: _write(
                tmp, "utf16_no_bom.txt", source("003").read_text(encoding="utf-8").encode("utf-16-le")
            ),
            "utf16_no_bom.txt：文件不是文本（疑似二进制文件）",
        ),
        (lambda tmp: str(tmp / "missing.txt"), "无法读取文件"),
    ],
    ids=["empty", "binary", "utf-16-without-bom", "missing"],
)
def test_parse_plan_rejects_unusable_input_with_exit_2_and_one_line(tmp_path, make, message):
    result = manage("parse_plan", make(tmp_path), "--format", "json")

    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(message)


def test_parse_plan_finishes_a_one_megabyte_line_in_bounded_time(tmp_path):
    row = "健康水平\t人均预期寿命（岁）\t83.63\t＜10.50\t比基期降低10%\t"
    data = (row * (1_000_000 // len(row.encode("utf-8")) + 1)).encode("utf-8")[:1_000_000]
    data = data.decode("utf-8", errors="ignore").encode("utf-8")
    path = _write(tmp_path, "long_line.txt", data)

    result = manage("parse_plan", path, timeout=60)

    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert json.loads(result.stdout)["format"] == "plan-interchange"
    else:
        assert len(result.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------- import_plan


def test_import_plan_dry_run_writes_nothing(db):
    before = counts()

    out = call("import_plan", str(source("003")), "--dry-run")

    assert out.splitlines()[0] == "[试运行，未保存] 新建规划：攀枝花市仁和区“十四五”卫生健康发展规划"
    assert counts() == before


def test_import_plan_twice_says_unchanged_the_second_time(db):
    first = call("import_plan", str(source("003")))
    after_first = counts()

    second = call("import_plan", str(source("003")))

    assert first.splitlines()[0] == "新建规划：攀枝花市仁和区“十四五”卫生健康发展规划"
    assert "指标 22" in first
    assert second.splitlines()[0] == "内容未变，未做修改：攀枝花市仁和区“十四五”卫生健康发展规划"
    assert counts() == after_first
    assert after_first["Plan"] == 1


def test_import_plan_asks_for_a_title_the_document_lacks(db):
    code, err = call_failing("import_plan", str(source("001")))

    assert code == 2
    assert err.strip().splitlines() == [f"{source('001').name}：缺少规划标题（文件中没有标题行），请补充标题"]
    assert counts()["Plan"] == 0


def test_import_plan_takes_the_missing_title_as_an_option(db):
    out = call("import_plan", str(source("001")), "--title", "第二师铁门关市“十四五”卫生健康事业发展规划")

    assert out.splitlines()[0] == "新建规划：第二师铁门关市“十四五”卫生健康事业发展规划"
    assert counts()["Plan"] == 1


def test_import_plan_rejects_an_empty_file_with_exit_2(db, tmp_path):
    code, err = call_failing("import_plan", _write(tmp_path, "empty.txt", b""))

    assert code == 2
    assert err.strip().splitlines() == ["empty.txt：文件为空"]


# --------------------------------------------------------------------------- fixture regeneration


def test_regenerating_the_fixtures_is_deterministic_and_matches_the_committed_files(tmp_path):
    first = seed_fixtures_regenerate(target=tmp_path / "first")
    second = seed_fixtures_regenerate(target=tmp_path / "second")

    names = [p.name for p in first]
    assert names == [f"{source(prefix).stem}.json" for prefix in SEEDS]
    assert [p.name for p in second] == names
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    for generated in first:
        assert generated.read_bytes() == (PLANS_DIR / generated.name).read_bytes(), generated.name
