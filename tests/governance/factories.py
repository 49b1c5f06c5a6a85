"""Factories of the governance app. A PolicyVersionFactory is published unless told otherwise:
the rules read published versions only."""

import datetime

import factory
from django.utils import timezone

from governance import models
from governance.choices import ExceptionCovers
from tests.factories import ReleaseFactory

D = datetime.date


class PolicyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PolicyVersion

    number = factory.Sequence(lambda n: n + 1)
    notice_period_working_days = 10
    allocation_rule = (
        "Approved modifications join the next scheduled release whose cut-off has not passed."
    )
    cost_review = "SECAS reports the forecast and actual costs to the Panel after each go-live."
    go_live_decision = "The CSC decides go/no-go on the readiness paper; the Panel may call it in."
    consultation_opened_on = D(2020, 11, 2)
    consultation_closed_on = D(2020, 11, 30)
    effective_from = D(2021, 1, 4)
    decision_reference = "SECP_88_1512_20"
    published_at = factory.LazyFunction(timezone.now)


class FreezeWindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FreezeWindow

    policy = factory.SubFactory(PolicyVersionFactory)
    starts_on = D(2021, 12, 20)
    ends_on = D(2022, 1, 4)
    reason = "Christmas and New Year"


class PanelExceptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PanelException

    release = factory.SubFactory(ReleaseFactory)
    covers = ExceptionCovers.SCOPE_CHANGE
    reason = "MP180 must be in the November 2021 release to meet the BEIS direction."
    decision_reference = "SECP_96_1510_21"
