"""The indicator library pages: search, finance keeps the common library, departments propose
additions that finance confirms or rejects with a reason."""

import pytest
from django.urls import reverse

from targets.models import IndicatorTemplate, Level1

pytestmark = pytest.mark.django_db
LIBRARY = reverse("targets:library")
NEW = reverse("targets:template_create")


def template_data(**extra):
    return {
        "level1": Level1.OUTPUT,
        "level2": "数量指标",
        "name": "新建图书馆藏书数量",
        "unit": "册",
        "comparator": "gte",
        "definition": "年度新增藏书册数",
        **extra,
    }


def test_everyone_in_business_searches_the_confirmed_library(personas, login):
    IndicatorTemplate.objects.create(level1=Level1.OUTPUT, level2="数量指标", name="培训人次甲", unit="人次")
    IndicatorTemplate.objects.create(
        level1=Level1.OUTPUT, level2="数量指标", name="培训人次乙", unit="人次", status="proposed"
    )
    response = login(personas.officer_a).get(LIBRARY, {"q": "培训人次"})
    assert response.status_code == 200
    found = {t.name for t in response.context["page"]}
    assert "培训人次甲" in found and "培训人次乙" not in found
    assert login(personas.system_admin).get(LIBRARY).status_code == 403


def test_finance_admin_adds_and_edits_common_templates(personas, login):
    client = login(personas.finance_admin)
    assert client.post(NEW, template_data()).status_code == 302
    template = IndicatorTemplate.objects.get(name="新建图书馆藏书数量")
    assert template.status == IndicatorTemplate.Status.CONFIRMED
    edit = reverse("targets:template_edit", args=[template.pk])
    response = client.post(edit, template_data(unit="万册", reference_history="3"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.unit, template.reference_values) == ("万册", {"history": "3"})


def test_a_level2_outside_the_frameworks_is_refused(personas, login):
    response = login(personas.finance_admin).post(NEW, template_data(level2="乱写的"))
    assert response.status_code == 400
    assert "二级指标应为" in response.context["form"].errors["level2"][0]


def test_department_proposes_and_finance_confirms(personas, login):
    response = login(personas.dept_d_officer).post(NEW, template_data())
    assert response.status_code == 302
    template = IndicatorTemplate.objects.get(name="新建图书馆藏书数量")
    assert (template.status, template.proposed_by) == (IndicatorTemplate.Status.PROPOSED, personas.dept_d)
    # The proposal is not usable until finance confirms it.
    assert not IndicatorTemplate.objects.search("藏书").exists()
    assert (
        login(personas.dept_d_officer)
        .post(reverse("targets:template_decide", args=[template.pk, "confirm"]))
        .status_code
        == 403
    )
    login(personas.finance_admin).post(reverse("targets:template_decide", args=[template.pk, "confirm"]))
    template.refresh_from_db()
    assert template.status == IndicatorTemplate.Status.CONFIRMED
    assert IndicatorTemplate.objects.search("藏书").exists()


def test_finance_rejects_a_proposal_only_with_a_reason(personas, login):
    login(personas.dept_d_officer).post(NEW, template_data())
    template = IndicatorTemplate.objects.get(name="新建图书馆藏书数量")
    url = reverse("targets:template_decide", args=[template.pk, "reject"])
    client = login(personas.finance_admin)
    client.post(url, {"reason": ""})
    template.refresh_from_db()
    assert template.status == IndicatorTemplate.Status.PROPOSED
    client.post(url, {"reason": "与“图书购置数量”重复"})
    template.refresh_from_db()
    assert (template.status, template.reject_reason) == (
        IndicatorTemplate.Status.REJECTED,
        "与“图书购置数量”重复",
    )
    # The proposing department sees the rejection and its reason.
    response = login(personas.dept_d_officer).get(LIBRARY, {"status": "rejected"})
    assert "与“图书购置数量”重复" in response.content.decode()


@pytest.mark.parametrize("who", ["officer_a", "leader", "auditor", "finance_reviewer"])
def test_others_cannot_add_or_edit_templates(personas, login, who):
    template = IndicatorTemplate.objects.create(
        level1=Level1.OUTPUT, level2="数量指标", name="某指标", unit="个"
    )
    client = login(getattr(personas, who))
    assert client.post(NEW, template_data()).status_code == 403
    assert (
        client.post(reverse("targets:template_edit", args=[template.pk]), template_data()).status_code == 403
    )
    assert not IndicatorTemplate.objects.filter(name="新建图书馆藏书数量").exists()
