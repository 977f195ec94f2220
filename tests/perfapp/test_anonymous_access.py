"""Every URL refuses anonymous visitors except an explicit allow-list.

The URL resolver is walked recursively, so a page or endpoint added later is covered without
touching this file: an anonymous GET or POST must be redirected to the login page (pages) or
answered 401/403 (API) — never 200.
"""

import itertools
import re
import uuid

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, converters, get_resolver, reverse
from django.utils.regex_helper import normalize

from accounts.middleware import PUBLIC_PREFIXES

#: URL names anyone may open (login, health check, the language switch).
ALLOWED_NAMES = {"accounts:login", "healthz", "set_language"}
#: URL prefixes anyone may open: static files and the public disclosure portal (a later issue).
ALLOWED_PREFIXES = ("/static/", "/public/")
#: Everything the login middleware lets through; widening it must be a deliberate change here.
EXPECTED_PUBLIC_PREFIXES = {"/accounts/login/", "/static/", "/healthz", "/public/", "/i18n/", "/favicon.ico"}

DUMMY_BY_CONVERTER = {
    converters.IntConverter: "1",
    converters.StringConverter: "x",
    converters.SlugConverter: "x",
    converters.PathConverter: "x",
    converters.UUIDConverter: str(uuid.UUID(int=1)),
}
# For regex groups (DRF routers) and unknown converters: the first candidate the pattern accepts.
CANDIDATES = ["1", "x", "json", "xlsx", "pdf", "csv", str(uuid.UUID(int=1)), "2026", "2026-01-01"]


def _strip_anchor(regex: str) -> str:
    return regex[1:] if regex.startswith("^") else regex


def _fill(regex: str, convs: dict) -> str | None:
    """A concrete path matched by the accumulated `regex`, or None if no dummy value fits."""
    fmt, params = normalize(regex)[0]
    choices = []
    for name in params:
        conv = convs.get(name)
        if name == "format":
            # DRF format suffixes: an unknown format would be a 404 before authentication.
            choices.append(["json", ".json"])
        elif conv is not None and type(conv) in DUMMY_BY_CONVERTER:
            choices.append([DUMMY_BY_CONVERTER[type(conv)]])
        else:
            choices.append(CANDIDATES)
    for values in itertools.product(*choices):
        path = "/" + fmt % dict(zip(params, values, strict=True))
        if re.search(regex, path[1:]):
            return path
    return None


def walk(resolver=None, prefix="^", namespace="", convs=None):
    """Yield (url name or None, concrete path, regex) for every endpoint under `resolver`."""
    resolver = resolver or get_resolver()
    convs = convs or {}
    for entry in resolver.url_patterns:
        regex = prefix + _strip_anchor(entry.pattern.regex.pattern)
        entry_convs = {**convs, **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, regex, ns, entry_convs)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield name, _fill(regex, entry_convs), regex


def is_allowed(name, path) -> bool:
    return name in ALLOWED_NAMES or path.startswith(ALLOWED_PREFIXES)


def _collect():
    # A broken URLconf must fail a test here, not abort the whole run's collection.
    try:
        return sorted({(n or "", p, r) for n, p, r in walk()}, key=lambda e: (e[1] or "", e[0])), None
    except Exception as exc:  # noqa: BLE001
        return [], exc


ENDPOINTS, URLCONF_ERROR = _collect()
GUARDED = [(name, path) for name, path, regex in ENDPOINTS if path and not is_allowed(name, path)]


def assert_refused(response, path, method):
    login_url = reverse(settings.LOGIN_URL)
    if response.status_code in (401, 403):
        return
    assert response.status_code == 302, f"匿名 {method} {path} 返回 {response.status_code}，应跳转登录或拒绝"
    assert response["Location"].startswith(login_url), (
        f"匿名 {method} {path} 跳转到 {response['Location']}，不是登录页"
    )


def test_the_url_configuration_loads():
    assert URLCONF_ERROR is None, f"URL 配置无法加载：{URLCONF_ERROR!r}"


def test_every_url_pattern_can_be_given_a_concrete_path():
    unfilled = [regex for name, path, regex in ENDPOINTS if path is None]
    assert unfilled == [], f"无法为这些 URL 模式构造测试路径：{unfilled}"


def test_the_walk_finds_pages_and_api_endpoints():
    paths = {path for name, path in GUARDED}
    names = {name for name, path in GUARDED}
    assert "/" in paths
    assert "accounts:logout" in names
    assert any(p.startswith("/api/v1/") for p in paths)
    assert "/api/schema/" in paths


def test_the_login_middleware_allow_list_is_exactly_the_documented_one():
    assert set(PUBLIC_PREFIXES) == EXPECTED_PUBLIC_PREFIXES


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), GUARDED, ids=[p for _, p in GUARDED])
def test_anonymous_get_and_post_are_refused(client, name, path):
    assert_refused(client.get(path), path, "GET")
    assert_refused(client.post(path, {}), path, "POST")


@pytest.mark.django_db
def test_anonymous_visitor_can_open_the_login_page_and_the_health_check(client):
    assert client.get(reverse("accounts:login")).status_code == 200
    assert client.get(reverse("healthz")).json() == {"status": "ok"}


@pytest.mark.django_db
def test_anonymous_visitor_can_switch_the_language(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
