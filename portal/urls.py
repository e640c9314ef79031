from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from portal import dashboard, security, views
from portal.sitemaps import sitemaps

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("healthz", views.health, name="health"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    path("kontakte/", include("contacts.urls")),
    path("koordination/", include("coordination.urls")),
    path("planung/", include("planning.urls")),
    path("impressum/", TemplateView.as_view(template_name="portal/impressum.html"), name="imprint"),
    path(
        "datenschutz/",
        TemplateView.as_view(template_name="portal/datenschutz.html"),
        name="privacy",
    ),
    path(
        "barrierefreiheit/",
        TemplateView.as_view(template_name="portal/barrierefreiheit.html"),
        name="accessibility",
    ),
    # Staff pages beside the admin (dashboard, second factor, one-time password links).
    path("admin/redaktion/", dashboard.dashboard, name="staff_dashboard"),
    path("admin/zwei-faktor/", security.otp_verify, name="otp_verify"),
    path("admin/zwei-faktor/einrichten/", security.otp_setup, name="otp_setup"),
    path(
        "admin/passwort/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "admin/passwort/erstes/fertig/",
        security.FirstPasswordDoneView.as_view(),
        name="first_password_done",
    ),
    path(
        "admin/passwort/erstes/<uidb64>/<token>/",
        security.FirstPasswordSetView.as_view(),
        name="first_password_set",
    ),
    path(
        "admin/passwort/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
