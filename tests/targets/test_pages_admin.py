"""The admin never changes an approved target [004 第二十二条]: read-only, no change, no delete."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from targets.models import Indicator, Target
from tests.factories import make_user
from tests.targets.helpers import make_target
from tests.targets.pages import approved, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_request(personas):
    request = RequestFactory().get("/")
    request.user = make_user("superuser", "finance_admin", personas.bureau, is_superuser=True, is_staff=True)
    return request


def test_an_approved_target_is_read_only_in_the_admin(personas, admin_request):
    target_admin = admin.site._registry[Target]
    target = approved(personas)
    assert not target_admin.has_change_permission(admin_request, target)
    assert not target_admin.has_delete_permission(admin_request, target)
    assert "overall_goal" in target_admin.get_readonly_fields(admin_request, target)
    inline = target_admin.get_inline_instances(admin_request, target)[0]
    assert inline.model is Indicator
    assert not inline.has_change_permission(admin_request, target)
    assert not inline.has_delete_permission(admin_request, target)


def test_a_draft_target_can_still_be_changed_in_the_admin(personas, admin_request):
    target_admin = admin.site._registry[Target]
    draft = make_target(personas)
    assert target_admin.has_change_permission(admin_request, draft)
    assert "overall_goal" not in target_admin.get_readonly_fields(admin_request, draft)


def test_department_officer_declares_and_submits_the_overall_target(personas, login):
    client = login(personas.dept_d_officer)
    client.post(reverse("targets:target_create_department"), form_data(fiscal_year=personas.year))
    target = Target.objects.get(kind=Target.Kind.DEPARTMENT)
    response = client.post(reverse("targets:target_transition", args=[target.pk, "submit"]), {"version": 1})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == Target.Status.SUBMITTED
    # A unit officer of the department cannot act for it.
    assert (
        login(personas.officer_a).get(reverse("targets:target_detail", args=[target.pk])).status_code == 404
    )
