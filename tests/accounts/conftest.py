"""Helpers for the accounts tests: a real login through the login form (django-axes sees it)."""

import pytest
from django.urls import reverse

from perfapp.models import AuditEvent


@pytest.fixture
def form_login(client):
    """form_login(username, password) → the login page's response (not followed)."""

    def _login(username, password):
        return client.post(reverse("accounts:login"), {"username": username, "password": password})

    return _login


def events(kind, **data):
    """Audit events of `kind` whose data contains `data`."""
    qs = AuditEvent.objects.filter(kind=kind)
    for key, value in data.items():
        qs = qs.filter(**{f"data__{key}": value})
    return qs
