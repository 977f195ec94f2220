"""Spot-check pages: drawing, scoping (a department sees its own items only; a unit none; another
department's item is a 404), re-scoring by form, the flagged list and its Excel export."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluation.models import SpotCheck, SpotCheckItem
from evaluation.spotchecks import rescore_department
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.spot_helpers import (
    department_evaluation,
    drawn,
    make_department,
    self_evaluation,
    set_share,
)

pytestmark = pytest.mark.django_db
D = Decimal
LIST = reverse("evaluation:spot_check_list")
FLAGGED = reverse("evaluation:spot_check_flagged")


def detail(spot):
    return reverse("evaluation:spot_check_detail", args=[spot.spot_check.pk])


def item_url(item):
    return reverse("evaluation:spot_check_item", args=[item.pk])


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


# --- drawing --------------------------------------------------------------------------------------


def test_the_finance_admin_draws_with_a_seed_and_lands_on_the_spot_check(personas, login):
    set_share(personas)
    self_evaluation(personas)
    response = login(personas.finance_admin).post(LIST, {"year": personas.year.pk, "seed": "424242"})
    spot_check = SpotCheck.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "evaluation:spot_check_detail", args=[spot_check.pk]
    )
    assert spot_check.seed == 424242
    page = login(personas.finance_admin).get(response.url)
    assert "424242" in page.content.decode() and "吉林省教育厅" in page.content.decode()


def test_the_draw_form_keeps_a_refusal_next_to_the_input(personas, login):
    response = login(personas.finance_admin).post(LIST, {"year": personas.year.pk, "seed": "7"})
    assert response.status_code == 400
    assert "没有已审核的自评" in response.content.decode()
    assert 'value="7"' in response.content.decode()


def test_the_list_page_shows_the_share_rule_to_the_finance_admin(personas, login):
    for i in range(11):
        self_evaluation(personas, department=make_department(personas, f"L{i}"))
    text = login(personas.finance_admin).get(LIST).content.decode()
    assert "本年度有 11 个部门" in text and "至少抽取 2 个部门" in text


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "leader", "auditor"])
def test_only_the_finance_admin_may_draw(personas, login, who):
    self_evaluation(personas)
    client = login(getattr(personas, who))
    assert "抽取样本" not in client.get(LIST).content.decode()
    assert client.post(LIST, {"year": personas.year.pk, "seed": "1"}).status_code == 403
    assert not SpotCheck.objects.exists()


def test_system_admins_see_no_spot_checks(personas, login):
    assert login(personas.system_admin).get(LIST).status_code == 403


# --- scoping --------------------------------------------------------------------------------------


def test_a_department_officer_sees_only_its_own_items(personas, login):
    spot = drawn(personas)
    client = login(personas.dept_d_officer)
    text = client.get(detail(spot)).content.decode()
    assert "教育厅培训项目自评" in text and "教育厅部门评价" in text
    assert "卫健委项目自评" not in text
    assert client.get(item_url(spot.self_d)).status_code == 200
    assert client.get(item_url(spot.self_e)).status_code == 404
    assert list(SpotCheckItem.objects.visible_to(personas.dept_d_officer).order_by("pk")) == sorted(
        [spot.self_d, spot.dept_d], key=lambda i: i.pk
    )


def test_a_department_officer_sees_the_spot_check_in_the_list_with_its_own_counts(personas, login):
    spot = drawn(personas)
    text = login(personas.dept_e_officer).get(LIST).content.decode()
    assert detail(spot) in text
    row = text[text.index(detail(spot)) :]
    # Department E has one item of the three.
    assert '<td class="text-end">1</td><td class="text-end">1</td>' in row


def test_a_unit_officer_sees_no_spot_check_and_no_item(personas, login):
    spot = drawn(personas)
    client = login(personas.officer_a)
    assert detail(spot) not in client.get(LIST).content.decode()
    assert client.get(detail(spot)).status_code == 404
    assert client.get(item_url(spot.self_d)).status_code == 404
    assert not SpotCheckItem.objects.visible_to(personas.officer_a).exists()


def test_another_regions_finance_admin_gets_404(personas, login):
    spot = drawn(personas)
    client = login(personas.other_finance_admin)
    assert client.get(detail(spot)).status_code == 404
    assert client.get(item_url(spot.dept_d)).status_code == 404


def test_the_finance_reviewer_sees_the_items_of_its_divisions_departments(personas, login):
    spot = drawn(personas)
    client = login(personas.finance_reviewer)
    assert client.get(item_url(spot.dept_d)).status_code == 200
    assert client.get(item_url(spot.self_e)).status_code == 404


# --- re-scoring by form ---------------------------------------------------------------------------


def test_finance_rescores_a_department_evaluation_by_form(personas, login):
    spot = drawn(personas)
    client = login(personas.finance_admin)
    assert "复核总分" in client.get(item_url(spot.dept_d)).content.decode()
    response = client.post(item_url(spot.dept_d), {"version": "0", "total": "70", "note": "绩效目标未实现"})
    assert response.status_code == 302
    item = SpotCheckItem.objects.get(pk=spot.dept_d.pk)
    assert (item.recheck_score, item.gap, item.flagged, item.note) == (
        D("70.00"),
        D("12.00"),
        True,
        "绩效目标未实现",
    )
    assert AuditEvent.objects.filter(kind=EventKind.SCORE, object_id=str(item.pk)).exists()


def test_a_rescore_form_with_errors_keeps_the_input(personas, login):
    spot = drawn(personas)
    response = login(personas.finance_admin).post(
        item_url(spot.dept_d), {"version": "0", "total": "150", "note": "x"}
    )
    assert response.status_code == 400
    assert "复核总分须在 0 到满分之间" in response.content.decode()
    assert 'value="150"' in response.content.decode()


def test_a_stale_rescore_form_is_refused_with_409(personas, login):
    spot = drawn(personas)
    rescore_department(spot.dept_d, personas.finance_admin, total=D("80"), note="先复核", seen_version=0)
    response = login(personas.finance_reviewer).post(
        item_url(spot.dept_d), {"version": "0", "total": "60", "note": "后复核"}
    )
    assert response.status_code == 409
    assert "该记录已被他人修改" in response.content.decode()
    assert SpotCheckItem.objects.get(pk=spot.dept_d.pk).recheck_score == D("80.00")


@pytest.mark.parametrize("who", ["dept_d_officer", "leader", "auditor"])
def test_read_only_and_department_users_cannot_rescore(personas, login, who):
    spot = drawn(personas)
    client = login(getattr(personas, who))
    page = client.get(item_url(spot.dept_d))
    assert page.status_code == 200 and "保存复核评分" not in page.content.decode()
    response = client.post(item_url(spot.dept_d), {"version": "0", "total": "60", "note": "x"})
    assert response.status_code == 403
    assert SpotCheckItem.objects.get(pk=spot.dept_d.pk).checked_at is None


# --- flagged list ---------------------------------------------------------------------------------


def flag(item, personas, total):
    return rescore_department(item, personas.finance_admin, total=total, note="复核扣分", seen_version=0)


def test_the_flagged_list_shows_flagged_items_by_department_and_year(personas, login):
    spot = drawn(personas)
    flag(spot.dept_d, personas, D("60"))
    e_eval = department_evaluation(
        personas, department=personas.dept_e, unit=personas.unit_c, name="卫健委部门评价"
    )
    from evaluation.spotchecks import draw

    second = draw(spot.year, personas.finance_admin, seed=2)
    flag(second.items.select_related("spot_check", "evaluation").get(evaluation=e_eval), personas, D("50"))
    client = login(personas.finance_admin)
    text = client.get(FLAGGED).content.decode()
    assert "教育厅部门评价" in text and "卫健委部门评价" in text and "教育厅培训项目自评" not in text
    only_d = client.get(FLAGGED, {"department": personas.dept_d.pk, "year": 2026}).content.decode()
    assert "教育厅部门评价" in only_d and "卫健委部门评价" not in only_d
    assert "卫健委部门评价" not in login(personas.dept_d_officer).get(FLAGGED).content.decode()


def test_the_flagged_export_has_one_row_per_flagged_item(personas, login):
    spot = drawn(personas)
    flag(spot.dept_d, personas, D("60"))
    response = login(personas.auditor).get(reverse("evaluation:spot_check_flagged_export"))
    sheet = workbook(response).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:10] == (
        "年度",
        "主管部门",
        "被评价单位",
        "评价名称",
        "评价类型",
        "原得分",
        "原等级",
        "复核得分",
        "复核等级",
        "分差",
    )
    assert rows[1][:10] == (
        2026,
        "吉林省教育厅",
        "吉林省教育厅",
        "教育厅部门评价",
        "部门评价",
        82,
        "良",
        60,
        "中",
        22,
    )
    assert len(rows) == 2
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=personas.auditor).exists()


def test_the_flagged_list_query_count_does_not_grow_with_rows(personas, login, django_assert_max_num_queries):
    set_share(personas)
    client = login(personas.finance_admin)

    def make(n, offset):
        from evaluation.spotchecks import draw

        depts = [make_department(personas, f"Q{offset + i}") for i in range(n)]
        evaluations = [department_evaluation(personas, department=d) for d in depts]
        spot_check = draw(set_share(personas), personas.finance_admin, seed=offset)
        for item in spot_check.items.select_related("spot_check", "evaluation").filter(
            evaluation__in=evaluations
        ):
            flag(item, personas, D("40"))

    make(5, 0)
    client.get(FLAGGED)  # warm the session and scope
    with django_assert_max_num_queries(40) as small:
        client.get(FLAGGED)
    make(45, 100)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(FLAGGED)
    assert response.context["page"].paginator.count == 50


def test_a_self_item_shows_each_row_with_an_actual_value_to_confirm(personas, login):
    spot = drawn(personas)
    text = login(personas.finance_admin).get(item_url(spot.self_d)).content.decode()
    rows = {r.name: r.pk for r in spot.self_d.evaluation.rows.all()}
    assert "培训人次" in text and f'name="actual_{rows["培训人次"]}"' in text
    assert 'value="450"' in text  # the unit's reported value, to be confirmed or corrected
    assert "复核总分" not in text


def test_finance_rescores_a_self_evaluation_by_form(personas, login):
    from evaluation.selfeval import recompute
    from evaluation.spotchecks import draw

    year = set_share(personas)
    evaluation = self_evaluation(personas)
    recompute(evaluation, save=True)  # 97.00 优
    item = draw(year, personas.finance_admin, seed=1).items.get()
    rows = {r.name: r for r in evaluation.rows.all()}
    data = {"version": "0", "note": "抽查佐证材料", "violation_note": ""}
    data.update({f"actual_{r.pk}": format(r.actual_value.normalize(), "f") for r in rows.values()})
    data[f"actual_{rows['培训人次'].pk}"] = "250"
    response = login(personas.finance_admin).post(item_url(item), data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.original_score, item.recheck_score, item.gap, item.flagged) == (
        D("97.00"),
        D("87.00"),
        D("10.00"),
        True,  # 优 → 良
    )
    text = login(personas.finance_admin).get(item_url(item)).content.decode()
    assert "12.50" in text  # the recheck row's score with its formula
