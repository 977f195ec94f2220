"""A user's scope — roles, organizations, regions, managed departments — computed once per request.

`visible_to(user)` on every scoped queryset reads this (see perfapp/scoping.py); nothing else
decides who sees what.
"""

from dataclasses import dataclass, field

from accounts.models import ADMIN_ROLES, Organization, Region, Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    roles: frozenset[str] = frozenset()
    #: Regions seen whole (finance admin, leader, auditor); None when no region-wide role.
    region_ids: frozenset[int] | None = None
    department_ids: frozenset[int] = frozenset()
    unit_ids: frozenset[int] = frozenset()
    #: Expert: sees only assigned projects.
    expert_user_id: int | None = None
    organization_ids: frozenset[int] = field(default_factory=frozenset)
    #: 三员: the regions whose accounts and organizations a system or security admin manages.
    admin_region_ids: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return (
            self.region_ids is None
            and not self.department_ids
            and not self.unit_ids
            and self.expert_user_id is None
        )

    @property
    def is_admin_only(self) -> bool:
        return bool(self.roles) and self.roles <= ADMIN_ROLES


EMPTY = Scope()


def compute_scope(user) -> Scope:
    """Union of what each of the user's roles sees [DESIGN.md §1; issue #2 scoping rules].

    unit officer → own unit; department officer → the department and its units; finance reviewer →
    the departments its division manages (归口); finance admin, leader, auditor → the bureau's
    region and every region below it; expert → assigned items only; 三员 → no business data.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    assignments = list(
        RoleAssignment.objects.filter(user_id=user.pk)
        .select_related("organization")
        .only(
            "role",
            "division_id",
            "organization__id",
            "organization__kind",
            "organization__region_id",
            "organization__parent_id",
        )
    )
    roles = frozenset(a.role for a in assignments)
    region_roots: set[int] = set()
    departments: set[int] = set()
    units: set[int] = set()
    divisions: set[int] = set()
    expert = None
    admin_roots: set[int] = set()
    for a in assignments:
        org = a.organization
        if a.role in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN):
            admin_roots.add(org.region_id)
        elif a.role in (Role.FINANCE_ADMIN, Role.LEADER, Role.AUDITOR):
            region_roots.add(org.region_id)
        elif a.role == Role.FINANCE_REVIEWER:
            if a.division_id:
                divisions.add(a.division_id)
        elif a.role == Role.DEPT_OFFICER:
            departments.add(org.pk if org.kind == Organization.Kind.DEPARTMENT else org.parent_id)
        elif a.role == Role.UNIT_OFFICER:
            units.add(org.pk)
        elif a.role == Role.EXPERT:
            expert = user.pk
    if divisions:
        departments.update(
            Organization.objects.filter(division_id__in=divisions).values_list("pk", flat=True)
        )
    region_ids = frozenset(_subtrees(region_roots)) if region_roots else None
    return Scope(
        roles=roles,
        region_ids=region_ids,
        department_ids=frozenset(d for d in departments if d),
        unit_ids=frozenset(units),
        expert_user_id=expert,
        organization_ids=frozenset(a.organization_id for a in assignments),
        admin_region_ids=frozenset(_subtrees(admin_roots)) if admin_roots else frozenset(),
    )


def _subtrees(root_ids) -> set[int]:
    ids: set[int] = set()
    for root in Region.objects.filter(pk__in=root_ids):
        ids.update(root.subtree_ids())
    return ids


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object (one request = one user object)."""
    if user is None:
        return EMPTY
    cached = getattr(user, "_perfapp_scope", None)
    if cached is None:
        cached = compute_scope(user)
        try:
            user._perfapp_scope = cached
        except AttributeError:  # AnonymousUser is a plain object but be safe
            pass
    return cached


def reset_scope(user) -> None:
    if hasattr(user, "_perfapp_scope"):
        del user._perfapp_scope


# 三员 see no business data, but the system and security admins manage the accounts and
# organizations of their own region (and the regions below it); another region's are a 404.


def regions_manageable_by(user):
    scope = scope_of(user)
    return Region.objects.filter(pk__in=scope.admin_region_ids)


def organizations_manageable_by(user):
    scope = scope_of(user)
    return Organization.objects.filter(region_id__in=scope.admin_region_ids)


def users_manageable_by(user):
    from accounts.models import User

    scope = scope_of(user)
    return User.objects.filter(organization__region_id__in=scope.admin_region_ids)
