"""Refuse NUL bytes in the admin's query strings.

PostgreSQL cannot compare text with a NUL byte, so an admin list filter such as ``?source=V%00NA``
would fail inside the database. Form fields already refuse NUL (Django's CharField); the public
search strips it with a note; this covers the admin's filters, which no form validates.
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


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
