"""Front-end files come from the installed npm packages through Django's static files, never a CDN."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "vendor/bootstrap/css/bootstrap.min.css",
        "vendor/bootstrap/js/bootstrap.bundle.min.js",
        "vendor/htmx/htmx.min.js",
        "vendor/echarts/echarts.min.js",
        "vendor/swagger-ui/swagger-ui-bundle.js",
    ],
)
def test_vendor_file_is_found_in_node_modules(path):
    found = finders.find(path)
    assert found and "node_modules" in found


def test_unused_bundles_are_not_collected():
    assert finders.find("vendor/echarts/echarts.js") is None


def test_api_docs_load_swagger_from_our_static_files(personas, login):
    html = login(personas.finance_admin).get("/api/docs/").content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "unpkg" not in html.lower()


def test_pages_load_no_external_script(personas, login):
    html = login(personas.officer_a).get("/").content.decode()
    assert "/static/vendor/bootstrap/css/bootstrap.min.css" in html
    assert "https://" not in html
