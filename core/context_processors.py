from core.roles import user_roles


def roles(request):
    """`roles` in every template: the set of role names the signed-in user holds."""
    return {"roles": user_roles(request.user)}
