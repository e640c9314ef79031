from django.urls import path

from contacts import views

app_name = "contacts"

urlpatterns = [
    path("", views.DirectoryView.as_view(), name="directory"),
    path("export.csv", views.DirectoryExportView.as_view(), name="export_csv"),
    path(
        "organisationen/<slug:slug>/",
        views.OrganisationDetailView.as_view(),
        name="organisation_detail",
    ),
    path(
        "organisationen/<slug:slug>/vcard/",
        views.OrganisationVCardView.as_view(),
        name="organisation_vcard",
    ),
    path("personen/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("personen/<slug:slug>/vcard/", views.PersonVCardView.as_view(), name="person_vcard"),
]
