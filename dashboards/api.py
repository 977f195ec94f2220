"""/api/v1/dashboard/: the leader dashboard's figures as JSON, scoped like the page."""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.response import Response

from dashboards.figures import Filters, dashboard
from dashboards.views import DASHBOARD_ROLES, default_year
from perfapp.api_router import router


def _plain(value):
    """Decimals as strings (exact), dates as ISO text, the rest as it is."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class DashboardViewSet(viewsets.ViewSet):
    """领导驾驶舱数据：各环节覆盖、执行率与序时进度、评价等级、预警、整改、结果应用资金及分类汇总。"""

    allowed_roles = DASHBOARD_ROLES

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度（默认当前预算年度）"),
            OpenApiParameter("department", OpenApiTypes.INT, description="主管部门 id"),
            OpenApiParameter("category", OpenApiTypes.STR, description="资金类别"),
            OpenApiParameter("budget_type", OpenApiTypes.STR, description="预算类型"),
            OpenApiParameter("region_level", OpenApiTypes.STR, description="区划级次"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def list(self, request):
        raw = request.query_params.get("year", "")
        year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default_year(request.user)
        figures = dashboard(
            request.user, year, Filters.from_query(request.query_params), timezone.localdate()
        )
        return Response(_plain(figures))


router.register("dashboard", DashboardViewSet, basename="dashboard")
