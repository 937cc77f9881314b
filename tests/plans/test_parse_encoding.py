"""Bytes in: UTF-8 ± BOM, GB18030/GBK, UTF-16 with BOM, CRLF; empty and binary rejected."""

import codecs
import hashlib

import pytest

from plans.parsing import ParseError, decode_bytes, parse_bytes, parse_text

TEXT = (
    "某某市某某区“十四五”卫生健康规划\n\n第一章 发展基础\n领域\t指标\t2025年\n健康水平\t婴儿死亡率（‰）\t≤5\n"
)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.replace("≤", "").encode("gbk"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_supported_encodings(data, encoding):
    text, found = decode_bytes(data)
    assert found == encoding
    assert text.startswith("某某市某某区")
    assert "\ufeff" not in text
    doc = parse_bytes(data, name="plan.txt")
    assert doc.source.to_dict() == {
        "name": "plan.txt",
        "sha256": hashlib.sha256(data).hexdigest(),
        "encoding": encoding,
    }
    assert doc.indicators[0].name == "婴儿死亡率（‰）"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf_and_line_numbers_hold(newline):
    data = TEXT.replace("\n", newline).encode("gb18030")
    text, _ = decode_bytes(data)
    assert "\r" not in text
    doc = parse_bytes(data)
    assert doc.chapters[0].line == 3
    assert doc.indicators[0].line == 5
    assert doc.text == TEXT


def test_the_same_document_in_every_encoding_parses_the_same():
    base = parse_bytes(TEXT.encode()).to_dict()
    for data in (TEXT.encode("gb18030"), TEXT.replace("\n", "\r\n").encode("utf-16")):
        other = parse_bytes(data).to_dict()
        other["source"] = base["source"]
        assert other == base


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"   \r\n\t\n", "文件没有文字内容（只有空白字符）"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "文件不是文本（疑似二进制文件）"),
        (b"PK\x03\x04\x14\x00\x06\x00\x08\x00", "文件不是文本（疑似二进制文件）"),
        (bytes(range(1, 32)) * 10, "文件不是文本（疑似二进制文件）"),
    ],
)
def test_rejected_input_gets_one_clear_line(data, message):
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(data)
    assert str(excinfo.value) == message
    assert "\n" not in str(excinfo.value)


def test_undecodable_bytes_are_rejected():
    with pytest.raises(ParseError) as excinfo:
        decode_bytes("规划".encode() + b"\xff\xff\x80")
    assert str(excinfo.value).startswith("无法识别文件编码")
    assert "\n" not in str(excinfo.value)


def test_parse_error_is_a_value_error():
    assert issubclass(ParseError, ValueError)


def test_parse_text_accepts_text_with_a_bom_and_crlf():
    doc = parse_text("\ufeff" + TEXT.replace("\n", "\r\n"), name="x")
    assert doc.text == TEXT
    assert doc.source.name == "x"
    assert doc.source.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert doc.chapters[0].line == 3


@pytest.mark.parametrize("text", ["", "  \n\n\t", "abc\x00def"])
def test_parse_text_rejects_empty_and_binary_text(text):
    with pytest.raises(ParseError):
        parse_text(text)


def test_a_stray_nul_is_refused_with_its_line_and_byte_offset():
    data = "规划\n第一章 总则\n正文".encode() + b"\x00" + "。\n".encode()
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(data)
    offset = data.index(b"\x00")
    assert str(excinfo.value) == f"文件第 3 行（字节偏移 {offset}）有 NUL 空字符（共 1 个）：请删除后重新上传"


def test_a_damaged_utf8_file_is_refused_with_the_place_of_the_bad_byte():
    good = "某某区卫生健康“十四五”规划\n\n第一章 发展基础\n" * 20
    data = good.encode() + b"\xff" + "尾。\n".encode()
    with pytest.raises(ParseError) as excinfo:
        parse_bytes(data)
    message = str(excinfo.value)
    assert message.startswith("无法识别文件编码")
    assert f"第 61 行（字节偏移 {len(good.encode())}）有无法识别的字节" in message


def test_an_overlong_title_is_reported_as_too_long_with_the_limit():
    title = "某某市某某区" + "关于加快推进卫生健康高质量发展" * 4 + "“十四五”规划"
    doc = parse_text(title + "\n\n第一章 发展基础\n正文。\n")
    (warning,) = [w for w in doc.warnings if w.code in ("title_too_long", "missing_title")]
    assert (warning.code, warning.line) == ("title_too_long", 1)
    assert "上限 60 字" in warning.message and f"{len(title)} 字" in warning.message
