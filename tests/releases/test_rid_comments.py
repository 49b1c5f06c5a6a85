"""Review of a draft RID: Panel, CSC and SECAS members comment on a section (or a row) of the
draft, SECAS answers and resolves, and baselining records the review (and any override)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.errors import ApplicationError
from releases.models import Decision, RidBaseline, RidComment
from releases.rid.baselines import rid_baseline_create
from releases.rid.content import rid_snapshot
from releases.rid.review import draft_sections, rid_comment_add, rid_comment_resolve
from tests.factories import TadFactory
from tests.releases.rid_helpers import BASELINE_INPUT, release_to_baseline

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def release():
    return release_to_baseline()


@pytest.fixture
def people(user_with_role):
    return {
        "panel": user_with_role("panel", "pat"),
        "csc": user_with_role("csc", "cy"),
        "secas": user_with_role("secas", "sam"),
        "tag": user_with_role("tag", "tam"),
    }


def comment(release, actor, section="3", row="UIT commences", text="Too little time for UIT."):
    return rid_comment_add(release=release, section=section, row=row, text=text, actor=actor)


def written():
    return (
        RidComment.objects.count(),
        RidComment.history.count(),
        RidBaseline.objects.count(),
        Decision.objects.count(),
    )


# -- the sections and rows of a draft ---------------------------------------------------------


def test_the_sections_are_those_the_draft_renders_with_the_rows_of_their_tables(release):
    sections = draft_sections(rid_snapshot(release))

    assert list(sections) == ["1", "2", "3", "4", "5", "6", "appendix-1", "appendix-2"]
    assert list(sections["1"]) == ["MP104", "MP159"]
    assert list(sections["3"]) == ["UIT commences"]
    assert sections["4"] == {}


def test_annex_a_is_a_section_once_the_draft_has_an_approved_tad(release):
    TadFactory(release=release, status="APPROVED")

    assert "annex-a" in draft_sections(rid_snapshot(release))


# -- commenting -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["panel", "csc", "secas"])
def test_panel_csc_and_secas_members_comment_on_a_section_or_a_row(release, people, role):
    made = comment(release, people[role])
    whole = comment(release, people[role], section="1", row="", text="Is MP159 ready?")

    assert (made.section, made.row, made.author, made.is_resolved) == (
        "3",
        "UIT commences",
        people[role],
        False,
    )
    assert (whole.section, whole.row) == ("1", "")
    assert made.history.get().history_user == people[role]


@pytest.mark.parametrize(
    ("section", "row", "field", "words"),
    [
        ("7", "", "section", "no section ‘7’"),
        ("annex-a", "", "section", "no section Annex A"),  # no approved TAD yet
        ("", "", "section", "Name the section"),
        ("3", "Go-live", "row", "3. Implementation timeline of this draft has no row ‘Go-live’"),
        ("1", "MP999", "row", "no row ‘MP999’"),
        ("4", "SIT", "row", "it has no table"),
    ],
)
def test_a_comment_on_a_section_or_row_the_draft_lacks_is_refused(
    release, people, section, row, field, words
):
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        comment(release, people["panel"], section=section, row=row)

    assert refusal.value.field == field
    assert words in refusal.value.message
    assert written() == before


def test_an_empty_comment_is_refused(release, people):
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        comment(release, people["panel"], text="   ")

    assert refusal.value.field == "text"
    assert written() == before


def test_a_reader_without_the_right_may_not_comment(release, people, client):
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        comment(release, people["tag"])
    client.force_login(people["tag"])
    response = client.post(
        f"/releases/{release.slug}/rid/comments/",
        {"section": "3", "row": "", "text": "A TAG view."},
    )

    assert refusal.value.status == 403
    assert response.status_code == 403
    assert written() == before


# -- answering and resolving ------------------------------------------------------------------


def test_secas_answers_and_resolves_a_comment(release, people):
    raised = comment(release, people["panel"])

    resolved = rid_comment_resolve(
        comment=raised, answer="UIT is now four weeks.", actor=people["secas"]
    )

    resolved.refresh_from_db()
    assert (resolved.answer, resolved.resolved_by, resolved.is_resolved) == (
        "UIT is now four weeks.",
        people["secas"],
        True,
    )
    assert resolved.history.count() == 2


@pytest.mark.parametrize("role", ["panel", "csc", "tag"])
def test_resolving_someone_elses_comment_without_the_right_is_refused(
    release, people, client, role
):
    raised = comment(release, people["csc" if role == "panel" else "panel"])
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        rid_comment_resolve(comment=raised, answer="Done.", actor=people[role])
    client.force_login(people[role])
    response = client.post(
        f"/releases/{release.slug}/rid/comments/{raised.pk}/resolve/", {"answer": "Done."}
    )

    assert refusal.value.status == 403
    assert "Only SECAS" in refusal.value.message
    assert response.status_code == 403
    assert "Only SECAS answers" in response.content.decode()
    raised.refresh_from_db()
    assert (raised.answer, raised.resolved_at) == ("", None)
    assert written() == before


def test_a_commenter_may_not_resolve_their_own_comment_unless_secas(release, people):
    from django.contrib.auth.models import Permission

    pat = people["panel"]
    pat.user_permissions.add(Permission.objects.get(codename="resolve_ridcomment"))
    pat = type(pat).objects.get(pk=pat.pk)  # permissions read afresh
    own = comment(release, pat)
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        rid_comment_resolve(comment=own, answer="Fine by me.", actor=pat)

    assert (refusal.value.status, refusal.value.field) == (403, "answer")
    assert "your own comment" in refusal.value.message
    assert written() == before
    secas_own = comment(release, people["secas"], text="Check the UIT dates.")
    assert rid_comment_resolve(comment=secas_own, answer="Checked.", actor=people["secas"])


def test_an_empty_answer_or_a_second_resolution_is_refused(release, people):
    raised = comment(release, people["panel"])
    with pytest.raises(ApplicationError) as empty:
        rid_comment_resolve(comment=raised, answer=" ", actor=people["secas"])
    rid_comment_resolve(comment=raised, answer="Done.", actor=people["secas"])
    before = written()

    with pytest.raises(ApplicationError) as again:
        rid_comment_resolve(comment=raised, answer="Done again.", actor=people["secas"])

    assert empty.value.field == "answer"
    assert again.value.status == 409
    assert written() == before


# -- baselining closes the review -------------------------------------------------------------


def baseline(release, actor, **changes):
    """Baseline through the service (its render is queued on a commit the test never makes)."""
    return rid_baseline_create(release=release, actor=actor, **{**BASELINE_INPUT, **changes})


def test_a_rid_with_an_open_comment_cannot_be_baselined_without_a_recorded_override(
    release, people
):
    comment(release, people["panel"])
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        baseline(release, people["panel"])

    assert refusal.value.field == "override_reason"
    assert "1 review comment is unresolved" in refusal.value.message
    assert written() == before
    assert RidComment.objects.get().baseline is None


def test_with_an_override_the_baseline_records_who_why_and_the_counts(release, people):
    open_one = comment(release, people["panel"])
    answered = comment(release, people["csc"], section="1", row="MP159", text="Document only?")
    rid_comment_resolve(comment=answered, answer="Yes: no DCC impact.", actor=people["secas"])

    made = baseline(
        release, people["panel"], override_reason="The UIT dates are for the TAD to settle."
    )

    made = RidBaseline.objects.select_related("override_by").get(pk=made.pk)
    assert (made.comments_raised, made.comments_resolved, made.comments_unresolved) == (2, 1, 1)
    assert (made.override_by, made.override_reason) == (
        people["panel"],
        "The UIT dates are for the TAD to settle.",
    )
    assert made.snapshot["version_control"][-1]["review"] == {
        "raised": 2,
        "resolved": 1,
        "override_reason": "The UIT dates are for the TAD to settle.",
        "override_by": "pat",
    }
    # The comments belong to v0.1's review; the next draft's review starts empty.
    assert set(made.comments.all()) == {open_one, answered}
    assert not RidComment.objects.filter(baseline__isnull=True).exists()
    later = comment(release, people["panel"], text="Still short.")
    assert later.baseline is None
    # The draft's Appendix 1 shows the review of v0.1 as its baseline recorded it.
    assert rid_snapshot(release)["version_control"][0]["review"]["raised"] == 2


def test_a_comment_of_a_closed_review_can_no_longer_be_resolved(release, people):
    raised = comment(release, people["panel"])
    baseline(release, people["panel"], override_reason="Agreed at the meeting.")
    before = written()

    with pytest.raises(ApplicationError) as refusal:
        rid_comment_resolve(comment=raised, answer="Late.", actor=people["secas"])

    assert refusal.value.status == 409
    assert "RID v0.1" in refusal.value.message
    assert written() == before


def test_a_fully_resolved_review_needs_no_override_and_records_none(release, people):
    raised = comment(release, people["panel"])
    rid_comment_resolve(comment=raised, answer="Moved UIT.", actor=people["secas"])

    made = baseline(release, people["panel"], override_reason="Not needed.")

    assert (made.comments_raised, made.comments_resolved) == (1, 1)
    assert (made.override_reason, made.override_by) == ("", None)


def test_a_baseline_without_comments_records_none(release, people):
    made = baseline(release, people["panel"])

    assert (made.comments_raised, made.comments_resolved, made.override_reason) == (0, 0, "")
    assert "review" not in made.snapshot["version_control"][-1]


# -- the pages --------------------------------------------------------------------------------


def draft(client, release, user=None):
    if user is not None:
        client.force_login(user)
    return client.get(f"/releases/{release.slug}/rid/")


def section_html(page: str, anchor: str) -> str:
    return re.search(rf'<section id="{anchor}".*?</section>', page, re.S).group(0)


def test_comments_show_beside_their_section_with_the_counts_at_the_top(release, people, client):
    comment(release, people["panel"], text="Too little time for UIT.")
    resolved = comment(release, people["csc"], section="1", row="MP104", text="Firm costs?")
    rid_comment_resolve(comment=resolved, answer="In the IA.", actor=people["secas"])

    page = draft(client, release, people["tag"]).content.decode()

    assert "Too little time for UIT." in section_html(page, "timeline")
    assert "Firm costs?" in section_html(page, "scope")
    assert "In the IA." in section_html(page, "scope")
    counts = re.search(r'<p id="rid-review-counts".*?</p>', page, re.S).group(0)
    assert "2 comments" in counts and "1 open" in counts and "1 resolved" in counts
    assert "Add the comment" not in page  # the TAG reads; it does not comment
    assert "Answer and resolve" not in page


def test_anonymous_readers_see_the_draft_without_comments(release, people, client):
    comment(release, people["panel"], text="Too little time for UIT.")

    response = draft(client, release)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Implementation timeline" in page
    assert "Too little time for UIT." not in page
    assert "rid-review-counts" not in page
    assert "rid-review" not in page


def test_a_panel_member_comments_in_place_with_htmx(release, people, client):
    client.force_login(people["panel"])

    response = client.post(
        f"/releases/{release.slug}/rid/comments/",
        {"section": "3", "row": "UIT commences", "text": "Two weeks is too short."},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#review-timeline"
    assert body.lstrip().startswith('<aside id="review-timeline"')
    assert "Two weeks is too short." in body
    assert 'id="rid-review-counts" class="mb-2" hx-swap-oob="true"' in body
    assert "1 open" in body
    assert RidComment.objects.get().author == people["panel"]


def test_a_refused_comment_is_shown_again_with_its_field_named(release, people, client):
    client.force_login(people["panel"])
    before = written()

    htmx = client.post(
        f"/releases/{release.slug}/rid/comments/",
        {"section": "3", "row": "Go-live", "text": "Where is go-live?"},
        HTTP_HX_REQUEST="true",
    )
    page = client.post(
        f"/releases/{release.slug}/rid/comments/",
        {"section": "9", "row": "", "text": "Section 9?"},
    )

    assert htmx.status_code == 422
    assert 'id="comment-3_row_error"' in htmx.content.decode()
    assert "has no row ‘Go-live’" in htmx.content.decode()
    assert page.status_code == 422
    assert "The draft RID has no section ‘9’" in page.content.decode()
    assert written() == before


def test_secas_resolves_in_place(release, people, client):
    raised = comment(release, people["panel"])
    client.force_login(people["secas"])

    response = client.post(
        f"/releases/{release.slug}/rid/comments/{raised.pk}/resolve/",
        {"answer": "UIT extended to four weeks."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#review-timeline"
    assert "UIT extended to four weeks." in response.content.decode()
    assert "0 open" in response.content.decode()
    raised.refresh_from_db()
    assert raised.resolved_by == people["secas"]


def test_the_baseline_form_refuses_an_open_review_then_records_the_override(
    release, people, client
):
    comment(release, people["csc"])
    client.force_login(people["panel"])
    data = {**BASELINE_INPUT, "published_on": "2021-06-18", "meeting_date": "2021-06-18"}
    before = written()

    refused = client.post(f"/releases/{release.slug}/rid/baseline/", data)

    assert refused.status_code == 422
    assert 'id="baseline_override_reason_error"' in refused.content.decode()
    assert written() == before

    done = client.post(
        f"/releases/{release.slug}/rid/baseline/",
        {**data, "override_reason": "The Panel accepts the UIT risk."},
    )

    assert done.status_code == 302
    page = client.get(done["Location"]).content.decode()
    assert re.sub(r"\s+", " ", re.search(r'<dd id="baseline-review">.*?</dd>', page, re.S)[0]) == (
        '<dd id="baseline-review">1 comment raised, 0 resolved, <strong>1 unresolved</strong></dd>'
    )
    assert "pat: The Panel accepts the UIT risk." in page
    assert (
        "Too little time for UIT."
        in re.search(r'<section id="baseline-comments".*?</section>', page, re.S)[0]
    )
    assert RidBaseline.objects.get().version == Decimal("0.1")
    client.logout()
    public = client.get(done["Location"]).content.decode()
    assert "Too little time for UIT." not in public
    assert "baseline-comments" not in public
    assert "1 comment raised, 0 resolved" in public  # the counts are part of the record


def test_the_draft_page_reads_comments_in_a_constant_number_of_queries(release, people, client):
    client.force_login(people["secas"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert draft(client, release).status_code == 200
        return len(captured)

    comment(release, people["panel"])
    one = queries()
    for n, (section, row) in enumerate([("1", "MP104"), ("2", ""), ("5", ""), ("3", "")] * 3):
        made = comment(release, people["csc"], section=section, row=row, text=f"Comment {n}")
        if n % 2:
            rid_comment_resolve(comment=made, answer="Answered.", actor=people["secas"])

    assert queries() == one
