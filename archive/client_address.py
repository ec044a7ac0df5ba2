"""The address a request came from, as django-axes keys lockouts on it."""

from ipaddress import ip_address

from django.http import HttpRequest


def client_ip_address(request: HttpRequest) -> str:
    """The client's address, also behind the reverse proxy that `make serve` expects.

    gunicorn listens on 127.0.0.1, so every request reaches it from this machine; when it comes
    from a loopback address, the proxy's X-Forwarded-For names the real client in its last entry
    (the one the proxy added; earlier entries are whatever the client claimed). A request from any
    other peer is taken at its word: its header could be forged to dodge a lockout.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and _is_loopback(peer):
        last = forwarded.split(",")[-1].strip()
        if _is_address(last):
            return last
    return peer


def _is_loopback(address: str) -> bool:
    return _is_address(address) and ip_address(address).is_loopback


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True
