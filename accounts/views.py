"""Login, logout and password change, in Chinese."""

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from perfapp import audit
from perfapp.models import EventKind

GENERIC_LOGIN_ERROR = gettext_lazy("用户名或密码错误，或账号已被锁定，请稍后再试。")


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
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        from accounts.passwords import password_expired

        user = form.get_user()
        if password_expired(user) and not user.must_change_password:
            type(user).objects.filter(pk=user.pk).update(must_change_password=True)
            messages.warning(self.request, _("密码已超过有效期，请修改密码。"))
        return response


def lockout_response(request, credentials, *args, **kwargs):
    """django-axes: a locked account sees the same generic message as a wrong password."""
    form = LoginForm(request, data=request.POST or None)
    form.is_valid = lambda: False
    form._errors = forms.utils.ErrorDict(
        {forms.forms.NON_FIELD_ERRORS: form.error_class([GENERIC_LOGIN_ERROR])}
    )
    return render(request, "accounts/login.html", {"form": form}, status=200)


class ChineseSetPasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("原密码")
        self.fields["new_password1"].label = _("新密码")
        self.fields["new_password2"].label = _("确认新密码")
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-control"


def password_change(request):
    form = ChineseSetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        type(user).objects.filter(pk=user.pk).update(must_change_password=False)
        update_session_auth_hash(request, user)
        audit.record(
            EventKind.PASSWORD_CHANGED, user, user, summary=f"{user.username} 修改密码", request=request
        )
        messages.success(request, _("密码已修改。"))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})
