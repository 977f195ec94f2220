"""The assessment report as PDF (WeasyPrint, Noto CJK): pdftotext finds the project name, the five
dimensions and the conclusion in Chinese; the download is scoped like the page and audited."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse

from perfapp.models import AuditEvent, EventKind
from tests.assessments.conftest import concluded, filled, joint_review
from tests.conftest import require

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    require(shutil.which("pdftotext") is not None, "需要 poppler-utils (pdftotext)")
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_the_report_pdf_carries_the_project_the_dimensions_and_the_conclusion(personas, major, login):
    assessment = concluded(
        major, personas.officer_a, personas.finance_admin, "support_with_changes", "压减设备购置费"
    )
    joint_review(major, personas.finance_admin)
    response = login(personas.officer_a).get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    compact = "".join(text.split())
    assert "校舍抗震加固工程" in compact
    assert "事前绩效评估报告" in compact
    for label in (
        "立项必要性",
        "投入经济性",
        "绩效目标合理性",
        "实施方案可行性",
        "筹资合规性",
        "分年度支出需求",
    ):
        assert label in compact
    assert "调整完善后予以支持" in compact and "压减设备购置费" in compact
    assert "预算（资金）管理委员会" in compact
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, object_id=str(assessment.pk)).exists()


def test_a_draft_report_says_no_conclusion_yet(personas, major, login):
    assessment = filled(major, personas.officer_a)
    text = "".join(
        pdf_text(
            login(personas.dept_d_officer)
            .get(reverse("assessments:assessment_pdf", args=[assessment.pk]))
            .content
        ).split()
    )
    assert "校舍抗震加固工程" in text and "尚未出具" in text


def test_another_units_report_is_a_404(personas, major, login):
    assessment = filled(major, personas.officer_a)
    assert (
        login(personas.officer_b).get(reverse("assessments:assessment_pdf", args=[assessment.pk])).status_code
        == 404
    )
