"""The circulation (通报) list of a year [003 三(五)]: departments with flagged items, its Excel
cells, and publishing it — the departments concerned are notified and re-scoring ends."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import Evaluation, SpotCheck
from evaluation.spotchecks import (
    SpotCheckError,
    circulation,
    publish_circulation,
    rescore_department,
    rescore_self,
)
from perfapp.models import Notification
from tests.evaluation.spot_helpers import drawn

pytestmark = pytest.mark.django_db
D = Decimal
PAGE = reverse("evaluation:spot_check_circulation")
EXPORT = reverse("evaluation:spot_check_circulation_export")
PUBLISH = reverse("evaluation:spot_check_circulation_publish")


@pytest.fixture
def checked(personas):
    """Department D's evaluation flagged (82 → 65), its self-evaluation and E's re-scored without a
    gap (typed totals are for department evaluations, so the self items are closed by hand)."""
    spot = drawn(personas)
    rescore_department(
        spot.dept_d, personas.finance_admin, total=D("65"), note="产出数量不实", seen_version=0
    )
    from django.utils import timezone

    from evaluation.models import SpotCheckItem

    SpotCheckItem.objects.filter(pk__in=[spot.self_d.pk, spot.self_e.pk]).update(
        checked_at=timezone.now(), recheck_score=D("85.00"), gap=D("0"), flagged=False
    )
    return spot


def test_the_circulation_lists_departments_with_flagged_items(personas, checked):
    rows = circulation(personas.finance_admin, personas.year)
    assert [(r.department, r.checked, r.flagged, r.max_gap) for r in rows] == [
        (personas.dept_d, 2, 1, D("17.00"))
    ]
    assert [i.evaluation.name for i in rows[0].items] == ["教育厅部门评价"]


def test_a_department_sees_its_own_row_only(personas, checked):
    assert circulation(personas.dept_e_officer, personas.year) == []
    assert len(circulation(personas.dept_d_officer, personas.year)) == 1
    assert circulation(personas.officer_a, personas.year) == []


def test_the_circulation_page_and_its_excel_cells(personas, login, checked):
    client = login(personas.leader)
    text = client.get(PAGE, {"year": personas.year.pk}).content.decode()
    assert "吉林省教育厅" in text and "吉林省卫生健康委员会" not in text
    assert "发布通报" not in text  # leaders read only
    response = client.get(EXPORT, {"year": personas.year.pk})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    summary, items = book.worksheets
    assert summary.title == "2026年度抽查复核通报"
    assert [c.value for c in summary[1]] == ["序号", "主管部门", "已复核评价数", "差异较大事项数", "最大分差"]
    assert [c.value for c in summary[2]] == [1, "吉林省教育厅", 2, 1, 17]
    assert summary.max_row == 2
    assert [c.value for c in items[2]][:10] == [
        2026,
        "吉林省教育厅",
        "吉林省教育厅",
        "教育厅部门评价",
        "部门评价",
        82,
        "良",
        65,
        "中",
        17,
    ]
    assert items[2][11].value == "产出数量不实"


def test_publishing_notifies_the_departments_concerned_and_ends_rescoring(personas, login, checked):
    client = login(personas.finance_admin)
    assert "发布通报" in client.get(PAGE, {"year": personas.year.pk}).content.decode()
    response = client.post(PUBLISH, {"year": personas.year.pk})
    assert response.status_code == 302
    notes = Notification.objects.filter(recipient=personas.dept_d_officer)
    assert notes.count() == 1 and "抽查复核通报" in notes.get().title
    assert not Notification.objects.filter(recipient=personas.dept_e_officer).exists()
    assert SpotCheck.objects.get().status == SpotCheck.Status.DONE
    assert Evaluation.objects.get(kind=Evaluation.Kind.SPOT_CHECK).status == Evaluation.Status.FINAL
    assert "已通报" in client.get(PAGE, {"year": personas.year.pk}).content.decode()
    checked.dept_d.refresh_from_db()
    checked.dept_d.spot_check.refresh_from_db()
    with pytest.raises(SpotCheckError, match="已通报"):
        rescore_department(checked.dept_d, personas.finance_admin, total=D("80"), note="改分", seen_version=1)


def test_publishing_waits_for_every_item_to_be_rescored(personas):
    spot = drawn(personas)
    with pytest.raises(SpotCheckError, match="尚有 3 项评价未完成复核评分"):
        publish_circulation(spot.year, personas.finance_admin)
    assert SpotCheck.objects.get().status == SpotCheck.Status.DRAWN


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "leader"])
def test_only_the_finance_admin_publishes(personas, login, checked, who):
    assert login(getattr(personas, who)).post(PUBLISH, {"year": personas.year.pk}).status_code == 403
    assert SpotCheck.objects.get().status != SpotCheck.Status.DONE


def test_a_self_item_cannot_take_a_typed_total(personas, checked):
    with pytest.raises(SpotCheckError, match="自评须按指标逐项复核评分"):
        rescore_department(checked.self_d, personas.finance_admin, total=D("60"), note="x", seen_version=0)
    with pytest.raises(SpotCheckError, match="部门评价请直接填写复核总分"):
        rescore_self(checked.dept_d, personas.finance_admin, seen_version=1)
