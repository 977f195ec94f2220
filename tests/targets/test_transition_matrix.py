"""Every target transition by every role: the one allowed succeeds, every other is refused and
changes nothing [004 第十九—二十二条: 谁申请谁设定, 谁分配谁审核, 谁批复谁批复]."""

import pytest

from perfapp.workflow import TransitionRefused, perform
from targets.models import Target
from tests.targets.helpers import make_target

pytestmark = pytest.mark.django_db

PERSONAS = [
    "officer_a",
    "officer_b",
    "officer_c",
    "dept_d_officer",
    "dept_e_officer",
    "finance_reviewer",
    "finance_admin",
    "other_finance_admin",
    "leader",
    "auditor",
    "expert",
    "system_admin",
    "security_admin",
    "audit_admin",
]
FINANCE = {"finance_reviewer", "finance_admin"}
# transition → (source state, who may run it on unit A's target, resulting state)
MATRIX = {
    "submit": (Target.Status.DRAFT, {"officer_a"}, Target.Status.SUBMITTED),
    "submit_fixes": (Target.Status.FIXES_REQUIRED, {"officer_a"}, Target.Status.DEPT_APPROVED),
    "dept_approve": (Target.Status.SUBMITTED, {"dept_d_officer"}, Target.Status.DEPT_APPROVED),
    "dept_return": (Target.Status.SUBMITTED, {"dept_d_officer"}, Target.Status.RETURNED),
    "approve": (Target.Status.DEPT_APPROVED, FINANCE, Target.Status.APPROVED),
    "require_fixes": (Target.Status.DEPT_APPROVED, FINANCE, Target.Status.FIXES_REQUIRED),
    "finance_return": (Target.Status.DEPT_APPROVED, FINANCE, Target.Status.RETURNED),
    "block": (Target.Status.DEPT_APPROVED, FINANCE, Target.Status.BLOCKED),
    "publish": (Target.Status.APPROVED, FINANCE, Target.Status.PUBLISHED),
}


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("who", PERSONAS)
def test_transition_is_allowed_only_to_its_role(personas, name, who):
    source, allowed, target_state = MATRIX[name]
    target = make_target(personas)
    Target.objects.filter(pk=target.pk).update(status=source)
    target.refresh_from_db()
    user = getattr(personas, who)
    if who in allowed:
        done = perform(target, name, user, seen_version=target.version)
        assert done.status == target_state
    else:
        with pytest.raises(TransitionRefused):
            perform(target, name, user, seen_version=target.version)
        target.refresh_from_db()
        assert target.status == source


@pytest.mark.parametrize("name", [n for n, (source, _a, _t) in MATRIX.items()])
def test_no_transition_runs_from_a_wrong_state(personas, name):
    source, allowed, _target = MATRIX[name]
    wrong = Target.Status.BLOCKED if source != Target.Status.BLOCKED else Target.Status.DRAFT
    target = make_target(personas)
    Target.objects.filter(pk=target.pk).update(status=wrong)
    target.refresh_from_db()
    user = getattr(personas, sorted(allowed)[0])
    with pytest.raises(TransitionRefused):
        perform(target, name, user, seen_version=target.version)
