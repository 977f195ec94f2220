"""Admin of the targets app. An approved (or published) target is frozen [004 第二十二条]: the admin
shows it read-only and refuses changes and deletion; it changes only through an adjustment."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from targets.models import Indicator, IndicatorTemplate, Target, TargetReview


def _frozen(obj) -> bool:
    return obj is not None and obj.is_frozen


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    raw_id_fields = ["template"]

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


class TargetReviewInline(admin.TabularInline):
    model = TargetReview
    extra = 0
    can_delete = False
    fields = ["stage", "review_round", "reviewer", "grade", "approved", "comment", "created_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["name", "year", "kind", "unit", "department", "status", "grade", "adjustment_no"]
    list_filter = ["status", "kind", "year", "category"]
    search_fields = ["name", "project__code"]
    raw_id_fields = ["project", "unit", "previous", "fiscal_year"]
    readonly_fields = ["status", "grade", "review_round", "version", "created_at", "updated_at"]
    inlines = [IndicatorInline, TargetReviewInline]

    def get_readonly_fields(self, request, obj=None):
        if _frozen(obj):
            return [f.name for f in Target._meta.concrete_fields]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(IndicatorTemplate)
class IndicatorTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "level1", "level2", "unit", "comparator", "status", "proposed_by"]
    list_filter = ["status", "level1"]
    search_fields = ["name", "level2", "definition"]
