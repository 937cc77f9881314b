"""What an uploaded plan file is, judged by its bytes, never by its name; and whether a Word file is safe.

A renamed binary, a zip of random bytes or a PDF called ``plan.txt`` is refused by
what it is, with one line of Chinese saying so. What is left is either a zip, which
must pass :func:`check_docx` before anything parses it, or text, which the text
parser decodes or refuses.

:func:`check_docx` reads the zip by its directory first: member count, each member's
and the total uncompressed size, the compression ratio (zip bombs), encryption; the
declared sizes also bound what is decompressed, because the reader stops at them.
Every member that is XML by its content (whatever its name, UTF-8 or UTF-16) is read
with a bounded reader and refused if it declares a DOCTYPE or an ENTITY, then parsed
once with defusedxml with DTDs, entities and external references forbidden.

Pure Python (defusedxml), no Django.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from xml.etree.ElementTree import ParseError as XMLParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as defused_fromstring

from plans.parsing.model import ParseError

KIND_DOCX = "docx"
KIND_TEXT = "text"

MSG_EMPTY = "文件为空"
_PLEASE = "请上传 Word（.docx）或纯文本（.txt）文件"

# (leading bytes, what the file is): checked in order, first match wins.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "这是旧版 Word（.doc）、加密的 Office 文件或其他 OLE 复合文档，无法导入：请在 Word 中另存为 .docx 后上传",
    ),
    (b"%PDF", f"这是 PDF 文件，无法导入：{_PLEASE}"),
    (b"{\\rtf", "这是 RTF 文件，无法导入：请在 Word 中另存为 .docx 后上传"),
    (b"\x89PNG\r\n\x1a\n", f"这是 PNG 图片，不是规划文件：{_PLEASE}"),
    (b"\xff\xd8\xff", f"这是 JPEG 图片，不是规划文件：{_PLEASE}"),
    (b"GIF87a", f"这是 GIF 图片，不是规划文件：{_PLEASE}"),
    (b"GIF89a", f"这是 GIF 图片，不是规划文件：{_PLEASE}"),
    (b"\x1f\x8b", f"这是 gzip 压缩文件，不是规划文件：{_PLEASE}"),
    (b"7z\xbc\xaf\x27\x1c", f"这是 7z 压缩文件，不是规划文件：{_PLEASE}"),
    (b"Rar!\x1a\x07", f"这是 RAR 压缩文件，不是规划文件：{_PLEASE}"),
    (b"\x7fELF", f"这是可执行程序，不是规划文件：{_PLEASE}"),
)
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_MARKUP_STARTS = (
    "<?xml",
    "<!doctype",
    "<html",
    "<svg",
    "<w:document",
    "<office:document",
    "<!entity",
    "<?mso",
)
MSG_MARKUP = f"这是 XML/网页（HTML）文件，不是规划文本：{_PLEASE}"


def sniff_kind(data: bytes) -> str:
    """``"docx"`` for anything zip-shaped, ``"text"`` for the rest; ParseError for known non-plans."""
    if not data:
        raise ParseError(MSG_EMPTY)
    if data.startswith(_ZIP_SIGNATURES):
        return KIND_DOCX
    for signature, message in _SIGNATURES:
        if data.startswith(signature):
            raise ParseError(message)
    if data.startswith(b"MZ") and b"\x00" in data[:64]:
        raise ParseError(f"这是可执行程序，不是规划文件：{_PLEASE}")
    if _head_text(data[:2048]).lstrip().lower().startswith(_MARKUP_STARTS):
        raise ParseError(MSG_MARKUP)
    return KIND_TEXT


def _head_text(head: bytes) -> str:
    """The first characters of a text file, for recognising markup; never raises."""
    if head.startswith(codecs.BOM_UTF8):
        return head[3:].decode("utf-8", "ignore")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore")
    if head.startswith(b"<\x00"):
        return head.decode("utf-16-le", "ignore")
    if head.startswith(b"\x00<"):
        return head.decode("utf-16-be", "ignore")
    return head.decode("utf-8", "ignore")


# --------------------------------------------------------------------------- Word packages

# Limits. A 5 MiB upload of a real plan unpacks to a few MiB of XML and images.
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, checked for members above RATIO_FLOOR
RATIO_FLOOR = 256 * 1024
_CHUNK = 64 * 1024

MSG_NOT_ZIP = "文件已损坏：不是有效的 Word（.docx）文件（ZIP 结构无法读取）"
MSG_NOT_WORD = "压缩包不是 Word 文档：缺少 [Content_Types].xml 或 word/document.xml"
MSG_EXCEL = "这是 Excel 工作簿，不是 Word 文档：请上传规划的 .docx 或 .txt 文件"
MSG_POWERPOINT = "这是 PowerPoint 演示文稿，不是 Word 文档：请上传规划的 .docx 或 .txt 文件"
MSG_ODF = "这是 OpenDocument（WPS/LibreOffice）文件：请另存为 .docx 后上传"
MSG_TOO_MANY = "Word 文档内部文件过多（超过 {limit} 个），已拒收"
MSG_ENCRYPTED = "Word 文档已加密或设置了密码，无法读取：请取消密码后另存再上传"
MSG_TOO_BIG = "Word 文档解压后过大（{name} 超过 {limit} MB），已拒收"
MSG_TOTAL_TOO_BIG = "Word 文档解压后总大小超过 {limit} MB，已拒收"
MSG_BOMB = "Word 文档压缩比异常（{name}），疑似压缩炸弹，已拒收"
MSG_SIZE_MISMATCH = "Word 文档已损坏：{name} 的实际大小与声明不符"
MSG_DTD = "Word 文档包含 XML 文档类型声明或实体定义（{name}），出于安全原因拒收"
MSG_BAD_XML = "Word 文档已损坏：{name} 不是有效的 XML"

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD_TEXT = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, IndexError) as exc:
        raise ParseError(MSG_NOT_ZIP) from exc


def _check_directory(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ParseError(MSG_TOO_MANY.format(limit=MAX_MEMBERS))
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names or "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise ParseError(MSG_EXCEL)
        if "ppt/presentation.xml" in names:
            raise ParseError(MSG_POWERPOINT)
        if "mimetype" in names and "content.xml" in names:
            raise ParseError(MSG_ODF)
        raise ParseError(MSG_NOT_WORD)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ParseError(MSG_ENCRYPTED)
        if info.file_size > MAX_MEMBER_BYTES:
            raise ParseError(MSG_TOO_BIG.format(name=info.filename[:80], limit=MAX_MEMBER_BYTES // 2**20))
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ParseError(MSG_BOMB.format(name=info.filename[:80]))
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ParseError(MSG_TOTAL_TOO_BIG.format(limit=MAX_TOTAL_BYTES // 2**20))
    return infos


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than it declared (and the limit)."""
    limit = min(info.file_size, MAX_MEMBER_BYTES)
    chunks, size = [], 0
    with archive.open(info) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                raise ParseError(MSG_SIZE_MISMATCH.format(name=info.filename[:80]))
            chunks.append(chunk)
    return b"".join(chunks)


def _looks_like_xml(content: bytes) -> bool:
    head = content[:8].lstrip(b" \t\r\n\xef\xbb\xbf")
    return head.startswith((b"<", b"\xff\xfe", b"\xfe\xff", b"\x00<"))


def _declares_dtd(content: bytes) -> bool:
    if _DTD.search(content):
        return True
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return bool(_DTD_TEXT.search(content.decode("utf-16", "ignore")))
    if content.startswith(b"<\x00"):
        return bool(_DTD_TEXT.search(content.decode("utf-16-le", "ignore")))
    if content.startswith(b"\x00<"):
        return bool(_DTD_TEXT.search(content.decode("utf-16-be", "ignore")))
    return False


def check_docx(data: bytes) -> None:
    """Refuse anything that is not a safe, plain Word document; ParseError says why."""
    archive = _open_zip(data)
    with archive:
        infos = _check_directory(archive)
        for info in infos:
            if info.is_dir():
                continue
            try:
                content = _read_bounded(archive, info)
            except ParseError:
                raise
            except (
                zipfile.BadZipFile,
                NotImplementedError,
                ValueError,
                EOFError,
                OSError,
                RuntimeError,
            ) as exc:
                raise ParseError(MSG_NOT_ZIP) from exc
            if not _looks_like_xml(content):
                continue
            name = info.filename[:80]
            if _declares_dtd(content):
                raise ParseError(MSG_DTD.format(name=name))
            try:
                defused_fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
            except DefusedXmlException as exc:
                raise ParseError(MSG_DTD.format(name=name)) from exc
            except (XMLParseError, ValueError, LookupError) as exc:
                raise ParseError(MSG_BAD_XML.format(name=name)) from exc
