"""Every model has a Chinese admin page; audit and derived data are read-only there."""

import pytest
from django.contrib import admin
from django.urls import reverse


@pytest.fixture
def some_data(plan, indicator):
    """A row, a target, a value with history and a status: enough for every changelist to render."""
    from decimal import Decimal

    from indicators.models import PlanIndicator, Target
    from indicators.services import indicator_value_record

    row = PlanIndicator.objects.create(
        plan=plan, indicator=indicator, order=0, name="指标", line=1, cells={"2020": "1", "2025": "≥2"}
    )
    Target.objects.create(
        plan_indicator=row, year=2025, raw="≥2", kind="absolute", comparator=">=", value=Decimal("2")
    )
    indicator_value_record(
        region=plan.region, indicator=indicator, year=2022, value=Decimal("1.5"), source="entered"
    )
    return row


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_changelist_opens(client, admin_user, some_data, model):
    client.force_login(admin_user)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200


def test_every_project_model_is_in_the_admin_with_a_chinese_name(db):
    from django.apps import apps

    for app in ("plans", "indicators", "projects"):
        for model in apps.get_app_config(app).get_models():
            assert model in admin.site._registry, model
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(model._meta.verbose_name)), model


@pytest.mark.parametrize("model_name", ["valuechange", "indicatorstatus", "submissionevent", "importevent"])
def test_history_and_derived_tables_cannot_be_added_or_deleted(client, admin_user, model_name):
    client.force_login(admin_user)
    app = "plans" if model_name == "importevent" else "indicators"
    assert client.get(reverse(f"admin:{app}_{model_name}_add")).status_code == 403
