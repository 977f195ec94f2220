"""seed_demo fills the monitoring stage: a finished first round with reviewed reports,
realistic deviations and open warnings; reset removes it and a reload gives the same."""

import datetime
import io

import pytest
from django.core.management import call_command

from budgets.models import Deadline
from monitoring.models import IndicatorProgress, MonitoringReport, MonitoringRound, Possibility, Warning

pytestmark = pytest.mark.django_db

YEAR = 2026


def seed_demo(*args):
    call_command("seed_demo", "--scale", "small", "--year", str(YEAR), *args, stdout=io.StringIO())


@pytest.fixture
def seeded(db):
    seed_demo("--seed", "7")


def test_the_demo_has_a_finished_first_round_as_of_june_30(seeded):
    rounds = list(MonitoringRound.objects.filter(fiscal_year__year=YEAR))
    assert rounds
    for round in rounds:
        assert round.data_as_of == datetime.date(YEAR, 6, 30)
        assert round.status == MonitoringRound.Status.CLOSED
        assert round.deadline.stage == Deadline.Stage.MONITORING
        assert round.deadline.due == round.due


def test_every_report_is_submitted_and_reviewed_with_its_execution_frozen(seeded):
    reports = MonitoringReport.objects.filter(year=YEAR)
    assert reports.count() > 10
    assert set(reports.values_list("status", flat=True)) == {MonitoringReport.Status.ACCEPTED}
    assert not reports.filter(submitted_at__isnull=True).exists()
    assert not reports.filter(time_progress__isnull=True).exists()
    assert reports.filter(spent__gt=0).exists()
    assert reports.filter(is_key=True).exclude(finance_conclusion="").exists()


def test_some_reports_have_deviations_with_a_cause_and_a_measure(seeded):
    deviating = IndicatorProgress.objects.exclude(possibility=Possibility.CERTAIN)
    assert deviating.exists()
    assert not deviating.filter(deviation="").exists()
    assert not deviating.filter(measure="").exists()
    share = (
        MonitoringReport.objects.filter(progress__in=deviating).distinct().count()
        / MonitoringReport.objects.count()
    )
    assert 0.05 < share < 0.5


def test_warnings_were_generated_and_stay_open(seeded):
    warnings = Warning.objects.filter(year=YEAR)
    assert warnings.exists()
    assert warnings.open().count() == warnings.count()
    assert warnings.filter(rule=Warning.Rule.INDICATOR_MISS).exists()


def test_reset_removes_the_monitoring_and_a_reload_gives_the_same_reports(seeded):
    before = sorted(MonitoringReport.objects.values_list("target__name", "spent", "expected_full_year"))
    seed_demo("--reset", "--seed", "7")
    after = sorted(MonitoringReport.objects.values_list("target__name", "spent", "expected_full_year"))
    assert before == after
    assert MonitoringRound.objects.filter(fiscal_year__year=YEAR).count() == 1
