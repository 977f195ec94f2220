import datetime

import pytest
from django.urls import reverse

from budgets.models import Deadline, Policy
from budgets.policy import PolicyData
from perfapp.models import AuditEvent, EventKind

pytestmark = pytest.mark.django_db


def edit_url(fy):
    return reverse("budgets:policy_edit", args=[fy.pk])


def policy_form_data(client, fy, **changes):
    """The edit form's current values (as the page shows them) with `changes` applied."""
    form = client.get(edit_url(fy)).context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if isinstance(value, datetime.date):
            value = value.isoformat()
        data[name] = "" if value is None else str(value)
    data.update(comment="调整评价比例", effective_from="2026-07-01")
    data.update({k: str(v) for k, v in changes.items()})
    return data


def test_year_list_shows_the_users_region_years_only(personas, login):
    response = login(personas.finance_admin).get(reverse("budgets:year_list"))
    assert list(response.context["years"]) == [personas.year]
    response = login(personas.other_finance_admin).get(reverse("budgets:year_list"))
    assert list(response.context["years"]) == []


def test_year_detail_shows_every_policy_section_with_chinese_labels(personas, login):
    body = (
        login(personas.leader).get(reverse("budgets:year_detail", args=[personas.year.pk])).content.decode()
    )
    for label in (
        "项目库与事前绩效评估",
        "绩效运行监控",
        "绩效自评",
        "结果应用",
        "安全策略",
        "重大项目金额标准（元）",
        "部门评价覆盖比例",
        "20%",
        "优≥90",
    ):
        assert label in body
    assert "修改政策参数" not in body  # the leader reads only


def test_another_regions_year_is_404(personas, login):
    client = login(personas.other_finance_admin)
    assert client.get(reverse("budgets:year_detail", args=[personas.year.pk])).status_code == 404
    assert client.get(edit_url(personas.year)).status_code == 404


def test_finance_admin_saves_a_new_policy_version_and_keeps_the_old_one(personas, login):
    fy = personas.year
    client = login(personas.finance_admin)
    data = policy_form_data(client, fy, department_share="30", major_threshold="50000000", feedback_days="20")
    response = client.post(edit_url(fy), data)
    assert response.status_code == 302
    v1, v2 = Policy.objects.filter(fiscal_year=fy).order_by("version")
    assert (v1.version, v2.version) == (1, 2)
    assert v1.data == {}  # untouched
    assert v2.created_by == personas.finance_admin and v2.comment == "调整评价比例"
    assert v2.effective_from == datetime.date(2026, 7, 1)
    fy.refresh_from_db()
    rules = fy.policy
    assert str(rules.evaluation.department_share) == "0.3"
    assert rules.project_library.major_threshold == 50000000
    assert rules.linkage.feedback_days == 20
    # Values the admin did not touch are stored exactly as before.
    assert v2.data["evaluation"]["fiscal_share"] == PolicyData().to_dict()["evaluation"]["fiscal_share"]
    event = AuditEvent.objects.filter(kind=EventKind.POLICY_CHANGED).latest("id")
    assert event.actor == personas.finance_admin
    assert {c["key"] for c in event.data["changes"]} == {
        "evaluation.department_share",
        "project_library.major_threshold",
        "linkage.feedback_days",
    }
    response = client.get(reverse("budgets:year_detail", args=[fy.pk]))
    latest = response.context["versions"][0]
    assert latest["row"] == v2
    assert {(c["label"], c["old"], c["new"]) for c in latest["changes"]} == {
        ("部门评价覆盖比例", "20%", "30%"),
        ("重大项目金额标准（元）", "30,000,000 元（3,000 万元）", "50,000,000 元（5,000 万元）"),
        ("评价结果反馈时限（天）", "30", "20"),
    }
    page = response.content.decode()
    assert "第 2 版" in page and "调整评价比例" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"output_weight": "60"}, "自评分值合计须为 100 分，当前为 110 分。"),
        ({"band_1": "95"}, "评价等级分数线须从高到低排列"),
        ({"department_share": "120"}, "不能大于 100"),
        ({"deadline_self_evaluation": "02-30"}, "日期格式须为“月-日”"),
        ({"feedback_days": "0"}, "不能小于 1"),
        ({"comment": ""}, "请填写修改说明。"),
    ],
)
def test_invalid_policy_input_is_refused_in_chinese_and_nothing_saved(personas, login, changes, message):
    fy = personas.year
    client = login(personas.finance_admin)
    data = policy_form_data(client, fy, spot_check_tolerance="7", **changes)
    response = client.post(edit_url(fy), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'value="7"' in body  # the admin's input is kept
    assert Policy.objects.filter(fiscal_year=fy).count() == 1
    assert not AuditEvent.objects.filter(kind=EventKind.POLICY_CHANGED).exists()


def test_a_policy_form_loaded_before_another_save_is_refused(personas, login):
    fy = personas.year
    client = login(personas.finance_admin)
    stale = policy_form_data(client, fy, execution_lag_tolerance="8")
    assert (
        client.post(edit_url(fy), policy_form_data(client, fy, execution_lag_tolerance="12")).status_code
        == 302
    )
    response = client.post(edit_url(fy), stale)
    assert response.status_code == 409
    assert "该记录已被他人修改" in response.content.decode()
    assert Policy.objects.filter(fiscal_year=fy).count() == 2


@pytest.mark.parametrize("who", ["leader", "auditor", "finance_reviewer", "officer_a"])
def test_only_the_regions_finance_admin_may_change_the_policy(personas, login, who):
    client = login(getattr(personas, who))
    fy = personas.year
    assert client.get(edit_url(fy)).status_code == 403
    assert client.post(edit_url(fy), {"comment": "x"}).status_code == 403
    assert client.post(reverse("budgets:deadline_create", args=[fy.pk]), {}).status_code == 403
    assert Policy.objects.filter(fiscal_year=fy).count() == 1


def test_finance_admin_creates_and_edits_deadlines(personas, login):
    fy = personas.year
    client = login(personas.finance_admin)
    response = client.post(
        reverse("budgets:deadline_create", args=[fy.pk]),
        {"stage": "project_declaration", "name": "2027年项目申报入库", "due": "2026-09-30", "note": ""},
    )
    assert response.status_code == 302
    deadline = Deadline.objects.get(fiscal_year=fy)
    response = client.post(
        reverse("budgets:deadline_edit", args=[deadline.pk]),
        {"stage": "project_declaration", "name": "2027年项目申报入库", "due": "2026-10-15", "note": "延期"},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == datetime.date(2026, 10, 15)
    bad = client.post(
        reverse("budgets:deadline_create", args=[fy.pk]), {"stage": "monitoring", "name": "", "due": "x"}
    )
    assert bad.status_code == 400 and "请填写名称。" in bad.content.decode()
    assert (
        login(personas.leader).post(reverse("budgets:deadline_edit", args=[deadline.pk]), {}).status_code
        == 403
    )


def test_default_deadlines_are_created_from_the_policy_once(personas, login):
    fy = personas.year
    client = login(personas.finance_admin)
    client.post(reverse("budgets:deadline_defaults", args=[fy.pk]))
    client.post(reverse("budgets:deadline_defaults", args=[fy.pk]))
    dues = dict(Deadline.objects.filter(fiscal_year=fy).values_list("stage", "due"))
    # 2026's spending is self-evaluated by 31 May 2027 [003 三(一)].
    assert dues["self_evaluation"] == datetime.date(2027, 5, 31)
    assert dues["fiscal_evaluation"] == datetime.date(2027, 10, 31)
    assert dues["project_declaration"] == datetime.date(2026, 9, 30)
    assert len(dues) == 5
