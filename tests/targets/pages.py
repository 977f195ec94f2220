"""Shared steps of the target page tests: a target moved along its workflow, and form data."""

from perfapp.workflow import perform
from targets.review import Opinions, review_by_department, review_by_finance
from tests.targets.helpers import clean_indicators, make_target

OPINIONS = Opinions("指标完整", "与项目相关", "目标值适当", "可行")


def submitted(personas, **kwargs):
    target = make_target(personas, **kwargs)
    officer = {personas.unit_a.pk: personas.officer_a, personas.unit_b.pk: personas.officer_b}[target.unit_id]
    return perform(target, "submit", officer)


def at_finance(personas, **kwargs):
    target = submitted(personas, **kwargs)
    return review_by_department(target, personas.dept_d_officer, approved=True, opinions=OPINIONS)


def approved(personas, **kwargs):
    target = at_finance(personas, **kwargs)
    return review_by_finance(target, personas.finance_reviewer, grade="优", opinions=OPINIONS)


def form_data(project=None, fiscal_year=None, indicators=None, version=None, **header):
    """POST data of the declaration form with the given indicator rows (dicts)."""
    rows = clean_indicators() if indicators is None else indicators
    data = {
        "action": "save",
        "overall_goal": header.pop("overall_goal", "完成全省500人次中小学教师培训，提升教学能力。"),
        "period_goal": header.pop("period_goal", ""),
        "amount": header.pop("amount", "1000000"),
        "disclose": "on",
        "ind-TOTAL_FORMS": str(len(rows)),
        "ind-INITIAL_FORMS": "0",
        "ind-MIN_NUM_FORMS": "0",
        "ind-MAX_NUM_FORMS": "1000",
    }
    if project is not None:
        data["project"] = str(project.pk)
    if fiscal_year is not None:
        data["fiscal_year"] = str(fiscal_year.pk)
    if version is not None:
        data["seen_version"] = str(version)
    for n, row in enumerate(rows):
        for key, value in row.items():
            data[f"ind-{n}-{key}"] = "" if value is None else str(value)
    data.update(header)
    return data
