"""Budget linkage seen from the department's side [002 三(五)]: a confirmed action shows on the
department's linkage list and in its summary (totals by grade, the confirmed change apart), scoped
to its own department (D sees D's, not E's) and read-only; a unit sees its own projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from results import linkage
from results.models import LinkageProposal
from tests.results.linkage_data import linked_project

pytestmark = pytest.mark.django_db

LIST = reverse("results:linkage_list")
SUMMARY = reverse("results:linkage_summary")


@pytest.fixture
def proposals(personas):
    made = {
        "d_mid": linked_project(personas, "中", name="校舍维修项目"),
        "d_good": linked_project(personas, "优", unit=personas.unit_b, name="考试保障项目"),
        "d_mid2": linked_project(personas, "中", unit=personas.unit_b, name="考务系统项目"),
        "e_bad": linked_project(personas, "差", unit=personas.unit_c, name="基层医疗设备项目"),
    }
    linkage.propose(personas.year, personas.finance_admin)
    got = {k: LinkageProposal.objects.get(project=p) for k, p in made.items()}
    linkage.confirm([got["d_mid"], got["d_good"], got["e_bad"]], personas.finance_admin)
    return got


def _bucket(buckets, label):
    return next(b for b in buckets if str(b["label"]) == label)


def test_department_sees_its_confirmed_actions_not_another_departments(personas, login, proposals):
    client = login(personas.dept_d_officer)
    body = client.get(LIST).content.decode()
    assert all(name in body for name in ("校舍维修项目", "考试保障项目", "考务系统项目"))
    assert "基层医疗设备项目" not in body
    assert 'name="ids"' not in body and "确认所选建议" not in body  # read-only
    body = client.get(LIST, {"status": "confirmed"}).content.decode()
    assert "校舍维修项目" in body and "考务系统项目" not in body
    # E sees E's only
    body = login(personas.dept_e_officer).get(LIST).content.decode()
    assert "基层医疗设备项目" in body and "校舍维修项目" not in body


def test_department_summary_shows_its_totals_by_grade_with_the_confirmed_change(personas, login, proposals):
    response = login(personas.dept_d_officer).get(SUMMARY)
    assert response.status_code == 200
    s = response.context["summary"]
    assert [str(b["label"]) for b in s["by_department"]] == ["吉林省教育厅"]
    mid = _bucket(s["by_grade"], "中")
    # two 中 projects: one confirmed (-100000), one still proposed (-100000)
    assert (mid["count"], mid["confirmed"]) == (2, 1)
    assert mid["change"] == Decimal("-200000.00") and mid["confirmed_change"] == Decimal("-100000.00")
    assert s["total"]["confirmed_change"] == Decimal("-100000.00")
    body = response.content.decode()
    assert "已确认调整额（元）" in body and "-1000000" not in body  # E's 差 cut is not D's


def test_unit_sees_its_own_projects_only_and_has_the_nav_entry(personas, login, proposals):
    client = login(personas.officer_a)
    body = client.get(LIST).content.decode()
    assert "校舍维修项目" in body and "考试保障项目" not in body
    assert f'href="{LIST}"' in body
    s = client.get(SUMMARY).context["summary"]
    assert s["total"]["count"] == 1 and s["total"]["confirmed_change"] == Decimal("-100000.00")


def test_department_may_not_confirm_or_override(personas, login, proposals):
    client = login(personas.dept_d_officer)
    response = client.post(reverse("results:linkage_confirm"), {"ids": [proposals["d_mid2"].pk]})
    assert response.status_code == 403
    assert client.get(reverse("results:linkage_override", args=[proposals["d_mid2"].pk])).status_code == 403
    assert client.get(reverse("results:linkage_override", args=[proposals["e_bad"].pk])).status_code == 404
    assert LinkageProposal.objects.get(pk=proposals["d_mid2"].pk).status == "proposed"
