"""Which messages of the code and templates have no English translation (used by test_translations).

Extraction is what ``makemessages`` does, without touching the catalog: templates are turned into
Python-like text with Django's ``templatize`` and everything goes through GNU ``xgettext``.
The catalog is read with a small .po reader (no extra dependency).
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path

from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
# The settings package and every app of the project (a folder with an apps.py), new apps included.
CODE_DIRS = ["config", *sorted(p.name for p in ROOT.iterdir() if (p / "apps.py").exists())]
TEMPLATE_DIRS = ["templates"]
KEYWORDS = [
    "gettext_noop", "gettext_lazy", "ngettext_lazy:1,2", "pgettext:1c,2", "npgettext:1c,2,3",
    "pgettext_lazy:1c,2", "npgettext_lazy:1c,2,3", "_", "gettext", "ngettext:1,2",
]  # fmt: skip
CATALOG = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _unescape(text: str) -> str:
    return text.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def read_po(text: str) -> dict[tuple[str, str], list[str]]:
    """(msgctxt, msgid) → msgstr forms, skipping the header and fuzzy entries.

    An entry ends at a blank line, or where a comment, ``msgctxt`` or ``msgid`` follows its
    ``msgstr`` (GNU gettext accepts entries without a blank line between them)."""
    entries: dict[tuple[str, str], list[str]] = {}
    fields: dict[str, str] = {}
    state = {"fuzzy": False, "current": None}

    def flush():
        if fields.get("msgid") and not state["fuzzy"]:
            forms = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries[(fields.get("msgctxt", ""), fields["msgid"])] = forms
        fields.clear()
        state.update(fuzzy=False, current=None)

    for line in text.splitlines():
        starts_entry = line.startswith(("#", "msgctxt", "msgid ")) or not line.strip()
        if starts_entry and any(k.startswith("msgstr") for k in fields):
            flush()
        if line.startswith("#,") and "fuzzy" in line:
            state["fuzzy"] = True
        if line.startswith("#") or not line.strip():
            continue
        if not line.startswith('"'):
            state["current"] = line.split(" ", 1)[0]
            fields[state["current"]] = ""
        strings = _STRING.findall(line)
        if state["current"] and strings:
            fields[state["current"]] += "".join(_unescape(x) for x in strings)
    flush()
    return entries


def extracted_messages() -> dict[tuple[str, str], list[str]]:
    """Every message the code and templates mark for translation."""
    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for folder in CODE_DIRS:
            files += [p for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts]
        for folder in TEMPLATE_DIRS:
            for path in sorted((ROOT / folder).rglob("*.html")):
                target = Path(tmp) / (str(path.relative_to(ROOT)).replace("/", "__") + ".py")
                target.write_text(
                    templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8"
                )
                files.append(target)
        command = ["xgettext", "--language=Python", "--from-code=UTF-8", "--output=-", "--no-location"]
        command += [f"--keyword={k}" for k in KEYWORDS]
        output = subprocess.run(
            [*command, *map(str, files)], capture_output=True, check=True, text=True
        ).stdout
    return read_po(output)


def untranslated() -> list[str]:
    catalog = read_po(CATALOG.read_text(encoding="utf-8"))
    missing = []
    for key in extracted_messages():
        forms = catalog.get(key)
        if not forms or not all(form.strip() for form in forms):
            missing.append(key[1])
    return sorted(missing)
