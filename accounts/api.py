"""API (DRF) of accounts under /api/v1/, registered on perfapp.api_router.router.

- regions/, organizations/: business roles read what they see (visible_to); the system and
  security admins read their region's; only the system admin writes (configuration).
- users/, role-assignments/: admin roles only. The system admin manages accounts, the security
  admin grants and revokes roles [三员分立]; the same functions as the pages
  (accounts/administration.py), so the same rules and audit events.
- me/: who am I (roles, organization); me/token/: create (or replace) my API token.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts import administration
from accounts.models import BUSINESS_ROLES, Division, Organization, Region, Role, RoleAssignment, User
from accounts.scoping import (
    organizations_manageable_by,
    regions_manageable_by,
    scope_of,
    users_manageable_by,
)
from perfapp import audit
from perfapp.api_router import router
from perfapp.models import EventKind

ACCOUNT_ADMINS = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})


def _is_account_admin(user) -> bool:
    return bool(scope_of(user).roles & ACCOUNT_ADMINS)


def _refused(e: administration.Refused):
    if e.code == "permission":
        return exceptions.PermissionDenied(e.message)
    return exceptions.ValidationError({"detail": [e.message]})


class ManagedQuerysetMixin:
    """Restrict a serializer's related-object choices to what the requesting admin manages, so a
    client can never point at another region's organization or region."""

    related_querysets: dict = {}

    def get_fields(self):
        fields = super().get_fields()
        user = self.context["request"].user
        for name, make in self.related_querysets.items():
            if name in fields and not fields[name].read_only:
                fields[name].queryset = make(user)
        return fields


# -- Regions and organizations -----------------------------------------------------------------


class RegionSerializer(ManagedQuerysetMixin, serializers.ModelSerializer):
    related_querysets = {"parent": regions_manageable_by}

    class Meta:
        model = Region
        fields = ["id", "code", "name", "level", "parent"]


class OrganizationSerializer(ManagedQuerysetMixin, serializers.ModelSerializer):
    related_querysets = {
        "parent": organizations_manageable_by,
        "region": regions_manageable_by,
        "division": lambda user: Division.objects.filter(bureau__in=organizations_manageable_by(user)),
    }
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "kind", "kind_label", "code", "name", "parent", "region", "division", "is_active"]


class ConfigurationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Read: business roles (scoped) and the account admins; write: the system admin only."""

    allowed_roles = BUSINESS_ROLES | ACCOUNT_ADMINS
    write_roles = {Role.SYSTEM_ADMIN}
    model = None
    search_fields = ["code", "name"]
    ordering = ["code"]

    def get_queryset(self):
        user = self.request.user
        if _is_account_admin(user):
            return self.managed(user)
        return self.model.objects.visible_to(user)

    def _save(self, instance):
        try:
            if isinstance(instance, Organization):
                return administration.save_organization(self.request.user, instance, request=self.request)
            return administration.save_configuration(self.request.user, instance, request=self.request)
        except administration.Refused as e:
            raise _refused(e) from None

    def perform_create(self, serializer):
        serializer.instance = self._save(self.model(**serializer.validated_data))

    def perform_update(self, serializer):
        instance = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        serializer.instance = self._save(instance)


class RegionViewSet(ConfigurationViewSet):
    serializer_class = RegionSerializer
    model = Region
    filterset_fields = ["level", "parent"]

    @staticmethod
    def managed(user):
        return regions_manageable_by(user)


class OrganizationViewSet(ConfigurationViewSet):
    serializer_class = OrganizationSerializer
    model = Organization
    filterset_fields = ["kind", "parent", "region", "division", "is_active"]

    @staticmethod
    def managed(user):
        return organizations_manageable_by(user)


# -- Users and role assignments (admin roles only) ---------------------------------------------


class RoleAssignmentSerializer(ManagedQuerysetMixin, serializers.ModelSerializer):
    related_querysets = {
        "user": users_manageable_by,
        "organization": organizations_manageable_by,
        "division": lambda user: Division.objects.filter(bureau__in=organizations_manageable_by(user)),
    }
    role_label = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "role_label", "organization", "division", "granted_by", "granted_at"]
        read_only_fields = ["granted_by", "granted_at"]
        # Uniqueness is one of the grant rules (accounts.permissions.check_role_grant).
        validators = []


class UserSerializer(ManagedQuerysetMixin, serializers.ModelSerializer):
    related_querysets = {"organization": organizations_manageable_by}
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "phone",
            "email",
            "organization",
            "is_active",
            "must_change_password",
            "password_changed_at",
            "last_login",
            "roles",
        ]
        read_only_fields = ["must_change_password", "password_changed_at", "last_login"]
        extra_kwargs = {"organization": {"required": True, "allow_null": False}}

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None:
            fields["username"].read_only = True
        return fields

    def get_roles(self, user) -> list[dict]:
        return [
            {"id": a.pk, "role": a.role, "label": a.get_role_display(), "organization": a.organization_id}
            for a in user.role_assignments.all()
        ]


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Accounts: read by the system and security admins, written by the system admin.

    Creating returns `initial_password` once; the account must change it at first login.
    Disabling is `is_active: false`; accounts are never deleted (the audit trail names them).
    """

    serializer_class = UserSerializer
    allowed_roles = ACCOUNT_ADMINS
    write_roles = {Role.SYSTEM_ADMIN}
    filterset_fields = ["organization", "is_active", "role_assignments__role"]
    search_fields = ["username", "full_name", "phone", "email"]
    ordering = ["username"]

    def get_queryset(self):
        return (
            users_manageable_by(self.request.user)
            .select_related("organization")
            .prefetch_related(Prefetch("role_assignments", queryset=RoleAssignment.objects.order_by("role")))
            .distinct()
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("is_active", None)
        try:
            user, password = administration.create_user(request.user, request=request, **data)
        except administration.Refused as e:
            raise _refused(e) from None
        body = self.get_serializer(user).data
        body["initial_password"] = password
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        user = serializer.instance
        data = dict(serializer.validated_data)
        active = data.pop("is_active", None)
        try:
            if data:
                administration.update_user(self.request.user, user, request=self.request, **data)
            if active is not None:
                administration.set_active(self.request.user, user, active, request=self.request)
        except administration.Refused as e:
            raise _refused(e) from None


class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Role grants: read by the system and security admins, granted and revoked by the security
    admin only, never to themselves [三员分立]."""

    serializer_class = RoleAssignmentSerializer
    allowed_roles = ACCOUNT_ADMINS
    write_roles = {Role.SECURITY_ADMIN}
    filterset_fields = ["user", "role", "organization"]
    ordering = ["user_id", "role"]

    def get_queryset(self):
        return RoleAssignment.objects.filter(user__in=users_manageable_by(self.request.user)).select_related(
            "organization"
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = administration.grant_role(
                self.request.user,
                data["user"],
                data["role"],
                data["organization"],
                data.get("division"),
                request=self.request,
            )
        except administration.Refused as e:
            raise _refused(e) from None

    def perform_destroy(self, instance):
        try:
            administration.revoke_role(self.request.user, instance, request=self.request)
        except administration.Refused as e:
            raise _refused(e) from None


# -- Me ----------------------------------------------------------------------------------------


class MeSerializer(serializers.ModelSerializer):
    organization = serializers.SerializerMethodField()
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "email",
            "phone",
            "organization",
            "roles",
            "must_change_password",
        ]
        read_only_fields = fields

    def get_organization(self, user) -> dict | None:
        org = user.organization
        if org is None:
            return None
        return {
            "id": org.pk,
            "code": org.code,
            "name": org.name,
            "kind": org.kind,
            "kind_label": org.get_kind_display(),
        }

    def get_roles(self, user) -> list[dict]:
        return [
            {
                "role": a.role,
                "label": a.get_role_display(),
                "organization": a.organization_id,
                "organization_name": a.organization.name,
                "division": a.division_id,
            }
            for a in user.role_assignments.select_related("organization").order_by("role")
        ]


class MeViewSet(viewsets.ViewSet):
    """The signed-in user: who they are, their roles and organization; and their API token.

    Read-only: nobody sets their own organization, roles or anything else here.
    """

    allowed_roles = frozenset(Role)
    write_roles = frozenset(Role)

    @extend_schema(responses=MeSerializer)
    def list(self, request):
        return Response(MeSerializer(request.user).data)

    @extend_schema(request=None, responses=inline_serializer("ApiToken", {"token": serializers.CharField()}))
    @action(detail=False, methods=["post"])
    def token(self, request):
        """Create the caller's API token, replacing any earlier one (shown in this answer only)."""
        Token.objects.filter(user=request.user).delete()
        token = Token.objects.create(user=request.user)
        audit.record(
            EventKind.ACCOUNT_CHANGED,
            request.user,
            request.user,
            summary=f"{request.user.username} 生成 API 令牌",
            data={"action": "api_token"},
            request=request,
        )
        return Response({"token": token.key}, status=status.HTTP_201_CREATED)


router.register("regions", RegionViewSet, basename="region")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("users", UserViewSet, basename="user")
router.register("role-assignments", RoleAssignmentViewSet, basename="roleassignment")
router.register("me", MeViewSet, basename="me")
