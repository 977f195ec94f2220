"""The library workflow through the pages: unit submits → department approves → finance admits."""

import pytest
from django.urls import reverse

from budgets.library import ADMISSION_CHECKS
from budgets.models import Project
from perfapp.models import AuditEvent, EventKind, Notification, TransitionLog
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def transition_url(project, name):
    return reverse("budgets:project_transition", args=[project.pk, name])


def post_transition(client, project, name, comment="", version=None):
    project.refresh_from_db()
    return client.post(
        transition_url(project, name),
        {"comment": comment, "version": project.version if version is None else version},
    )


def test_unit_submit_department_approve_and_finance_admit_through_the_pages(personas, library, login, client):
    project = library.a
    response = post_transition(login(personas.officer_a), project, "submit", "请审核")
    assert response.status_code == 302 and response["Location"] == reverse(
        "budgets:project_detail", args=[project.pk]
    )
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED

    queue = login(personas.dept_d_officer).get(reverse("budgets:review_queue"))
    assert project.pk in {r["project"].pk for r in queue.context["rows"]}
    assert post_transition(client, project, "dept_approve", "同意").status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.DEPT_APPROVED

    queue = login(personas.finance_reviewer).get(reverse("budgets:admission_queue"))
    assert project.pk in {r["project"].pk for r in queue.context["rows"]}
    assert post_transition(login(personas.finance_admin), project, "admit").status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.ADMITTED

    logs = list(TransitionLog.objects.filter(object_id=project.pk).order_by("id"))
    assert [(log.transition, log.actor) for log in logs] == [
        ("submit", personas.officer_a),
        ("dept_approve", personas.dept_d_officer),
        ("admit", personas.finance_admin),
    ]
    assert AuditEvent.objects.filter(kind=EventKind.TRANSITION, object_id=str(project.pk)).count() == 3
    assert Notification.objects.filter(recipient=personas.officer_a, title__contains="已入库").exists()
    page = (
        login(personas.officer_a).get(reverse("budgets:project_detail", args=[project.pk])).content.decode()
    )
    assert "初审通过" in page and "审核入库" in page and "同意" in page


@pytest.mark.parametrize("who", ["leader", "auditor"])
def test_read_only_roles_get_403_on_transition_posts(personas, library, login, who):
    response = post_transition(login(getattr(personas, who)), library.a, "submit")
    assert response.status_code == 403
    library.a.refresh_from_db()
    assert library.a.status == Project.Status.DRAFT
    assert AuditEvent.objects.filter(kind=EventKind.ACCESS_DENIED, actor=getattr(personas, who)).exists()


def test_another_units_project_transition_is_404(personas, library, login):
    assert post_transition(login(personas.officer_b), library.a, "submit").status_code == 404


def test_transition_refused_by_role_shows_the_chinese_reason(personas, library, login):
    response = post_transition(login(personas.dept_d_officer), library.a, "submit")
    assert response.status_code == 403
    assert "您没有权限执行此操作。" in response.content.decode()


def test_transition_refused_by_state_shows_the_chinese_reason(personas, library, login):
    response = post_transition(login(personas.finance_admin), library.a, "admit")
    assert response.status_code == 400
    assert "当前状态（储备）不允许此操作。" in response.content.decode()


def test_admission_blocked_by_a_check_shows_its_reason_and_changes_nothing(personas, login):
    project = ProjectFactory(unit=personas.unit_a, status=Project.Status.DEPT_APPROVED)

    def needs_assessment(p):
        return "须先完成事前绩效评估。" if p.pk == project.pk else None

    ADMISSION_CHECKS.append(needs_assessment)
    try:
        response = post_transition(login(personas.finance_admin), project, "admit")
    finally:
        ADMISSION_CHECKS.remove(needs_assessment)
    assert response.status_code == 400
    assert "须先完成事前绩效评估。" in response.content.decode()
    project.refresh_from_db()
    assert project.status == Project.Status.DEPT_APPROVED


def test_a_transition_from_a_stale_page_is_refused_and_the_comment_kept(personas, library, login):
    client = login(personas.officer_a)
    seen = library.a.version
    library.a.refresh_from_db()
    library.a.name = "别人刚改过的名称"
    library.a.version += 1
    library.a.save()
    response = client.post(transition_url(library.a, "submit"), {"comment": "我的申报说明", "version": seen})
    assert response.status_code == 409
    body = response.content.decode()
    assert "该记录已被他人修改" in body and "我的申报说明" in body
    library.a.refresh_from_db()
    assert library.a.status == Project.Status.DRAFT


def test_returning_a_project_needs_a_reason(personas, library, login):
    project = library.a
    post_transition(login(personas.officer_a), project, "submit")
    client = login(personas.dept_d_officer)
    response = post_transition(client, project, "dept_return", "")
    assert response.status_code == 400
    assert "须填写意见" in response.content.decode()
    assert post_transition(client, project, "dept_return", "绩效目标不完整").status_code == 302
    project.refresh_from_db()
    assert project.status == Project.Status.RETURNED


def test_transitions_only_accept_post(personas, library, login):
    assert login(personas.officer_a).get(transition_url(library.a, "submit")).status_code == 405
