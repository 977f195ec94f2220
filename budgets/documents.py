"""Excel layouts of the project library, written by perfapp.documents (openpyxl write_only, cells
that would start a formula neutralised) so memory stays flat on large exports."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.indicators import ratio
from budgets.models import project_year_totals
from perfapp.documents import Sheet, write_xlsx

CHUNK = 2000


def project_headers(year: int) -> list[str]:
    return [
        _("项目编码"),
        _("项目名称"),
        _("主管部门"),
        _("预算单位"),
        _("资金类别"),
        _("预算类型"),
        _("资金来源"),
        _("项目性质"),
        _("起始年度"),
        _("结束年度"),
        _("项目总金额（元）"),
        _("%(year)s年全年预算数（元）") % {"year": year},
        _("%(year)s年执行数（元）") % {"year": year},
        _("%(year)s年执行率（%%）") % {"year": year},
        _("重大项目"),
        _("项目负责人"),
        _("状态"),
    ]


def _chunks(queryset, size: int = CHUNK) -> Iterable[list]:
    chunk = []
    for project in queryset.iterator(chunk_size=size):
        chunk.append(project)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _rows(queryset, year: int) -> Iterator[list]:
    for chunk in _chunks(queryset):
        totals = project_year_totals([p.pk for p in chunk], year)
        for p in chunk:
            t = totals[p.pk]
            yield [
                p.code,
                p.name,
                p.department.name,
                p.unit.name,
                p.get_category_display(),
                p.get_budget_type_display(),
                p.get_fund_sources_display(),
                p.get_nature_display(),
                p.start_year,
                p.end_year,
                Decimal(p.total_amount),
                t["budget"],
                t["spent"],
                ratio(t["spent"], t["budget"]),
                _("是") if p.is_major else _("否"),
                p.leader_name,
                p.get_status_display(),
            ]


def write_project_list(queryset, year: int) -> tuple[tempfile.TemporaryFile, int]:
    """The filtered, already scoped project list as an .xlsx file; returns (file, row count).

    Year figures are computed per chunk of 2,000 projects (two queries each), never per row.
    """
    sheet = Sheet(
        title=_("项目库"),
        headers=project_headers(year),
        rows=_rows(queryset, year),
        widths=(18, 40, 22, 22, 16, 16, 20, 10, 9, 9, 16, 18, 16, 14, 8, 10, 10),
    )
    out = tempfile.TemporaryFile()
    rows = write_xlsx(out, [sheet])
    out.seek(0)
    return out, rows
