"""Checks an uploaded file must pass before openpyxl is allowed to parse it.

An xlsx is a zip of XML parts, so it can hide a zip bomb (a small file that inflates to
gigabytes) or an XML entity bomb ("billion laughs").  Before any parser runs we:

- check the size and the zip magic (a renamed .xls/.csv/.docx is not a workbook);
- read the zip directory and bound every member's declared uncompressed size, the total and
  the compression ratio (Python's zipfile never inflates past a member's declared size, so the
  declared sizes bound the work);
- read each XML part (bounded by the above) and refuse any ``<!DOCTYPE``/``<!ENTITY``: a
  spreadsheet never needs one; openpyxl itself parses through defusedxml as well.

Pure: bytes in, problems out.
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

MAX_MEMBERS = 1000
# A filled template is well under 1 MiB inflated; these bounds keep openpyxl's memory modest.
MAX_MEMBER_BYTES = 5 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 20 * 1024 * 1024  # all parts, inflated
MAX_RATIO = 100  # inflated / compressed, for parts larger than RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_DTD_MARKERS = [
    marker.encode(encoding)
    for marker in ("<!doctype", "<!entity")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
]
_XML_SUFFIXES = (".xml", ".rels", ".vml")


def xlsx_safety_problems(data: bytes, *, max_bytes: int) -> list[str]:
    """Why these bytes must not be opened as a workbook (empty list: safe to hand to openpyxl)."""
    if len(data) > max_bytes:
        return [_("文件过大，上限为 %(limit)s 字节。") % {"limit": max_bytes}]
    if not data:
        return [_("文件是空的。")]
    if data.startswith(OLE_MAGIC):
        return [
            _(
                "这是旧版 Excel（.xls）或加密的文件，不是 .xlsx 工作簿。请在 Excel 中“另存为 .xlsx”且不设密码后再上传。"
            )
        ]
    if not data.startswith(ZIP_MAGIC):
        return [
            _(
                "文件不是 .xlsx 工作簿（可能是改了扩展名的其他文件）。请上传从本系统下载的模板或 Excel 保存的 .xlsx 文件。"
            )
        ]
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return [_("文件已损坏，无法作为 .xlsx 工作簿读取。")]
    with archive:
        problems = _directory_problems(members)
        if problems:
            return problems
        return _content_problems(archive, members)


def _directory_problems(members: list[zipfile.ZipInfo]) -> list[str]:
    if len(members) > MAX_MEMBERS:
        return [_("文件包含的部件过多（%(count)s 个），拒绝读取。") % {"count": len(members)}]
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        return [_("文件不是 .xlsx 工作簿（缺少工作簿结构）。")]
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        return [_("文件包含宏，出于安全原因拒绝读取。请另存为不含宏的 .xlsx 文件。")]
    if any(m.flag_bits & 0x1 for m in members):
        return [_("文件已加密，无法读取。")]
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MAX_MEMBER_BYTES:
            return [_bomb_message(member.filename)]
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            return [_bomb_message(member.filename)]
    if total > MAX_TOTAL_BYTES:
        return [_bomb_message("")]
    return []


def _bomb_message(part: str) -> str:
    return _(
        "文件解压后过大或压缩比异常（疑似“压缩炸弹”%(part)s），出于安全原因拒绝读取，未保存任何数据。"
    ) % {"part": f"：{part}" if part else ""}


def _content_problems(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> list[str]:
    for member in members:
        if member.is_dir() or not member.filename.lower().endswith(_XML_SUFFIXES):
            continue
        try:
            with archive.open(member) as handle:
                content = handle.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError):
            return [_("文件已损坏，无法作为 .xlsx 工作簿读取（%(part)s）。") % {"part": member.filename}]
        lowered = content.lower()
        if any(marker in lowered for marker in _DTD_MARKERS):
            return [
                _(
                    "文件中的 XML 部件 %(part)s 含有 DOCTYPE/实体声明（可能是“XML 实体炸弹”），"
                    "出于安全原因拒绝读取，未保存任何数据。"
                )
                % {"part": member.filename}
            ]
    return []
