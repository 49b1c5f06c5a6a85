import datetime
import re
from types import SimpleNamespace

from releases.choices import DatePrecision, MilestoneKind, ReleaseStatus
from releases.timeline import build_timeline

D = datetime.date


def _release(pk, name, go_live, status=ReleaseStatus.PLANNING):
    return SimpleNamespace(
        pk=pk,
        slug=name.lower().replace(" ", "-"),
        name=f"{name} SEC Release",
        go_live=go_live,
        status=status,
    )


def _milestone(release, kind, date, precision=DatePrecision.DAY):
    return SimpleNamespace(
        release_id=release.pk, kind=kind, date=date, precision=precision, event=""
    )


def test_each_release_is_a_row_with_its_key_milestones_and_go_live():
    november = _release(1, "November 2021", D(2021, 11, 4), ReleaseStatus.LIVE)
    june = _release(2, "June 2022", D(2022, 6, 30))
    milestones = [
        _milestone(june, MilestoneKind.RID_BASELINE, D(2021, 6, 18)),
        _milestone(june, MilestoneKind.SIT_START, D(2022, 1, 31)),
        _milestone(june, MilestoneKind.UIT_START, D(2022, 5, 19)),
        _milestone(november, MilestoneKind.GO_NO_GO, D(2021, 10, 26)),
    ]

    timeline = build_timeline([november, june], milestones, today=D(2022, 1, 10))

    svg = str(timeline.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert '<title id="timeline-title">Timeline of SEC Releases</title>' in svg
    assert (
        timeline.description
        == "2 releases from Jun 2021 to Jul 2022, 1 of them live. Each row shows a release's RID "
        "baseline, SIT start, UIT start, go/no-go and go-live. Today, 10 Jan 2022, is marked with "
        "a dashed line."
    )
    titles = re.findall(r"<g><title>([^<]+)</title>", svg)
    assert titles == [
        "November 2021: Go/no-go, 26 Oct 2021",
        "November 2021: went live 4 Nov 2021",
        "June 2022: RID baseline, 18 Jun 2021",
        "June 2022: SIT starts, 31 Jan 2022",
        "June 2022: UIT starts, 19 May 2022",
        "June 2022: planned go-live 30 Jun 2022",
    ]
    assert "Today, 10 Jan 2022" in svg
    assert [row.release.name for row in timeline.rows] == [
        "November 2021 SEC Release",
        "June 2022 SEC Release",
    ]
    assert [m.date for m in timeline.rows[1].milestones(MilestoneKind.SIT_START)] == [
        D(2022, 1, 31)
    ]


def test_today_long_after_the_last_date_is_said_not_squashed_in():
    june = _release(1, "June 2021", D(2021, 6, 24), ReleaseStatus.LIVE)

    timeline = build_timeline([june], [], today=D(2026, 11, 22))

    assert (timeline.start, timeline.end) == (D(2021, 6, 1), D(2021, 7, 1))
    assert "Today, 22 Nov 2026, is after the last date shown." in timeline.description
    assert "Today (22 Nov 2026) is later" in str(timeline.svg)


def test_today_a_few_months_on_stretches_the_axis_to_show_it():
    june = _release(1, "June 2022", D(2022, 6, 30))

    timeline = build_timeline([june], [], today=D(2022, 9, 15))

    assert timeline.end == D(2022, 10, 1)
    assert "is marked with a dashed line" in timeline.description


def test_names_are_escaped_inside_the_svg():
    odd = _release(1, "<script>alert(1)</script> & co", D(2022, 6, 30))

    svg = str(build_timeline([odd], [], today=D(2022, 1, 1)).svg)

    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_no_release_no_chart():
    assert build_timeline([], [], today=D(2022, 1, 1)).rows == []
