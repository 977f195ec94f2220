"""Password rules [等保 2.0 三级 身份鉴别]: length, character classes, no username, history, age."""

import datetime

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts import administration
from budgets.models import Policy
from perfapp.models import EventKind
from tests.accounts.conftest import events

pytestmark = pytest.mark.django_db


def _refusal(password, user):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return " ".join(refused.value.messages)


def test_a_password_shorter_than_12_characters_is_refused(personas):
    assert "12" in _refusal("Ab3$efgh9Kx", personas.officer_a)  # 11 characters
    validate_password("Ab3$efgh9Kxz", personas.officer_a)  # 12 are enough


def test_a_password_with_only_two_character_classes_is_refused(personas):
    assert "至少 3 类" in _refusal("qwertyuiop2468", personas.officer_a)
    assert "至少 3 类" in _refusal("QWERTYUIOPasdf", personas.officer_a)
    validate_password("qwertyuiop246!", personas.officer_a)


def test_a_password_containing_the_username_is_refused(personas):
    assert "不能包含用户名" in _refusal("X9!UNIT_A-secret", personas.officer_a)


def _set(user, password):
    validate_password(password, user)
    user.set_password(password)
    user.save()


def test_none_of_the_last_five_passwords_may_be_reused_but_the_sixth_may(personas):
    user = personas.officer_a
    passwords = [f"Perf-Rotate-{i}x!" for i in range(1, 6)]
    for password in passwords:
        _set(user, password)
    # The last five (the current one included) are refused …
    for password in passwords:
        assert "最近 5 次" in _refusal(password, user)
    # … the one before them is the sixth back and allowed again.
    validate_password(personas.password, user)
    _set(user, "Perf-Rotate-6x!")
    validate_password(passwords[0], user)
    assert "最近 5 次" in _refusal(passwords[1], user)


def test_password_page_refuses_a_reused_password_and_keeps_the_user_there(personas, login):
    client = login(personas.officer_a)
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": personas.password,
            "new_password1": personas.password,
            "new_password2": personas.password,
        },
    )
    assert response.status_code == 200
    assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()


def _login(client, user, password):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": password})


def test_a_password_older_than_the_policy_allows_must_be_changed_at_login(personas, client):
    user = personas.officer_a
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(days=89), tick=False):
        assert _login(client, user, personas.password).status_code == 302
        assert client.get(reverse("home")).status_code == 200
        client.logout()
    with time_machine.travel(start + datetime.timedelta(days=91), tick=False):
        assert _login(client, user, personas.password).status_code == 302
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_change")


def test_the_maximum_age_comes_from_the_years_policy(personas, client):
    Policy.objects.create(
        fiscal_year=personas.year,
        version=2,
        data={"security": {"password_max_age_days": 30}},
        comment="缩短密码有效期",
    )
    start = timezone.now()
    with time_machine.travel(start + datetime.timedelta(days=31), tick=False):
        _login(client, personas.officer_a, personas.password)
        assert client.get(reverse("home"))["Location"] == reverse("accounts:password_change")


def test_an_account_created_by_an_admin_changes_its_password_before_anything_else(personas, client):
    user, password = administration.create_user(
        personas.system_admin, username="zhao_liu", organization=personas.unit_a, full_name="赵六"
    )
    administration.grant_role(personas.security_admin, user, "unit_officer", personas.unit_a)
    assert _login(client, user, password).status_code == 302
    for url in (reverse("home"), reverse("budgets:project_list"), reverse("accounts:user_list"), "/jobs/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("accounts:password_change")
    assert client.get(reverse("accounts:password_change")).status_code == 200
    # Not through the API either.
    assert client.get("/api/v1/me/").status_code == 403
    new = "Zhao-Liu-2026!ok"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password
    assert events(EventKind.PASSWORD_CHANGED).filter(actor=user).exists()
