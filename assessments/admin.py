from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    AssessmentAttachment,
    AssessmentDimension,
    AssessmentExpertAssignment,
    JointReview,
    PriorAssessment,
    SpendingNeed,
)


class DimensionInline(admin.TabularInline):
    model = AssessmentDimension
    extra = 0


class SpendingNeedInline(admin.TabularInline):
    model = SpendingNeed
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = AssessmentAttachment
    extra = 0
    readonly_fields = ["name", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(PriorAssessment)
class PriorAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "unit", "department", "status", "conclusion"]
    list_filter = ["status", "conclusion", "year"]
    search_fields = ["project__name", "project__code"]
    raw_id_fields = ["project"]
    inlines = [DimensionInline, SpendingNeedInline, AttachmentInline]


@admin.register(AssessmentExpertAssignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["assessment", "expert", "active", "submitted_at"]
    list_filter = ["active"]


@admin.register(JointReview)
class JointReviewAdmin(SimpleHistoryAdmin):
    list_display = ["project", "meeting_date", "committee", "decision"]
    list_filter = ["decision", "year"]
    raw_id_fields = ["project", "assessment"]
