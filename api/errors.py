"""Every API error as one JSON shape, naming the field and the rule it broke.

    {"detail": "severity: Ensure this value is less than or equal to 5.",
     "errors": [{"field": "severity", "code": "max_value",
                 "message": "Ensure this value is less than or equal to 5."}]}

`field` is null for an error that concerns the request as a whole (a token, a permission, the
release's state); nested fields are joined with dots (`issues.0.severity`).
"""

from django.core.exceptions import PermissionDenied, RequestDataTooBig, TooManyFieldsSent
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from core.errors import ApplicationError, SignInRequired

NON_FIELD_KEYS = {"non_field_errors", "__all__"}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."
    default_code = "too_large"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used for a different request."
    default_code = "idempotency_key_reused"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _flatten(detail, codes, prefix: str | None) -> list[dict]:
    if isinstance(detail, dict):
        out = []
        for key, value in detail.items():
            name = None if key in NON_FIELD_KEYS else (f"{prefix}.{key}" if prefix else str(key))
            if key in NON_FIELD_KEYS:
                name = prefix
            out += _flatten(value, codes.get(key) if isinstance(codes, dict) else codes, name)
        return out
    if isinstance(detail, list):
        out = []
        for index, value in enumerate(detail):
            code = codes[index] if isinstance(codes, list) and index < len(codes) else codes
            if isinstance(value, dict | list):
                name = f"{prefix}.{index}" if prefix else str(index)
                out += _flatten(value, code, name)
            else:
                out += _flatten(value, code, prefix)
        return out
    return [{"field": prefix, "code": str(codes or "invalid"), "message": str(detail)}]


def error_body(errors: list[dict]) -> dict:
    first = errors[0] if errors else {"field": None, "message": "The request was refused."}
    summary = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
    return {"detail": summary, "errors": errors}


def exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        errors = [{"field": exc.field, "code": "rule", "message": exc.message}]
        set_rollback()
        return Response(error_body(errors), status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge("The request body is larger than the server accepts for its fields.")
    elif isinstance(exc, TooManyFieldsSent):
        exc = exceptions.ParseError("The request sends too many fields.")
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, SignInRequired) and not context["request"].user.is_authenticated:
        # What signing in would lift: 401, naming the scheme to sign in with.
        exc = exceptions.NotAuthenticated(str(exc))
        exc.auth_header = context["view"].get_authenticate_header(context["request"])
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail, exc.get_codes(), None)
    else:
        errors = [{"field": None, "code": str(exc.get_codes()), "message": str(exc.detail)}]
    set_rollback()
    return Response(error_body(errors), status=exc.status_code, headers=headers)
