"""Factories for the notifications app's models (the domain's are in tests/factories.py)."""

import datetime

import factory

from notifications import models
from notifications.choices import Delivery, ItemKind
from tests.factories import ReleaseFactory, UserFactory


class FollowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Follow

    user = factory.SubFactory(UserFactory)
    release = factory.SubFactory(ReleaseFactory)


class DeliveryPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.DeliveryPreference

    user = factory.SubFactory(UserFactory)
    delivery = Delivery.IN_APP


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reminder

    kind = ItemKind.MILESTONE
    object_id = factory.Sequence(lambda n: n + 1)
    due_on = datetime.date(2022, 5, 19)
    lead = 10
    recipient = factory.SubFactory(UserFactory)
    remind_on = datetime.date(2022, 5, 5)
    subject = "In 10 Working Days: UIT commences (June 2022 SEC Release), 19 May 2022"
    body = "The June 2022 SEC Release milestone ‘UIT commences’ (DCC) is on Thursday 19 May 2022."
    url = "/releases/june-2022/"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Notification

    recipient = factory.SubFactory(UserFactory)
    subject = "In 10 Working Days: UIT commences (June 2022 SEC Release), 19 May 2022"
    body = "The June 2022 SEC Release milestone ‘UIT commences’ (DCC) is on Thursday 19 May 2022."
    url = "/releases/june-2022/"
