from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.utils import translation

from core.caching import cached_page, page_key, store_page


def visitor_request(path="/kontakte/?kanton=BL", **cookies):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.COOKIES.update(cookies)
    return request


def test_key_holds_the_fingerprint_so_changed_data_misses():
    request = visitor_request()
    before = page_key(request, "page", lambda: "a")
    assert before.startswith("page:de:a:")
    assert page_key(request, "page", lambda: "b") != before
    assert page_key(visitor_request("/kontakte/?kanton=ZH"), "page", lambda: "a") != before


def test_key_holds_the_language():
    with translation.override("fr"):
        french = page_key(visitor_request(), "page", lambda: "a")
    assert french.startswith("page:fr:a:")
    assert french != page_key(visitor_request(), "page", lambda: "a")


def test_visitors_with_a_session_get_no_key_and_no_fingerprint_query():
    def fingerprint():
        raise AssertionError("not asked for a page that is rendered afresh anyway")

    assert page_key(visitor_request(sessionid="x"), "page", fingerprint) is None
    assert page_key(visitor_request(messages="x"), "page", fingerprint) is None
    post = RequestFactory().post("/kontakte/")
    post.user = AnonymousUser()
    assert page_key(post, "page", fingerprint) is None


def test_only_complete_pages_are_stored():
    class Response:
        def __init__(self, status_code):
            self.status_code, self.content = status_code, b"<html>"

    store_page("core-test:ok", Response(200))
    store_page("core-test:missing", Response(404))
    store_page(None, Response(200))
    assert cached_page("core-test:ok") == b"<html>"
    assert cached_page("core-test:missing") is None
    assert cached_page(None) is None
