from django.conf import settings


def client_ip(request):
    """The visitor's address, for login throttling and rate limits.

    Behind PORTAL_PROXY_COUNT trusted proxies, each of which appends the address it was
    contacted from to X-Forwarded-For, the visitor is that many entries from the right;
    anything further left may be forged by the visitor.
    """
    proxy_count = settings.PORTAL_PROXY_COUNT
    if proxy_count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if len(addresses) >= proxy_count:
            return addresses[-proxy_count]
    return request.META.get("REMOTE_ADDR", "")
