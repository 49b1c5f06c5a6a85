from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """50 a page by default, `?page_size=` up to 100 (a longer page costs more than it saves)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
