"""The June 2022 SEC Release as its RID v0.1 (`000`, Appendix A, 11 June 2021) describes it.

The reference data holds the release as it ended (live on 30 June 2022, MP117 withdrawn, three
document-only modifications added in 2022). This puts the loaded data back to 11 June 2021 so the
generated RID can be checked against the real v0.1, section by section.
"""

from releases.choices import Inclusion, ReleaseStatus
from releases.models import Release

TARGETED_IN_V01 = ("SECMP0024", "MP104", "MP117")
ADDED_AFTER_V01 = ("MP159", "MP195", "MP199")


def june_2022_as_in_v01() -> Release:
    """Rewind the loaded June 2022 release to its scope of 11 June 2021 (use inside a test's
    transaction: it writes without history)."""
    release = Release.objects.get(slug="june-2022")
    Release.objects.filter(pk=release.pk).update(status=ReleaseStatus.PLANNING, actual_go_live=None)
    items = release.scope_items.all()
    items.update(implemented_on=None)
    items.filter(modification__reference__in=TARGETED_IN_V01).update(
        inclusion=Inclusion.TARGETED, reason=""
    )
    items.filter(modification__reference__in=ADDED_AFTER_V01).update(
        inclusion=Inclusion.REMOVED, reason="Not yet allocated to the release on 11 June 2021."
    )
    release.refresh_from_db()
    return release
