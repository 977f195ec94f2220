"""The self-evaluation list's order by the table's own columns (make bench, issue 7: ordering by
the joined department and unit codes sorted every visible evaluation): newest year first, then
grouped by department and unit."""

import pytest

from evaluation import selfeval as se
from evaluation.models import Evaluation
from tests.evaluation.self_helpers import funded_target

pytestmark = pytest.mark.django_db


def test_the_list_is_ordered_by_year_department_and_unit(personas, login):
    funded_target(personas, unit=personas.unit_b, quick=True, name="考试院标准化考场建设")
    funded_target(personas)
    se.open_season(personas.year, personas.finance_admin)
    rows = login(personas.finance_admin).get("/evaluation/self/").context["rows"]
    expected = Evaluation.objects.filter(kind=Evaluation.Kind.SELF).order_by(
        "-year", "department_id", "unit_id", "pk"
    )
    assert len(rows) == 2
    assert [e.pk for e in rows] == [e.pk for e in expected]
