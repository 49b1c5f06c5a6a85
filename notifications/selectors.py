"""Reads for reminders: the dated items due on a few dates, who is told of them, the inbox.

`dated_items` asks each source once for the items whose date is in the given set (plus, for the
report, the items that cannot be reminded of), so a sweep costs the same few queries whether the
database holds fifty dated items or fifty thousand.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.roles import Role
from core.workdays import add_working_days
from modifications.choices import OPEN_PHASES, Phase
from modifications.models import REFERRAL_PERIOD_WORKING_DAYS, Assessment, Modification
from notifications.choices import BODY_ROLES, Delivery, ItemKind
from notifications.models import DeliveryPreference, Follow, Notification, ReminderSchedule
from releases.choices import DatePrecision, Inclusion, MilestoneKind, ReleaseStatus
from releases.models import Milestone, Release, RidBaseline, ScopeItem

# D10.17: any Party may appeal a RID baseline within 10 Working Days of the decision's publication.
APPEAL_WINDOW_WORKING_DAYS = 10
TAD_KINDS = frozenset({MilestoneKind.TAD_DRAFT_DUE, MilestoneKind.TAD_UPDATE_DUE})
# How far before a closing date its opening date can be (10 Working Days, with Christmas between).
_LONGEST_WINDOW = datetime.timedelta(days=31)


@dataclass(frozen=True)
class DatedItem:
    """Something with a date someone must be reminded of, whatever table it comes from."""

    kind: str
    object_id: int
    due_on: datetime.date | None
    title: str  # short, for a subject line: "MP149 decision cut-off (November 2021 SEC Release)"
    detail: str  # a sentence saying what the date is
    url: str
    roles: frozenset[str] = frozenset()
    release_id: int | None = None
    modification_id: int | None = None
    # Done by then (approved, completed): no reminder as of that day or later.
    done_on: datetime.date | None = None
    # Not begun before then (a decision published, a withdrawal): no reminder as of an earlier day.
    starts_on: datetime.date | None = None
    before_advice: str = ""
    overdue_advice: str = ""
    # Why it cannot be reminded of (no date, a broken rule): skipped and reported.
    problem: str = ""


@dataclass
class Recipients:
    """Who is told of what: the users of each role, the followers of each release/modification."""

    by_role: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_release: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_modification: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def for_item(self, item: DatedItem) -> dict[int, str]:
        """{user id: why they are told}, the first reason winning."""
        found: dict[int, str] = {}
        for role in sorted(item.roles):
            for user_id in sorted(self.by_role.get(role, ())):
                found.setdefault(user_id, f"you are in the {Role(role).label} group")
        for user_id in sorted(self.by_release.get(item.release_id, ())):
            found.setdefault(user_id, "you follow this release")
        for user_id in sorted(self.by_modification.get(item.modification_id, ())):
            found.setdefault(user_id, "you follow this modification")
        return found


def _day(d: datetime.date) -> str:
    return f"{d.day} {d:%B %Y}"


def _release_url(slug: str) -> str:
    return reverse("releases:detail", args=[slug])


def _modification_url(reference: str) -> str:
    return reverse("modifications:detail", args=[reference])


def _release_ahead(as_of: datetime.date) -> Q:
    """Items of a release not cancelled whose go-live is still ahead as of that day."""
    return ~Q(release__status=ReleaseStatus.CANCELLED) & Q(release_go_live__gte=as_of)


def _milestone_item(m: Milestone, kind: str) -> DatedItem:
    release = m.release
    problem = ""
    if m.date is None:
        problem = "no date (TBC)"
    elif m.rule_is_broken:
        problem = "its date rule counts from a milestone that has been deleted"
    elif m.precision == DatePrecision.MONTH:
        problem = f"only the month is known ({m.display_date})"
    what = "TAD" if kind == ItemKind.TAD_DUE else "milestone"
    body = m.get_responsible_display()
    return DatedItem(
        kind=kind,
        object_id=m.pk,
        due_on=m.date,
        title=f"{m.event} ({release.name})",
        detail=f"The {release.name} {what} ‘{m.event}’ ({body}) is on {{due}}.",
        url=_release_url(release.slug),
        roles=frozenset({Role.DCC} if kind == ItemKind.TAD_DUE else {BODY_ROLES[m.responsible]}),
        release_id=release.pk,
        overdue_advice="If it has happened, nothing to do; if it has slipped, update the "
        "release timeline so the dates that count from it move too.",
        problem=problem,
    )


def _cutoff_item(item: ScopeItem) -> DatedItem:
    mod, release = item.modification, item.release
    part = f" ({item.part})" if item.part else ""
    return DatedItem(
        kind=ItemKind.DECISION_CUTOFF,
        object_id=item.pk,
        due_on=item.decision_cutoff,
        title=f"{mod.reference} decision cut-off ({release.name})",
        detail=f"{mod.reference} ‘{mod.title}’{part} is targeted for the {release.name}: it is "
        "included only if approved by the decision cut-off on {due}.",
        url=_release_url(release.slug),
        roles=frozenset({Role.SECAS}),
        release_id=release.pk,
        modification_id=mod.pk,
        done_on=mod.approved_on,
        before_advice="Check where the decision stands.",
        overdue_advice="It was not approved by the cut-off: take it out of scope or re-baseline "
        "the RID.",
        problem="" if item.decision_cutoff else "targeted with no decision cut-off date",
    )


def _assessment_item(a: Assessment) -> DatedItem:
    mod = a.modification
    return DatedItem(
        kind=ItemKind.ASSESSMENT,
        object_id=a.pk,
        due_on=a.expected_completion_on,
        title=f"{a.get_kind_display()} of {mod.reference}",
        detail=f"The DCC expects to complete its {a.get_kind_display()} of {mod.reference} "
        f"‘{mod.title}’ by {{due}}.",
        url=_modification_url(mod.reference),
        # The DCC carries it out; SECAS reports it to the Panel and chases it.
        roles=frozenset({Role.DCC, Role.SECAS}),
        modification_id=mod.pk,
        done_on=a.completed_on,
        overdue_advice="Record its completion, or the new date the DCC expects.",
        problem="" if a.expected_completion_on else "no expected completion date",
    )


def _appeal_item(b: RidBaseline, due: datetime.date | None) -> DatedItem:
    release, decision = b.release, b.decision
    published = decision.published_on if decision else None
    body_role = BODY_ROLES[decision.body] if decision else Role.PANEL
    return DatedItem(
        kind=ItemKind.APPEAL_WINDOW,
        object_id=b.pk,
        due_on=due,
        title=f"Appeal window for the {release.name} RID v{b.version}",
        detail=f"Any Party may appeal the baseline of the {release.name} RID v{b.version} "
        f"until {{due}}, 10 Working Days after the decision was published"
        + (f" ({_day(published)})." if published else "."),
        url=_release_url(release.slug),
        roles=frozenset({body_role, Role.SECAS}),
        release_id=release.pk,
        starts_on=published,
        overdue_advice="The appeal window has closed: the baseline stands unless an appeal "
        "was lodged in time.",
        problem=""
        if published
        else "the baselining decision's publication date is not recorded, so the appeal "
        "window is unknown",
    )


def _referral_item(m: Modification, due: datetime.date) -> DatedItem:
    return DatedItem(
        kind=ItemKind.REFERRAL_PERIOD,
        object_id=m.pk,
        due_on=due,
        title=f"Referral period for withdrawn {m.reference}",
        detail=f"{m.reference} ‘{m.title}’ was withdrawn on {_day(m.withdrawn_on)}: a Party may "
        "adopt it until the referral period closes on {due}.",
        url=_modification_url(m.reference),
        roles=frozenset({Role.SECAS}),
        modification_id=m.pk,
        starts_on=m.withdrawn_on,
        overdue_advice="The referral period has closed: if no Party adopted it, the withdrawal "
        "stands.",
    )


def _span(dates: Iterable[datetime.date]) -> tuple[datetime.date, datetime.date] | None:
    dates = list(dates)
    return (min(dates), max(dates)) if dates else None


def dated_items(
    *,
    dates_by_kind: dict[str, set[datetime.date]],
    as_of: datetime.date,
    report_undated: bool = True,
) -> list[DatedItem]:
    """The items of each kind whose due date is in that kind's set of dates, in five queries.

    With `report_undated`, also the items that cannot be reminded of (no date, a broken rule,
    only a month), for releases not cancelled and still ahead as of `as_of`; they carry their
    `problem`. Status is read as of today only where history does not record a date (a
    cancelled release is not reminded of); everything else is filtered by dates, so a sweep as
    of a past day sees what it would have seen then.
    """
    items: list[DatedItem] = []
    dates = {kind: set(dates_by_kind.get(kind, ())) for kind in ItemKind.values}

    # 1. Milestones and TAD due dates: one query.
    wanted = Q(date__in=dates[ItemKind.MILESTONE]) & ~Q(kind__in=TAD_KINDS)
    wanted |= Q(date__in=dates[ItemKind.TAD_DUE], kind__in=TAD_KINDS)
    if report_undated:
        broken = Q(date__isnull=True) | Q(offset_working_days__isnull=False, anchor__isnull=True)
        wanted |= broken & _release_ahead(as_of)
    milestones = (
        Milestone.objects.annotate(
            release_go_live=Coalesce("release__actual_go_live", "release__planned_go_live")
        )
        .filter(wanted)
        .exclude(release__status=ReleaseStatus.CANCELLED)
        .select_related("release")
        .order_by("date", "release__planned_go_live", "position", "id")
    )
    for m in milestones:
        kind = ItemKind.TAD_DUE if m.kind in TAD_KINDS else ItemKind.MILESTONE
        items.append(_milestone_item(m, kind))

    # 2. Decision cut-offs of targeted scope items: one query.
    wanted = Q(decision_cutoff__in=dates[ItemKind.DECISION_CUTOFF])
    if report_undated:
        wanted |= Q(decision_cutoff__isnull=True) & _release_ahead(as_of)
    scope_items = (
        ScopeItem.objects.annotate(
            release_go_live=Coalesce("release__actual_go_live", "release__planned_go_live")
        )
        .filter(wanted, inclusion=Inclusion.TARGETED)
        .exclude(release__status=ReleaseStatus.CANCELLED)
        .select_related("release", "modification")
        .order_by("decision_cutoff", "release__planned_go_live", "position", "id")
    )
    items.extend(_cutoff_item(s) for s in scope_items)

    # 3. DCC assessments: one query.
    wanted = Q(expected_completion_on__in=dates[ItemKind.ASSESSMENT])
    if report_undated:
        wanted |= Q(
            expected_completion_on__isnull=True,
            completed_on__isnull=True,
            requested_on__lte=as_of,
            modification__phase__in=OPEN_PHASES,
        )
    assessments = (
        Assessment.objects.filter(wanted)
        .select_related("modification")
        .order_by("expected_completion_on", "modification__reference", "id")
    )
    items.extend(_assessment_item(a) for a in assessments)

    # 4. RID appeal windows: 10 Working Days after the baselining decision's publication. The
    # closing date is derived, so ask for the publication dates that can lead to a wanted date
    # and keep those that do.
    appeal_dates = dates[ItemKind.APPEAL_WINDOW]
    span = _span(appeal_dates)
    wanted = Q(pk__in=[])
    if span:
        wanted |= Q(decision__published_on__range=(span[0] - _LONGEST_WINDOW, span[1]))
    if report_undated:
        wanted |= (Q(decision__isnull=True) | Q(decision__published_on__isnull=True)) & (
            _release_ahead(as_of)
        )
    baselines = (
        RidBaseline.objects.annotate(
            release_go_live=Coalesce("release__actual_go_live", "release__planned_go_live")
        )
        .filter(wanted)
        .exclude(release__status=ReleaseStatus.CANCELLED)
        .select_related("release", "decision")
        .order_by("decision__published_on", "release__planned_go_live", "version")
    )
    for b in baselines:
        published = b.decision.published_on if b.decision else None
        if published is None:
            items.append(_appeal_item(b, None))
            continue
        closes = add_working_days(published, APPEAL_WINDOW_WORKING_DAYS)
        if closes in appeal_dates:
            items.append(_appeal_item(b, closes))

    # 5. Referral periods of withdrawn proposals: 10 Working Days after the withdrawal.
    referral_dates = dates[ItemKind.REFERRAL_PERIOD]
    span = _span(referral_dates)
    if span:
        withdrawn = Modification.objects.filter(
            phase=Phase.WITHDRAWN, withdrawn_on__range=(span[0] - _LONGEST_WINDOW, span[1])
        ).order_by("withdrawn_on", "reference")
        for m in withdrawn:
            closes = add_working_days(m.withdrawn_on, REFERRAL_PERIOD_WORKING_DAYS)
            if closes in referral_dates:
                items.append(_referral_item(m, closes))
    return items


def recipients_for(items: list[DatedItem]) -> Recipients:
    """The active users of every role the items name, and the followers of their releases and
    modifications: two queries."""
    recipients = Recipients()
    roles = set().union(*(item.roles for item in items)) if items else set()
    if roles:
        rows = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=roles)
            .values_list("id", "groups__name")
        )
        for user_id, role in rows:
            recipients.by_role[role].add(user_id)
    release_ids = {i.release_id for i in items if i.release_id}
    modification_ids = {i.modification_id for i in items if i.modification_id}
    if release_ids or modification_ids:
        follows = Follow.objects.filter(
            Q(release_id__in=release_ids) | Q(modification_id__in=modification_ids),
            user__is_active=True,
        ).values_list("user_id", "release_id", "modification_id")
        for user_id, release_id, modification_id in follows:
            if release_id:
                recipients.by_release[release_id].add(user_id)
            else:
                recipients.by_modification[modification_id].add(user_id)
    return recipients


def schedules_by_kind() -> dict[str, ReminderSchedule]:
    """Every kind's schedule; a kind without a row (deleted in the admin) gets the defaults."""
    found = {s.kind: s for s in ReminderSchedule.objects.all()}
    return {kind: found.get(kind) or ReminderSchedule(kind=kind) for kind in ItemKind.values}


def inbox_for(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """A user's notifications, newest first (paginate: it only grows)."""
    notifications = Notification.objects.filter(recipient=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def delivery_for(user) -> str:
    """The user's delivery choice (the default, e-mail, when they never chose)."""
    pref = DeliveryPreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    return pref or Delivery.EMAIL


def follows_for(user) -> QuerySet[Follow]:
    return (
        Follow.objects.filter(user=user)
        .select_related("release", "modification")
        .order_by(F("release__planned_go_live").asc(nulls_last=True), "modification__reference")
    )


def is_following(user, target) -> bool:
    """Whether `user` follows the release or modification: `target.followed` when the page
    read it with the target for this user (`release_for_page`, `modification_page`), else
    one query."""
    if not user.is_authenticated:
        return False
    followed = getattr(target, "followed", None)
    if followed is not None:
        return followed
    if isinstance(target, Release):
        return Follow.objects.filter(user=user, release=target).exists()
    return Follow.objects.filter(user=user, modification=target).exists()


def missed_cutoffs(
    release: Release, *, today: datetime.date, items: Iterable[ScopeItem] | None = None
) -> list[ScopeItem]:
    """The release's targeted items whose cut-off has passed without an approval by then.

    Only while the release is neither live nor cancelled: SECAS must take each out of scope or
    re-baseline. An approval with no recorded date counts as in time (the phase says approved).
    `items`, when given, are the release's scope items with their modifications, already read
    (the release page's rows): they are filtered here, with no query.
    """
    if release.status in (ReleaseStatus.LIVE, ReleaseStatus.CANCELLED):
        return []
    if items is None:
        items = release.scope_items.filter(
            inclusion=Inclusion.TARGETED, decision_cutoff__lt=today
        ).select_related("modification")

    def missed(item) -> bool:
        cutoff = item.decision_cutoff
        if item.inclusion != Inclusion.TARGETED or cutoff is None or cutoff >= today:
            return False
        approved_on = item.modification.approved_on
        if approved_on is None:
            return item.modification.phase not in (Phase.APPROVED, Phase.IMPLEMENTED)
        return approved_on > cutoff

    return sorted(
        (item for item in items if missed(item)),
        key=lambda item: (item.decision_cutoff, item.position, item.pk),
    )
