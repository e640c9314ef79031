from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

import coordination.urls
from contacts.models import Topic
from contacts.slugs import redirect_old_slugs
from coordination.models import CoordinationOffice
from planning import views as planning_views
from portal import dashboard, languages, security, views
from portal.sitemaps import sitemaps

# Coordination's pages, with the two that show other apps too, built by views that may
# know them: the office page with its plans (planning), the topic page (portal).
coordination_pages = [
    path(
        _("stellen/<slug:slug>/"),
        redirect_old_slugs(CoordinationOffice)(planning_views.OfficeDetailView.as_view()),
        name="office_detail",
    ),
    path(
        _("themen/<slug:slug>/"),
        redirect_old_slugs(Topic)(views.TopicDetailView.as_view()),
        name="topic_detail",
    ),
    *coordination.urls.urlpatterns,
]

# Pages a visitor reads: German without a prefix (its URLs stay as they were), French,
# Italian and English under /fr/, /it/ and /en/ with translated path segments.
public_pages = [
    path("", views.home, name="home"),
    path(_("suche/"), views.search, name="search"),
    path(_("suche/vorschlaege/"), views.search_completions, name="search_completions"),
    path(_("kontakte/"), include("contacts.urls")),
    path(_("koordination/"), include((coordination_pages, coordination.urls.app_name))),
    path(_("planung/"), include("planning.urls")),
    path(_("kantone/"), views.canton_comparison, name="canton_comparison"),
    path(_("kantone/kantone.csv"), views.canton_comparison_csv, name="canton_comparison_csv"),
    path(_("kantone/<str:code>/"), views.canton_profile, name="canton_profile"),
    path(_("aenderung-melden/<str:kind>/<int:pk>/"), views.report_change, name="report_change"),
    path(_("aenderung-melden/danke/"), views.report_change_done, name="report_change_done"),
    path(_("kantone/<str:code>/profil.pdf"), views.canton_profile_pdf, name="canton_profile_pdf"),
    path(
        _("kantone/<str:code>/kontakte.pdf"), views.canton_contacts_pdf, name="canton_contacts_pdf"
    ),
    path(
        _("impressum/"),
        TemplateView.as_view(template_name="portal/impressum.html"),
        name="imprint",
    ),
    path(
        _("datenschutz/"),
        TemplateView.as_view(template_name="portal/datenschutz.html"),
        name="privacy",
    ),
    path(
        _("barrierefreiheit/"),
        TemplateView.as_view(template_name="portal/barrierefreiheit.html"),
        name="accessibility",
    ),
]

# Machine and staff addresses stay the same in every language; staff choose the admin's
# language in the admin itself (portal.languages.AdminLanguageMiddleware).
urlpatterns = [
    path("healthz", views.health, name="health"),
    path("livez", views.liveness, name="liveness"),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
    # Staff pages beside the admin (dashboard, second factor, one-time password links).
    path("admin/sprache/", languages.admin_language, name="admin_language"),
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

urlpatterns += i18n_patterns(*public_pages, prefix_default_language=False)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
