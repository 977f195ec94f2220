"""API of the ledger and letters: scoping (404), audit items, transitions with version, evidence."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from results.models import Rectification
from tests.results.test_rectification_pages import make_items


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_scoped_list_and_404(personas, api):
    mine = make_items(personas, 1)[0]
    other = make_items(personas, 1, unit=personas.unit_c)[0]
    client = api(personas.officer_a)
    r = client.get("/api/v1/rectifications/")
    assert r.status_code == 200
    ids = [row["id"] for row in (r.data["results"] if isinstance(r.data, dict) else r.data)]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/rectifications/{other.pk}/").status_code == 404
    assert (
        client.post(
            f"/api/v1/rectifications/{other.pk}/transitions/", {"name": "start", "version": 1}
        ).status_code
        == 404
    )


def test_create_audit_item_finance_admin_only(personas, api):
    body = {
        "source": "inspection",
        "unit": personas.unit_a.pk,
        "year": 2026,
        "problem": "监督检查发现合同管理不规范",
        "requirement": "完善合同管理",
        "deadline": "2026-09-30",
    }
    assert api(personas.officer_a).post("/api/v1/rectifications/", body).status_code == 403
    r = api(personas.finance_admin).post("/api/v1/rectifications/", body)
    assert r.status_code == 201, r.data
    assert r.data["department"] == personas.dept_d.pk and r.data["status"] == "pending"


def test_lifecycle_via_api(personas, api, media):
    item = make_items(personas, 1)[0]
    unit = api(personas.officer_a)
    url = f"/api/v1/rectifications/{item.pk}/"
    assert unit.post(url + "transitions/", {"name": "start", "version": 1}).data["status"] == "in_progress"
    r = unit.post(url + "transitions/", {"name": "submit", "version": 2, "measures": "已整改"})
    assert r.status_code == 400 and "佐证材料" in str(r.data)
    r = unit.post(
        url + "evidence/", {"file": SimpleUploadedFile("凭证.pdf", b"evidence")}, format="multipart"
    )
    assert r.status_code == 201 and len(r.data["sha256"]) == 64
    version = Rectification.objects.get(pk=item.pk).version
    # stale version refused
    assert unit.post(url + "transitions/", {"name": "submit", "version": version + 5}).status_code == 409
    r = unit.post(url + "transitions/", {"name": "submit", "version": version, "measures": "已整改"})
    assert r.status_code == 200 and r.data["status"] == "submitted"
    fin = api(personas.finance_admin)
    r = fin.post(
        url + "transitions/", {"name": "send_back", "version": r.data["version"], "comment": "材料不足"}
    )
    assert r.data["returned_count"] == 1 and r.data["return_reason"] == "材料不足"
    assert r.data["status"] == "in_progress"


def test_overdue_filter_api(personas, api):
    make_items(personas, 1)
    Rectification.objects.update(deadline=datetime.date(2099, 1, 1))
    make_items(personas, 1)
    r = api(personas.finance_admin).get("/api/v1/rectifications/?overdue=1")
    rows = r.data["results"] if isinstance(r.data, dict) else r.data
    assert len(rows) == 1 and rows[0]["overdue"] is True
