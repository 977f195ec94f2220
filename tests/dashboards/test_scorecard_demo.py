"""The demo scorecards: one of each kind, published for the last year and a draft for this one,
with entered values — the same after a reset."""

import datetime

from dashboards import demo_scorecards
from dashboards.models_scorecards import Scorecard, ScoreEntry, ScoreResult
from tests.dashboards.scorecard_data import counties


def _snapshot():
    return sorted(
        (e.indicator.scorecard.year, e.indicator.name, e.subject_region.name, str(e.value))
        for e in ScoreEntry.objects.select_related("indicator__scorecard", "subject_region")
    )


def test_the_demo_seeds_both_kinds_and_reseeds_identically(personas):
    p = personas
    counties(p)
    today = datetime.date(2026, 12, 1)
    counts = demo_scorecards.seed([p.city.pk], 2026, seed=7, today=today, log=lambda *a: None)
    assert counts["scorecards"] == 4
    cards = {(c.kind, c.year): c for c in Scorecard.objects.all()}
    assert cards[("region", 2025)].status == Scorecard.Status.PUBLISHED
    assert cards[("department", 2025)].status == Scorecard.Status.PUBLISHED
    assert cards[("region", 2026)].status == Scorecard.Status.DRAFT
    # 长春市's two counties are ranked on the region scorecards; 吉林市's county is not.
    assert ScoreResult.objects.filter(scorecard=cards[("region", 2025)]).count() == 2
    first = _snapshot()
    assert first
    demo_scorecards.reset([p.city.pk])
    assert not Scorecard.objects.exists()
    demo_scorecards.seed([p.city.pk], 2026, seed=7, today=today, log=lambda *a: None)
    assert _snapshot() == first
