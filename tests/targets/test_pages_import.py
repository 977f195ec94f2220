"""The official 申报表 through the browser: download links, upload into an editable target."""

import pytest
from django.urls import reverse

from targets import documents
from tests.targets.test_documents import _edited, approve, content_of, target, upload  # noqa: F401

pytestmark = pytest.mark.django_db


def test_detail_page_offers_the_official_forms(personas, login, target):  # noqa: F811
    html = login(personas.officer_a).get(reverse("targets:target_detail", args=[target.pk])).content.decode()
    assert reverse("target_docs:form_xlsx", args=[target.pk]) in html
    assert reverse("target_docs:form_pdf", args=[target.pk]) in html
    assert reverse("targets:target_import", args=[target.pk]) in html


def test_unit_imports_an_edited_form_from_the_page(personas, login, target):  # noqa: F811
    def edit(ws):
        ws["E12"] = 650

    data = _edited(target, edit)
    client = login(personas.officer_a)
    response = client.post(
        reverse("targets:target_import", args=[target.pk]), {"file": upload(data), "version": target.version}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert 650 in [int(i.target_value) for i in target.indicators.all() if i.target_value is not None]


def test_bad_form_shows_cell_errors_on_the_page_and_changes_nothing(personas, login, target):  # noqa: F811
    before = content_of(target)

    def spoil(ws):
        ws["E12"] = "五百"

    response = login(personas.officer_a).post(
        reverse("targets:target_import", args=[target.pk]),
        {"file": upload(_edited(target, spoil)), "version": target.version},
    )
    assert response.status_code == 400
    assert "指标值应为数字" in response.content.decode()
    assert content_of(target) == before


def test_other_unit_and_approved_target_cannot_import(personas, login, target):  # noqa: F811
    data = documents.form_xlsx(target)
    url = reverse("targets:target_import", args=[target.pk])
    assert login(personas.officer_c).post(url, {"file": upload(data)}).status_code == 404
    assert login(personas.leader).post(url, {"file": upload(data)}).status_code == 403
    approved = approve(personas, target)
    assert (
        login(personas.officer_a).post(url, {"file": upload(data), "version": approved.version}).status_code
        == 403
    )


def test_list_filtered_by_department_and_year_offers_the_department_workbook(personas, login):
    url = reverse("targets:target_list") + f"?department={personas.dept_d.pk}&year=2026"
    html = login(personas.dept_d_officer).get(url).content.decode()
    assert (
        reverse("target_docs:department_workbook") + f"?department={personas.dept_d.pk}&amp;year=2026" in html
    )
