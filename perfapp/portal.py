"""The public portal (信息公开, no login) shared by its sections: approved targets (targets.portal)
and evaluation results (results.portal_views) [003][004 第二十三条][004 第四十三条].

Each section registers the queryset of what it discloses; the portal's selectors (region, year,
search) and tabs are shared, so a visitor picks a region and a year once and moves between
"绩效目标" and "评价结果" with the same choice. The page, its CSV and its JSON call `select()` with
the same request parameters and so list the same rows. Every view is GET only and rate-limited.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

PAGE_SIZE = 20
#: `year=all` lists every year; no `year` means the default year (see default_year).
ALL_YEARS = "all"


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    url_name: str
    queryset: Callable[[], QuerySet]
    order: int = 0


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Add a portal section (called once by each section's module when it is imported)."""
    _SECTIONS[section.key] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def rate_limited(view):
    """At most settings.PORTAL_RESULTS_RATE_LIMIT (default 120) requests a minute per IP → 429."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        limit = getattr(settings, "PORTAL_RESULTS_RATE_LIMIT", 120)
        key = f"portal_results:{request.META.get('REMOTE_ADDR', '')}"
        cache.add(key, 0, 60)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, 60)
            count = 1
        if count > limit:
            return HttpResponse(
                _("访问过于频繁，请稍后再试。"), status=429, content_type="text/plain; charset=utf-8"
            )
        return view(request, *args, **kwargs)

    return wrapper


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def default_year(years: Sequence[int]) -> int | None:
    """This year when it has data, else the latest earlier year with data, else the latest one."""
    if not years:
        return None
    current = timezone.localdate().year
    earlier = [y for y in years if y <= current]
    return max(earlier) if earlier else max(years)


@dataclass
class Selection:
    """What the visitor chose (region, year, search) and the options of the selectors."""

    section: Section
    region: int | None
    year: int | None
    all_years: bool
    q: str
    regions: list = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    #: The parameters the visitor gave (without `page`): tabs and downloads carry them on.
    params: dict = field(default_factory=dict)

    @property
    def query(self) -> str:
        return urlencode(self.params)

    def tabs(self) -> list[dict]:
        return [
            {
                "label": s.label,
                "url": f"{reverse(s.url_name)}?{self.query}" if self.params else reverse(s.url_name),
                "active": s.key == self.section.key,
            }
            for s in sections()
        ]


def public_regions():
    """Regions with anything disclosed in any section, province first."""
    from accounts.models import Region

    having = Q()
    for s in sections():
        having |= Q(pk__in=s.queryset().order_by().values("region_id"))
    return list(Region.objects.filter(having).order_by("code")) if having else []


def select(request, key: str) -> tuple[Selection, QuerySet]:
    """The visitor's selection and the section's queryset filtered by region and year (the
    section applies its own search on `selection.q`)."""
    section = _SECTIONS[key]
    qs = section.queryset()
    raw_year = (request.GET.get("year") or "").strip()
    region = _int(request.GET.get("region"))
    q = (request.GET.get("q") or "").strip()[:100]
    regions = public_regions()
    if region not in {r.pk for r in regions}:
        region = None
    if region:
        qs = qs.filter(region_id=region)
    years = sorted(set(qs.order_by().values_list("year", flat=True).distinct()), reverse=True)
    all_years = raw_year == ALL_YEARS
    year = None if all_years else (_int(raw_year) or default_year(years))
    if year:
        qs = qs.filter(year=year)
    params = {k: v for k, v in (("region", region), ("year", raw_year), ("q", q)) if v}
    return (
        Selection(section, region, year, all_years, q, regions=regions, years=years, params=params),
        qs,
    )


def paginate(request, qs) -> Page:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def json_page(page: Page, rows: list[dict]) -> JsonResponse:
    return JsonResponse(
        {
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "results": rows,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def csv_response(filename: str, headers: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    """A CSV with a BOM (so Excel reads the Chinese); cells that would start a formula are quoted."""
    from perfapp.documents import safe_cell

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(list(headers))
    for r in rows:
        writer.writerow([safe_cell(v) for v in r])
    return response


@require_GET
def landing(request):
    """/public/: the first section (绩效目标), keeping any region/year/search in the address."""
    query = request.GET.urlencode()
    url = reverse(sections()[0].url_name)
    return redirect(f"{url}?{query}" if query else url)
