# The API's clients: `client_for("dcc")` sends a token of a new user holding the role.
from tests.api.conftest import client_for, token_for  # noqa: F401
