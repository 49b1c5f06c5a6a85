from rest_framework.exceptions import NotFound

from releases.models import Release


def release_or_404(slug: str) -> Release:
    release = Release.objects.filter(slug=slug).first()
    if release is None:
        raise NotFound(f"There is no release ‘{slug}’.")
    return release
