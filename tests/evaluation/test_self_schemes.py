"""The scoring-scheme library pages: the finance admin copies the year's scheme, edits its JSON
(validated), exports it, imports another bureau's, and applies one to a year as a new Policy
version — after which drafts score under it and submitted self-evaluations keep theirs."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from budgets.models import Policy
from evaluation import selfeval as se
from evaluation.models import ScoringScheme
from perfapp.models import AuditEvent, EventKind
from tests.evaluation.self_helpers import D, fill, self_evaluation_a, submitted

pytestmark = pytest.mark.django_db
LIST = "/evaluation/scoring-schemes/"


def test_copy_edit_export_import_and_apply(personas, login):
    client = login(personas.finance_admin)
    assert client.get(LIST).status_code == 200
    response = client.post(
        LIST, {"action": "copy_policy", "fiscal_year": personas.year.pk, "name": "本省标准"}
    )
    scheme = ScoringScheme.objects.get(name="本省标准")
    assert response.status_code == 302 and response.url == f"{LIST}{scheme.pk}/"
    page = client.get(f"{LIST}{scheme.pk}/").content.decode()
    assert "预算执行率分值" in page and "优≥90" in page

    document = json.loads(se.scheme_json(scheme))
    document["scheme"].update(execution_weight="20", output_weight="40")
    bad = dict(document, scheme=dict(document["scheme"], output_weight="41"))
    response = client.post(
        f"{LIST}{scheme.pk}/", {"name": "本省标准", "description": "", "data": json.dumps(bad)}
    )
    assert (
        response.status_code == 400
        and "自评分值合计须为 100 分，当前为 101 分。" in response.content.decode()
    )
    response = client.post(
        f"{LIST}{scheme.pk}/",
        {"name": "本省标准", "description": "执行率 20 分", "data": json.dumps(document)},
    )
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.scheme.execution_weight == D("20")

    exported = client.get(f"{LIST}{scheme.pk}/export.json")
    assert exported["Content-Type"].startswith("application/json")
    assert json.loads(exported.content)["scheme"]["execution_weight"] == "20"
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT).exists()

    response = client.post(
        LIST, {"action": "import", "name": "外省规则", "file": SimpleUploadedFile("x.json", exported.content)}
    )
    assert response.status_code == 302 and ScoringScheme.objects.get(name="外省规则").data == scheme.data
    response = client.post(
        LIST, {"action": "import", "name": "坏的", "file": SimpleUploadedFile("x.json", b"{")}
    )
    assert response.status_code == 400 and "不是有效的 JSON" in response.content.decode()

    # Applying it: a draft scores under it at once; a submitted self-evaluation keeps its scheme.
    done = submitted(personas, self_evaluation_a(personas))
    draft = self_evaluation_a(personas, unit=personas.unit_a)
    response = client.post(f"{LIST}{scheme.pk}/apply/", {"fiscal_year": personas.year.pk}, follow=True)
    assert "政策参数第 2 版" in response.content.decode()
    assert Policy.objects.get(
        fiscal_year=personas.year, version=2
    ).rules.self_evaluation.execution_weight == D("20")
    draft = fill(draft, personas.officer_a)
    assert draft.execution_score == D("19.00")
    se.recompute(done)
    done.refresh_from_db()
    assert done.execution_score == D("9.50") and done.policy_version == 1


@pytest.mark.parametrize("who", ["finance_reviewer", "dept_d_officer", "officer_a", "leader", "auditor"])
def test_only_the_finance_admin_opens_the_library(personas, login, who):
    scheme = se.copy_policy_scheme(personas.finance_admin, personas.year, name="本省标准")
    client = login(getattr(personas, who))
    assert client.get(LIST).status_code == 403
    assert client.get(f"{LIST}{scheme.pk}/export.json").status_code == 403


def test_another_regions_scheme_is_a_404(personas, login):
    scheme = se.copy_policy_scheme(personas.finance_admin, personas.year, name="本省标准")
    assert login(personas.other_finance_admin).get(f"{LIST}{scheme.pk}/").status_code == 404
