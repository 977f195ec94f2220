from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import auth, organizations, security, users

app_name = "accounts"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth.password_change, name="password_change"),
    # 三员: accounts (system admin), roles and locks (security admin).
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", users.user_edit, name="user_edit"),
    path("users/<int:pk>/disable/", users.user_set_active, {"active": False}, name="user_disable"),
    path("users/<int:pk>/enable/", users.user_set_active, {"active": True}, name="user_enable"),
    path("users/<int:pk>/reset-password/", users.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
    path("users/<int:pk>/roles/grant/", users.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke/", users.role_revoke, name="role_revoke"),
    path("security/", security.security_settings, name="security"),
    # Configuration (system admin).
    path("organizations/", organizations.organization_list, name="organization_list"),
    path("organizations/new/", organizations.organization_create, name="organization_create"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization_edit"),
    path("regions/", organizations.region_list, name="region_list"),
    path("regions/new/", organizations.region_create, name="region_create"),
    path("regions/<int:pk>/edit/", organizations.region_edit, name="region_edit"),
    path("divisions/new/", organizations.division_create, name="division_create"),
    path("divisions/<int:pk>/edit/", organizations.division_edit, name="division_edit"),
]
