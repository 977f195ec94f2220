"""Demo targets for `manage.py seed_demo` (called by budgets.demo.seed once projects are written).

Every demo project gets the target of the year it is at, in a state that follows its library
status, with indicators drawn from the common library (IndicatorTemplate) by the project's category
and kind (购置, 培训, 会议, 工程, 补贴发放, 运维, 规划编制, read from its name). Each department has an
approved 部门整体 target for the current year. Projects in 执行中 always have an approved (or
published) target for the year, as targets.rules requires before a project may start.

Deterministic (random.Random seeded with the seed and the project code) and flat in memory: projects
are read and targets written a chunk at a time with bulk_create, so the fields Target.save would
compute (department, region) are set here.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from accounts.models import Organization
from budgets import bulk
from budgets.models import Allocation, Category, FiscalYear, Project
from targets.library_data import load_common_library
from targets.models import FRAMEWORKS, Comparator, Indicator, IndicatorTemplate, Level1, Target, TargetReview

Log = Callable[[str], None]
CHUNK = 2000
BATCH_SIZE = 1000
S = Target.Status
P = Project.Status

#: Words in a project's name that tell its kind (the library's 适用项目类型).
KIND_WORDS = {
    "购置": ("购置", "设备", "采购", "装备"),
    "培训": ("培训", "研修"),
    "会议": ("会议", "论坛", "展会"),
    "工程": ("建设", "工程", "改造", "修缮", "维修"),
    "补贴发放": ("补贴", "补助", "奖补", "救助", "资助", "津贴"),
    "运维": ("运维", "运行", "维护", "养护", "保洁"),
    "规划编制": ("规划", "编制", "方案", "调查"),
}
#: The usual kind of a category's projects, when the name does not tell.
DEFAULT_KIND = {
    Category.LIVELIHOOD: "补贴发放",
    Category.URBAN_MAINTENANCE: "运维",
    Category.MAJOR_PROJECT: "工程",
    Category.GOVERNMENT_OPERATION: "运维",
    Category.EMERGENCY: "购置",
    Category.OTHER: "规划编制",
}
#: States an admitted project's target goes through, in turn, so every review outcome appears.
ADMITTED_CYCLE = (
    S.FIXES_REQUIRED,
    S.DEPT_APPROVED,
    S.APPROVED,
    S.PUBLISHED,
    S.RETURNED,
    S.SUBMITTED,
    S.BLOCKED,
)
#: Typical unit costs (元) by the unit of a cost indicator, to size the output quantity.
TYPICAL_PRICE = {
    "元/人次": Decimal(1800),
    "元/台": Decimal(9000),
    "元/平方米": Decimal(3200),
    "元/人": Decimal(2400),
    "元/人天": Decimal(450),
    "元/个": Decimal(60000),
}
GRADE_OF = {S.APPROVED: "优", S.PUBLISHED: "优", S.FIXES_REQUIRED: "良", S.BLOCKED: "差"}
#: Transitions behind each state (for the version number).
STEPS = {
    S.DRAFT: 0,
    S.SUBMITTED: 1,
    S.DEPT_APPROVED: 2,
    S.RETURNED: 3,
    S.FIXES_REQUIRED: 3,
    S.BLOCKED: 3,
    S.APPROVED: 3,
    S.PUBLISHED: 4,
}


def kind_of(name: str) -> str:
    for kind, words in KIND_WORDS.items():
        if any(w in name for w in words):
            return kind
    return ""


def target_year(project, current_year: int) -> int:
    """The year the project's target is for: the rule's year for running projects
    (targets.rules.approved_target_required), the first year otherwise."""
    if project.status == P.COMPLETED:
        return project.end_year
    if project.status == P.IN_PROGRESS:
        return min(max(current_year, project.start_year), project.end_year)
    return project.start_year


class Library:
    """The confirmed library, indexed for picking a project's indicators."""

    def __init__(self, size: tuple[int, int] | None = None):
        self.size = size
        load_common_library()
        self.rows = list(IndicatorTemplate.objects.usable().order_by("level1", "level2", "name", "id"))

    def for_project(self, category: str, kind: str, rng: random.Random) -> list[IndicatorTemplate]:
        """The usual pick (up to four output, two outcome, one satisfaction indicators); with
        `self.size` (the big scales' 10–15), topped up to a count drawn from it."""

        def fits(t):
            by_kind = kind and kind in t.project_kinds
            by_category = category in t.categories
            return by_kind or by_category

        pool = [t for t in self.rows if fits(t)]
        chosen: list[IndicatorTemplate] = []
        for level1, most in ((Level1.OUTPUT, 4), (Level1.OUTCOME, 2)):
            group = [t for t in pool if t.level1 == level1]
            if not group:
                generic = [
                    t for t in self.rows if t.level1 == level1 and not t.project_kinds and not t.categories
                ]
                others = [t for t in self.rows if t.level1 == level1 and not t.project_kinds]
                # Social benefit fits most kinds of spending; economic returns only some.
                group = generic or [t for t in others if t.level2 == "社会效益指标"] or others
            group = _one_per_level2(group, rng)
            chosen.extend(group[:most])
        satisfaction = [t for t in self.rows if t.level1 == Level1.SATISFACTION and category in t.categories]
        satisfaction = satisfaction or [
            t for t in self.rows if t.level1 == Level1.SATISFACTION and not t.categories
        ]
        chosen.extend(satisfaction[:1])
        if self.size:
            chosen = self._top_up(chosen, pool, rng.randint(*self.size), rng)
        return chosen

    def _top_up(self, chosen, pool, wanted: int, rng: random.Random) -> list[IndicatorTemplate]:
        """More output and benefit indicators, those fitting the project first, in level order."""
        taken = {t.pk for t in chosen}
        fitting = [t for t in pool if t.pk not in taken and t.level1 != Level1.SATISFACTION]
        taken.update(t.pk for t in fitting)
        others = [t for t in self.rows if t.pk not in taken and t.level1 != Level1.SATISFACTION]
        rng.shuffle(fitting)
        rng.shuffle(others)
        # Indicators meant for no particular kind of project before those of another kind.
        generic = sorted(others, key=lambda t: bool(t.project_kinds))
        chosen = chosen + (fitting + generic)[: max(0, wanted - len(chosen))]
        order = list(Level1.values)
        return sorted(chosen, key=lambda t: order.index(t.level1))


def _one_per_level2(group, rng):
    """Prefer one indicator of each level 2 (数量, 质量, 时效, 成本 …), in framework order."""
    order = [name for names in FRAMEWORKS["2020"].values() for name in names]
    seen, first, rest = set(), [], []
    shuffled = group[:]
    rng.shuffle(shuffled)
    for t in sorted(shuffled, key=lambda t: order.index(t.level2) if t.level2 in order else len(order)):
        (rest if t.level2 in seen else first).append(t)
        seen.add(t.level2)
    return first + rest


def _level(template: IndicatorTemplate, framework: str) -> tuple[str, str]:
    if framework == "2021" and template.level1 == Level1.OUTPUT and template.level2 == "成本指标":
        return Level1.COST, "经济成本指标"
    return template.level1, template.level2


def _round(value: Decimal, places: str = "1") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def indicators_for(target: Target, templates, rng: random.Random, framework: str) -> list[Indicator]:
    """Indicators with plausible values: a quantity, a unit cost consistent with the amount
    (quantity × unit cost ≈ the year's amount), rates in the 90s, a satisfaction level."""
    quantity = Decimal(rng.choice((5, 8, 12, 20, 30, 50, 80, 120, 200, 300, 500, 800, 1200)))
    price = next((TYPICAL_PRICE[t.unit] for t in templates if t.unit in TYPICAL_PRICE), None)
    if price and target.amount:
        # As many units of output as the money buys at a typical unit cost, give or take a quarter.
        quantity = max(Decimal(1), _round(target.amount / price * Decimal(str(rng.uniform(0.8, 1.25)))))
    out = []
    quantity_used = False
    for n, t in enumerate(templates):
        level1, level2 = _level(t, framework)
        ind = Indicator(
            target=target,
            template=t,
            level1=level1,
            level2=level2,
            name=t.name,
            comparator=t.comparator,
            unit=t.unit,
            data_source=rng.choice(("项目验收资料", "财务核算资料", "统计报表", "抽样调查", "业务台账")),
            order=n,
        )
        if t.comparator == Comparator.QUALITATIVE:
            ind.qualitative_value = rng.choice(("好", "较好"))
        elif t.unit.startswith("元/") and target.amount:
            ind.target_value = _round(target.amount / quantity, "0.01")
        elif "/" in t.unit:
            ind.target_value = Decimal(rng.choice((12, 18, 24, 30)))
        elif t.unit == "%":
            if t.comparator == Comparator.LTE:
                ind.target_value = Decimal(rng.choice((3, 5, 10)))
            elif t.comparator == Comparator.EQ:
                ind.target_value = Decimal(100)
            else:
                rates = {
                    Level1.OUTPUT: (90, 92, 95, 98, 100),
                    Level1.SATISFACTION: (85, 90, 92, 95),
                }.get(level1, (60, 70, 80, 85, 90))
                ind.target_value = Decimal(rng.choice(rates))
                if rng.random() < 0.5:
                    ind.last_year_actual = ind.target_value - rng.choice((1, 2, 3))
        elif t.unit == "年":
            ind.target_value = Decimal(rng.choice((5, 6, 8, 10)))
        elif t.unit == "倍":
            ind.target_value = Decimal(rng.choice(("1.5", "2", "3", "5")))
        elif level2 == "数量指标" and not quantity_used:
            ind.target_value, quantity_used = quantity, True
        else:
            ind.target_value = Decimal(rng.choice((1, 2, 3, 5, 10, 20)))
        out.append(ind)
    return out


def _state(project, rng: random.Random, counter: Counter) -> str | None:
    status = project.status
    if status == P.DRAFT:
        return S.DRAFT if rng.random() < 0.6 else None
    if status == P.SUBMITTED:
        return S.SUBMITTED if rng.random() < 0.7 else S.DRAFT
    if status == P.DEPT_APPROVED:
        return S.DEPT_APPROVED if rng.random() < 0.7 else S.SUBMITTED
    if status == P.RETURNED:
        return S.RETURNED
    if status == P.REJECTED:
        return S.BLOCKED if rng.random() < 0.6 else None
    if status == P.ADMITTED:
        state = ADMITTED_CYCLE[counter["admitted"] % len(ADMITTED_CYCLE)]
        counter["admitted"] += 1
        return state
    if status == P.IN_PROGRESS:
        return S.PUBLISHED if rng.random() < 0.4 else S.APPROVED
    return S.PUBLISHED  # 已完结


def _goal(project, year: int) -> str:
    from budgets.demo import PURPOSES

    purpose = PURPOSES.get(project.category, PURPOSES[Category.OTHER])
    return f"{year}年按计划完成“{project.name}”各项任务，{purpose}，资金使用合规、绩效目标如期实现。"


def _reviews(target: Target, state: str) -> list[TargetReview]:
    rows = []
    if state in (S.SUBMITTED, S.DRAFT):
        return rows
    dept_ok = state != S.RETURNED or target.grade == ""
    if state == S.RETURNED and not target.grade:
        return [
            TargetReview(
                target=target,
                stage=TargetReview.Stage.DEPARTMENT,
                approved=False,
                completeness="部分指标缺少量化目标值",
                comment="请补充量化指标后重新申报。",
            )
        ]
    if dept_ok:
        rows.append(
            TargetReview(
                target=target,
                stage=TargetReview.Stage.DEPARTMENT,
                approved=True,
                completeness="目标和指标完整",
                relevance="与项目内容相关",
            )
        )
    if target.grade:
        comment = {
            "优": "",
            "良": "请将质量指标细化后报送。",
            "中": "效益指标不可衡量，请修改后重新申报。",
            "差": "绩效目标与项目内容不符，不予安排预算。",
        }[target.grade]
        rows.append(
            TargetReview(
                target=target,
                stage=TargetReview.Stage.FINANCE,
                review_round=target.review_round,
                grade=target.grade,
                approved=target.grade == "优",
                completeness="完整",
                relevance="相关",
                appropriateness="目标值适当" if target.grade in ("优", "良") else "目标值偏低",
                feasibility="可行",
                comment=comment,
            )
        )
    return rows


def seed_targets(
    region_ids: list[int],
    current_year: int,
    *,
    seed: int,
    indicators: tuple[int, int] | None = None,
    log: Log = print,
) -> Counter:
    """Targets, indicators and review opinions for every demo project of the given regions;
    `indicators` (low, high) sets how many indicators each target gets (default: the usual 5–7)."""
    counts = Counter()
    library = Library(indicators)
    years = {(fy.region_id, fy.year): fy for fy in FiscalYear.objects.filter(region_id__in=region_ids)}
    frameworks = {key: fy.policy.targets.framework for key, fy in years.items()}
    state_counter = Counter()
    projects = (
        Project.objects.filter(region_id__in=region_ids)
        .only(
            "id",
            "code",
            "name",
            "unit_id",
            "department_id",
            "region_id",
            "category",
            "status",
            "start_year",
            "end_year",
            "total_amount",
            "created_by_id",
        )
        .order_by("code")
    )
    chunk = []
    for project in projects.iterator(chunk_size=CHUNK):
        chunk.append(project)
        if len(chunk) >= CHUNK:
            counts.update(_write(chunk, library, years, frameworks, current_year, seed, state_counter))
            chunk = []
    if chunk:
        counts.update(_write(chunk, library, years, frameworks, current_year, seed, state_counter))
    counts.update(_department_targets(region_ids, library, years, frameworks, current_year, seed))
    log(
        f"  绩效目标 {counts['targets']:,} 个，指标 {counts['indicators']:,} 个，"
        f"审核意见 {counts['target_reviews']:,} 条"
    )
    return counts


def _write(chunk, library, years, frameworks, current_year, seed, state_counter) -> Counter:
    amounts = {
        (row["project_id"], row["year"]): row["s"]
        for row in Allocation.objects.filter(project_id__in=[p.pk for p in chunk])
        .values("project_id", "year")
        .annotate(s=Sum("total_amount"))
    }
    plans = []
    for project in chunk:
        rng = random.Random(f"{seed}:target:{project.code}")
        state = _state(project, rng, state_counter)
        year = target_year(project, current_year)
        fy = years.get((project.region_id, year))
        if state is None or fy is None:
            continue
        span = project.end_year - project.start_year + 1
        amount = amounts.get((project.pk, year)) or _round(project.total_amount / span, "0.01")
        special = project.category == Category.HIGH_QUALITY
        grade = GRADE_OF.get(state, "")
        if state == S.RETURNED and rng.random() < 0.5:
            grade = "中"  # returned by finance rather than by the department
        target = Target(
            kind=Target.Kind.PROJECT,
            fiscal_year=fy,
            year=year,
            project_id=project.pk,
            name=f"{project.name}绩效目标"[:200],
            unit_id=project.unit_id,
            # Target.save would compute these; bulk_create does not call save.
            department_id=project.department_id,
            region_id=project.region_id,
            category=project.category,
            overall_goal=_goal(project, year),
            period_goal=(
                f"{project.start_year}—{project.end_year}年完成项目建设内容，{_goal(project, project.end_year)[5:]}"
                if span > 1
                else ""
            ),
            amount=amount,
            is_special_fund=special,
            review_round=2 if special and grade in ("优", "良") else 1,
            is_secret=rng.random() < 0.02,
            disclose=rng.random() < 0.9,
            grade=grade,
            status=state,
            version=1 + STEPS[state] + (1 if special and grade in ("优", "良") else 0),
            created_by_id=project.created_by_id,
        )
        kind = kind_of(project.name) or DEFAULT_KIND.get(project.category, "")
        templates = library.for_project(project.category, kind, rng)
        plans.append((target, templates, rng, frameworks[(project.region_id, year)]))
    bulk.insert(Target, [t for t, *_ in plans])
    indicators, reviews = [], []
    for target, templates, rng, framework in plans:
        indicators.extend(indicators_for(target, templates, rng, framework))
        reviews.extend(_reviews(target, target.status))
    bulk.insert(Indicator, indicators)
    bulk.insert(TargetReview, reviews)
    return Counter(targets=len(plans), indicators=len(indicators), target_reviews=len(reviews))


def _department_targets(region_ids, library, years, frameworks, current_year, seed) -> Counter:
    """部门整体支出绩效目标 of the current year, approved, for every department with a budget."""
    totals = dict(
        Allocation.objects.filter(region_id__in=region_ids, year=current_year)
        .values_list("department_id")
        .annotate(s=Sum("total_amount"))
    )
    departments = Organization.objects.filter(pk__in=list(totals), kind=Organization.Kind.DEPARTMENT)
    plans = []
    for dept in departments.order_by("code"):
        fy = years.get((dept.region_id, current_year))
        if fy is None:
            continue
        rng = random.Random(f"{seed}:department-target:{dept.code}")
        target = Target(
            kind=Target.Kind.DEPARTMENT,
            fiscal_year=fy,
            year=current_year,
            name=f"{dept.name}{current_year}年度部门整体支出绩效目标",
            unit_id=dept.pk,
            department_id=dept.pk,
            region_id=dept.region_id,
            overall_goal=f"{current_year}年{dept.name}保障机构正常运转，按计划完成年度重点工作任务，"
            "预算执行进度和资金使用效益达到要求。",
            amount=totals[dept.pk],
            grade="优",
            status=S.APPROVED,
            version=4,
        )
        templates = library.for_project(Category.GOVERNMENT_OPERATION, "", rng)
        plans.append((target, templates, rng, frameworks[(dept.region_id, current_year)]))
    Target.objects.bulk_create([t for t, *_ in plans], batch_size=BATCH_SIZE)
    indicators = [i for t, tpl, rng, fw in plans for i in indicators_for(t, tpl, rng, fw)]
    Indicator.objects.bulk_create(indicators, batch_size=BATCH_SIZE)
    return Counter(targets=len(plans), indicators=len(indicators))


def reset_targets(region_ids: list[int]) -> Counter:
    """Remove the regions' targets (they protect projects), by raw DELETEs: no per-row signals."""
    counts = Counter()
    targets = Target.objects.filter(region_id__in=region_ids)
    db = Target.objects.db
    counts["target_review"] = TargetReview.objects.filter(target__in=targets)._raw_delete(db)
    counts["indicator"] = Indicator.objects.filter(target__in=targets)._raw_delete(db)
    targets.filter(previous__isnull=False).update(previous=None)
    counts["target"] = targets._raw_delete(db)
    return counts
