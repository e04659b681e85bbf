"""A half-year report's figures as HTML with SVG charts, as PDF, and as xlsx.

Charts are drawn by matplotlib (Agg, SVG, glyphs as paths so the HTML needs no
font to show them); the text is set in Noto CJK, named explicitly, which
WeasyPrint embeds in the PDF. One HTML serves the browser and the PDF.
"""

from __future__ import annotations

import functools
import io
import logging
import threading
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import jinja2

from service.compliance.rules import Ratio
from service.reports.figures import HalfYearFigures, Ranking
from service.reports.ports import FileFormat
from service.reports.rules import Earned, OfficerHalf

CJK_FONT = "Noto Sans CJK SC"
URGE_SHOWN = 200
KIND_LABELS = {
    "grid_research": "网格调研（人地事物组织）",
    "policy_briefing": "政策宣讲",
    "legal_publicity": "法治宣传",
    "legal_consultation": "法律咨询",
    "dispute_mediation": "矛盾纠纷调解",
    "risk_screening": "风险排查",
    "enterprise_visit": "法企同行",
    "epidemic_duty": "疫情防控",
    "major_event_security": "重大活动安保",
    "grid_worker_support": "支持网格员工作",
    "other": "其他",
}
_INK = ["#a40000", "#d4693a", "#e3a33b", "#6b8e23", "#2f6f8f", "#7a5c99", "#999999"]


def _share(ratio: Ratio | None) -> str:
    return "—" if ratio is None else ratio.percent_text()


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("service.reports", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )


@functools.cache
def _pyplot() -> object:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": [CJK_FONT, "Noto Sans CJK JP", "DejaVu Sans"],
            "axes.unicode_minus": False,
            "svg.fonttype": "path",
            "svg.hashsalt": "officer-module",  # the same figures draw the same SVG
            "font.size": 9,
        }
    )
    import matplotlib.pyplot as plt

    return plt


def _svg(figure: object, prefix: str) -> str:
    """The figure as inline SVG, its ids prefixed: several charts on one page
    each define the same glyphs, and an id must be defined once."""
    plt = _pyplot()
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})  # type: ignore[attr-defined]
    plt.close(figure)  # type: ignore[attr-defined]
    text = out.getvalue()
    text = text[text.index("<svg") :]
    for before, after in (
        ('id="', f'id="{prefix}-'),
        ('href="#', f'href="#{prefix}-'),
        ("url(#", f"url(#{prefix}-"),
    ):
        text = text.replace(before, after)
    return text


def _activity_chart(f: HalfYearFigures) -> str:
    plt = _pyplot()
    months = [str(m) for m in f.monthly.months]
    kinds = list(f.activities_by_kind())
    top, rest = kinds[:6], kinds[6:]
    figure, axes = plt.subplots(figsize=(7.2, 2.8))  # type: ignore[attr-defined]
    bottom = [0] * len(months)
    series = [
        (KIND_LABELS.get(k, k), [f.monthly.by_kind.get((m, k), 0) for m in months]) for k in top
    ]
    if rest:
        series.append(
            ("其他类型", [sum(f.monthly.by_kind.get((m, k), 0) for k in rest) for m in months])
        )
    for (label, values), ink in zip(series, _INK, strict=False):
        axes.bar(months, values, bottom=bottom, label=label, color=ink, width=0.6)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title("各月工作动态（按类型）")
    axes.set_ylabel("次数")
    axes.spines[["top", "right"]].set_visible(False)
    if series:
        axes.legend(fontsize=7, frameon=False, ncol=2, loc="upper left", bbox_to_anchor=(1, 1))
    return _svg(figure, "activities")


def _compliance_chart(f: HalfYearFigures) -> str:
    plt = _pyplot()
    rows = f.month_counts()
    figure, axes = plt.subplots(figsize=(7.2, 2.4))  # type: ignore[attr-defined]
    values = [counts.rate.per_mille() / 10 for _, counts in rows]
    axes.bar([m for m, _ in rows], values, color="#2f6f8f", width=0.6)
    for x, value in enumerate(values):
        axes.text(x, value + 1, f"{value:.1f}%", ha="center", fontsize=7)
    axes.set_ylim(0, 110)
    axes.set_title(f"每月不少于 {f.floor} 次的达标率")
    axes.set_ylabel("%")
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, "compliance")


def _participation_chart(f: HalfYearFigures) -> str:
    known = [u for u in f.participation if u.participation.known]
    if not known:
        return ""
    plt = _pyplot()
    height = max(1.6, 0.28 * len(known) + 0.8)
    figure, axes = plt.subplots(figsize=(7.2, height))  # type: ignore[attr-defined]
    names = [u.unit.display_name for u in known]
    party = [u.participation.party_members.per_mille() / 10 for u in known]  # type: ignore[union-attr]
    others = [u.participation.others.per_mille() / 10 for u in known]  # type: ignore[union-attr]
    y = range(len(known))
    axes.barh([i - 0.2 for i in y], party, height=0.4, color="#a40000", label="党员干警")
    axes.barh([i + 0.2 for i in y], others, height=0.4, color="#e3a33b", label="其他干警")
    axes.axvline(80, color="#a40000", linestyle="--", linewidth=0.8)
    axes.axvline(50, color="#e3a33b", linestyle="--", linewidth=0.8)
    axes.set_yticks(list(y), names, fontsize=7)
    axes.invert_yaxis()
    axes.set_xlim(0, 105)
    axes.set_title("各单位参与率（虚线为 80% / 50% 标准）", pad=22)
    axes.legend(fontsize=7, frameon=False, ncol=2, loc="lower center", bbox_to_anchor=(0.5, 1.02))
    axes.spines[["top", "right"]].set_visible(False)
    return _svg(figure, "participation")


# pyplot keeps state per process: one chart at a time, whichever thread draws.
_DRAWING = threading.Lock()


def html(f: HalfYearFigures, zone: ZoneInfo) -> str:
    with _DRAWING:
        charts = {
            "activities": _activity_chart(f),
            "compliance": _compliance_chart(f),
            "participation": _participation_chart(f),
        }
    months = f.monthly.months
    coverage = f.coverage or ()
    return (
        _environment()
        .get_template("half_year.html.j2")
        .render(
            f=f,
            share=_share,
            kind_label=lambda kind: KIND_LABELS.get(kind, kind),
            period=f"{months[0]} 至 {months[-1]}",
            generated=f.generated_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            activity_total=sum(f.monthly.by_kind.values()),
            by_month=f.activities_by_month(),
            by_kind=f.activities_by_kind(),
            coverage={
                "grids": sum(c.grids for c in coverage),
                "uncovered": sum(len(c.uncovered_grids) for c in coverage),
                "missing": sum(1 for c in coverage if c.missing_fields),
            },
            urge_shown=f.urge[:URGE_SHOWN],
            charts=charts,
        )
    )


def pdf(document: str) -> bytes:
    import weasyprint

    # It reads the charts' SVG styles itself, and warns of each as unknown CSS.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return bytes(weasyprint.HTML(string=document).write_pdf())


def _rows(sheet: object, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    from openpyxl.styles import Font

    sheet.append(list(header))  # type: ignore[attr-defined]
    for cell in sheet[1]:  # type: ignore[index]
        cell.font = Font(bold=True)
    for row in rows:
        # Text that begins like a formula is written as text, never evaluated.
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])  # type: ignore[attr-defined]
    sheet.freeze_panes = "A2"  # type: ignore[attr-defined]


def _officer_rows(officers: Sequence[OfficerHalf]) -> list[list[object]]:
    return [
        [o.officer_id, o.display_name, o.unit or "", o.activities, o.met, o.short, o.excused]
        for o in officers
    ]


def xlsx(f: HalfYearFigures) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "概览"
    counts = f.half_counts
    _rows(
        summary,
        ["项目", "数值"],
        [
            ["报告", f.title],
            ["范围", f.parent_name],
            ["统计期", f"{f.monthly.months[0]} 至 {f.monthly.months[-1]}"],
            ["在册网格员", len(f.officers)],
            ["工作动态（次）", sum(f.monthly.by_kind.values())],
            ["月度达标（人月）", counts.met],
            ["月度未达标（人月）", counts.short],
            ["请假/借调（人月）", counts.excused],
            ["达标率", _share(counts.rate)],
            ["党员干警参与率", _share(f.participation_total.party_members)],
            ["其他干警参与率", _share(f.participation_total.others)],
            *(
                [
                    ["应报到", f.check_ins.owed],
                    ["按时报到", f.check_ins.on_time],
                    ["逾期未报到", f.check_ins.overdue],
                ]
                if f.check_ins
                else []
            ),
        ],
    )
    _rows(
        book.create_sheet("参与情况"),
        ["单位", "党员入格", "党员在编", "党员比例", "其他入格", "其他在编", "其他比例", "达标"],
        [
            [
                u.unit.display_name,
                u.party,
                u.unit.party_staff,
                _share(u.participation.party_members),
                u.others,
                u.unit.other_staff,
                _share(u.participation.others),
                {True: "达标", False: "未达标", None: "在编人数未报"}[u.participation.meets],
            ]
            for u in f.participation
        ],
    )
    by_month = f.activities_by_month()
    _rows(
        book.create_sheet("月度达标"),
        ["月份", "动态（次）", "达标", "未达标", "请假/借调", "达标率"],
        [[m, by_month[m], c.met, c.short, c.excused, _share(c.rate)] for m, c in f.month_counts()],
    )
    _rows(
        book.create_sheet("动态类型"),
        ["月份", "类型", "次数"],
        [[m, KIND_LABELS.get(k, k), n] for (m, k), n in sorted(f.monthly.by_kind.items())],
    )
    header = ["网格员", "姓名", "单位", "动态（次）", "达标月数", "未达标月数", "请假/借调月数"]
    _rows(book.create_sheet("网格员"), header, _officer_rows(f.officers))
    _rows(book.create_sheet("建议表扬"), header, _officer_rows(f.commend))
    _rows(book.create_sheet("建议督促"), header, _officer_rows(f.urge))
    if f.coverage is not None:
        _rows(
            book.create_sheet("覆盖与报到"),
            ["社区", "网格", "无网格员的网格", "缺少的专业力量", "报到逾期"],
            [
                [
                    c.community,
                    c.grids,
                    " ".join(c.uncovered_grids),
                    " ".join(c.missing_fields),
                    c.overdue_check_ins,
                ]
                for c in f.coverage
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def files(f: HalfYearFigures, zone: ZoneInfo) -> dict[FileFormat, bytes]:
    """Every file of the report."""
    document = html(f, zone)
    return {
        FileFormat.HTML: document.encode(),
        FileFormat.PDF: pdf(document),
        FileFormat.XLSX: xlsx(f),
    }


EARNED_LABELS = {
    Earned.ACTIVITY: "工作动态（每次）",
    Earned.KIND: "工作类型（每类）",
    Earned.TASK_ON_TIME: "重点任务按时完成（每项）",
    Earned.SUGGESTION_SATISFIED: "对策建议办结且满意（每件）",
    Earned.CHECK_IN_ON_TIME: "按时报到（每次）",
}


def ranking_xlsx(ranking: Ranking, note: str) -> bytes:
    """The ranking, its published weights and every record behind each score."""
    from openpyxl import Workbook

    book = Workbook()
    ranks = book.active
    ranks.title = "排名"
    _rows(
        ranks,
        [
            "名次",
            "网格员",
            "姓名",
            "单位",
            "得分",
            *EARNED_LABELS.values(),
            "达标月数",
            "动态（次）",
        ],
        [
            [
                rank,
                s.officer_id,
                s.display_name,
                s.unit or "",
                s.score,
                *(s.points[e] for e in Earned),
                s.months_met,
                s.activities,
            ]
            for rank, s in ranking.entries
        ],
    )
    _rows(
        book.create_sheet("计分规则"),
        ["项目", "分值"],
        [
            *([EARNED_LABELS[e], ranking.weights.of(e)] for e in Earned),
            ["同分", "按时达标月数多者在前，再按动态次数；三者相同者并列"],
            ["说明", note],
        ],
    )
    _rows(
        book.create_sheet("明细"),
        ["网格员", "项目", "记录", "时间", "内容", "分值"],
        [
            [
                r.officer_id,
                EARNED_LABELS[r.earned],
                r.ref,
                r.time.isoformat(),
                KIND_LABELS.get(r.note, r.note),
                ranking.weights.of(r.earned),
            ]
            for _, s in ranking.entries
            for r in ranking.records.get(s.officer_id, ())
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
