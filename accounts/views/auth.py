"""Login, logout and password change, in Chinese."""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from accounts.passwords import password_expired
from perfapp import audit
from perfapp.models import EventKind

#: One message for a wrong password, an unknown or disabled account and a locked account, so the
#: login page never tells whether an account exists [等保 2.0 三级 身份鉴别].
GENERIC_LOGIN_ERROR = gettext_lazy("用户名或密码错误，或账号已被锁定，请稍后再试。")

#: Why a session ended (SessionSecurityMiddleware puts the code in the login URL).
LOGOUT_REASONS = {
    "idle": gettext_lazy("长时间未操作，会话已超时，请重新登录。"),
    "absolute": gettext_lazy("登录已超过最长时限，请重新登录。"),
    "disabled": gettext_lazy("会话已结束，请重新登录。"),
}


class LoginForm(AuthenticationForm):
    """A login form whose error never tells whether the account exists or is locked."""

    error_messages = {"invalid_login": GENERIC_LOGIN_ERROR, "inactive": GENERIC_LOGIN_ERROR}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("用户名")
        self.fields["password"].label = _("密码")
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"


class LoginView(auth_views.LoginView):
    """Django's LoginView: its form calls authenticate(request, …), which django-axes needs."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["notice"] = LOGOUT_REASONS.get(self.request.GET.get("reason", ""))
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        # The Policy's maximum password age [等保 2.0 三级]: an old password must be changed now.
        if password_expired(user) and not user.must_change_password:
            get_user_model().objects.filter(pk=user.pk).update(must_change_password=True)
            messages.warning(self.request, _("密码已超过有效期，请修改密码。"))
        return response


def lockout_response(request, original_response=None, credentials=None):
    """django-axes: a locked account sees exactly what a wrong password shows.

    The login form has already failed with the generic message (axes made authenticate() return
    nothing), so the page it rendered is the answer.
    """
    if original_response is not None:
        return original_response
    form = LoginForm(request, data=request.POST or None)
    form.is_valid = lambda: False
    form._errors = forms.utils.ErrorDict(
        {forms.forms.NON_FIELD_ERRORS: form.error_class([GENERIC_LOGIN_ERROR])}
    )
    return render(request, "accounts/login.html", {"form": form}, status=200)


class ChinesePasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("确认新密码")
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"


@sensitive_post_parameters()
def password_change(request):
    """Change one's own password; clears the forced change of a first login or an expired password."""
    form = ChinesePasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        get_user_model().objects.filter(pk=user.pk).update(must_change_password=False)
        user.must_change_password = False
        update_session_auth_hash(request, user)
        audit.record(
            EventKind.PASSWORD_CHANGED, user, user, summary=f"{user.username} 修改密码", request=request
        )
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
