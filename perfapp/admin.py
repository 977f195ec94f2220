"""Django admin for the shared tables (mounted only with DEBUG): everything read-only.

The audit log and transition records are evidence; nobody edits or deletes them here.
"""

from django.contrib import admin

from perfapp.models import AuditCheckpoint, AuditEvent, Job, Notification, TransitionLog


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "kind", "actor_name", "object_type", "object_id", "summary", "ip"]
    list_filter = ["kind"]
    search_fields = ["summary", "actor_name", "object_id"]
    date_hierarchy = "at"


@admin.register(AuditCheckpoint)
class AuditCheckpointAdmin(ReadOnlyAdmin):
    list_display = ["last_event_id", "event_count", "archive_name", "created_at", "created_by"]


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "content_type", "object_id", "transition", "source", "target", "actor"]
    list_filter = ["content_type", "transition"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "recipient", "kind", "title", "read_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["created_by"]
