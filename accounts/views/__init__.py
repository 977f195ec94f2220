"""Pages of the accounts app: login and password (auth), accounts and roles (users),
configuration (organizations) and the security policy (security)."""

from accounts.views.auth import (
    GENERIC_LOGIN_ERROR,
    LoginForm,
    LoginView,
    lockout_response,
    password_change,
)

__all__ = ["GENERIC_LOGIN_ERROR", "LoginForm", "LoginView", "lockout_response", "password_change"]
