"""Admin of monitoring rounds and reports: read-only views for support; changes go through the
pages and the workflow (a report's money columns are computed, its status moves by transitions)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound


@admin.register(MonitoringRound)
class MonitoringRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "fiscal_year", "data_as_of", "due", "status"]
    list_filter = ["status"]
    raw_id_fields = ["fiscal_year", "deadline", "opened_by"]
    filter_horizontal = ["key_projects"]


class IndicatorProgressInline(admin.TabularInline):
    model = IndicatorProgress
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in IndicatorProgress._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonitoringReport)
class MonitoringReportAdmin(SimpleHistoryAdmin):
    list_display = ["target", "round", "unit", "department", "status", "is_key", "submitted_at"]
    list_filter = ["status", "is_key", "year"]
    search_fields = ["target__name", "project__code"]
    inlines = [IndicatorProgressInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in MonitoringReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
