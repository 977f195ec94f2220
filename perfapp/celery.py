"""The Celery app. With no broker configured (the embedded default) tasks run eagerly in process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perfapp.settings")

app = Celery("perfapp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
