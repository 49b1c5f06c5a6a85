"""OpenAPI pieces shared by every endpoint: the error body, the responses, the headers."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import serializers

from api.idempotency import HEADER, MAX_KEY_LENGTH


class ErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="The input that broke a rule (dotted when nested), or null."
    )
    code = serializers.CharField(help_text="The rule, as a code: required, max_value, rule, ...")
    message = serializers.CharField(help_text="The rule, in words.")


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="The first error, in one line.")
    errors = ErrorItemSerializer(many=True)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_REQUEST = _error("An input broke a rule: each error names the field and the rule.")
UNAUTHORISED = _error("The token is missing, unknown, expired or revoked.")
FORBIDDEN = _error("The user's role may not do this.")
NOT_FOUND = _error("No such release, modification, version or page.")
CONFLICT = _error("The release's go/no-go has been decided (or it is closed): nothing may change.")
TOO_LARGE = _error("The body is larger than the limit.")
UNSUPPORTED = _error("The body is not in a media type the endpoint accepts.")
NOT_ACCEPTABLE = _error("The Accept header asks for a format the API does not offer.")
KEY_REUSED = _error("The Idempotency-Key was already used for a different request.")

READ_ERRORS = {400: BAD_REQUEST, 401: UNAUTHORISED, 404: NOT_FOUND, 406: NOT_ACCEPTABLE}
PROTECTED_READ_ERRORS = {**READ_ERRORS, 403: FORBIDDEN}
WRITE_ERRORS = {
    **PROTECTED_READ_ERRORS,
    409: CONFLICT,
    413: TOO_LARGE,
    415: UNSUPPORTED,
    422: KEY_REUSED,
}

IDEMPOTENCY_KEY = OpenApiParameter(
    HEADER,
    {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": r"^[\x20-\x7e]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (a UUID). A repeat of the same request with the same key returns the "
        "first response (with `Idempotent-Replayed: true`) instead of writing again; the same "
        "key with a different request is refused with 422."
    ),
)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>`; a key is issued with `manage.py create_api_token USERNAME`.",
        }
