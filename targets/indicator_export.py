"""All indicators of a region's year as one Excel table (绩效指标汇总导出), streamed.

At province scale a city's year holds ≈ 150,000 indicators (DESIGN.md §7: "exports stream and
keep memory flat"): rows are read with a server-side cursor (`.iterator()`) as plain tuples and
written by perfapp.documents (openpyxl write_only) to a temporary file that is then sent in
chunks, so memory does not grow with the row count. Scoped by Target.objects.visible_to;
audited as EXPORT.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import BUSINESS_ROLES, Region
from accounts.scoping import scope_of
from perfapp import audit
from perfapp.documents import Sheet, xlsx_response
from perfapp.models import EventKind
from targets.models import Comparator, Indicator, Level1, Target

#: Rows fetched from the server-side cursor at a time.
CHUNK = 2000

COLUMNS = (
    "target__project__code",
    "target__name",
    "target__department__name",
    "target__unit__name",
    "target__status",
    "level1",
    "level2",
    "name",
    "comparator",
    "target_value",
    "qualitative_value",
    "unit",
    "weight",
    "last_year_actual",
    "data_source",
)


def headers() -> list[str]:
    return [
        _("项目编码"),
        _("绩效目标"),
        _("主管部门"),
        _("预算单位"),
        _("目标状态"),
        _("一级指标"),
        _("二级指标"),
        _("三级指标"),
        _("比较方式"),
        _("指标值"),
        _("计量单位"),
        _("分值"),
        _("上年实际"),
        _("数据来源"),
    ]


def indicator_rows(user, region_id: int, year: int):
    """The indicators of the current versions of the region's targets of `year` that `user` sees."""
    targets = Target.objects.visible_to(user).current().filter(region_id=region_id, year=year)
    return (
        Indicator.objects.filter(target__in=targets)
        .order_by("target_id", "order", "id")
        .values_list(*COLUMNS)
    )


def _lines(rows) -> Iterator[list]:
    # Labels translated once, not once a row (150,000 rows at province scale).
    status = {k: str(v) for k, v in Target.Status.choices}
    level1 = {k: str(v) for k, v in Level1.choices}
    comparator = {k: str(v) for k, v in Comparator.choices}
    for (
        code,
        target,
        department,
        unit,
        state,
        l1,
        l2,
        name,
        comp,
        value,
        text,
        measure,
        weight,
        last_year,
        source,
    ) in rows.iterator(chunk_size=CHUNK):
        yield [
            code or "",
            target,
            department,
            unit,
            status.get(state, state),
            level1.get(l1, l1),
            l2,
            name,
            comparator.get(comp, comp),
            text if value is None else value,
            measure,
            weight,
            last_year,
            source,
        ]


def indicator_sheet(user, region_id: int, year: int) -> Sheet:
    return Sheet(
        title=_("绩效指标"),
        headers=headers(),
        rows=_lines(indicator_rows(user, region_id, year)),
        widths=(20, 36, 20, 24, 10, 10, 14, 24, 8, 14, 10, 8, 10, 14),
    )


@login_required
@require_GET
def indicator_export_view(request):
    """GET ?region=<id>&year=<yyyy>: the region's indicators of the year as .xlsx."""
    if not scope_of(request.user).roles & BUSINESS_ROLES:
        raise PermissionDenied(_("您的角色无权访问此功能。"))
    try:
        region = Region.objects.get(pk=int(request.GET.get("region", "")))
        year = int(request.GET.get("year", ""))
    except (ValueError, Region.DoesNotExist):
        raise Http404
    audit.record(
        EventKind.EXPORT,
        request.user,
        summary=(_("导出绩效指标 %(r)s %(y)s年度") % {"r": region.name, "y": year})[:255],
        data={"what": "targets.indicators", "region": region.pk, "year": year},
        request=request,
    )
    filename = _("绩效指标-%(r)s-%(y)s年度.xlsx") % {"r": region.name, "y": year}
    return xlsx_response(filename, [indicator_sheet(request.user, region.pk, year)])
