"""Saving a parsed plan document: one transaction, idempotent, versioned.

The parser (``plans.parsing``) turns bytes into the plan interchange document;
this module validates it and persists it. Views, management commands and the
fixture loader all call :func:`plan_import`.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from indicators.catalog import catalog_alias_learn, indicator_local_for_row, indicators_for_row
from indicators.models import NATURE_BY_TEXT, Indicator, PlanIndicator, Target, ValueSource
from indicators.services import indicator_value_record
from indicators.status import status_refresh_rows
from plans.parsing.cells import read_cell
from projects.models import KeyProject, KeyProjectItem

from .models import Chapter, Plan, Region


class ImportRejected(ValueError):
    """The document cannot be saved as it is; ``problems`` says why, in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


@dataclass(frozen=True)
class PlanOverrides:
    """Metadata an administrator supplies where the document is silent (e.g. 001)."""

    title: str | None = None
    region: str | None = None
    region_short: str | None = None
    division_code: str | None = None  # issue 15: 6-digit code when the name is ambiguous
    period_start: int | None = None
    period_end: int | None = None
    status: str | None = None
    issuer: str | None = None
    doc_number: str | None = None

    def apply(self, plan: dict) -> dict:
        merged = dict(plan)
        for key, value in self.__dict__.items():
            if value not in (None, ""):
                merged[key] = value
        return merged


@dataclass
class ImportResult:
    plan: Plan | None
    outcome: str  # "created" | "new_version" | "unchanged"
    dry_run: bool = False
    counts: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        verb = {"created": "新建规划", "new_version": "新版本", "unchanged": "内容未变，未做修改"}[
            self.outcome
        ]
        head = f"{'[试运行，未保存] ' if self.dry_run else ''}{verb}：{self.plan.title if self.plan else ''}"
        lines = [head]
        if self.plan is not None and self.plan.revises_id:
            lines.append(f"修订自规划 #{self.plan.revises_id}")
        if self.counts:
            lines.append("，".join(f"{label} {n}" for label, n in self.counts.items()))
        lines.extend(f"提示（第{w.get('line') or '?'}行）：{w.get('message', '')}" for w in self.warnings)
        return lines


def region_level_for(name: str) -> str:
    if re.search(r"第.{1,3}师", name):
        return Region.Level.DIVISION_CITY
    if name.endswith("县"):
        return Region.Level.COUNTY
    if name.endswith("区"):
        return Region.Level.DISTRICT
    if name.endswith("市"):
        return Region.Level.CITY
    return Region.Level.OTHER


def _issue_date(raw: str | None) -> tuple[datetime.date | None, str]:
    if not raw:
        return None, ""
    parts = [int(p) for p in raw.split("-")]
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], 1), Plan.DatePrecision.MONTH
    return datetime.date(parts[0], parts[1], parts[2]), Plan.DatePrecision.DAY


def _decimal(value) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _missing_metadata(plan: dict) -> list[str]:
    problems = []
    if not (plan.get("title") or "").strip():
        problems.append("缺少规划标题（文件中没有标题行），请补充标题")
    if not (plan.get("region") or "").strip():
        problems.append("无法识别地区，请补充地区全称")
    if not plan.get("period_start") or not plan.get("period_end"):
        problems.append("无法识别规划期（起止年份），请补充")
    return problems


def _validation_problems(exc: ValidationError, where: str) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [f"{where}：{field_name} {'；'.join(msgs)}" for field_name, msgs in exc.message_dict.items()]
    return [f"{where}：{'；'.join(exc.messages)}"]


def plan_import(
    *,
    document: dict,
    source_text: str,
    user=None,
    overrides: PlanOverrides | None = None,
    dry_run: bool = False,
    mappings: Mapping[int, Indicator | None] | None = None,
) -> ImportResult:
    """Validate and save one plan interchange document, all-or-nothing.

    The same bytes imported twice change nothing. A different document for the
    same region and period becomes a new version linked to the latest one.
    Values already entered for the region are never overwritten.

    ``mappings`` (row index in ``document["indicators"]`` → catalog entry) are an
    administrator's choices from the review screen and replace automatic matching
    for those rows; ``None`` for a row means "no catalog entry": it gets a
    plan-local entry, listed for mapping later.
    """
    sha256 = document["source"]["sha256"]
    existing = Plan.objects.filter(source_sha256=sha256).select_related("region").first()
    if existing is not None:
        return ImportResult(plan=existing, outcome="unchanged", dry_run=dry_run)

    meta = (overrides or PlanOverrides()).apply(document["plan"])
    problems = _missing_metadata(meta)
    if problems:
        raise ImportRejected(problems)

    try:
        with transaction.atomic():
            result = _save(
                document=document, meta=meta, source_text=source_text, user=user, mappings=mappings or {}
            )
            if dry_run:
                result.dry_run = True
                transaction.set_rollback(True)
    except ValidationError as exc:
        raise ImportRejected(_validation_problems(exc, "数据校验失败")) from exc
    return result


def _save(
    *, document: dict, meta: dict, source_text: str, user, mappings: Mapping[int, Indicator | None]
) -> ImportResult:
    region = Region.objects.filter(name=meta["region"]).first()
    if region is None:
        region = Region(
            name=meta["region"],
            short_name=meta.get("region_short") or meta["region"],
            level=region_level_for(meta["region"]),
        )
        region.full_clean()
        region.save()
    # Issue 15: link the region to China's division list (asks via ValidationError when ambiguous).
    from divisions.services import region_division_attach

    region_division_attach(region=region, name=meta["region"], code=meta.get("division_code"))

    previous = (
        Plan.objects.filter(region=region, period_start=meta["period_start"], period_end=meta["period_end"])
        .exclude(revisions__isnull=False)
        .order_by("-id")
        .first()
    )
    issue_date, precision = _issue_date(meta.get("issue_date"))
    plan = Plan(
        region=region,
        title=meta["title"].strip(),
        period_start=meta["period_start"],
        period_end=meta["period_end"],
        status=meta.get("status") or Plan.Status.UNKNOWN,
        draft_marker=meta.get("draft_marker") or "",
        issuer=meta.get("issuer") or "",
        doc_number=meta.get("doc_number") or "",
        issue_date=issue_date,
        issue_date_precision=precision,
        source_name=document["source"].get("name") or "",
        source_sha256=document["source"]["sha256"],
        source_encoding=document["source"].get("encoding") or "",
        source_text=source_text,
        parse_warnings=document.get("warnings", []),
        revises=previous,
        imported_by=user,
    )
    plan.full_clean()
    plan.save()

    chapters = _save_chapters(plan, document.get("chapters", []))
    rows, values = _save_indicators(plan, region, document.get("indicators", []), user, mappings)
    projects, items = _save_projects(plan, chapters, document.get("key_projects", []))
    counts = {"章节": len(chapters), "指标": rows, "基期值": values, "重点项目": projects, "项目条目": items}
    if previous is not None:
        from projects.services import project_records_carry_over

        counts["沿用的项目实施记录"] = project_records_carry_over(previous=previous, plan=plan)
    status_refresh_rows(list(PlanIndicator.objects.filter(plan__region=region)))
    return ImportResult(
        plan=plan,
        outcome="new_version" if previous else "created",
        counts=counts,
        warnings=document.get("warnings", []),
    )


def _save_chapters(plan: Plan, chapters: list[dict]) -> list[Chapter]:
    saved: list[Chapter] = []
    for order, item in enumerate(chapters):
        parent_index = item.get("parent")
        chapter = Chapter(
            plan=plan,
            parent=saved[parent_index] if parent_index is not None else None,
            order=order,
            level=item["level"],
            marker=item.get("marker") or "",
            title=item.get("title") or "",
            heading=item.get("heading") or "",
            text=item.get("text") or "",
            line=item["line"],
        )
        chapter.full_clean()
        chapter.save()
        saved.append(chapter)
    return saved


def _tracked(plan: Plan, row: dict, order: int, mappings: Mapping[int, Indicator | None]) -> list[Indicator]:
    """The catalog entries a row tracks: the administrator's choice if any, else automatic matching."""
    unit = row.get("unit") or ""
    if order not in mappings:
        return indicators_for_row(name=row["name"], unit=unit, plan=plan)
    chosen = mappings[order]
    if chosen is None:  # the administrator said no catalog entry fits
        return [indicator_local_for_row(name=row["name"], unit=unit, plan=plan)]
    catalog_alias_learn(indicator=chosen, name=row["name"])
    return [chosen]


def _nature(row: dict) -> str:
    written = row.get("nature") or ""
    if written and written not in NATURE_BY_TEXT:
        raise ValidationError(
            {"nature": f"第{row.get('line')}行：未知的指标性质“{written}”（应为预期性、约束性或指导性）"}
        )
    return NATURE_BY_TEXT.get(written, "")


def _save_indicators(
    plan: Plan, region: Region, rows: list[dict], user, mappings: Mapping[int, Indicator | None]
) -> tuple[int, int]:
    saved: list[PlanIndicator] = []
    value_count = 0
    for order, row in enumerate(rows):
        tracked = _tracked(plan, row, order, mappings)
        parent_index = row.get("sub_of")
        plan_row = PlanIndicator(
            plan=plan,
            indicator=tracked[0],
            order=order,
            domain=row.get("domain") or "",
            seq=row.get("seq") or "",
            name=row["name"],
            unit=row.get("unit") or "",
            nature=_nature(row),
            progress_estimate=row.get("progress_estimate") or "",
            parent=saved[parent_index] if parent_index is not None else None,
            cells=row.get("cells") or {},
            line=row["line"],
        )
        plan_row.full_clean()
        plan_row.save()
        plan_row.extra_indicators.set(tracked[1:])
        saved.append(plan_row)

        target = row.get("target")
        if target:
            target_row = Target(
                plan_indicator=plan_row,
                year=target["year"],
                raw=target.get("raw") or "",
                kind=target["kind"],
                comparator=target.get("comparator") or "",
                value=_decimal(target.get("value")),
                params=target.get("params") or {},
            )
            target_row.full_clean()
            target_row.save()

        target_year = str(target["year"]) if target else None
        for year, raw in sorted((row.get("cells") or {}).items()):
            if year == target_year or (target_year and int(year) > int(target_year)):
                continue  # the target, or an outlook beyond it (2035): targets, never recorded values
            reading = read_cell(raw)
            if reading.kind != "absolute" or reading.value is None:
                continue
            for indicator in tracked:
                indicator_value_record(
                    region=region,
                    indicator=indicator,
                    year=int(year),
                    value=reading.value,
                    comparator=reading.comparator or "",
                    raw=raw.strip(),
                    source=ValueSource.PLAN,
                    source_plan=plan,
                    user=user,
                    refresh_status=False,
                )
                value_count += 1
    return len(saved), value_count


def _save_projects(plan: Plan, chapters: list[Chapter], projects: list[dict]) -> tuple[int, int]:
    item_count = 0
    for order, item in enumerate(projects):
        chapter_index = item.get("chapter")
        project = KeyProject(
            plan=plan,
            chapter=chapters[chapter_index] if chapter_index is not None else None,
            order=order,
            label=item["label"],
            number=item.get("number"),
            title=item.get("title") or "",
            line=item["line"],
        )
        project.full_clean()
        project.save()
        for position, text in enumerate(item.get("items") or []):
            entry = KeyProjectItem(project=project, order=position, text=text)
            entry.full_clean()
            entry.save()
            item_count += 1
    return len(projects), item_count
