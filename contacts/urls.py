from django.urls import path
from django.utils.translation import gettext_lazy as _

from contacts import views
from contacts.models import Organisation, Person
from contacts.slugs import redirect_old_slugs

app_name = "contacts"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path(_("export.csv"), views.DirectoryExportView.as_view(), name="export_csv"),
    path(
        _("organisationen/<slug:slug>/"),
        redirect_old_slugs(Organisation)(views.OrganisationDetailView.as_view()),
        name="organisation_detail",
    ),
    path(
        _("organisationen/<slug:slug>/vcard/"),
        redirect_old_slugs(Organisation)(views.OrganisationVCardView.as_view()),
        name="organisation_vcard",
    ),
    path(
        _("personen/<slug:slug>/"),
        redirect_old_slugs(Person)(views.PersonDetailView.as_view()),
        name="person_detail",
    ),
    path(
        _("personen/<slug:slug>/vcard/"),
        redirect_old_slugs(Person)(views.PersonVCardView.as_view()),
        name="person_vcard",
    ),
]
