"""Account pages of the 三员: the system admin manages accounts, the security admin roles and locks.

Every page first checks the actor's admin role (a business role or the wrong admin role gets 403),
then looks the account up among those the admin manages (another region's account is a 404).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import administration, permissions
from accounts.forms import RoleGrantForm, UserCreateForm, UserEditForm, UserFilterForm
from accounts.models import ADMIN_ROLES, RoleAssignment, User
from accounts.scoping import scope_of, users_manageable_by

PAGE_SIZE = 30
#: Where a just-issued initial password waits, in the admin's own session, to be shown once.
INITIAL_PASSWORD_KEY = "accounts_initial_password"


def require(result: permissions.Result) -> None:
    allowed, reason = result
    if not allowed:
        raise PermissionDenied(reason)


def render_admin(request, template, context):
    """render() with the admin's roles, which pick the tabs of the admin pages."""
    return render(request, template, {**context, "admin_roles": scope_of(request.user).roles})


def get_user_for_admin(admin, pk) -> User:
    """The account if `admin` manages it, else 404 (never tells whether another region's exists)."""
    try:
        return users_manageable_by(admin).select_related("organization").get(pk=pk)
    except (User.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _remember_password(request, user, password):
    request.session[INITIAL_PASSWORD_KEY] = {"user": user.pk, "password": password}


def _pop_password(request, user):
    """The initial password just issued for `user`, once: a reload no longer shows it."""
    stored = request.session.get(INITIAL_PASSWORD_KEY)
    if stored and stored.get("user") == user.pk:
        del request.session[INITIAL_PASSWORD_KEY]
        return stored["password"]
    return None


def user_list(request):
    require(permissions.can_view_accounts(request.user))
    form = UserFilterForm(request.GET or None, admin=request.user)
    users = (
        users_manageable_by(request.user)
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("organization").order_by("role"),
            )
        )
        .order_by("username")
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            users = users.filter(
                Q(username__icontains=q)
                | Q(full_name__icontains=q)
                | Q(phone__icontains=q)
                | Q(email__icontains=q)
            )
        if data["organization"]:
            users = users.filter(organization=data["organization"])
        if data["role"] == "none":
            users = users.filter(role_assignments__isnull=True)
        elif data["role"]:
            users = users.filter(role_assignments__role=data["role"]).distinct()
        if data["active"]:
            users = users.filter(is_active=data["active"] == "1")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    roles = scope_of(request.user).roles
    return render_admin(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "locked": administration.locked_usernames() if "security_admin" in roles else {},
            "can_create": permissions.can_create_user(request.user)[0],
        },
    )


def user_create(request):
    require(permissions.can_create_user(request.user))
    form = UserCreateForm(request.POST or None, admin=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = administration.create_user(
            request.user,
            username=data["username"],
            organization=data["organization"],
            full_name=data["full_name"],
            phone=data["phone"],
            email=data["email"],
            request=request,
        )
        _remember_password(request, user, password)
        messages.success(request, _("账号已创建。初始密码只显示这一次，请妥善交给本人。"))
        return redirect("accounts:user_detail", pk=user.pk)
    return render_admin(request, "accounts/user_form.html", {"form": form, "title": _("新建账号")})


def user_detail(request, pk):
    require(permissions.can_view_accounts(request.user))
    target = get_user_for_admin(request.user, pk)
    assignments = target.role_assignments.select_related("organization", "division", "granted_by").order_by(
        "role"
    )
    roles = scope_of(request.user).roles
    is_security = "security_admin" in roles
    grant_form = None
    if permissions.can_manage_roles(request.user, target)[0] and target.is_active:
        grant_form = RoleGrantForm(admin=request.user, target=target)
    return render_admin(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "assignments": assignments,
            "initial_password": _pop_password(request, target),
            "grant_form": grant_form,
            "is_locked": is_security and target.username in administration.locked_usernames(),
            "can_edit": permissions.can_edit_user(request.user, target)[0],
            "can_set_active": permissions.can_set_active(request.user, target)[0],
            "can_reset": permissions.can_reset_password(request.user, target)[0],
            "can_revoke": permissions.can_manage_roles(request.user, target)[0],
            "can_unlock": permissions.can_unlock_account(request.user)[0],
            "is_admin_account": bool({a.role for a in assignments} & ADMIN_ROLES),
        },
    )


def user_edit(request, pk):
    require(permissions.can_edit_user(request.user, None))
    target = get_user_for_admin(request.user, pk)
    form = UserEditForm(request.POST or None, instance=target, admin=request.user)
    if request.method == "POST" and form.is_valid():
        administration.update_user(request.user, target, request=request, **form.cleaned_data)
        messages.success(request, _("账号信息已保存。"))
        return redirect("accounts:user_detail", pk=target.pk)
    return render_admin(
        request,
        "accounts/user_form.html",
        {"form": form, "target": target, "title": _("修改账号：%(name)s") % {"name": target.username}},
    )


@require_POST
def user_set_active(request, pk, active):
    require(permissions.can_edit_user(request.user, None))
    target = get_user_for_admin(request.user, pk)
    try:
        administration.set_active(request.user, target, active, request=request)
    except administration.Refused as e:
        raise PermissionDenied(e.message) from None
    messages.success(
        request, _("账号已启用。") if active else _("账号已停用，其登录会话将在下一次访问时结束。")
    )
    return redirect("accounts:user_detail", pk=target.pk)


@require_POST
def user_reset_password(request, pk):
    require(permissions.can_edit_user(request.user, None))
    target = get_user_for_admin(request.user, pk)
    try:
        password = administration.reset_password(request.user, target, request=request)
    except administration.Refused as e:
        raise PermissionDenied(e.message) from None
    _remember_password(request, target, password)
    messages.success(request, _("已重置密码。新的初始密码只显示这一次，用户下次登录须修改。"))
    return redirect("accounts:user_detail", pk=target.pk)


def role_grant(request, pk):
    require(permissions.can_manage_roles(request.user))
    target = get_user_for_admin(request.user, pk)
    require(permissions.can_manage_roles(request.user, target))
    form = RoleGrantForm(request.POST or None, admin=request.user, target=target)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            administration.grant_role(
                request.user,
                target,
                data["role"],
                data["organization"],
                data.get("division"),
                request=request,
            )
        except administration.Refused as e:
            if e.code == "permission":
                raise PermissionDenied(e.message) from None
            form.add_error(None, e.message)
        else:
            messages.success(request, _("角色已授予。"))
            return redirect("accounts:user_detail", pk=target.pk)
    return render_admin(request, "accounts/role_grant.html", {"form": form, "target": target})


@require_POST
def role_revoke(request, pk):
    require(permissions.can_manage_roles(request.user))
    try:
        assignment = RoleAssignment.objects.select_related("user", "organization").get(
            pk=pk, user__in=users_manageable_by(request.user)
        )
    except (RoleAssignment.DoesNotExist, ValueError):
        raise Http404 from None
    try:
        administration.revoke_role(request.user, assignment, request=request)
    except administration.Refused as e:
        raise PermissionDenied(e.message) from None
    messages.success(request, _("角色已撤销。"))
    return redirect("accounts:user_detail", pk=assignment.user_id)


@require_POST
def user_unlock(request, pk):
    require(permissions.can_unlock_account(request.user))
    target = get_user_for_admin(request.user, pk)
    administration.unlock_account(request.user, target.username, request=request, user=target)
    messages.success(request, _("已解除账号 %(username)s 的登录锁定。") % {"username": target.username})
    if request.POST.get("from") == "security":
        return redirect("accounts:security")
    return redirect("accounts:user_detail", pk=target.pk)
