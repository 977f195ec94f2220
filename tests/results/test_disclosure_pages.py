"""The finance page of disclosure marks [004 第四十三条]: the finance admin of the region lists the
finished evaluations with their mark, filters them, marks and unmarks several at once (audited);
涉密 items are never disclosed; everyone else is refused; what is marked is what the portal shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evaluation.models import Evaluation
from perfapp.models import AuditEvent
from results import disclosure
from results.models import Disclosure
from tests.results.linkage_data import evaluation_of, linked_project
from tests.targets.helpers import make_target

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

PAGE = reverse("results:disclosure_list")
BULK = reverse("results:disclosure_bulk")
PORTAL = reverse("portal_results:result_list")


@pytest.fixture
def items(personas):
    road = evaluation_of(linked_project(personas, "优", name="道路项目"))
    school = evaluation_of(linked_project(personas, "良", name="学校项目"))
    hospital = evaluation_of(linked_project(personas, "中", unit=personas.unit_c, name="医院项目"))
    secret_project = linked_project(personas, "良", name="涉密项目")
    make_target(personas, project=secret_project, is_secret=True)
    running = evaluation_of(linked_project(personas, "良", name="评价中项目"))
    Evaluation.objects.filter(pk=running.pk).update(status=Evaluation.Status.IN_PROGRESS)
    return {
        "road": road,
        "school": school,
        "hospital": hospital,
        "secret": evaluation_of(secret_project),
        "running": running,
    }


def _portal_names(client):
    return {r["name"] for r in client.get(PORTAL).context["rows"]}


def test_finance_admin_sees_finished_evaluations_with_their_state(personas, login, items):
    disclosure.mark(items["road"], personas.finance_admin)
    response = login(personas.finance_admin).get(PAGE)
    assert response.status_code == 200
    rows = {e.name: e for e in response.context["rows"]}
    assert set(rows) == {
        "道路项目评价",
        "学校项目评价",
        "医院项目评价",
        "涉密项目评价",
    }  # not the running one
    assert rows["道路项目评价"].is_disclosed and not rows["学校项目评价"].is_disclosed
    assert rows["涉密项目评价"].is_secret
    body = response.content.decode()
    assert "涉密，不予公开" in body and "已公开" in body and "未公开" in body
    # a secret item has no checkbox to disclose it
    assert f'value="{items["secret"].pk}" form="bulk"' not in body
    assert f'value="{items["school"].pk}" form="bulk"' in body
    assert 'href="/results/disclosure/"' in body  # the nav entry


def test_filters(personas, login, items):
    client = login(personas.finance_admin)
    disclosure.mark(items["road"], personas.finance_admin)

    def names(**params):
        return {e.name for e in client.get(PAGE, params).context["rows"]}

    assert names(state="disclosed") == {"道路项目评价"}
    assert names(state="undisclosed") == {"学校项目评价", "医院项目评价"}
    assert names(state="secret") == {"涉密项目评价"}
    assert names(department=personas.dept_e.pk) == {"医院项目评价"}
    assert names(q="学校") == {"学校项目评价"}
    assert names(kind="self") == set()
    assert names(year=2024) == set()


def test_bulk_mark_changes_what_the_portal_shows_and_is_audited(client, personas, login, items):
    assert _portal_names(client) == set()
    staff = login(personas.finance_admin)
    ids = [items["road"].pk, items["hospital"].pk, items["secret"].pk]
    response = staff.post(BULK, {"ids": ids, "action": "disclose", "next": PAGE + "?state=undisclosed"})
    assert response.status_code == 302 and response["Location"] == PAGE + "?state=undisclosed"
    assert set(Disclosure.objects.filter(disclosed=True).values_list("evaluation_id", flat=True)) == {
        items["road"].pk,
        items["hospital"].pk,
    }
    messages = [str(m) for m in staff.get(PAGE).context["messages"]]
    assert "已公开2项评价结果。" in messages and "1项评价结果涉密，不予公开。" in messages
    events = AuditEvent.objects.filter(summary__startswith="公开评价结果")
    assert events.count() == 2 and {e.actor_id for e in events} == {personas.finance_admin.pk}
    client.logout()
    assert _portal_names(client) == {"道路项目评价", "医院项目评价"}

    staff = login(personas.finance_admin)
    staff.post(BULK, {"ids": [items["road"].pk], "action": "withdraw"})
    client.logout()
    assert _portal_names(client) == {"医院项目评价"}
    assert AuditEvent.objects.filter(summary__startswith="取消公开评价结果").count() == 1


def test_bulk_needs_a_choice_and_an_action(personas, login, items):
    client = login(personas.finance_admin)
    client.post(BULK, {"ids": [], "action": "disclose"})
    client.post(BULK, {"ids": [items["road"].pk], "action": "delete"})
    client.post(BULK, {"ids": [items["running"].pk], "action": "disclose"})  # unfinished: not listed
    assert not Disclosure.objects.exists()
    # an outside `next` is not followed
    response = client.post(BULK, {"ids": [items["road"].pk], "action": "disclose", "next": "//evil.example/"})
    assert response["Location"] == PAGE


@pytest.mark.parametrize(
    "who", ["finance_reviewer", "officer_a", "dept_d_officer", "leader", "auditor", "expert", "system_admin"]
)
def test_others_are_refused(personas, login, items, who):
    client = login(getattr(personas, who))
    assert client.get(PAGE).status_code == 403
    assert client.post(BULK, {"ids": [items["road"].pk], "action": "disclose"}).status_code == 403
    assert not Disclosure.objects.exists()


def test_anonymous_is_sent_to_login(client, items):
    assert client.get(PAGE).status_code == 302
    assert client.post(BULK, {"ids": [items["road"].pk], "action": "disclose"}).status_code in (302, 403)
    assert not Disclosure.objects.exists()


def test_finance_admin_of_another_province_sees_and_marks_nothing(personas, login, items):
    client = login(personas.other_finance_admin)
    assert client.get(PAGE).context["rows"] == []
    client.post(BULK, {"ids": [items["road"].pk], "action": "disclose"})
    assert not Disclosure.objects.exists()


def test_page_query_count_is_constant(personas, login, django_assert_max_num_queries):
    client = login(personas.finance_admin)
    for i in range(3):
        linked_project(personas, "良", name=f"少{i}")
    with django_assert_max_num_queries(14):
        client.get(PAGE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(PAGE)
    for i in range(40):
        evaluation = evaluation_of(linked_project(personas, "良", name=f"多{i}"))
        if i % 2:
            disclosure.mark(evaluation, personas.finance_admin)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(PAGE).context["rows"]) == 43
    assert len(many.captured_queries) == len(few.captured_queries)
