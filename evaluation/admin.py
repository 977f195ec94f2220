"""Evaluation rows in the Django admin (DEBUG only): read-mostly; business changes go through the
pages and the API so that transitions, scores and audit events stay consistent."""

from django.contrib import admin

from evaluation.models import (
    Attachment,
    Evaluation,
    EvaluationReport,
    ScoringScheme,
    Season,
    SelfEvaluationRow,
    WorkRecord,
)


@admin.register(EvaluationReport)
class EvaluationReportAdmin(admin.ModelAdmin):
    """Read-only: a final report never changes [004 第四十四条 (二)]; drafts and corrections are
    written on the evaluation page or through the API (evaluation.reports)."""

    list_display = ["evaluation", "number", "status", "total_score", "grade_label", "finalized_at", "sha256"]
    list_filter = ["status"]
    search_fields = ["evaluation__name", "sha256"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in EvaluationReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkRecord)
class WorkRecordAdmin(admin.ModelAdmin):
    list_display = ["evaluation", "kind", "date", "place", "created_by"]
    list_filter = ["kind"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in WorkRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: scores are computed and transitions recorded by evaluation.selfeval."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SelfEvaluationRowInline(admin.TabularInline):
    model = SelfEvaluationRow
    fields = [
        "level1",
        "level2",
        "name",
        "comparator",
        "target_value",
        "actual_value",
        "points",
        "score",
        "formula",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "year", "unit", "department", "status", "total_score", "grade_label"]
    list_filter = ["kind", "status", "year", "grade_label"]
    search_fields = ["name", "project__code", "unit__name"]
    list_select_related = ["unit", "department"]
    inlines = [SelfEvaluationRowInline]


@admin.register(Season)
class SeasonAdmin(ReadOnlyAdmin):
    list_display = ["fiscal_year", "deadline", "opened_at", "opened_by"]


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "region", "copied_from", "updated_at"]
    search_fields = ["name"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "evaluation", "row", "size", "sha256", "uploaded_by", "uploaded_at"]
    search_fields = ["name", "sha256"]
