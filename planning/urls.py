from django.urls import path

from planning import views

app_name = "planning"

urlpatterns = [
    path("", views.PlanListView.as_view(), name="index"),
    path("<slug:slug>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("<slug:slug>/felder/<int:number>/", views.FieldDetailView.as_view(), name="field_detail"),
    path("<slug:slug>/bestellen/", views.PrintOrderView.as_view(), name="print_order"),
    path(
        "<slug:slug>/bestellen/danke/",
        views.PrintOrderDoneView.as_view(),
        name="print_order_done",
    ),
]
