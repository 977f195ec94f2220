"""Home (我的待办), health check, notifications, jobs and the audit log pages."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from perfapp.models import Notification
from perfapp.todo import todo_for


def home(request):
    items = todo_for(request.user)
    notifications = Notification.objects.filter(recipient=request.user, read_at__isnull=True)[:10]
    return render(
        request,
        "home.html",
        {"items": items, "notifications": notifications, "today": timezone.localdate()},
    )


@require_GET
def healthz(request):
    with connection.cursor() as cur:
        cur.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
