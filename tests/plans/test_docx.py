"""Word uploads: the five plans saved as .docx parse exactly like their text; hostile packages are refused.

The seed documents are rebuilt as real Word files with python-docx: every line a paragraph,
every indicator table a real Word table (header cells wrapped over two paragraphs, the domain
column vertically merged as Word users do). ``seed_docx`` is shared with the import-flow tests.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

import pytest
from docx import Document
from docx.oxml import parse_xml

from plans.parsing import ParseError, parse_bytes
from plans.parsing.docx import (
    chinese_counting,
    docx_to_text,
    format_number,
    parse_docx,
)
from plans.parsing.encoding import decode_bytes
from plans.parsing.headings import find_toc_lines
from plans.parsing.lines import strip_bookmarks
from plans.parsing.sniff import KIND_DOCX, KIND_TEXT, MAX_MEMBER_BYTES, sniff_kind
from plans.parsing.tables import find_tables
from tests.plans.conftest import source_path

SEEDS = ["000", "001", "002", "003", "004"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = (
    f'xmlns:w="{W}" xmlns:v="urn:schemas-microsoft-com:vml" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


# --------------------------------------------------------------------------- building Word files


def _table_rows(span: list[str]) -> list[list[list[str]]]:
    """Rows of cells, each cell its paragraphs, read from the lines of a text-export table."""
    first = span[0]
    if first.startswith("\t") and len([p for p in first.split("\t") if p.strip()]) == 1:
        groups: list[list[list[str]]] = []
        current: list[list[str]] = []
        for line in span:
            if not line.strip() and not line.startswith("\t"):
                if current:
                    groups.append(current)
                    current = []
            elif line.startswith("\t"):
                current.append([line.strip()])
            else:
                current[-1].append(line.strip())  # a header cell wrapped onto a second line
        if current:
            groups.append(current)
        width = len(groups[0])
        rows = []
        for group in groups:  # rows that lost the blank line between them (000)
            size = width if len(group) > width and len(group) % width == 0 else len(group)
            rows.extend(group[i : i + size] for i in range(0, len(group), size))
        return rows
    offset = 1 if first.startswith("\t") else 0
    return [[[cell.strip()] for cell in line.split("\t")[offset:]] for line in span if line.strip()]


def docx_from_text(text: str, *, merge_domains: bool = True) -> bytes:
    """A Word document of the text: one paragraph per line, indicator tables as real Word tables."""
    lines = [strip_bookmarks(line) for line in text.split("\n")]
    tables = {t.start: t for t in find_tables(lines, find_toc_lines(lines))}
    document = Document()
    i = 0
    while i < len(lines):
        table = tables.get(i)
        if table is None:
            document.add_paragraph(lines[i])
            i += 1
            continue
        rows = _table_rows(lines[table.start : table.end + 1])
        width = max(len(row) for row in rows)
        word_table = document.add_table(rows=0, cols=width)
        for row in rows:
            cells = word_table.add_row().cells
            for k, paragraphs in enumerate(row):
                cells[k].paragraphs[0].text = paragraphs[0]
                for extra in paragraphs[1:]:
                    cells[k].add_paragraph(extra)
        if merge_domains:
            top = None
            for r in range(1, len(rows)):
                if rows[r][0][0]:
                    top = r
                elif top is not None and len(rows[r]) == width:
                    word_table.cell(top, 0).merge(word_table.cell(r, 0))
        i = table.end + 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@cache
def seed_text(prefix: str) -> str:
    return decode_bytes(source_path(prefix).read_bytes())[0]


@cache
def seed_docx(prefix: str) -> bytes:
    return docx_from_text(seed_text(prefix))


def comparable(document: dict) -> dict:
    """What must agree between a .txt and a .docx import: everything but line numbers and the source."""
    return {
        "plan": document["plan"],
        "chapters": [
            (c["level"], c["marker"], c["title"], c["heading"], c["parent"], re.sub(r"\n+", "\n", c["text"]))
            for c in document["chapters"]
        ],
        "indicators": [{k: v for k, v in r.items() if k != "line"} for r in document["indicators"]],
        "key_projects": [{k: v for k, v in p.items() if k != "line"} for p in document["key_projects"]],
        "warnings": sorted(w["code"] for w in document["warnings"]),
    }


def rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def small_docx(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- the five plans


@pytest.mark.parametrize("prefix", SEEDS)
def test_each_seed_plan_saved_as_word_parses_exactly_like_its_text(prefix):
    from_text = parse_bytes(source_path(prefix).read_bytes(), name=source_path(prefix).name).to_dict()
    from_word = parse_docx(seed_docx(prefix), name=f"{prefix}.docx").to_dict()

    assert comparable(from_word) == comparable(from_text)
    assert from_word["indicators"], "the Word table was read as a table"


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_a_word_table_without_merged_domain_cells_reads_the_same(prefix):
    plain = parse_docx(docx_from_text(seed_text(prefix), merge_domains=False), name="x.docx").to_dict()
    merged = parse_docx(seed_docx(prefix), name="x.docx").to_dict()
    assert comparable(plain) == comparable(merged)


def test_a_word_table_becomes_one_tab_separated_line_per_row():
    text = docx_to_text(seed_docx("000")).text
    assert "领域\t主要指标\t单位\t2025年\t指标性质\t预计进度\t2030年" in text  # wrapped headers joined
    assert "健康水平\t人均期望寿命\t岁\t83.63\t预期性\t可完成\t82" in text
    assert "\t孕产妇死亡率\t/10万\t0\t预期性\t可完成\t12" in text  # merged domain cell left empty


def test_the_source_of_a_word_upload_is_the_uploaded_bytes():
    data = seed_docx("002")
    parsed = parse_docx(data, name="规划.docx")
    import hashlib

    assert parsed.source.sha256 == hashlib.sha256(data).hexdigest()
    assert parsed.source.encoding == "docx"
    assert parsed.source.name == "规划.docx"


# --------------------------------------------------------------------------- Word features


def _numbering_docx(paragraphs: list[tuple[str, str | None]]) -> bytes:
    """Paragraphs (text, style) where Heading 1/2 carry automatic 第%1章 / %2、 numbering."""
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {NSDECL} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="第%1章"/><w:suff w:val="space"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%2、"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"
        )
    )
    numbering.append(parse_xml(f'<w:num {NSDECL} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, style in paragraphs:
        paragraph = document.add_paragraph(text, style=style)
        if style in ("Heading 1", "Heading 2"):
            level = "0" if style == "Heading 1" else "1"
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {NSDECL}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
            )
    return saved(document)


def test_headings_numbered_by_word_are_read_with_their_numbers():
    data = _numbering_docx(
        [
            ("发展基础", "Heading 1"),
            ("取得的成就", "Heading 2"),
            ("正文。", None),
            ("面临的形势", "Heading 2"),
            ("总体要求", "Heading 1"),
            ("指导思想", "Heading 2"),
        ]
    )
    chapters = parse_docx(data, name="h.docx").chapters
    assert [c.heading for c in chapters] == [
        "第一章 发展基础",
        "一、取得的成就",
        "二、面临的形势",
        "第二章 总体要求",
        "一、指导思想",
    ]
    assert [c.level for c in chapters] == [1, 2, 2, 1, 2]


def test_a_heading_style_without_a_number_is_reported_not_guessed():
    data = small_docx("第一章 发展基础")
    document = Document(io.BytesIO(data))
    document.add_paragraph("保障措施", style="Heading 1")
    parsed = parse_docx(saved(document), name="h.docx")
    assert [c.heading for c in parsed.chapters] == ["第一章 发展基础"]
    (warning,) = [w for w in parsed.warnings if w.code == "docx_heading_unnumbered"]
    assert "保障措施" in warning.message and warning.line == 2


def test_a_zhuanlan_box_drawn_as_a_one_cell_table_is_a_key_project():
    document = Document()
    document.add_paragraph("第三章 重点任务")
    document.add_paragraph("加强公共卫生体系建设。")
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "专栏 1 公共卫生能力提升工程"
    cell.add_paragraph("1.疾控中心标准化建设。")
    cell.add_paragraph("2.建设发热门诊。")
    document.add_paragraph("推进医防融合，完善工作机制。")
    (project,) = parse_docx(saved(document), name="b.docx").key_projects
    assert (project.label, project.title) == ("专栏 1", "公共卫生能力提升工程")
    assert project.items == ["1.疾控中心标准化建设。", "2.建设发热门诊。"]


def _text_box_run(lines: list[str], *, with_fallback: bool) -> str:
    paragraphs = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    vml = f"<w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict>"
    if not with_fallback:
        return f"<w:r {NSDECL}>{vml}</w:r>"
    choice = (
        "<w:drawing><wps:wsp><wps:txbx><w:txbxContent>"
        f"{paragraphs}</w:txbxContent></wps:txbx></wps:wsp></w:drawing>"
    )
    return (
        f'<w:r {NSDECL}><mc:AlternateContent><mc:Choice Requires="wps">{choice}</mc:Choice>'
        f"<mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


@pytest.mark.parametrize("with_fallback", [False, True])
def test_a_zhuanlan_box_in_a_text_box_is_a_key_project_read_once(with_fallback):
    document = Document()
    document.add_paragraph("第三章 重点任务")
    anchor = document.add_paragraph("")
    anchor._p.append(
        parse_xml(
            _text_box_run(
                ["专栏2 健康促进行动", "1.实施健康知识普及行动。", "2.开展控烟行动。"],
                with_fallback=with_fallback,
            )
        )
    )
    document.add_paragraph("全面推进健康城市建设。")
    (project,) = parse_docx(saved(document), name="t.docx").key_projects
    assert project.label == "专栏2" and project.title == "健康促进行动"
    assert project.items == ["1.实施健康知识普及行动。", "2.开展控烟行动。"]


def test_deleted_revisions_and_field_codes_are_not_text():
    data = small_docx("第一章 发展基础")
    xml = document_xml(data).decode()
    extra = (
        '<w:p><w:r><w:t xml:space="preserve">现有 </w:t></w:r>'
        '<w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>旧文字</w:delText></w:r></w:del>'
        "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>新文字</w:t></w:r></w:p>"
    )
    xml = xml.replace("<w:sectPr", extra + "<w:sectPr", 1)
    text = docx_to_text(rezip(data, replace={"word/document.xml": xml.encode()})).text
    assert "现有 新文字" in text and "旧文字" not in text and "PAGE" not in text


def test_chinese_list_numbers_are_written_as_word_writes_them():
    assert [chinese_counting(n) for n in (1, 9, 10, 11, 20, 21, 99, 100, 105, 110)] == [
        "一",
        "九",
        "十",
        "十一",
        "二十",
        "二十一",
        "九十九",
        "一百",
        "一百零五",
        "一百一十",
    ]
    assert format_number(3, "decimal") == "3"
    assert format_number(2, "ideographTraditional") == "乙"
    assert format_number(4, "upperRoman") == "IV"
    assert format_number(1, "decimalEnclosedCircle") == "①"


# --------------------------------------------------------------------------- sniffing


def test_files_are_judged_by_their_bytes_not_their_names():
    assert sniff_kind(seed_docx("002")) == KIND_DOCX
    assert sniff_kind(source_path("002").read_bytes()) == KIND_TEXT
    assert sniff_kind("规划".encode("gb18030")) == KIND_TEXT


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "文件为空"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "JPEG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), ".doc"),
        ("{\\rtf1\\ansi 规划}".encode(), "RTF"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gzip"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "可执行程序"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', "XML"),
        ("<html><body>规划</body></html>".encode(), "HTML"),
    ],
)
def test_known_non_plan_files_are_refused_by_what_they_are(data, words):
    with pytest.raises(ParseError) as refused:
        sniff_kind(data)
    assert words in str(refused.value)
    assert "\n" not in str(refused.value)


# --------------------------------------------------------------------------- hostile packages


def refusal(data: bytes) -> str:
    with pytest.raises(ParseError) as refused:
        parse_docx(data, name="x.docx")
    message = str(refused.value)
    assert message and "\n" not in message
    return message


def test_a_zip_of_random_bytes_is_not_a_word_document():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("random.bin", bytes(range(256)) * 40)
    assert "不是 Word 文档" in refusal(out.getvalue())


def test_random_bytes_after_a_zip_signature_are_a_damaged_file():
    assert "文件已损坏" in refusal(b"PK\x03\x04" + bytes(range(256)) * 8)


def test_a_spreadsheet_is_named_as_such():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in refusal(out.getvalue())


@pytest.mark.parametrize(
    "prologue",
    [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!DOCTYPE w:document [<!ENTITY lol "lol">]>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE w:document SYSTEM "http://example.com/evil.dtd">\n',
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n',
    ],
)
def test_xml_with_a_doctype_or_entities_is_refused_before_python_docx_reads_it(prologue):
    data = small_docx("第一章 发展基础")
    xml = document_xml(data).decode()
    body = xml[xml.index("<w:document") :]
    message = refusal(rezip(data, replace={"word/document.xml": (prologue + body).encode()}))
    assert "文档类型声明或实体定义" in message and "word/document.xml" in message


def test_a_doctype_hidden_in_a_utf16_part_is_found():
    data = small_docx("正文")
    hostile = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    assert "实体定义" in refusal(rezip(data, add={"customXml/item9.xml": hostile.encode("utf-16")}))


def test_a_doctype_in_a_part_not_named_xml_is_found():
    data = small_docx("正文")
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>'
    assert "实体定义" in refusal(rezip(data, add={"word/media/evil.bin": hostile}))


def test_a_zip_bomb_is_refused_by_its_compression_ratio():
    data = small_docx("正文")
    assert "压缩" in refusal(rezip(data, add={"word/media/zeros.bin": bytes(8 * 1024 * 1024)}))


def test_a_member_bigger_than_the_limit_is_refused():
    data = small_docx("正文")
    big = bytes(range(256)) * ((MAX_MEMBER_BYTES // 256) + 4096)
    assert "解压后过大" in refusal(rezip(data, add={"word/media/big.bin": big}))


def test_an_encrypted_member_is_refused():
    data = bytearray(small_docx("正文"))
    for signature in (b"PK\x03\x04", b"PK\x01\x02"):  # set the "encrypted" flag everywhere
        start = 0
        while (at := data.find(signature, start)) >= 0:
            flag_at = at + (6 if signature == b"PK\x03\x04" else 8)
            data[flag_at] |= 0x01
            start = at + 4
    assert "加密" in refusal(bytes(data))


def test_broken_xml_is_named():
    data = small_docx("正文")
    assert "不是有效的 XML" in refusal(rezip(data, replace={"word/document.xml": b"<w:document><unclosed>"}))


def test_a_macro_enabled_document_is_refused():
    data = small_docx("正文")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read("[Content_Types].xml").decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert "宏" in refusal(rezip(data, replace={"[Content_Types].xml": types.encode()}))


def test_a_word_document_without_text_is_refused():
    assert "没有文字" in refusal(small_docx("", "   "))
