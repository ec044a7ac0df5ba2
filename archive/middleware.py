"""The archive's own middleware and request helpers: one module for what wraps every request.

- ContentSecurityPolicyMiddleware: Django 5.2 has no setting for the Content-Security-Policy
  header, so one small middleware sends ``settings.CONTENT_SECURITY_POLICY``.
- RejectNulBytesInAdminMiddleware: PostgreSQL cannot compare text with a NUL byte, so an admin
  list filter such as ``?source=V%00NA`` would fail inside the database. Form fields already refuse
  NUL (Django's CharField); the public search strips it with a note; this covers the admin's
  filters, which no form validates.
- client_ip_address: the address a request came from, as django-axes keys lockouts on it.
"""

from collections.abc import Callable
from ipaddress import ip_address

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class ContentSecurityPolicyMiddleware:
    """Adds ``settings.CONTENT_SECURITY_POLICY`` to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Django's debug error pages style themselves inline; in production our own pages
        # (templates/404.html, 500.html) replace them and need no exception.
        if settings.DEBUG and response.status_code >= 400:
            return response
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        return response


class RejectNulBytesInAdminMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")) and any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("The address contains a NUL byte, which no filter can match.")
        return self.get_response(request)


def client_ip_address(request: HttpRequest) -> str:
    """The client's address, also behind the reverse proxy that `make serve` expects.

    X-Forwarded-For names the client only when the request comes from an address listed in
    ``settings.TRUSTED_PROXIES`` (empty by default): then its last entry is the client (the one
    that proxy added; earlier entries are whatever the client claimed). From any other peer, even
    another process on this machine, the header is ignored: it could be rotated to dodge a lockout.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_trusted_proxy(peer):
        last = forwarded.split(",")[-1].strip()
        if _is_address(last):
            return last
    return peer


def _is_trusted_proxy(address: str) -> bool:
    if not _is_address(address):
        return False
    peer = ip_address(address)
    return any(
        _is_address(proxy) and ip_address(proxy) == peer for proxy in settings.TRUSTED_PROXIES
    )


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
