import pytest

from budgets.models import Project
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_each_role_sees_exactly_its_projects(personas):
    p = personas
    a = ProjectFactory(unit=p.unit_a)
    b = ProjectFactory(unit=p.unit_b)
    c = ProjectFactory(unit=p.unit_c)

    def ids(user):
        return set(Project.objects.visible_to(user).values_list("pk", flat=True))

    assert ids(p.officer_a) == {a.pk}
    assert ids(p.dept_d_officer) == {a.pk, b.pk}
    assert ids(p.dept_e_officer) == {c.pk}
    assert ids(p.finance_reviewer) == {a.pk, b.pk}
    assert ids(p.finance_admin) == ids(p.leader) == ids(p.auditor) == {a.pk, b.pk, c.pk}
    assert ids(p.expert) == set()
    assert ids(p.system_admin) == ids(p.audit_admin) == set()
    assert ids(p.other_finance_admin) == set()
