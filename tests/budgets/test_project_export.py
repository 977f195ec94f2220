import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from perfapp.models import AuditEvent, EventKind
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("budgets:project_export")


def read_rows(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    wb = load_workbook(io.BytesIO(content), read_only=True)
    ws = wb.worksheets[0]
    return [tuple(cell.value for cell in row) for row in ws.iter_rows()]


def exported_codes(response) -> set[str]:
    return {row[0] for row in read_rows(response)[1:]}


@pytest.mark.parametrize(
    "who",
    [
        "officer_a",
        "officer_c",
        "dept_d_officer",
        "dept_e_officer",
        "finance_reviewer",
        "finance_admin",
        "leader",
        "auditor",
        "expert",
        "other_finance_admin",
    ],
)
def test_export_file_holds_only_the_projects_the_persona_may_see(personas, library, visible_sets, login, who):
    response = login(getattr(personas, who)).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    codes = {p.code for p in (library.a, library.b, library.c) if p.pk in visible_sets[who]}
    assert exported_codes(response) == codes


def test_export_applies_the_list_filters(personas, library, login):
    response = login(personas.finance_admin).get(EXPORT, {"department": personas.dept_e.pk})
    assert exported_codes(response) == {library.c.code}


def test_export_has_chinese_headers_and_computed_year_figures(personas, library, login):
    rows = read_rows(login(personas.officer_a).get(EXPORT, {"year": 2026}))
    header, row = rows[0], rows[1]
    assert header[0] == "项目编码" and "2026年执行率（%）" in header
    values = dict(zip(header, row, strict=True))
    assert values["项目名称"] == library.a.name
    assert values["2026年全年预算数（元）"] == 1000000
    assert values["2026年执行数（元）"] == 250000
    assert values["2026年执行率（%）"] == 25


def test_export_neutralises_cells_that_excel_would_run_as_formulas(personas, login):
    ProjectFactory(unit=personas.unit_a, name='=HYPERLINK("http://evil","点击")', leader_name="@SUM(1+1)")
    ProjectFactory(unit=personas.unit_a, name="+1-2", leader_name="-3")
    rows = read_rows(login(personas.officer_a).get(EXPORT))
    header = rows[0]
    names = {dict(zip(header, r, strict=True))["项目名称"] for r in rows[1:]}
    leaders = {dict(zip(header, r, strict=True))["项目负责人"] for r in rows[1:]}
    assert names == {'\'=HYPERLINK("http://evil","点击")', "'+1-2"}
    assert leaders == {"'@SUM(1+1)", "'-3"}


def test_every_export_is_recorded_in_the_audit_log(personas, library, login):
    login(personas.auditor).get(EXPORT, {"q": "医院"})
    event = AuditEvent.objects.filter(kind=EventKind.EXPORT).latest("id")
    assert event.actor == personas.auditor
    assert event.data["rows"] == 1
    assert event.data["filters"] == {"q": ["医院"]}


def test_admin_roles_cannot_export_business_data(personas, library, login):
    assert login(personas.audit_admin).get(EXPORT).status_code == 403
