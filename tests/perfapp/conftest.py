"""Fixtures for the shared building blocks' tests."""

import pytest

from perfapp.celery import app as celery_app


@pytest.fixture
def media(settings, tmp_path):
    """Job result files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def eager_celery():
    """Run tasks in process even where CI configures a broker (the real worker has its own test)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = saved


# Browser tests in this folder drive Debian's Chromium with the same settings as tests/browser/.
from tests.browser.conftest import browser_context_args, browser_type_launch_args, login_as  # noqa: E402,F401
