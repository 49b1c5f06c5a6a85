"""Refuse, as "no such page", a web address no page can have: one with a NUL character.

Path converters pass `%00` through to the views, and PostgreSQL refuses a NUL in a query
parameter with an error (a 500 on every page that looks a slug or a reference up). No slug,
reference or number contains one, so the request ends here with the usual 404 (JSON under /api/).
"""

from django.http import Http404


class RejectNulInPathMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("A web address cannot contain a NUL character (%00).")
        return self.get_response(request)
