"""Public portal of disclosed evaluation results [003][004 第四十三条]: no login, GET only,
rate-limited per IP; page, CSV and JSON share one queryset (results.disclosure.public_evaluations)."""

from __future__ import annotations

import csv
import functools

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from results import disclosure

PAGE_SIZE = 20


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


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filtered(request):
    q = (request.GET.get("q") or "").strip()
    year, region = _int(request.GET.get("year")), _int(request.GET.get("region"))
    qs = disclosure.public_evaluations(region=region, year=year, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return page, {"q": q, "year": year, "region": region}


@require_GET
@rate_limited
def result_list(request):
    page, filters = _filtered(request)
    rows = [disclosure.row(e) for e in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "results/portal/list.html",
        {"page": page, "rows": rows, "filters": filters, "query": query.urlencode()},
    )


@require_GET
@rate_limited
def result_json(request):
    page, _filters = _filtered(request)
    return JsonResponse(
        {
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "count": page.paginator.count,
            "results": [disclosure.row(e) for e in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@rate_limited
def result_csv(request):
    page, _filters = _filtered(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="evaluation-results.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["ID", *disclosure.HEADERS])
    for e in page.object_list:
        r = disclosure.row(e)
        writer.writerow([r["id"], *(r[c] for c in disclosure.COLUMNS)])
    return response
