"""Budget-linkage pages: the proposals list with filters, bulk confirmation, the override form
(reason required, input kept), the summary and its Excel export; finance only, scoped."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from budgets.models import Allocation
from results import linkage
from results.models import LinkageProposal
from tests.results.linkage_data import linked_project

LIST = reverse("results:linkage_list")


@pytest.fixture
def proposals(personas):
    a = linked_project(personas, "中", name="校舍维修项目")
    b = linked_project(personas, "优", name="教师培训项目")
    c = linked_project(personas, "差", unit=personas.unit_c, name="基层医疗设备项目")
    linkage.propose(personas.year, personas.finance_admin)
    return {k: LinkageProposal.objects.get(project=p) for k, p in {"a": a, "b": b, "c": c}.items()}


def test_list_scoped_and_filtered(personas, login, proposals):
    body = login(personas.finance_admin).get(LIST).content.decode()
    assert "2026年度预算挂钩建议" in body
    assert all(name in body for name in ("校舍维修项目", "教师培训项目", "基层医疗设备项目"))
    assert "评价等级为“中”，按政策压减10%：100,000.00元" in body
    body = login(personas.officer_a).get(LIST).content.decode()
    assert "校舍维修项目" in body and "基层医疗设备项目" not in body
    assert 'name="ids"' not in body  # a unit cannot confirm
    client = login(personas.finance_admin)
    body = client.get(LIST, {"grade": "差"}).content.decode()
    assert "基层医疗设备项目" in body and "校舍维修项目" not in body
    body = client.get(LIST, {"action": "priority"}).content.decode()
    assert "教师培训项目" in body and "校舍维修项目" not in body
    body = client.get(LIST, {"department": personas.dept_e.pk}).content.decode()
    assert "基层医疗设备项目" in body and "教师培训项目" not in body
    body = client.get(LIST, {"status": "confirmed"}).content.decode()
    assert "没有符合条件的挂钩建议" in body


def test_generate_on_the_page_finance_admin_only(personas, login):
    linked_project(personas, "中")
    assert (
        login(personas.finance_reviewer).post(reverse("results:linkage_generate"), {"year": 2026}).status_code
        == 403
    )
    assert not LinkageProposal.objects.exists()
    response = login(personas.finance_admin).post(reverse("results:linkage_generate"), {"year": 2026})
    assert response.status_code == 302
    assert LinkageProposal.objects.get().proposed_change == Decimal("-100000.00")


def test_bulk_confirmation_on_the_page(personas, login, proposals):
    client = login(personas.finance_admin)
    ids = [proposals["a"].pk, proposals["c"].pk]
    response = client.post(reverse("results:linkage_confirm"), {"ids": ids, "next": LIST})
    assert response.status_code == 302
    assert set(LinkageProposal.objects.filter(status="confirmed").values_list("pk", flat=True)) == set(ids)
    totals = dict(Allocation.objects.filter(year=2026).values_list("project__name", "total_amount"))
    assert totals == {"校舍维修项目": Decimal("900000.00"), "基层医疗设备项目": Decimal("0.00")}
    body = client.get(LIST).content.decode()
    assert "已确认" in body


@pytest.mark.parametrize("who", ["officer_a", "dept_d_officer", "leader"])
def test_others_may_not_confirm(personas, login, proposals, who):
    response = login(getattr(personas, who)).post(
        reverse("results:linkage_confirm"), {"ids": [proposals["a"].pk]}
    )
    assert response.status_code == 403
    assert LinkageProposal.objects.get(pk=proposals["a"].pk).status == "proposed"


def test_reviewer_of_another_department_refused_and_other_unit_404(personas, login, proposals):
    # reviewer X manages department D only: C's proposal is invisible to confirm
    response = login(personas.finance_reviewer).post(
        reverse("results:linkage_confirm"), {"ids": [proposals["c"].pk], "next": LIST}
    )
    assert response.status_code == 302
    assert LinkageProposal.objects.get(pk=proposals["c"].pk).status == "proposed"
    url = reverse("results:linkage_override", args=[proposals["c"].pk])
    assert login(personas.officer_a).get(url).status_code == 404
    assert login(personas.officer_c).get(url).status_code == 403


def test_override_form_needs_a_reason_and_keeps_input(personas, login, proposals):
    url = reverse("results:linkage_override", args=[proposals["a"].pk])
    client = login(personas.finance_reviewer)
    response = client.post(url, {"action": "normal", "change": "-12345.00", "reason": ""})
    body = response.content.decode()
    assert response.status_code == 200
    assert "调整挂钩建议必须填写调整理由" in body and 'value="-12345.00"' in body
    response = client.post(url, {"action": "cut", "change": "-5000000", "reason": "测试"})
    assert "压减额不能超过基数" in response.content.decode()
    response = client.post(url, {"action": "cut", "change": "-30000", "reason": "保障在建工程"})
    assert response.status_code == 302
    p = LinkageProposal.objects.get(pk=proposals["a"].pk)
    assert (p.status, p.change, p.override_reason) == ("overridden", Decimal("-30000.00"), "保障在建工程")
    assert Allocation.objects.get(project=p.project, year=2026).total_amount == Decimal("970000.00")


def test_summary_and_export(personas, login, proposals):
    linkage.confirm([proposals["a"]], personas.finance_admin)
    client = login(personas.finance_admin)
    body = client.get(reverse("results:linkage_summary")).content.decode()
    assert "按评价等级" in body and "按主管部门" in body
    assert "-1100000.00" in body  # total moved: -100000 (中) + -1000000 (差)
    response = client.get(reverse("results:linkage_export"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    grades = [tuple(r) for r in wb["按评价等级"].iter_rows(min_row=2, values_only=True)]
    assert grades[0][:3] == ("优", 1, 0)
    assert grades[1][0] == "中" and Decimal(str(grades[1][4])) == Decimal("-100000")
    assert grades[-1][0] == "合计" and Decimal(str(grades[-1][4])) == Decimal("-1100000")
    assert wb["明细"].max_row == 4
    # a unit exports only its own
    response = login(personas.officer_c).get(reverse("results:linkage_export"))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert [r[1] for r in wb["明细"].iter_rows(min_row=2, values_only=True)] == ["基层医疗设备项目"]


def _list_queries(client):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_costs_the_same_queries_for_5_and_50(personas, login, django_assert_max_num_queries):
    for _i in range(5):
        linked_project(personas, "中")
    linkage.propose(personas.year, personas.finance_admin)
    client = login(personas.finance_admin)
    few = _list_queries(client)
    for _i in range(45):
        linked_project(personas, "良", unit=personas.unit_c)
    linkage.propose(personas.year, personas.finance_admin)
    assert LinkageProposal.objects.count() == 50
    assert _list_queries(client) == few
    with django_assert_max_num_queries(20):
        client.get(LIST)


def test_todo_and_project_page_notice(personas, login, proposals):
    from perfapp.todo import todo_for

    items = [i for i in todo_for(personas.finance_reviewer) if i.kind == "预算挂钩"]
    assert [(i.title, i.count) for i in items] == [("2026年度预算挂钩建议待确认", 2)]  # department D only
    assert not [i for i in todo_for(personas.officer_a) if i.kind == "预算挂钩"]
    linkage.confirm([proposals["a"]], personas.finance_admin)
    body = (
        login(personas.officer_a)
        .get(reverse("budgets:project_detail", args=[proposals["a"].project_id]))
        .content
    )
    assert "2026年预算挂钩：压减 100,000.00 元（评价等级中）" in body.decode()
