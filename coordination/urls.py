from django.urls import path
from django.views.generic import TemplateView

app_name = "coordination"

urlpatterns = [
    path("", TemplateView.as_view(template_name="coordination/index.html"), name="index"),
]
