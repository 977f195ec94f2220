"""The 自评表 as PDF (WeasyPrint, Noto CJK): the text (pdftotext) carries the project name, the
total and the grade in Chinese; the page header names the unit and the year; scoped like the page."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from evaluation.selfeval_documents import form_pdf, self_evaluation_for
from perfapp.models import AuditEvent, EventKind
from tests.conftest import require
from tests.evaluation.workbooks import fill_and_score, make_self_evaluation

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    require(shutil.which("pdftotext") is not None, "需要 poppler-utils (pdftotext)")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def evaluation(personas):
    return fill_and_score(make_self_evaluation(personas))


def test_pdf_text_has_the_project_the_total_and_the_grade_in_chinese(personas, evaluation):
    pdf = form_pdf(self_evaluation_for(personas.officer_a, evaluation.pk))
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "项目支出绩效自评表" in text
    assert "教师培训项目" in text
    assert "98.00" in text and "优" in text
    assert "评价等级" in text and "总分" in text
    # The page header names the unit and the year; the footer counts the pages.
    assert "吉林省实验中学 · 2026年度" in text
    assert re.search(r"第\s*1\s*页\s*/\s*共\s*2\s*页", text)
    # The computed formula is printed with its rule.
    assert "13.50 = 15 × 180 / 200" in text


def test_pdf_download_is_scoped_and_audited(personas, evaluation, login):
    url = reverse("evaluation:self_form_download", args=[evaluation.pk, "pdf"])
    response = login(personas.dept_d_officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(evaluation.pk)).exists()
    assert login(personas.officer_b).get(url).status_code == 404
    assert login(personas.officer_c).get(url).status_code == 404


def test_pdf_through_the_api(personas, evaluation, api):
    response = api(personas.finance_admin).get(f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        api(personas.officer_c).get(f"/api/v1/evaluation/self-forms/{evaluation.pk}/form.pdf/").status_code
        == 404
    )
