"""Playwright drives Debian's Chromium (never a downloaded browser) [SETUP-NOTES.md]."""

import os
import shutil

import pytest

from tests.conftest import require

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(os.path.exists(CHROMIUM) or bool(shutil.which("chromium")), "Debian 的 chromium 未安装")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
        "viewport": {"width": 1400, "height": 900},
    }


@pytest.fixture
def login_as(page, live_server):
    """Log in through the real login form."""

    def _login(user, password):
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def logout(page, live_server):
    def _logout():
        page.context.clear_cookies()

    return _logout
