from django.core.paginator import Page, Paginator


def paginate(request, items, per_page: int) -> Page:
    """The page `?page=` asks for (the last one if past the end), with `elided`: the page
    numbers to link, with an ellipsis where a run is left out."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.elided = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page
