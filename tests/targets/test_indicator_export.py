"""/targets/documents/indicators.xlsx: all indicators of a region's year in one streamed table,
scoped by visible_to and audited (targets/indicator_export.py)."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from accounts.models import Region, User
from perfapp.models import AuditEvent, EventKind
from targets.models import Indicator

pytestmark = pytest.mark.django_db

URL = "/targets/documents/indicators.xlsx"


@pytest.fixture
def city(db):
    call_command("seed_demo", "--scale", "small", "--year", "2026", "--seed", "7", stdout=io.StringIO())
    return Region.objects.get(code="220100")


def rows_of(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_finance_admin_gets_every_indicator_of_the_citys_year_in_one_table(city, client):
    client.force_login(User.objects.get(username="fin_admin"))

    response = client.get(URL, {"region": city.pk, "year": 2026})

    assert response.status_code == 200
    rows = rows_of(response)
    expected = Indicator.objects.filter(
        target__region=city, target__year=2026, target__superseded_by__isnull=True
    ).count()
    assert rows[0][:3] == ("项目编码", "绩效目标", "主管部门")
    assert len(rows) - 1 == expected > 0
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor__username="fin_admin").exists()


def test_unit_officer_gets_only_its_own_units_indicators(city, client):
    officer = User.objects.select_related("organization").get(username="unit_school1")
    client.force_login(officer)

    rows = rows_of(client.get(URL, {"region": city.pk, "year": 2026}))[1:]

    assert rows
    assert {r[3] for r in rows} == {officer.organization.name}


def test_system_admin_without_a_business_role_is_refused(city, client):
    client.force_login(User.objects.get(username="sysadmin"))

    assert client.get(URL, {"region": city.pk, "year": 2026}).status_code == 403


def test_a_missing_region_is_not_found(city, client):
    client.force_login(User.objects.get(username="fin_admin"))

    assert client.get(URL, {"region": 999999, "year": 2026}).status_code == 404
