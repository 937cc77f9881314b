"""The Chinese sentences around the numbers: only counts, names and values from the report, never
an invented fact.  Pure functions over an :class:`~evaluation.report.EvaluationReport`, so the same
inputs always give the same text."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.headline import ACHIEVED, HOLDING
from indicators.models import status_label

from .report import EvaluationReport, is_assessed, money, project_status_label

SEP = "、"
# A binding target counts as met when the latest value satisfies it (indicators.headline groups).
TARGET_SATISFIED = frozenset(ACHIEVED + HOLDING)


def _share(part: int, whole: int) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part) * 100 / Decimal(whole)).quantize(Decimal('0.1'))}%"


def _years(years: list[int]) -> str:
    return SEP.join(str(y) for y in years)


def summary_paragraphs(report: EvaluationReport) -> list[str]:
    plan = report.plan
    issued = []
    if plan.issuer:
        issued.append(_("印发机关：%(issuer)s") % {"issuer": plan.issuer})
    if plan.doc_number:
        issued.append(_("文号：%(number)s") % {"number": plan.doc_number})
    if plan.issue_date:
        issued.append(_("印发日期：%(date)s") % {"date": plan.issue_date_label})
    natures: dict[str, int] = {}
    for line in report.lines:
        label = line.nature_label or _("未注明性质")
        natures[label] = natures.get(label, 0) + 1
    nature_text = SEP.join(f"{label} {count} 项" for label, count in natures.items())
    first = _("《%(title)s》（%(region)s，规划期 %(period)s 年，%(status)s）。") % {
        "title": plan.title,
        "region": plan.region.name,
        "period": plan.period_label,
        "status": plan.get_status_display() + (f"·{plan.draft_marker}" if plan.draft_marker else ""),
    }
    if issued:
        first += "；".join(issued) + "。"
    second = _("规划共设主要指标 %(count)s 项（%(natures)s），重点项目（专栏）%(projects)s 个。") % {
        "count": len(report.lines),
        "natures": nature_text or "—",
        "projects": len(report.projects),
    }
    third = _("本报告为%(kind)s，评估截至 %(year)s 年；所用数据截至 %(stamp)s。") % {
        "kind": report.kind_label,
        "year": report.as_of,
        "stamp": report.data_as_of_text,
    }
    return [first, second, third]


def binding_groups(report: EvaluationReport):
    """(met, missed, other) binding lines: met = the target is satisfied (已达成 through progress, or
    保持达标 when the start already met it); missed = below the red line, or the target year has
    passed without the target being satisfied."""
    met, missed, other = [], [], []
    for line in report.lines:
        if not line.binding:
            continue
        s = line.status
        if s.status in TARGET_SATISFIED:
            met.append(line)
        elif s.binding_breached or (
            s.target_year is not None and report.as_of >= s.target_year and is_assessed(s)
        ):
            missed.append(line)
        else:
            other.append(line)
    return met, missed, other


def finding_paragraphs(report: EvaluationReport) -> list[str]:
    out = []
    met, missed, other = binding_groups(report)
    if met or missed or other:
        parts = [_("约束性指标 %(count)s 项") % {"count": len(met) + len(missed) + len(other)}]
        if met:
            parts.append(
                _("已达成 %(n)s 项：%(names)s")
                % {"n": len(met), "names": SEP.join(f"{x.name}（{x.status_label}）" for x in met)}
            )
        if missed:
            parts.append(
                _("未达到目标或未达约束性要求 %(n)s 项：%(names)s")
                % {"n": len(missed), "names": SEP.join(f"{x.name}（{x.status_label}）" for x in missed)}
            )
        if other:
            parts.append(
                _("其余 %(n)s 项：%(names)s")
                % {"n": len(other), "names": SEP.join(f"{x.name}（{x.status_label}）" for x in other)}
            )
        out.append("；".join(parts) + "。")
    else:
        out.append(_("本规划未标注约束性指标。"))
    total = len(report.lines)
    assessed = report.assessed
    counts = SEP.join(f"{label} {n} 项" for _code, label, n in report.counts)
    out.append(
        _(
            "截至 %(year)s 年，%(total)s 项指标中可评估 %(assessed)s 项（覆盖率 %(coverage)s），其中：%(counts)s。"
        )
        % {
            "year": report.as_of,
            "total": total,
            "assessed": assessed,
            "coverage": _share(assessed, total),
            "counts": counts or "—",
        }
    )
    achieved = [x for x in report.lines if x.status.status == "achieved"]
    if assessed:
        out.append(
            _("已达成的指标 %(n)s 项，占可评估指标的 %(share)s。")
            % {"n": len(achieved), "share": _share(len(achieved), assessed)}
        )
    return out


def project_paragraphs(report: EvaluationReport) -> list[str]:
    if not report.projects:
        return [_("本规划没有专栏或重点项目。")]
    recorded = [p for p in report.projects if p.record is not None]
    tally: dict[str, int] = {}
    for p in recorded:
        tally[p.record.status] = tally.get(p.record.status, 0) + 1
    status_text = SEP.join(f"{project_status_label(code)} {n} 个" for code, n in tally.items())
    text = _("重点项目（专栏）%(total)s 个，截至 %(year)s 年已填报实施情况 %(recorded)s 个") % {
        "total": len(report.projects),
        "year": report.as_of,
        "recorded": len(recorded),
    }
    if status_text:
        text += "：" + status_text
    text += "。"
    planned = [p.record.investment_planned for p in recorded if p.record.investment_planned is not None]
    spent = [p.record.investment_spent for p in recorded if p.record.investment_spent is not None]
    if planned or spent:
        total_planned, total_spent = sum(planned, Decimal(0)), sum(spent, Decimal(0))
        text += _("已填报投资的项目计划投资合计 %(planned)s 万元，已完成投资合计 %(spent)s 万元") % {
            "planned": money(total_planned),
            "spent": money(total_spent),
        }
        if total_planned:
            text += _("（完成率 %(share)s）") % {"share": _share_decimal(total_spent, total_planned)}
        text += "。"
    missing = len(report.projects) - len(recorded)
    if missing:
        text += _("另有 %(n)s 个项目尚未填报实施情况。") % {"n": missing}
    return [text]


def _share_decimal(part: Decimal, whole: Decimal) -> str:
    return f"{(part * 100 / whole).quantize(Decimal('0.1'))}%"


def gap_paragraphs(report: EvaluationReport) -> list[str]:
    out = []
    gaps = report.gap_lines
    if gaps:
        out.append(
            _(
                "%(n)s 项指标在评估期内有缺报年份（见下表）；缺报年份不参与趋势判断，数据不足的指标不计入覆盖率。"
            )
            % {"n": len(gaps)}
        )
    else:
        out.append(_("评估期内各指标各年度均已填报。"))
    provisional = report.provisional_lines
    approved = [y for y in report.approved_years if y in report.years]
    out.append(_("已审核锁定的年度：%(years)s。") % {"years": _years(approved) if approved else _("无")})
    if provisional:
        out.append(
            _("%(n)s 项指标含尚未审核锁定年度的数值（表中标 * 号），属待审核的临时数据，定稿前可能修改。")
            % {"n": len(provisional)}
        )
    return out


METHOD_KEYS = [
    ("on_track", "预测到目标年可完成所需变化量的比例 P ≥ %(v)s：进展顺利"),
    ("acceleration_needed", "%(v)s ≤ P < 进展顺利阈值：需加快"),
    ("limited", "%(v)s ≤ P < 需加快阈值：进展缓慢；更低为倒退"),
    ("growth_on_track", "无数值目标时，按期望方向年均变化 ≥ %(v)s：进展顺利"),
    ("growth_acceleration_needed", "无数值目标时，年均变化 ≥ %(v)s：需加快"),
    ("growth_limited", "无数值目标时，年均变化 ≥ %(v)s：进展缓慢，更低为倒退"),
]


def method_paragraphs(report: EvaluationReport) -> list[str]:
    out = [
        _(
            "最新值已满足目标（按指标方向判断“不低于”或“不高于”）即为“已达成”；否则以基期值和最新值按复合增长率"
            "（有零值或符号变化时按线性）推算目标年的数值，计算可完成所需变化量的比例 P。约束性指标每年另做底线检查，"
            "未达到即标为“未达约束性要求”。少于两个可用数据点为“数据不足”，不作推测。路径应达值为基期到目标的直线上"
            "评估年应达到的数值，偏离 = 最新值 − 最新值所在年份的路径应达值。"
        )
    ]
    out.extend(
        _(text) % {"v": report.thresholds.get(key, "—")}
        for key, text in METHOD_KEYS
        if key in report.thresholds
    )
    out.append(
        _("本平台使用的状态：%(labels)s。")
        % {"labels": SEP.join(str(label) for _c, label in report.status_choices)}
    )
    return out


def line_status(line) -> str:
    return status_label(line.status.status)
