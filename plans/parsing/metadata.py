"""Plan metadata from the title area: title, region, period, status, issuer, number, date.

The title area is the short lines before the first heading (tables of contents left
out): cover title, draft marker, issuing office, 文号, date. Draft markers count only
there, because body text may quote an earlier draft (003 mentions （送审稿） in passing).
When there is no title (001), region and period are inferred from the text and a
warning says so.
"""

from __future__ import annotations

import re
from collections import Counter

from plans.parsing.lines import ascii_digits, collapse_cjk_spaces
from plans.parsing.model import ParseWarning, PlanMeta

# Lines longer than this are paragraphs, not part of a title block.
MAX_TITLE_AREA_CHARS = 60

_DRAFT = re.compile(r"[（(]?(征求意见稿|送审稿|讨论稿|草案|初稿|修改稿|报批稿|审议稿|代拟稿)[）)]?")
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s?[〔\[［【（(]\s?(?:19|20)\d\d\s?[〕\]］】）)]\s?\d{1,4}\s?号"
)
_DATE = re.compile(r"((?:19|20)\d\d)\s?年\s?(\d{1,2})\s?月(?:\s?(\d{1,2})\s?日)?")
_CN_DATE = re.compile(
    r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?"
)
_ISSUER = re.compile(
    r"(人民政府办公室|人民政府办公厅|人民政府|委员会|办公室|卫生健康局|卫生健康委|局)(文件)?$"
)
_PERIOD_RANGE = re.compile(r"((?:19|20)\d\d)\s?年?\s?[—–\-－~～至到]{1,2}\s?((?:19|20)\d\d)\s?年?")
_FIVE_YEAR = {"十三五": (2016, 2020), "十四五": (2021, 2025), "十五五": (2026, 2030), "十六五": (2031, 2035)}
_VISION_YEAR = re.compile(r"[“\"]((?:20)\d\d)[”\"]")

_UNIT = "自治县|自治旗|自治州|地区|市|区|县|旗|州|盟|师"
_REGION = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:市|州|盟|地区))?[\u4e00-\u9fff]{2,10}?(?:自治县|自治旗|区|县|旗|市)"
)
_UNITS = re.compile(rf".+?(?:{_UNIT})")
_XPCC = re.compile(r"第[一二三四五六七八九十]{1,3}师[\u4e00-\u9fff]{2,5}?市")
_CITY_DISTRICT = re.compile(r"[\u4e00-\u9fff]{2,5}?市[\u4e00-\u9fff]{2,5}?(?:区|县)")
_PARENT_PLAN = re.compile(r"《健康([\u4e00-\u9fff]{2,4})[“\"]")

_CN_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def title_area(lines: list[str], first_heading: int, skip: set[int]) -> list[tuple[int, str]]:
    """(index, stripped line) of the short lines before the first heading."""
    area = []
    for i in range(min(first_heading, len(lines))):
        s = lines[i].strip()
        if s and i not in skip and len(s) <= MAX_TITLE_AREA_CHARS and "。" not in s:
            area.append((i, s))
    return area


def read_metadata(
    text: str, area: list[tuple[int, str]], table_years: list[int] | None = None
) -> tuple[PlanMeta, list[ParseWarning]]:
    meta = PlanMeta()
    warnings: list[ParseWarning] = []
    title_line, meta.title = _find_title(area)
    for _, s in area:
        if meta.draft_marker is None:
            meta.draft_marker = _draft_marker(s)
        if meta.doc_number is None and (m := _DOC_NUMBER.search(s)):
            meta.doc_number = re.sub(r"\s", "", m.group(0))
        if meta.issue_date is None:
            meta.issue_date = _read_date(s)
    meta.issuer = _find_issuer(area)
    if meta.title and meta.draft_marker:
        meta.title = _DRAFT.sub("", meta.title).strip() or meta.title
    if meta.draft_marker:
        meta.status = "draft"
    elif meta.doc_number or meta.issue_date or any("印发" in s for _, s in area):
        meta.status = "issued"

    if meta.title is None:
        warnings.append(ParseWarning(None, "missing_title", "没有找到规划标题，地区和规划期根据正文推断"))
    _fill_region(meta, text, warnings)
    _fill_period(meta, text, table_years or [], title_line, warnings)
    if meta.region is None:
        warnings.append(ParseWarning(None, "missing_region", "无法确定规划所属地区，请导入时指定"))
    if meta.period_start is None or meta.period_end is None:
        warnings.append(ParseWarning(title_line, "missing_period", "无法确定完整的规划期，请导入时指定"))
    return meta, warnings


def _find_title(area: list[tuple[int, str]]) -> tuple[int | None, str | None]:
    """The first short line naming a plan (…规划 / …纲要), joined with a line it was split from."""
    for k, (i, s) in enumerate(area):
        if "规划" not in s and "纲要" not in s:
            continue
        if s.startswith(("关于", "《")) or "通知" in s or "印发" in s or "目录" in s:
            continue
        parts = [s]
        # 004: `巴里坤哈萨克自治县健康巴里坤“2030”` + `规划纲要`.
        if (
            k > 0
            and area[k - 1][0] == i - 1
            and s.startswith(("规划", "纲要"))
            and _is_title_piece(area[k - 1][1])
        ):
            parts.insert(0, area[k - 1][1])
        following = area[k + 1][1] if k + 1 < len(area) and area[k + 1][0] == i + 1 else ""
        if following.startswith(("（", "(")) and _PERIOD_RANGE.search(following):
            parts.append(following)  # `…规划` + `（2021—2025年）`
        return i + 1, collapse_cjk_spaces("".join(parts))
    return None, None


def _draft_marker(s: str) -> str | None:
    """``征求意见稿`` from a line ``（征求意见稿）`` or a title ending in one."""
    m = _DRAFT.search(s)
    if m is None:
        return None
    bracketed = m.group(0)[0] in "（(" and m.group(0)[-1] in "）)"
    return m.group(1) if bracketed or m.group(0) == s or m.end() == len(s) else None


def _is_title_piece(s: str) -> bool:
    return not (_DOC_NUMBER.search(s) or _read_date(s) or _DRAFT.fullmatch(s) or s.endswith(("：", ":")))


def _read_date(s: str) -> str | None:
    """``2022-10-18`` / ``2022-06`` from a line that is only a date."""
    s = ascii_digits(s.replace(" ", ""))
    m = _DATE.fullmatch(s)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    else:
        m = _CN_DATE.fullmatch(s)
        if not m:
            return None
        year = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        month, day = _cn_number(m.group(2)), m.group(3) and _cn_number(m.group(3))
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    day = int(day)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else f"{year:04d}-{month:02d}"


def _cn_number(s: str) -> int:
    """一 … 三十一 written with 十."""
    if "十" not in s:
        return _CN_DIGIT.get(s, 0)
    tens, _, ones = s.partition("十")
    return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)


def _find_issuer(area: list[tuple[int, str]]) -> str | None:
    """The issuing body: a signature line, else a `…文件` letterhead."""
    found = None
    for _, s in area:
        if "规划" in s or "关于" in s or s.endswith(("：", ":")) or "、" in s or "，" in s:
            continue
        m = _ISSUER.search(s)
        if m:
            name = s[: m.end(1)]
            if m.group(2) is None:
                return name
            found = found or name
    return found


def _region_units(region: str) -> list[str]:
    return _UNITS.findall(region)


def _fill_region(meta: PlanMeta, text: str, warnings: list[ParseWarning]) -> None:
    region = None
    if meta.title:
        m = _REGION.match(meta.title)
        region = m.group(0) if m else None
    if region is None:
        region = _infer_region(text)
        if region:
            warnings.append(ParseWarning(None, "region_inferred", f"地区根据正文推断为“{region}”，请核对"))
    elif len(_region_units(region)) == 1:
        parent = _parent_city(text, region)
        if parent:
            warnings.append(
                ParseWarning(
                    None,
                    "region_inferred",
                    f"标题只写了“{region}”，上级“{parent}”根据正文引用的上级规划推断，请核对",
                )
            )
            region = parent + region
    if region:
        meta.region = region
        units = _region_units(region)
        meta.region_short = units[-1] if units else region


def _infer_region(text: str) -> str | None:
    """001 has no title: 第二师铁门关市 (兵团 division-city), else the commonest 市+区/县 name."""
    for pattern in (_XPCC, _CITY_DISTRICT):
        counts = Counter(pattern.findall(text))
        if counts:
            return counts.most_common(1)[0][0]
    return None


def _parent_city(text: str, county: str) -> str | None:
    """004 names itself 巴里坤哈萨克自治县 only; its parent plan 《健康哈密…》 plus 哈密市 in the text give 哈密市."""
    cities = {name for name in _PARENT_PLAN.findall(text) if f"{name}市" in text and name not in county}
    return f"{cities.pop()}市" if len(cities) == 1 else None


def _fill_period(
    meta: PlanMeta, text: str, table_years: list[int], title_line: int | None, warnings: list[ParseWarning]
) -> None:
    title = meta.title or ""
    m = _PERIOD_RANGE.search(title)
    if m and int(m.group(1)) < int(m.group(2)):
        meta.period_start, meta.period_end = int(m.group(1)), int(m.group(2))
        return
    for word, (start, end) in _FIVE_YEAR.items():
        if word in title:
            meta.period_start, meta.period_end = start, end
            return
    m = _VISION_YEAR.search(title)
    if m:
        meta.period_end = int(m.group(1))
        before = [year for year in table_years if year < meta.period_end]
        baseline_year = max(before) if before else None
        if baseline_year is not None and baseline_year < meta.period_end:
            meta.period_start = baseline_year + 1
            warnings.append(
                ParseWarning(
                    title_line,
                    "period_start_inferred",
                    f"标题未写起始年份，按指标表基期 {baseline_year} 年推断为 {meta.period_start} 年",
                )
            )
        return
    counts = Counter({word: text.count(word) for word in _FIVE_YEAR})
    word, count = counts.most_common(1)[0]
    if count:
        meta.period_start, meta.period_end = _FIVE_YEAR[word]
        warnings.append(
            ParseWarning(
                None,
                "period_inferred",
                f"规划期根据正文中的“{word}”推断为 {meta.period_start}—{meta.period_end} 年",
            )
        )
