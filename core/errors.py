"""The one exception a service raises when a user asks for something the rules forbid, and the
refusal of a reader who is not signed in."""

from django.core.exceptions import PermissionDenied, ValidationError


class ApplicationError(Exception):
    """A refusal a user can read: `message` says which rule, `field` which input broke it.

    Views show it next to the field (or at the top when `field` is None); the API turns it into
    a 400 (or the `status` given) with `{field: [message]}`.
    """

    def __init__(self, message: str, *, field: str | None = None, status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status

    @classmethod
    def from_validation_error(cls, error: ValidationError) -> "ApplicationError":
        """The first message of a model's `full_clean()` error, keeping the field it names."""
        if hasattr(error, "error_dict"):
            field, errors = next(iter(error.error_dict.items()))
            return cls(errors[0].messages[0], field=None if field == "__all__" else field)
        return cls(error.messages[0])

    def as_dict(self) -> dict[str, list[str]]:
        return {self.field or "non_field_errors": [self.message]}


class SignInRequired(PermissionDenied):
    """A refusal that signing in may lift: pages send the visitor to the sign-in page
    (`core.views.permission_denied`), the API answers 401. Elsewhere it is a plain 403."""
