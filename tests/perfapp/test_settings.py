"""Settings a deployment relies on: a mandatory SECRET_KEY, Chinese by default with English
available, Beijing time, and an API that is never open to anonymous callers."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.settings import api_settings

from tests.conftest import require

ROOT = Path(settings.BASE_DIR)


def import_settings(**env):
    """Import perfapp.settings in a fresh interpreter with the given environment."""
    drop = ("SECRET_KEY", "DEBUG", "PERFAPP_TESTING", "PERFAPP_MANAGE_COMMAND")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import perfapp.settings"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_refuse_to_start_without_a_secret_key():
    # SECRET_KEY="" also outranks any SECRET_KEY in a developer's .env (read without overwrite).
    result = import_settings(PERFAPP_TESTING="0", DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY 未设置" in result.stderr


def test_production_settings_start_with_a_secret_key():
    result = import_settings(
        PERFAPP_TESTING="0", DEBUG="0", SECRET_KEY="a-long-random-production-key-0123456789"
    )
    assert result.returncode == 0, result.stderr


def test_development_settings_start_without_a_secret_key():
    result = import_settings(PERFAPP_TESTING="0", DEBUG="1", SECRET_KEY="")
    assert result.returncode == 0, result.stderr


def test_the_interface_is_simplified_chinese_by_default_with_english_available():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]
    assert settings.USE_I18N


def test_times_are_beijing_time():
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ
    assert timezone.get_current_timezone_name() == "Asia/Shanghai"


def test_the_api_default_permission_requires_a_login_and_the_role_policy():
    classes = api_settings.DEFAULT_PERMISSION_CLASSES
    assert AllowAny not in classes
    assert IsAuthenticated in classes
    assert "perfapp.api.RolePolicy" in settings.REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"]


def compiled(language):
    return (ROOT / "locale" / language / "LC_MESSAGES" / "django.mo").exists()


@pytest.mark.django_db
def test_the_login_page_is_in_chinese_by_default(client):
    require(compiled("zh_Hans"), "翻译目录未编译：先运行 make messages")
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "预算绩效管理系统" in html
    assert "用户名" in html


@pytest.fixture
def restore_language():
    """A request in English leaves English active in this thread: put Chinese back for later tests."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.django_db
def test_the_language_switch_shows_the_login_page_in_english(client, restore_language):
    require(compiled("en"), "翻译目录未编译：先运行 make messages")
    client.post(reverse("set_language"), {"language": "en", "next": reverse("accounts:login")})
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Budget Performance Management System" in html
    assert "Username" in html


def test_the_web_server_refuses_to_start_without_a_secret_key_but_manage_py_check_runs():
    drop = ("SECRET_KEY", "DEBUG", "PERFAPP_TESTING", "PERFAPP_MANAGE_COMMAND")
    clean = {k: v for k, v in os.environ.items() if k not in drop}
    clean.update(PERFAPP_TESTING="0", DEBUG="0", SECRET_KEY="")
    wsgi = subprocess.run(
        [sys.executable, "-c", "import perfapp.wsgi"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert wsgi.returncode != 0 and "SECRET_KEY 未设置" in wsgi.stderr
    check = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stderr
