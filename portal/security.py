"""Account security for the admin: the first password, the lockout page and the second
factor (TOTP).

A second factor (an authenticator app, django-otp's TOTP devices) is required for every
staff account (ASVS 5.0 L2): it reaches the admin only after entering a code, and one
without a device is first sent to set one up. `PORTAL_OTP_REQUIRED_FOR = "administration"`
limits this to the "Administration" group (superusers outside it, such as a local
`createsuperuser` account, are then not forced); whoever has set up a device must use it
in either case.
"""

import base64
from io import BytesIO
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import views as auth_views
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from contacts.editing_scope import ADMINISTRATION_GROUP, group_names

OTP_EXEMPT_URL_NAMES = {
    "admin:login",
    "admin:logout",
    "admin:jsi18n",
    "otp_verify",
    "otp_setup",
    "password_reset_confirm",
    "password_reset_complete",
    "first_password_set",
    "first_password_done",
}


def has_confirmed_device(user):
    return any(True for _device in devices_for_user(user, confirmed=True))


def second_factor_required(user):
    if not (user.is_authenticated and user.is_staff):
        return False
    if settings.PORTAL_OTP_REQUIRED_FOR == "all":
        return True
    return ADMINISTRATION_GROUP in group_names(user) or has_confirmed_device(user)


class AdminSecondFactorMiddleware:
    """Sends staff who need a second factor to enter (or first set up) their code
    before any admin page. Comes after django_otp's OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        user = getattr(request, "user", None)
        if user is not None and not user.is_verified() and second_factor_required(user):
            if not request.path.startswith(self.admin_prefix):
                # Half signed in is not signed in: no draft previews on public pages.
                request.user = AnonymousUser()
                return self.get_response(request)
            match = _resolve(request.path_info)
            if match is None or match.view_name not in OTP_EXEMPT_URL_NAMES:
                target = "otp_verify" if has_confirmed_device(user) else "otp_setup"
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)


def _resolve(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code aus der Authenticator-App"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, {request.get_host()}, request.is_secure()):
        return url
    return reverse("admin:index")


def _context(request, **extra):
    return {**admin.site.each_context(request), "next": _next_url(request), **extra}


@staff_member_required
def otp_verify(request):
    """Second step of the login: the code from the authenticator app."""
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not has_confirmed_device(request.user):
        return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip())
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("token", _("Der Code ist falsch oder abgelaufen. Bitte erneut versuchen."))
    return TemplateResponse(
        request,
        "admin/otp_verify.html",
        _context(request, form=form, title=_("Zwei-Faktor-Anmeldung")),
    )


def _qr_data_uri(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


@staff_member_required
def otp_setup(request):
    """Set up an authenticator app: scan the code, confirm with the first code it shows."""
    user = request.user
    if has_confirmed_device(user):
        if not user.is_verified():
            return redirect(f"{reverse('otp_verify')}?{urlencode({'next': _next_url(request)})}")
        return TemplateResponse(
            request,
            "admin/otp_setup.html",
            _context(request, title=_("Zwei-Faktor-Anmeldung"), already_set_up=True),
        )
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return redirect(_next_url(request))
        form.add_error("token", _("Der Code ist falsch oder abgelaufen. Bitte erneut versuchen."))
    return TemplateResponse(
        request,
        "admin/otp_setup.html",
        _context(
            request,
            form=form,
            title=_("Zwei-Faktor-Anmeldung einrichten"),
            qr_code=_qr_data_uri(device.config_url),
            secret=base64.b32encode(device.bin_key).decode("ascii"),
            required=second_factor_required(user),
        ),
    )


class FirstPasswordSetView(auth_views.PasswordResetConfirmView):
    """The one-time link `create_editor` prints for a new account: the same token check as a
    password reset, worded as setting the first password."""

    template_name = "registration/first_password_set.html"
    title = _("Erstes Passwort festlegen")
    success_url = reverse_lazy("first_password_done")


class FirstPasswordDoneView(auth_views.PasswordResetCompleteView):
    template_name = "registration/first_password_done.html"
    title = _("Passwort festgelegt")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes: the page shown after too many failed logins (HTTP 429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if hasattr(cooloff, "total_seconds") else None
    return render(
        request,
        "admin/lockout.html",
        {"cooloff_minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
