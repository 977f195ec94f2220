"""Session limits [等保 2.0 三级]: idle 30 min (15 for admin roles), absolute 12 h, new session id
at login. SessionSecurityMiddleware reads time.time(), which time-machine moves."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from perfapp.models import EventKind
from tests.accounts.conftest import events

pytestmark = pytest.mark.django_db

MINUTES = datetime.timedelta(minutes=1)


def _logged_out(response, reason):
    return response.status_code == 302 and f"reason={reason}" in response["Location"]


def test_thirty_idle_minutes_log_a_business_user_out(personas, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(personas.officer_a)
        clock.shift(29 * MINUTES)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(29 * MINUTES)  # idle time counts from the last request
        assert client.get(reverse("home")).status_code == 200
        clock.shift(31 * MINUTES)
        response = client.get(reverse("home"))
        assert _logged_out(response, "idle")
        assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
        notice = client.get(response["Location"]).content.decode()
        assert "长时间未操作" in notice
    assert events(EventKind.SESSION_EXPIRED, reason="idle").get().actor == personas.officer_a


@pytest.mark.parametrize("admin", ["system_admin", "security_admin", "audit_admin"])
def test_admin_roles_are_logged_out_after_fifteen_idle_minutes(personas, client, admin):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(getattr(personas, admin))
        clock.shift(14 * MINUTES)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(16 * MINUTES)
        assert _logged_out(client.get(reverse("home")), "idle")


def test_business_users_keep_their_session_after_sixteen_idle_minutes(personas, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(personas.leader)
        clock.shift(16 * MINUTES)
        assert client.get(reverse("home")).status_code == 200


def test_twelve_hours_after_login_the_session_ends_even_when_active(personas, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(personas.officer_a)
        for _i in range(12 * 60 // 20 - 1):
            clock.shift(20 * MINUTES)
            assert client.get(reverse("home")).status_code == 200
        clock.shift(25 * MINUTES)  # 12 h 5 min after login, 25 min after the last request
        assert _logged_out(client.get(reverse("home")), "absolute")
    assert events(EventKind.SESSION_EXPIRED, reason="absolute").exists()


def test_the_api_answers_401_when_the_session_is_idle(personas, client):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.force_login(personas.officer_a)
        assert client.get("/api/v1/me/").status_code == 200
        clock.shift(31 * MINUTES)
        response = client.get("/api/v1/me/")
        assert response.status_code == 401
        assert response.json()["code"] == "session_idle"


def test_the_session_id_changes_at_login(personas, client):
    session = client.session
    session["probe"] = "anonymous"
    session.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    before = session.session_key
    response = client.post(reverse("accounts:login"), {"username": "unit_a", "password": personas.password})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert events(EventKind.LOGIN).filter(actor=personas.officer_a).exists()


def test_logout_ends_the_session(personas, login):
    client = login(personas.officer_a)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))
    assert events(EventKind.LOGOUT).filter(actor=personas.officer_a).exists()
