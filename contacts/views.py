from django.views.generic import TemplateView


class DirectoryView(TemplateView):
    template_name = "contacts/position_filter.html"
