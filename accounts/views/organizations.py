"""Configuration pages of the system admin: organizations, regions and finance divisions.

The security admin may read the organization list (roles are granted at organizations); nobody
else may open these pages.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import administration, permissions
from accounts.forms import DivisionForm, OrganizationForm, RegionForm
from accounts.models import Division, Organization
from accounts.scoping import organizations_manageable_by, regions_manageable_by
from accounts.views.users import PAGE_SIZE, render_admin, require


def _get_or_404(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def organization_list(request):
    require(permissions.can_view_organizations(request.user))
    organizations = (
        organizations_manageable_by(request.user)
        .select_related("parent", "region", "division")
        .annotate(user_count=Count("users"))
        .order_by("code")
    )
    kind = request.GET.get("kind", "")
    if kind in Organization.Kind.values:
        organizations = organizations.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        organizations = organizations.filter(Q(name__icontains=q) | Q(code__icontains=q))
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render_admin(
        request,
        "accounts/organization_list.html",
        {
            "page": page,
            "kinds": Organization.Kind.choices,
            "kind": kind,
            "q": q,
            "query": query.urlencode(),
            "can_manage": permissions.can_manage_organizations(request.user)[0],
        },
    )


def _save_form(request, form, template, context, success_url):
    """Validate, save through administration.save_*, redirect; otherwise re-render with input."""
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form.instance, Organization):
                administration.save_organization(request.user, form.instance, request=request)
            else:
                administration.save_configuration(request.user, form.instance, request=request)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已保存。"))
            return redirect(success_url)
    return render_admin(request, template, {"form": form, **context})


def organization_create(request):
    require(permissions.can_manage_organizations(request.user))
    form = OrganizationForm(request.POST or None, admin=request.user)
    return _save_form(
        request, form, "accounts/config_form.html", {"title": _("新建机构")}, "accounts:organization_list"
    )


def organization_edit(request, pk):
    require(permissions.can_manage_organizations(request.user))
    organization = _get_or_404(organizations_manageable_by(request.user), pk)
    form = OrganizationForm(request.POST or None, instance=organization, admin=request.user)
    return _save_form(
        request,
        form,
        "accounts/config_form.html",
        {"title": _("修改机构：%(name)s") % {"name": organization.name}},
        "accounts:organization_list",
    )


def region_list(request):
    """Regions and the finance divisions of their bureaus (configuration)."""
    require(permissions.can_manage_organizations(request.user))
    regions = regions_manageable_by(request.user).select_related("parent").order_by("code")
    divisions = (
        Division.objects.filter(bureau__in=organizations_manageable_by(request.user))
        .select_related("bureau")
        .annotate(department_count=Count("departments"))
        .order_by("bureau__code", "name")
    )
    return render_admin(request, "accounts/region_list.html", {"regions": regions, "divisions": divisions})


def region_create(request):
    require(permissions.can_manage_organizations(request.user))
    form = RegionForm(request.POST or None, admin=request.user)
    return _save_form(
        request, form, "accounts/config_form.html", {"title": _("新建行政区划")}, "accounts:region_list"
    )


def region_edit(request, pk):
    require(permissions.can_manage_organizations(request.user))
    region = _get_or_404(regions_manageable_by(request.user), pk)
    form = RegionForm(request.POST or None, instance=region, admin=request.user)
    return _save_form(
        request,
        form,
        "accounts/config_form.html",
        {"title": _("修改行政区划：%(name)s") % {"name": region.name}},
        "accounts:region_list",
    )


def division_create(request):
    require(permissions.can_manage_organizations(request.user))
    form = DivisionForm(request.POST or None, admin=request.user)
    return _save_form(
        request, form, "accounts/config_form.html", {"title": _("新建业务科室")}, "accounts:region_list"
    )


def division_edit(request, pk):
    require(permissions.can_manage_organizations(request.user))
    divisions = Division.objects.filter(bureau__in=organizations_manageable_by(request.user))
    division = _get_or_404(divisions, pk)
    form = DivisionForm(request.POST or None, instance=division, admin=request.user)
    return _save_form(
        request,
        form,
        "accounts/config_form.html",
        {"title": _("修改业务科室：%(name)s") % {"name": division.name}},
        "accounts:region_list",
    )
