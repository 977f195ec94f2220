"""The dashboard page, its drill-down lists (count = figure), Excel, the PDF briefing job and the API."""

import io

import pytest
from openpyxl import load_workbook

from dashboards import summary
from perfapp.models import Job
from tests.dashboards.data import YEAR, build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(personas):
    d = build(personas)
    summary.refresh(YEAR)
    return d


def _drill_count(client, url) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def test_every_drill_down_lists_as_many_projects_as_its_figure_shows(login, personas, data):
    client = login(personas.leader)
    response = client.get(f"/dashboards/?year={YEAR}")
    assert response.status_code == 200
    f, links = response.context["figures"], response.context["links"]
    assert _drill_count(client, links["all"]) == f["totals"]["projects"] == 3
    assert _drill_count(client, links["lagging"]) == f["totals"]["lagging"]
    for c in f["coverage"]:
        assert _drill_count(client, links["stage"][c["stage"]]) == c["count"]
        assert _drill_count(client, links["stage_missing"][c["stage"]]) == 3 - c["count"]
    for g in f["grades"]:
        assert _drill_count(client, links["grade"][g["grade"]]) == g["count"]
    for lv in f["warnings"]["levels"]:
        assert _drill_count(client, links["warning"][lv["level"]]) == lv["projects"]
    for a in f["warnings"]["ages"]:
        assert _drill_count(client, links["warning_age"][a["band"]]) == a["projects"]
    r = f["rectification"]
    assert _drill_count(client, links["rect"]["overdue"]) == r["projects_overdue"] == 1
    for m in f["moved"]:
        assert _drill_count(client, links["moved"][m["kind"]]) == m["projects"]
    for row in f["breakdowns"]["department"]:
        assert _drill_count(client, row["drill"]) == row["projects"]


def test_drill_down_links_each_project_to_its_page(login, personas, data):
    client = login(personas.leader)
    response = client.get(f"/dashboards/projects/?year={YEAR}&figure=grade&value=优")
    assert f"/budgets/projects/{data.p1.pk}/" in response.content.decode()
    assert client.get(f"/dashboards/projects/?year={YEAR}&figure=nonsense").status_code == 404


def test_department_officer_gets_the_same_page_scoped_to_its_department(login, personas, data):
    client = login(personas.dept_e_officer)
    response = client.get(f"/dashboards/?year={YEAR}")
    assert response.context["figures"]["totals"]["projects"] == 1
    # Asking for another department's rows shows nothing rather than that department's projects.
    response = client.get(f"/dashboards/projects/?year={YEAR}&figure=all&department={personas.dept_d.pk}")
    assert response.context["page"].paginator.count == 0


def test_roles_without_the_dashboard_are_refused(login, personas, data):
    assert login(personas.officer_a).get("/dashboards/").status_code == 403
    assert login(personas.system_admin).get("/dashboards/").status_code == 403


def test_excel_export_holds_the_figures_of_the_page(login, personas, data):
    response = login(personas.leader).get(
        f"/dashboards/export.xlsx?year={YEAR}&department={personas.dept_d.pk}"
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    coverage = book["各环节覆盖"]
    assert [c.value for c in coverage[1]][:3] == ["环节", "项目数", "覆盖比例（按项目数，%）"]
    assert [c.value for c in coverage[2]][:3] == ["绩效目标批复", 2, 100]
    overview = {row[0].value: row[1].value for row in book["总体情况"].iter_rows(min_row=2)}
    assert overview["项目数"] == 2
    assert overview["全年预算数（万元）"] == 300
    moved = {row[0].value: row[1].value for row in book["结果应用资金"].iter_rows(min_row=2)}
    assert moved["压减预算"] == 20
    by_dept = book["按主管部门"]
    assert [c.value for c in by_dept[2]][:3] == ["吉林省教育厅", 2, 300]


def test_pdf_briefing_is_rendered_as_a_job(login, personas, data, django_capture_on_commit_callbacks):
    client = login(personas.leader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/dashboards/briefing/", {"year": YEAR})
    job = Job.objects.get(kind="dashboard_briefing")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == Job.Status.DONE, job.error
    with job.result_file.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    assert job.result["filename"] == "2026年度预算绩效管理驾驶舱.pdf"


def test_api_returns_the_same_figures_scoped(api, personas, data):
    response = api(personas.leader).get(f"/api/v1/dashboard/?year={YEAR}")
    assert response.status_code == 200
    assert response.json()["totals"]["projects"] == 3
    assert response.json()["totals"]["budget"] == "3500000.00"
    scoped = api(personas.dept_e_officer).get(f"/api/v1/dashboard/?year={YEAR}").json()
    assert scoped["totals"]["budget"] == "500000.00"
    assert api(personas.officer_a).get("/api/v1/dashboard/").status_code == 403
    assert api(None).get("/api/v1/dashboard/").status_code in (401, 403)


def test_dashboard_is_in_the_openapi_schema(api, personas):
    schema = api(personas.leader).get("/api/schema/?format=json").json()
    assert "/api/v1/dashboard/" in schema["paths"]
