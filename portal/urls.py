from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("suche/", views.search, name="search"),
    path("healthz", views.health, name="health"),
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
    path("admin/", admin.site.urls),
]

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
