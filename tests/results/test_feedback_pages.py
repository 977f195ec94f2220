"""Pages and API of the letters: generate, approve, send, overdue badge, scoping, query counts."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluation.models import Evaluation
from results.models import Feedback, Rectification
from tests.evaluation.reports_data import make_evaluation


def final(personas, unit=None, name=None):
    return make_evaluation(
        personas,
        status=Evaluation.Status.FINAL,
        unit=unit,
        project_name=name,
        scored=False,
        money=False,
    )


def test_generate_approve_send_on_pages(personas, login):
    ev = final(personas)
    client = login(personas.finance_admin)
    page = client.get(reverse("results:feedback_list"))
    assert "待生成 1 份" in page.content.decode()
    assert client.post(reverse("results:feedback_generate")).status_code == 302
    fb = Feedback.objects.get(evaluation=ev)
    for name in ("approve", "send"):
        fb.refresh_from_db()
        r = client.post(reverse("results:feedback_transition", args=[fb.pk, name]), {"version": fb.version})
        assert r.status_code == 302
    fb.refresh_from_db()
    assert fb.status == Feedback.Status.SENT
    assert Rectification.objects.filter(evaluation=ev).count() == 1
    # the unit cannot approve; another unit's letter is 404
    assert login(personas.officer_c).get(reverse("results:feedback_detail", args=[fb.pk])).status_code == 404


def test_overdue_badge_and_filter(personas, login):
    ev = final(personas)
    fb = Feedback.objects.create(
        evaluation=ev,
        year=2026,
        unit=ev.unit,
        department=ev.department,
        region=ev.region,
        title="关于测试项目绩效评价结果的反馈意见函",
        body="正文",
        due=datetime.date(2020, 1, 1),
    )
    client = login(personas.dept_d_officer)
    page = client.get(reverse("results:feedback_list"), {"overdue": "1"})
    assert [r.pk for r in page.context["rows"]] == [fb.pk]
    assert "逾期" in client.get(reverse("results:feedback_detail", args=[fb.pk])).content.decode()
    r = client.post(reverse("results:feedback_transition", args=[fb.pk, "approve"]), {"version": fb.version})
    assert r.status_code == 403


def test_api_scoped(personas, api):
    ev = final(personas, unit=personas.unit_c, name="医院项目")
    fb = Feedback.objects.create(
        evaluation=ev,
        year=2026,
        unit=ev.unit,
        department=ev.department,
        region=ev.region,
        title="t",
        body="b",
        due=datetime.date(2026, 5, 1),
    )
    assert api(personas.officer_a).get(f"/api/v1/feedback/{fb.pk}/").status_code == 404
    r = api(personas.finance_admin).post(
        f"/api/v1/feedback/{fb.pk}/transitions/", {"name": "approve", "version": 1}
    )
    assert r.status_code == 200 and r.data["status"] == "approved"


def test_feedback_list_query_count_equal_at_5_and_50(personas, login):
    client = login(personas.finance_admin)
    counts = []
    made = 0
    for n in (5, 50):
        while made < n:
            ev = final(personas, name=f"项目{made}")
            Feedback.objects.create(
                evaluation=ev,
                year=2026,
                unit=ev.unit,
                department=ev.department,
                region=ev.region,
                title=f"函{made}",
                body="b",
                due=datetime.date(2026, 5, 1),
            )
            made += 1
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("results:feedback_list"), {"page": 1}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
