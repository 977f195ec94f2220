"""The dashboard's figures as an Excel workbook and as a PDF briefing (a job), from one set of
tables (`tables(figures)`), so the file says what the page says."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.figures import STAGES, Filters, dashboard, dimension_labels, stage_labels
from perfapp import audit
from perfapp.documents import Sheet, render_pdf, write_xlsx
from perfapp.jobs import JobError, job_kind, set_progress
from perfapp.models import EventKind

TEN_THOUSAND = Decimal("10000")
CENT = Decimal("0.01")


def wan(value) -> Decimal | None:
    """Yuan → 万元 with two decimals."""
    if value is None:
        return None
    return (Decimal(value) / TEN_THOUSAND).quantize(CENT)


def tables(figures: dict) -> list[Sheet]:
    """The page's figures as sheets (title, header row, rows); money in 万元, shares in %."""
    t = figures["totals"]
    overview = Sheet(
        _("总体情况"),
        [_("指标"), _("数值")],
        [
            [_("年度"), figures["year"]],
            [_("数据截至"), figures["as_of"]],
            [_("项目数"), t["projects"]],
            [_("全年预算数（万元）"), wan(t["budget"])],
            [_("执行数（万元）"), wan(t["executed"])],
            [_("预算执行率（%）"), t["execution_rate"]],
            [_("序时进度（%）"), figures["time_progress"]],
            [_("执行率与序时进度之差（百分点）"), t["gap"]],
            [_("执行滞后项目数"), t["lagging"]],
        ],
        widths=(34, 18),
    )
    coverage = Sheet(
        _("各环节覆盖"),
        [
            _("环节"),
            _("项目数"),
            _("覆盖比例（按项目数，%）"),
            _("涉及预算（万元）"),
            _("覆盖比例（按金额，%）"),
            _("规定比例（%）"),
            _("是否达标"),
        ],
        [
            [
                c["label"],
                c["count"],
                c["count_share"],
                wan(c["money"]),
                c["money_share"],
                c["required"],
                _("达标") if c["meets"] else _("未到截止日") if c["pending"] else _("未达标"),
            ]
            for c in figures["coverage"]
        ],
        widths=(18, 10, 16, 16, 16, 12, 10),
    )
    months = Sheet(
        _("执行进度"),
        [_("月份"), _("累计执行数（万元）"), _("执行率（%）"), _("序时进度（%）")],
        [
            [f"{m['month']}月", wan(m["executed"]), m["rate"], m["time_progress"]]
            for m in figures["execution_by_month"]
        ],
        widths=(8, 18, 12, 12),
    )
    grades = Sheet(
        _("评价等级分布"),
        [_("评价等级"), _("项目数"), _("涉及预算（万元）")],
        [[g["label"], g["count"], wan(g["money"])] for g in figures["grades"]],
        widths=(12, 10, 16),
    )
    w = figures["warnings"]
    warnings = Sheet(
        _("预警"),
        [_("分类"), _("预警条数"), _("涉及项目数")],
        [[_("%(level)s预警") % {"level": lv["label"]}, lv["warnings"], lv["projects"]] for lv in w["levels"]]
        + [[_("最早未处置预警：%(band)s") % {"band": a["label"]}, None, a["projects"]] for a in w["ages"]],
        widths=(28, 10, 12),
    )
    r = figures["rectification"]
    rectification = Sheet(
        _("整改"),
        [_("分类"), _("整改事项数"), _("涉及项目数")],
        [
            [_("未销号"), r["open"], r["projects_open"]],
            [_("其中逾期"), r["overdue"], r["projects_overdue"]],
            [_("已销号"), r["closed"], r["projects_closed"]],
            [_("整改完成率（%）"), r["closed_rate"], None],
        ],
        widths=(18, 12, 12),
    )
    moved = Sheet(
        _("结果应用资金"),
        [_("措施"), _("金额（万元）"), _("涉及项目数")],
        [[m["label"], wan(m["amount"]), m["projects"]] for m in figures["moved"]]
        + [[_("合计"), wan(figures["moved_total"]), None]],
        widths=(14, 14, 12),
    )
    sheets = [overview, coverage, months, grades, warnings, rectification, moved]
    labels = stage_labels()
    for dim, dim_label in dimension_labels().items():
        rows = figures["breakdowns"][dim]
        grade_names = list(rows[0]["grades"]) if rows else []
        sheets.append(
            Sheet(
                _("按%(dim)s") % {"dim": dim_label},
                [
                    dim_label,
                    _("项目数"),
                    _("全年预算数（万元）"),
                    _("执行数（万元）"),
                    _("执行率（%）"),
                    _("执行滞后项目"),
                    *[_("%(stage)s覆盖（%%）") % {"stage": labels[s]} for s in STAGES],
                    *[g or _("未评价") for g in grade_names],
                    _("有预警项目"),
                    _("未销号整改事项"),
                    _("结果应用调整资金（万元）"),
                ],
                [
                    [
                        row["label"],
                        row["projects"],
                        wan(row["budget"]),
                        wan(row["executed"]),
                        row["execution_rate"],
                        row["lagging"],
                        *[row["stages"][s]["share"] for s in STAGES],
                        *[row["grades"].get(g, 0) for g in grade_names],
                        row["warned"],
                        row["rect_open"],
                        wan(row["moved"]),
                    ]
                    for row in rows
                ],
                widths=(24,),
            )
        )
    return sheets


def filename(figures: dict, ext: str) -> str:
    return _("%(year)s年度预算绩效管理驾驶舱.%(ext)s") % {"year": figures["year"], "ext": ext}


def figures_xlsx(figures: dict) -> bytes:
    stream = io.BytesIO()
    write_xlsx(stream, tables(figures))
    return stream.getvalue()


def briefing_pdf(figures: dict, scope_name: str) -> bytes:
    return render_pdf(
        "dashboards/pdf/briefing.html",
        {
            "title": _("%(year)s年度预算绩效管理情况简报") % {"year": figures["year"]},
            "figures": figures,
            "scope_name": scope_name,
            "sheets": tables(figures),
        },
    )


def record_export(user, figures: dict, fmt: str, request=None) -> None:
    audit.record(
        EventKind.EXPORT,
        user,
        summary=_("导出%(year)s年度驾驶舱数据（%(fmt)s）") % {"year": figures["year"], "fmt": fmt.upper()},
        data={"year": figures["year"], "filters": figures["filters"], "format": fmt},
        request=request,
    )


@job_kind("dashboard_briefing", gettext_lazy("驾驶舱情况简报（PDF）"), queue="reports")
def render_briefing(job) -> tuple[str, bytes]:
    """The briefing of the figures the job's owner sees (their scope, never another's)."""
    params = job.params or {}
    try:
        year = int(params["year"])
    except (KeyError, TypeError, ValueError):
        raise JobError(_("简报参数不完整：缺少年度。"))
    user = job.created_by
    set_progress(job, 10)
    figures = dashboard(user, year, Filters.from_query(params.get("filters") or {}))
    set_progress(job, 40)
    org = user.organization
    content = briefing_pdf(figures, org.name if org else "")
    set_progress(job, 95)
    record_export(user, figures, "pdf")
    return filename(figures, "pdf"), content
