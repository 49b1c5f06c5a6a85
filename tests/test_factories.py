"""Every model has a factory that builds a row its own rules accept."""

import pytest
from django.apps import apps

from tests import factories
from tests.governance import factories as governance_factories

pytestmark = pytest.mark.django_db

DOMAIN_APPS = (
    "modifications",
    "releases",
    "acceptance",
    "publication",
    "costs",
    "governance",
    "audit",
)


def _factories_by_model():
    found = {}
    for value in [*vars(factories).values(), *vars(governance_factories).values()]:
        meta = getattr(value, "_meta", None)
        model = getattr(meta, "model", None)
        if isinstance(value, type) and model is not None:
            found.setdefault(model, value)
    return found


def _domain_models():
    return [
        model
        for label in DOMAIN_APPS
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    ]


def test_every_domain_model_has_a_factory():
    missing = [m.__name__ for m in _domain_models() if m not in _factories_by_model()]

    assert missing == []


@pytest.mark.parametrize("model", _domain_models(), ids=lambda m: m.__name__)
def test_each_factory_builds_a_valid_row(model):
    instance = _factories_by_model()[model]()

    instance.full_clean()
    assert model.objects.filter(pk=instance.pk).exists()
