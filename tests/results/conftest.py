"""Shared fixtures of the result-application tests."""

import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_cache():
    """An empty cache before and after (the public portal counts requests per IP in it)."""
    cache.clear()
    yield
    cache.clear()
