from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse


def home(request):
    return render(request, "portal/home.html")


def search(request):
    # For now the portal searches the contact directory.
    query = request.GET.get("q", "").strip()
    target = reverse("contacts:directory")
    return redirect(f"{target}?q={query}" if query else target)


def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


def rate_limited(request, exception):
    return render(request, "429.html", status=429)
