"""The "add a newsroom member" page of the user admin, and the set-password page
its link leads to (portal/members.py does the writing).

One screen for an administrator: name, login name, email, role, and either an
initial password or a link by which the member sets their own. The roles offered
are those the administrator may grant (``roles.grantable``); the account is staff
because it holds a role. Saving a user in the ordinary user form also makes a role
holder staff (``StaffUserAdmin.save_related``).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth import views as auth_views
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from . import members, roles
from .admin_site import guard_query
from .site_admin import editing_site

PASSWORD = "password"
LINK = "link"


class MemberForm(forms.Form):
    full_name = forms.CharField(
        label=_("full name"),
        max_length=150,
        help_text=_("As it is said, family name first: Nguyễn Thị Thu Hà."),
    )
    username = forms.CharField(
        label=_("login name"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and @ . + - _ only, for example thuha."),
    )
    email = forms.EmailField(label=_("email"), required=False)
    role = forms.ChoiceField(label=_("role"), widget=forms.RadioSelect)
    password_mode = forms.ChoiceField(
        label=_("password"),
        widget=forms.RadioSelect,
        choices=[
            (PASSWORD, _("I type an initial password and hand it over")),
            (LINK, _("Email the member a link to set their own password")),
        ],
        initial=PASSWORD,
    )
    password1 = forms.CharField(
        label=_("initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("initial password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = roles.grantable(actor)
        self.fields["role"].choices = [
            (name, name) for name in roles.ROLES if name in allowed
        ]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This login name is taken."))
        return username

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("password_mode")
        if mode == LINK and not cleaned.get("email"):
            self.add_error("email", _("The link is sent to this address: fill it in."))
        if mode == PASSWORD:
            first, second = cleaned.get("password1"), cleaned.get("password2")
            if not first:
                self.add_error("password1", _("Type the initial password."))
            elif first != second:
                self.add_error("password2", _("The two passwords differ."))
            else:
                probe = get_user_model()(
                    username=cleaned.get("username", ""),
                    first_name=cleaned.get("full_name", ""),
                    email=cleaned.get("email", ""),
                )
                try:
                    password_validation.validate_password(first, probe)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return cleaned


class AddMemberMixin:
    """For the user admin: the page at ``them-thanh-vien/`` and the public
    set-password pages at ``dat-mat-khau/``."""

    add_member_template = "admin/auth/user/add_member.html"

    def get_urls(self):
        info = (self.opts.app_label, self.opts.model_name)
        return [
            path(
                "them-thanh-vien/",
                self.admin_site.admin_view(self.add_member_view),
                name="{}_{}_add_member".format(*info),
            ),
            # Opened by the new member, who is not logged in yet.
            path(
                "dat-mat-khau/xong/",
                guard_query(auth_views.PasswordResetCompleteView.as_view()),
                name="{}_{}_set_password_done".format(*info),
            ),
            path(
                "dat-mat-khau/<uidb64>/<token>/",
                guard_query(
                    auth_views.PasswordResetConfirmView.as_view(
                        success_url=reverse_lazy(
                            "admin:{}_{}_set_password_done".format(*info)
                        ),
                    )
                ),
                name="{}_{}_set_password".format(*info),
            ),
            *super().get_urls(),
        ]

    def add_member_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MemberForm(request.POST or None, actor=request.user)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            link = data["password_mode"] == LINK
            user = members.member_add(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                role=data["role"],
                password=None if link else data["password1"],
                site=editing_site(request),
            )
            if link:
                uid, token = members.member_password_link(user=user)
                url = request.build_absolute_uri(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_set_password",
                        args=[uid, token],
                    )
                )
                send_mail(
                    _g("Your account on the site's administration"),
                    _g(
                        "Hello %(name)s,\n\nAn account with the login name "
                        "%(username)s was made for you. Set your password here "
                        "(the link works once):\n%(url)s\n"
                    )
                    % {
                        "name": user.get_full_name(),
                        "username": user.username,
                        "url": url,
                    },
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
                self.message_user(
                    request,
                    _g(
                        "%(name)s was added as %(role)s; the link to set a password "
                        "was sent to %(email)s."
                    )
                    % {
                        "name": user.get_full_name(),
                        "role": data["role"],
                        "email": user.email,
                    },
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _g("%(name)s was added as %(role)s and can log in now.")
                    % {"name": user.get_full_name(), "role": data["role"]},
                    messages.SUCCESS,
                )
            return redirect(
                reverse(
                    f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"
                )
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Add a newsroom member"),
            "form": form,
            "no_role": not form.fields["role"].choices,
        }
        return TemplateResponse(request, self.add_member_template, context)
