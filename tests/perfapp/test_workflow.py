"""perfapp.workflow.perform(): version check, state and role guards, and what a transition writes."""

import pytest
from django.contrib.contenttypes.models import ContentType

from budgets.models import Project
from perfapp.models import AuditEvent, EventKind, Notification, TransitionLog
from perfapp.workflow import StaleObject, TransitionRefused, available_transitions, history_of, perform
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def counts():
    return (TransitionLog.objects.count(), AuditEvent.objects.count(), Notification.objects.count())


@pytest.fixture
def project(personas):
    return ProjectFactory(unit=personas.unit_a, created_by=personas.officer_a)


def test_a_stale_seen_version_raises_and_changes_nothing(personas, project):
    seen = project.version
    # Someone else edits the project after our form was loaded.
    Project.objects.filter(pk=project.pk).update(version=seen + 1)
    before = counts()

    with pytest.raises(StaleObject) as excinfo:
        perform(project, "submit", personas.officer_a, comment="申报", seen_version=seen)

    assert "已被他人修改" in excinfo.value.message
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert project.version == seen + 1
    assert counts() == before


def test_a_seen_version_that_is_not_a_number_is_treated_as_stale(personas, project):
    with pytest.raises(StaleObject):
        perform(project, "submit", personas.officer_a, seen_version="abc")


def test_a_transition_from_the_wrong_state_is_refused(personas, project):
    before = counts()
    with pytest.raises(TransitionRefused) as excinfo:
        perform(project, "dept_approve", personas.dept_d_officer, seen_version=project.version)

    assert excinfo.value.code == "state"
    assert "储备" in excinfo.value.message
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert counts() == before


def test_an_unknown_transition_name_is_refused(personas, project):
    with pytest.raises(TransitionRefused) as excinfo:
        perform(project, "delete", personas.officer_a)
    assert excinfo.value.code == "unknown"


@pytest.mark.parametrize(
    "who",
    ["officer_b", "officer_c", "dept_d_officer", "finance_admin", "leader", "auditor", "system_admin"],
)
def test_only_the_projects_own_unit_officer_may_submit_it(personas, project, who):
    before = counts()
    with pytest.raises(TransitionRefused) as excinfo:
        perform(project, "submit", getattr(personas, who), seen_version=project.version)

    assert excinfo.value.code == "permission"
    project.refresh_from_db()
    assert project.status == Project.Status.DRAFT
    assert counts() == before


def test_another_departments_officer_cannot_review_the_project(personas, project):
    project = perform(project, "submit", personas.officer_a, seen_version=project.version)
    with pytest.raises(TransitionRefused) as excinfo:
        perform(project, "dept_approve", personas.dept_e_officer, seen_version=project.version)
    assert excinfo.value.code == "permission"
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED


def test_a_successful_submit_writes_the_log_the_audit_event_and_tells_the_department(personas, project):
    seen = project.version

    result = perform(project, "submit", personas.officer_a, comment="请审核", seen_version=seen)

    assert result.status == Project.Status.SUBMITTED
    project.refresh_from_db()
    assert project.status == Project.Status.SUBMITTED
    assert project.version == seen + 1

    log = TransitionLog.objects.get(
        content_type=ContentType.objects.get_for_model(Project), object_id=project.pk
    )
    assert (log.actor, log.transition, log.source, log.target, log.comment) == (
        personas.officer_a,
        "submit",
        Project.Status.DRAFT,
        Project.Status.SUBMITTED,
        "请审核",
    )
    assert list(history_of(project)) == [log]

    event = AuditEvent.objects.get(kind=EventKind.TRANSITION)
    assert event.actor == personas.officer_a
    assert (event.object_type, event.object_id) == ("budgets.project", str(project.pk))
    assert event.data["from"] == "draft" and event.data["to"] == "submitted"

    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {personas.dept_d_officer.username}
    note = Notification.objects.get()
    assert project.name in note.title and note.body == "请审核"


def test_the_department_approval_tells_finance_and_the_unit_sees_its_return(personas, project):
    project = perform(project, "submit", personas.officer_a)
    Notification.objects.all().delete()

    project = perform(project, "dept_return", personas.dept_d_officer, comment="补充绩效目标")

    assert project.status == Project.Status.RETURNED
    assert list(Notification.objects.values_list("recipient", flat=True)) == [personas.officer_a.pk]
    assert [t.target for t in history_of(project)] == ["submitted", "returned"]


def test_available_transitions_follow_state_and_role(personas, project):
    names = {t.name for t in available_transitions(project, personas.officer_a)}
    assert names == {"submit"}
    assert available_transitions(project, personas.officer_b) == []
    assert available_transitions(project, personas.dept_d_officer) == []
