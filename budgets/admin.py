from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from budgets.models import Allocation, Deadline, Expenditure, FiscalYear, ImportBatch, Policy, Project


class PolicyInline(admin.TabularInline):
    model = Policy
    extra = 0
    fields = ["version", "effective_from", "comment", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False


class DeadlineInline(admin.TabularInline):
    model = Deadline
    extra = 0


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    list_display = ["year", "region", "is_current"]
    list_filter = ["is_current", "year"]
    inlines = [PolicyInline, DeadlineInline]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "department", "category", "total_amount", "status"]
    list_filter = ["status", "category", "budget_type", "start_year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["unit"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]


@admin.register(Allocation)
class AllocationAdmin(SimpleHistoryAdmin):
    list_display = ["project", "year", "fund_source", "initial_amount", "adjustment", "total_amount"]
    list_filter = ["year", "fund_source"]
    raw_id_fields = ["project", "batch"]


@admin.register(Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    list_display = ["project", "date", "amount", "fund_source", "voucher"]
    list_filter = ["year", "fund_source"]
    raw_id_fields = ["project", "batch"]
    search_fields = ["voucher"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["kind", "file_name", "status", "row_count", "uploaded_by", "created_at"]
    list_filter = ["kind", "status"]
