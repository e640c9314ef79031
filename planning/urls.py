from django.urls import path
from django.utils.translation import gettext_lazy as _

from contacts.slugs import redirect_old_slugs
from planning import views
from planning.models import Plan

app_name = "planning"

# A plan's old slug redirects on every page under it (fields, print order).
plan_page = redirect_old_slugs(Plan)

urlpatterns = [
    path("", views.PlanListView.as_view(), name="index"),
    path("<slug:slug>/", plan_page(views.PlanDetailView.as_view()), name="plan_detail"),
    path(
        _("<slug:slug>/felder/<int:number>/"),
        plan_page(views.FieldDetailView.as_view()),
        name="field_detail",
    ),
    path(
        _("<slug:slug>/bestellen/"), plan_page(views.PrintOrderView.as_view()), name="print_order"
    ),
    path(
        _("<slug:slug>/bestellen/danke/"),
        plan_page(views.PrintOrderDoneView.as_view()),
        name="print_order_done",
    ),
]
