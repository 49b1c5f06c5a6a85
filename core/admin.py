"""What the admin shares across apps."""


class ReadOnlyAdminMixin:
    """For records only the services write (a frozen baseline, a review comment, an appointment,
    a log): the admin lists and shows them, and adds, changes or deletes none."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
