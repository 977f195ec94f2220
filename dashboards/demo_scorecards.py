"""Demo scorecards [000 #1 #2]: the demo city's bureau gets one 部门预算管理工作评价 of its
departments and one 市县财政高质量发展评价 of its counties, with entered values — scored and
published for the last complete year (current_year − 1, which has the whole chain from targets to
rectification), scored as a draft for the current year (compared with the last). The RNG is seeded
with `seed` only, so --reset gives the same values.
"""

from __future__ import annotations

import random
from collections import Counter
from decimal import Decimal

from accounts.models import Region
from dashboards import scorecards as rules
from dashboards.models_scorecards import Scorecard, ScorecardIndicator, ScoreEntry

P, D = ScorecardIndicator.Kind.POSITIVE, ScorecardIndicator.Kind.DEDUCTION
C, E = ScorecardIndicator.Source.COMPUTED, ScorecardIndicator.Source.ENTERED

#: (kind, group, name, points, source, measure, unit, rule)
DEPARTMENT_INDICATORS = [
    (
        P,
        "预算编制",
        "绩效目标批复率",
        10,
        C,
        "target_approval",
        "",
        {"type": "linear", "full": 100, "zero": 60},
    ),
    (P, "预算编制", "绩效目标质量", 10, C, "target_quality", "", {"type": "linear", "full": 90, "zero": 40}),
    (P, "执行管理", "预算执行率", 20, C, "execution_rate", "", {"type": "linear", "full": 95, "zero": 50}),
    (
        P,
        "绩效管理",
        "绩效自评覆盖率",
        15,
        C,
        "self_evaluation_coverage",
        "",
        {"type": "linear", "full": 100, "zero": 50},
    ),
    (
        P,
        "绩效管理",
        "绩效自评质量",
        10,
        C,
        "self_evaluation_score",
        "",
        {"type": "linear", "full": 90, "zero": 60},
    ),
    (
        P,
        "绩效管理",
        "预警处置",
        10,
        C,
        "warnings_resolved",
        "",
        {"type": "linear", "full": 100, "zero": 0, "missing": "full"},
    ),
    (
        P,
        "绩效管理",
        "整改按期完成",
        10,
        C,
        "rectification_on_time",
        "",
        {"type": "linear", "full": 100, "zero": 0, "missing": "full"},
    ),
    (
        P,
        "资产管理",
        "资产报告质量",
        8,
        E,
        "",
        "分",
        {"type": "steps", "steps": [[90, 1], [75, "0.75"], [60, "0.5"]]},
    ),
    (P, "采购管理", "政府采购预算执行率", 7, E, "", "%", {"type": "threshold", "at": 90}),
    (
        D,
        "财会监督",
        "抽查复核差异",
        5,
        C,
        "spot_check_flagged",
        "",
        {"type": "linear", "full": 50, "zero": 0},
    ),
    (D, "财会监督", "问责事项", 10, C, "accountability_cases", "", {"type": "per_unit", "each": 2}),
    (D, "财会监督", "违反财会监督清单事项", 10, E, "", "件", {"type": "per_unit", "each": 5}),
]

REGION_INDICATORS = [
    (P, "地方自主财力", "地方自主财力占比", 25, E, "", "%", {"type": "linear", "full": 60, "zero": 20}),
    (
        P,
        "财政运行质量",
        "预算执行率",
        20,
        C,
        "execution_rate",
        "",
        {"type": "linear", "full": 95, "zero": 50},
    ),
    (
        P,
        "财政运行质量",
        "预警处置",
        15,
        C,
        "warnings_resolved",
        "",
        {"type": "linear", "full": 100, "zero": 0, "missing": "full"},
    ),
    (
        P,
        "国有资本经营",
        "国有资本收益上缴率",
        20,
        E,
        "",
        "%",
        {"type": "steps", "steps": [[30, 1], [20, "0.7"], [10, "0.4"]]},
    ),
    (
        P,
        "绩效管理",
        "整改按期完成",
        20,
        C,
        "rectification_on_time",
        "",
        {"type": "linear", "full": 100, "zero": 0, "missing": "full"},
    ),
    (D, "财政风险控制", "债务风险预警", 10, E, "", "级", {"type": "per_unit", "each": 5}),
    (D, "违反财经纪律", "违反财经纪律事项", 10, E, "", "件", {"type": "per_unit", "each": 2}),
]


def _build(card: Scorecard, specs) -> list[ScorecardIndicator]:
    return ScorecardIndicator.objects.bulk_create(
        ScorecardIndicator(
            scorecard=card,
            order=i,
            kind=kind,
            group=group,
            name=name,
            points=Decimal(points),
            source=source,
            measure=measure,
            unit=unit or "",
            rule=rules.validate_rule(rule),
        )
        for i, (kind, group, name, points, source, measure, unit, rule) in enumerate(specs, start=1)
    )


def _enter(card, indicators, rng, counts) -> None:
    subjects, _ctx = rules.subjects_and_context(card)
    entries = []
    for ind in indicators:
        if ind.source != ScorecardIndicator.Source.ENTERED:
            continue
        for s in subjects:
            if ind.kind == ScorecardIndicator.Kind.DEDUCTION:
                value = Decimal(rng.choice([0, 0, 0, 1, 1, 2]))
            elif ind.unit == "分":
                value = Decimal(rng.randint(55, 98))
            else:
                value = Decimal(rng.randint(150, 750)) / 10
            entries.append(
                ScoreEntry(
                    indicator=ind,
                    scorecard=card,
                    department_id=s.department_id,
                    subject_region_id=s.region_id,
                    value=value,
                    note="演示数据：据年度报表填报",
                )
            )
    ScoreEntry.objects.bulk_create(entries)
    counts["scorecard_entries"] += len(entries)


def seed(region_ids: list[int], current_year: int, *, seed: int, today=None, log=print) -> Counter:
    counts: Counter = Counter()
    # The demo city's bureau owns both; at the province scale, the first city of the plan.
    owner = (
        Region.objects.filter(pk__in=region_ids, level=Region.Level.CITY).order_by("code").first()
        or Region.objects.filter(pk__in=region_ids).order_by("code").first()
    )
    if owner is None:
        return counts
    rng = random.Random(f"scorecards-{seed}")
    # The last complete year is published; the current year is a computed draft beside it, so the
    # page shows the comparison with last year.
    for year, publish in ((current_year - 1, True), (current_year, False)):
        for kind, name, specs, level in (
            (Scorecard.Kind.DEPARTMENT, "部门预算管理工作评价", DEPARTMENT_INDICATORS, ""),
            (Scorecard.Kind.REGION, "县（市、区）财政高质量发展评价", REGION_INDICATORS, Region.Level.COUNTY),
        ):
            card = Scorecard.objects.create(
                kind=kind,
                year=year,
                region=owner,
                subject_level=level,
                name=f"{owner.name}{year}年度{name}",
                note="演示数据",
            )
            indicators = _build(card, specs)
            _enter(card, indicators, rng, counts)
            results = rules.snapshot(card, None, today=today)
            if publish:
                Scorecard.objects.filter(pk=card.pk).update(
                    status=Scorecard.Status.PUBLISHED, published_at=card.computed_at
                )
            counts["scorecards"] += 1
            counts["scorecard_results"] += len(results)
    log(f"评价计分表 {counts['scorecards']} 张，评价对象 {counts['scorecard_results']} 个")
    return counts


def reset(region_ids: list[int]) -> Counter:
    deleted, by_model = Scorecard.objects.filter(region_id__in=region_ids).delete()
    return Counter({"scorecards": by_model.get("dashboards.Scorecard", 0)})
