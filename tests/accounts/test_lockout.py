"""Lockout after repeated failed logins (django-axes) [等保 2.0 三级 身份鉴别]."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from accounts.views import GENERIC_LOGIN_ERROR
from perfapp.models import EventKind
from tests.accounts.conftest import events

pytestmark = pytest.mark.django_db


def _error(response) -> str:
    return " ".join(str(e) for e in response.context["form"].non_field_errors())


def test_five_failures_lock_the_username_even_for_the_right_password(personas, form_login, client):
    for _i in range(5):
        response = form_login("unit_a", "not-the-password")
        assert response.status_code == 200
    locked = form_login("unit_a", personas.password)
    assert locked.status_code == 200
    assert SESSION_KEY not in client.session
    assert _error(locked) == str(GENERIC_LOGIN_ERROR)
    # Another account is not affected.
    assert form_login("unit_b", personas.password).status_code == 302


def test_the_lockout_message_is_the_wrong_password_message_and_reveals_no_account(personas, form_login):
    wrong = form_login("unit_a", "not-the-password")
    unknown = form_login("nobody_here", "not-the-password")
    for _i in range(4):
        form_login("unit_a", "not-the-password")
    locked = form_login("unit_a", personas.password)
    for _i in range(5):
        form_login("nobody_here", "not-the-password")
    unknown_locked = form_login("nobody_here", "not-the-password")
    responses = [wrong, unknown, locked, unknown_locked]
    assert {r.status_code for r in responses} == {200}
    assert {_error(r) for r in responses} == {str(GENERIC_LOGIN_ERROR)}
    assert "用户名或密码错误" in locked.content.decode()


def test_the_lock_ends_after_30_minutes_and_retries_do_not_extend_it(personas, form_login):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _i in range(5):
            form_login("unit_a", "not-the-password")
        clock.shift(datetime.timedelta(minutes=20))
        assert form_login("unit_a", "not-the-password").status_code == 200
        clock.shift(datetime.timedelta(minutes=9))
        assert form_login("unit_a", personas.password).status_code == 200  # 29 minutes: still locked
        clock.shift(datetime.timedelta(minutes=2))
        assert form_login("unit_a", personas.password).status_code == 302  # 31 minutes: open again


def test_failed_logins_and_the_lockout_are_audited(personas, form_login):
    for _i in range(5):
        form_login("unit_a", "not-the-password")
    form_login("unit_a", personas.password)
    assert events(EventKind.LOGIN_FAILED, username="unit_a").count() == 6
    assert events(EventKind.LOGIN_FAILED, username="unit_a", locked=True).count() == 2
    lockout = events(EventKind.LOCKOUT, username="unit_a").get()
    assert lockout.ip == "127.0.0.1"


def test_a_successful_login_clears_earlier_failures(personas, form_login, client):
    for _i in range(4):
        form_login("unit_a", "not-the-password")
    assert form_login("unit_a", personas.password).status_code == 302
    client.logout()
    for _i in range(4):
        form_login("unit_a", "not-the-password")
    assert form_login("unit_a", personas.password).status_code == 302


def test_a_disabled_account_gets_the_same_generic_message(personas, form_login):
    personas.officer_a.is_active = False
    personas.officer_a.save()
    response = form_login("unit_a", personas.password)
    assert response.status_code == 200
    assert _error(response) == str(GENERIC_LOGIN_ERROR)


def test_login_page_is_in_chinese(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "用户名" in html and "密码" in html and "登录" in html
