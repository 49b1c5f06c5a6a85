"""A baseline cannot be altered by any path: the model, the queryset, the admin, the API, raw SQL.
The one write allowed after creation is the render filling its PDF once."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from releases.frozen import FROZEN_COLUMNS
from releases.models import FrozenBaseline, RidBaseline
from tests.factories import RidBaselineFactory

pytestmark = pytest.mark.django_db

SHA = "a" * 64


@pytest.fixture
def frozen():
    return RidBaselineFactory(
        version=Decimal("1.0"), changes="As approved.", pdf="rid/x.pdf", pdf_sha256=SHA
    )


def as_stored(baseline):
    row = RidBaseline.objects.filter(pk=baseline.pk).values().get()
    return row


def test_the_models_save_refuses_an_existing_baseline(frozen):
    before = as_stored(frozen)
    frozen.changes = "Edited afterwards."
    with pytest.raises(FrozenBaseline):
        frozen.save()
    with pytest.raises(FrozenBaseline):
        frozen.save(update_fields=["changes"])
    assert as_stored(frozen) == before


def test_queryset_update_and_delete_are_refused(frozen):
    before = as_stored(frozen)
    with pytest.raises(FrozenBaseline):
        RidBaseline.objects.filter(pk=frozen.pk).update(changes="Edited.")
    with pytest.raises(FrozenBaseline):
        RidBaseline.objects.filter(pk=frozen.pk).delete()
    with pytest.raises(FrozenBaseline):
        frozen.delete()
    assert as_stored(frozen) == before


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE releases_ridbaseline SET changes = 'Edited in SQL.' WHERE id = %s",
        "UPDATE releases_ridbaseline SET snapshot = '{}' WHERE id = %s",
        "UPDATE releases_ridbaseline SET pdf_sha256 = 'b' WHERE id = %s",
        "UPDATE releases_ridbaseline SET pdf = 'rid/other.pdf' WHERE id = %s",
        "DELETE FROM releases_ridbaseline WHERE id = %s",
    ],
)
def test_raw_sql_is_refused_by_the_database_trigger(frozen, sql):
    before = as_stored(frozen)
    with pytest.raises(IntegrityError, match="A RID baseline is frozen"):  # noqa: SIM117
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [frozen.pk])
    assert as_stored(frozen) == before


def test_the_render_fills_an_empty_pdf_once_and_only_the_pdf():
    baseline = RidBaselineFactory(version=Decimal("2.0"))
    with pytest.raises(IntegrityError, match="A RID baseline is frozen"):  # noqa: SIM117
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "UPDATE releases_ridbaseline SET pdf = 'rid/a.pdf', pdf_sha256 = %s, "
                "changes = 'Sneaked in.' WHERE id = %s",
                [SHA, baseline.pk],
            )

    assert RidBaseline.objects.fill_pdf(baseline.pk, name="rid/a.pdf", sha256=SHA) is True
    assert RidBaseline.objects.fill_pdf(baseline.pk, name="rid/b.pdf", sha256="b" * 64) is False
    stored = as_stored(baseline)
    assert (stored["pdf"], stored["pdf_sha256"], stored["changes"]) == (
        "rid/a.pdf",
        SHA,
        "First draft issued to the Panel.",
    )


def test_the_trigger_guards_every_column_of_the_table():
    columns = {f.column for f in RidBaseline._meta.concrete_fields}
    assert columns - {"pdf", "pdf_sha256"} == set(FROZEN_COLUMNS)


def test_the_admin_shows_a_baseline_and_refuses_a_change_or_a_delete(client, frozen):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(admin)
    before = as_stored(frozen)
    url = f"/admin/releases/ridbaseline/{frozen.pk}/change/"

    assert client.get(url).status_code == 200  # read-only view
    changed = client.post(
        url,
        {
            "release": frozen.release_id,
            "version": "9.0",
            "issued_on": "2021-06-11",
            "changes": "Edited in the admin.",
        },
    )
    deleted = client.post(f"/admin/releases/ridbaseline/{frozen.pk}/delete/", {"post": "yes"})
    added = client.get("/admin/releases/ridbaseline/add/")

    assert (changed.status_code, deleted.status_code, added.status_code) == (403, 403, 403)
    assert as_stored(frozen) == before


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_has_no_way_to_write_a_baseline(client, frozen, user_with_role, method):
    client.force_login(user_with_role("panel", "pat"))
    before = as_stored(frozen)

    response = getattr(client, method)(
        f"/api/v1/releases/{frozen.release.slug}/rid/",
        {"version": "9.0", "changes": "Edited through the API."},
        content_type="application/json",
    )

    assert response.status_code == 405
    assert as_stored(frozen) == before


def test_a_release_with_a_baseline_cannot_be_deleted(frozen):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        frozen.release.delete()
    assert RidBaseline.objects.filter(pk=frozen.pk).exists()


def test_a_new_version_is_how_a_baseline_changes(frozen):
    newer = RidBaselineFactory(
        release=frozen.release, version=Decimal("2.0"), issued_on=datetime.date(2021, 12, 14)
    )
    assert list(frozen.release.rid_baselines.values_list("version", flat=True)) == [
        Decimal("1.0"),
        Decimal("2.0"),
    ]
    assert newer.pk != frozen.pk
