from rest_framework import pagination
from rest_framework.exceptions import ValidationError


class PageNumberPagination(pagination.PageNumberPagination):
    """50 a page by default, `?page_size=` from 1 to 100 (a longer page costs more than it saves).

    Both parameters are checked: a value that is not a whole number in range is a 400 naming it,
    not silently replaced by the default.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100

    def _whole_number(self, request, name: str, maximum: int | None = None) -> int | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        rule = f"a whole number from 1 to {maximum}" if maximum else "a whole number from 1"
        if len(values) > 1 or not values[0].isascii() or not values[0].isdigit():
            raise ValidationError({name: [f"{name} is {rule}, given once."]}, code="invalid")
        value = int(values[0])
        if value < 1 or (maximum and value > maximum):
            raise ValidationError({name: [f"{name} is {rule}."]}, code="out_of_range")
        return value

    def get_page_size(self, request):
        return self._whole_number(request, "page_size", self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator):
        return self._whole_number(request, "page") or 1

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == "page_size":
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters
