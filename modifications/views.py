from django.shortcuts import redirect, render

from modifications import selectors


def modification_list(request):
    return render(
        request,
        "modifications/modification_list.html",
        {"modifications": selectors.modification_list()},
    )


def modification_detail(request, reference):
    modification, by_former_reference = selectors.modification_find(reference)
    if by_former_reference or reference != modification.reference:
        return redirect("modifications:detail", reference=modification.reference, permanent=True)
    context = {
        "modification": modification,
        "status_updates": modification.status_updates.all(),
        "scope_items": modification.scope_items.select_related("release"),
    }
    return render(request, "modifications/modification_detail.html", context)
