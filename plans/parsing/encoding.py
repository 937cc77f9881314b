"""Turn uploaded bytes into text, or refuse them with one clear line of Chinese.

Plans arrive as Word exports saved by different tools: UTF-8 with or without BOM,
GBK/GB18030 from older Chinese Windows, UTF-16 with BOM from "Unicode text", CRLF line
ends. Anything else (images, .docx zips, random bytes) is rejected rather than guessed.
"""

from __future__ import annotations

import codecs

from plans.parsing.model import ParseError

# Share of control characters (other than tab/newline/CR/FF/VT) above which a decoded
# text is considered binary.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")

MSG_EMPTY = "文件为空"
MSG_BLANK = "文件没有文字内容（只有空白字符）"
MSG_BINARY = "文件不是文本（疑似二进制文件）"
MSG_UNDECODABLE = "无法识别文件编码：请保存为 UTF-8、GB18030/GBK 或带 BOM 的 UTF-16 文本"


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so line numbers mean the same for every source."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def looks_binary(text: str) -> bool:
    """True for NUL characters or more than 1 % stray control characters."""
    if "\x00" in text:
        return True
    if not text:
        return False
    controls = 0
    for ch in text:
        if (ch < " " and ch not in _ALLOWED_CONTROLS) or ch == "\x7f":
            controls += 1
    return controls / len(text) > _MAX_CONTROL_SHARE


# A text with at most this share of NUL characters is a damaged text file, whose NULs are
# reported by place; more, and it is binary.
_MAX_NUL_SHARE = 0.001


def place(data: bytes | str, offset: int) -> str:
    """``第 3 行（字节偏移 57）``: where the bad byte (or character) sits."""
    line = data[:offset].count(b"\n" if isinstance(data, bytes) else "\n") + 1
    return f"第 {line} 行（{'字节' if isinstance(data, bytes) else '字符'}偏移 {offset}）"


def nul_message(data: bytes | str) -> str | None:
    """One line naming the first NUL of a text that has only a few, else None (binary)."""
    nul = b"\x00" if isinstance(data, bytes) else "\x00"
    count = data.count(nul)
    if not count or count > max(1, len(data) * _MAX_NUL_SHARE):
        return None
    return f"文件{place(data, data.index(nul))}有 NUL 空字符（共 {count} 个）：请删除后重新上传"


def _decode_with(data: bytes, codec: str, first_error: int | None = None) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        where = exc.start if first_error is None else first_error
        raise ParseError(f"{MSG_UNDECODABLE}（{place(data, where)}有无法识别的字节）") from exc


def _mostly_utf8(data: bytes) -> bool:
    """Valid UTF-8 but for a few bytes: a damaged UTF-8 file, not a GB18030 one."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    wide = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return wide >= 2 and bad <= max(3, wide // 50)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text with \\n line ends, encoding name)`` or raise ParseError.

    Encoding names: ``utf-8``, ``utf-8-sig``, ``gb18030``, ``utf-16``.
    """
    if not data:
        raise ParseError(MSG_EMPTY)
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = _decode_with(data[len(codecs.BOM_UTF8) :], "utf-8"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _decode_with(data, "utf-16"), "utf-16"
    else:
        if b"\x00" in data:
            raise ParseError(nul_message(data) or MSG_BINARY)
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            if _mostly_utf8(data):
                raise ParseError(f"{MSG_UNDECODABLE}（{place(data, exc.start)}有无法识别的字节）") from exc
            text, encoding = _decode_with(data, "gb18030", exc.start), "gb18030"
    if looks_binary(text):
        raise ParseError(MSG_BINARY)
    text = normalise_newlines(text)
    if not text.strip():
        raise ParseError(MSG_BLANK)
    return text, encoding
