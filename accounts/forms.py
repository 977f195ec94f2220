"""Forms of the 三员 pages: accounts, role grants, organizations, regions and divisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from accounts.models import Division, Organization, Region, Role, User
from accounts.scoping import organizations_manageable_by, regions_manageable_by


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render `{{ field }}` as is."""

    def _style(self):
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class UserFilterForm(BootstrapMixin, forms.Form):
    ACTIVE_CHOICES = [("", _("全部")), ("1", _("启用")), ("0", _("停用"))]

    q = forms.CharField(label=_("关键字"), required=False)
    organization = forms.ModelChoiceField(
        label=_("所属机构"), queryset=Organization.objects.none(), required=False, empty_label=_("全部机构")
    )
    role = forms.ChoiceField(label=_("角色"), required=False)
    active = forms.ChoiceField(label=_("状态"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_manageable_by(admin).order_by("code")
        self.fields["role"].choices = [("", _("全部角色")), ("none", _("未授权")), *Role.choices]
        self.fields["q"].widget.attrs["placeholder"] = _("用户名、姓名、电话")
        self._style()


class UserCreateForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "organization", "phone", "email"]

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_manageable_by(admin).order_by("code")
        self.fields["organization"].required = True
        self.fields["username"].help_text = _("登录用的账号名，创建后不能修改。")
        self._style()


class UserEditForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "organization", "phone", "email"]

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations_manageable_by(admin).order_by("code")
        self.fields["organization"].required = True
        self._style()


class RoleGrantForm(BootstrapMixin, forms.Form):
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    organization = forms.ModelChoiceField(label=_("机构"), queryset=Organization.objects.none())
    division = forms.ModelChoiceField(
        label=_("业务科室"),
        queryset=Division.objects.none(),
        required=False,
        help_text=_("仅财政业务科室审核人需要指定，决定其归口管理的主管部门。"),
    )

    def __init__(self, *args, admin, target, **kwargs):
        super().__init__(*args, **kwargs)
        self.target = target
        organizations = organizations_manageable_by(admin)
        self.fields["organization"].queryset = organizations.order_by("code")
        self.fields["division"].queryset = Division.objects.filter(bureau__in=organizations).select_related(
            "bureau"
        )
        if target.organization_id and not self.is_bound:
            self.initial.setdefault("organization", target.organization_id)
        self._style()

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        allowed, reason = permissions.check_role_grant(
            self.target, data["role"], data["organization"], data.get("division")
        )
        if not allowed:
            raise forms.ValidationError(reason)
        return data


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["kind", "code", "name", "parent", "region", "division", "is_active"]

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = organizations_manageable_by(admin)
        parents = organizations.exclude(kind=Organization.Kind.UNIT)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("code")
        self.fields["region"].queryset = regions_manageable_by(admin)
        self.fields["division"].queryset = Division.objects.filter(bureau__in=organizations).select_related(
            "bureau"
        )
        self._style()


class RegionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["code", "name", "level", "parent"]

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        parents = regions_manageable_by(admin)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        # A new region hangs below one the admin manages, so it stays inside their region.
        self.fields["parent"].required = self.instance.pk is None or self.instance.parent_id is not None
        self._style()


class DivisionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Division
        fields = ["bureau", "name"]

    def __init__(self, *args, admin, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bureau"].queryset = organizations_manageable_by(admin).filter(
            kind=Organization.Kind.FINANCE_BUREAU
        )
        self._style()
