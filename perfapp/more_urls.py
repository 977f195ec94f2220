"""Shared pages: notifications, jobs, audit log."""

urlpatterns = []
