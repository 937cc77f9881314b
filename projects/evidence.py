"""Evidence files: what a file is, judged from its bytes (never from its name or the browser's word).

Pure functions, no database: accepted are PDF, PNG, JPEG and Office Open XML documents
(.docx/.xlsx) whose zip holds the matching part; everything else is refused with a reason.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_EXPANDED = 100 * 1024 * 1024


@dataclass(frozen=True)
class Sniffed:
    kind: str  # a key of CONTENT_TYPES, or "" when refused
    reason: str = ""  # why refused (Chinese msgid, translated by the caller)

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES.get(self.kind, "application/octet-stream")


def _office_kind(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_ZIP_EXPANDED:
                return Sniffed("", "压缩包内容过大，疑似压缩炸弹。")
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, ValueError, OSError):
        return Sniffed("", "文件已损坏，无法读取。")
    if "[Content_Types].xml" not in names:
        return Sniffed("", "只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件。")
    if "word/document.xml" in names:
        return Sniffed("docx")
    if "xl/workbook.xml" in names:
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            return Sniffed("", "不接受带宏的文件。")
        return Sniffed("xlsx")
    return Sniffed("", "只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件。")


def evidence_sniff(data: bytes, *, max_bytes: int) -> Sniffed:
    """The file's kind from its first bytes, or the reason it is refused (empty, too large, other type)."""
    if not data:
        return Sniffed("", "文件是空的。")
    if len(data) > max_bytes:
        return Sniffed("", "文件过大。")
    if data.startswith(b"%PDF-"):
        return Sniffed("pdf")
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed("png")
    if data.startswith(b"\xff\xd8\xff"):
        return Sniffed("jpg")
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    return Sniffed("", "只接受 PDF、PNG、JPEG、Word（.docx）或 Excel（.xlsx）文件。")


def safe_file_name(name: str, kind: str) -> str:
    """A download name without path parts or control characters, ending in the sniffed extension."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*;').strip(" .")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return f"{(stem or 'evidence')[:120]}.{kind}"
