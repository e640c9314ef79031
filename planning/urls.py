from django.urls import path
from django.views.generic import TemplateView

app_name = "planning"

urlpatterns = [
    path("", TemplateView.as_view(template_name="planning/index.html"), name="index"),
]
