"""Who may act on a scoped object, by role and scope: the django-fsm `permission=` callables that
every lifecycle model shares. The object carries `unit_id`, `department_id` and `region_id`.

[004 第十九—二十二条]: the unit applies (谁申请), the department and the finance division that
manages it review (谁分配), finance approves (谁批复).
"""

from accounts.models import Role
from accounts.scoping import scope_of


def unit_officer_of(instance, user) -> bool:
    """An officer of the object's own unit."""
    return Role.UNIT_OFFICER in user.roles and instance.unit_id in scope_of(user).unit_ids


def dept_officer_of(instance, user) -> bool:
    """An officer of the object's competent department."""
    return Role.DEPT_OFFICER in user.roles and instance.department_id in scope_of(user).department_ids


def finance_of(instance, user) -> bool:
    """The reviewer of the finance division that manages the department (归口), or the finance
    admin of the object's region."""
    scope = scope_of(user)
    if Role.FINANCE_REVIEWER in scope.roles and instance.department_id in scope.department_ids:
        return True
    return (
        Role.FINANCE_ADMIN in scope.roles
        and bool(scope.region_ids)
        and instance.region_id in scope.region_ids
    )


def finance_admin_of(instance, user) -> bool:
    """The finance performance administrator (绩效管理处) of the object's region: 技术审核 and the
    bureau's own evaluation work [003 三(一)(三)]."""
    scope = scope_of(user)
    return (
        Role.FINANCE_ADMIN in scope.roles
        and bool(scope.region_ids)
        and instance.region_id in scope.region_ids
    )
