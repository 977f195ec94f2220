"""Pages of the ledger and letters: scoping (404 for others' items), the Excel export, query counts."""

from __future__ import annotations

import datetime
import io

from django.urls import reverse
from openpyxl import load_workbook

from perfapp.models import AuditEvent, EventKind
from results import rectification as rules
from results.models import Rectification


def make_items(personas, n, unit=None):
    unit = unit or personas.unit_a
    return Rectification.objects.bulk_create(
        [
            Rectification(
                source=Rectification.Source.AUDIT,
                year=2026,
                unit=unit,
                department=unit.parent,
                region=unit.region,
                problem=f"问题{i}",
                requirement="限期整改",
                deadline=datetime.date(2026, 1, 1) + datetime.timedelta(days=i),
            )
            for i in range(n)
        ]
    )


def test_unit_sees_its_items_only_and_others_404(personas, login):
    mine = make_items(personas, 1)[0]
    other = make_items(personas, 1, unit=personas.unit_c)[0]
    client = login(personas.officer_a)
    page = client.get(reverse("results:rectification_list"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["rows"]] == [mine.pk]
    assert client.get(reverse("results:rectification_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("results:rectification_detail", args=[mine.pk])).status_code == 200
    r = client.post(reverse("results:rectification_transition", args=[other.pk, "start"]))
    assert r.status_code == 404
    # department D sees A and B, not C; finance admin sees all
    dept = login(personas.dept_d_officer).get(reverse("results:rectification_list"))
    assert [r.pk for r in dept.context["rows"]] == [mine.pk]


def test_overdue_shown_and_filtered(personas, login):
    make_items(personas, 2)  # deadlines 2026-01-01 and 01-02, long passed
    client = login(personas.finance_admin)
    page = client.get(reverse("results:rectification_list"), {"overdue": "1"})
    assert page.context["page"].paginator.count == 2
    assert "逾期" in page.content.decode()
    assert (
        client.get(reverse("results:rectification_list"), {"overdue": "0"}).context["page"].paginator.count
        == 0
    )


def test_unit_starts_and_submit_without_evidence_refused_on_page(personas, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = make_items(personas, 1)[0]
    client = login(personas.officer_a)
    url = reverse("results:rectification_transition", args=[item.pk, "start"])
    assert client.post(url, {"version": item.version}).status_code == 302
    item.refresh_from_db()
    client.post(
        reverse("results:rectification_measures", args=[item.pk]),
        {"measures": "已整改", "version": item.version},
    )
    r = client.post(reverse("results:rectification_transition", args=[item.pk, "submit"]))
    assert r.status_code == 400 and "佐证材料" in r.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("results:rectification_evidence", args=[item.pk]),
        {"file": SimpleUploadedFile("凭证.pdf", b"%PDF evidence")},
    )
    assert (
        client.post(reverse("results:rectification_transition", args=[item.pk, "submit"])).status_code == 302
    )
    item.refresh_from_db()
    assert item.status == Rectification.Status.SUBMITTED and item.evidence.count() == 1
    ev = item.evidence.get()
    download = reverse("results:rectification_evidence_download", args=[item.pk, ev.pk])
    assert b"".join(client.get(download).streaming_content) == b"%PDF evidence"
    assert login(personas.officer_c).get(download).status_code == 404
    r = login(personas.finance_admin).post(
        reverse("results:rectification_transition", args=[item.pk, "send_back"])
    )
    assert r.status_code == 400 and "退回原因" in r.content.decode()


def test_finance_admin_enters_audit_item(personas, login):
    client = login(personas.finance_admin)
    r = client.post(
        reverse("results:rectification_create"),
        {
            "source": "audit",
            "unit": personas.unit_b.pk,
            "year": 2026,
            "problem": "审计发现资金闲置",
            "requirement": "盘活存量资金",
            "deadline": "2026-12-31",
        },
    )
    assert r.status_code == 302
    item = Rectification.objects.get()
    assert (item.unit, item.department, item.source) == (personas.unit_b, personas.dept_d, "audit")
    assert login(personas.officer_a).get(reverse("results:rectification_create")).status_code == 403


def test_ledger_excel_cells_scoped_and_audited(personas, login):
    make_items(personas, 2)
    make_items(personas, 1, unit=personas.unit_c)
    r = login(personas.dept_d_officer).get(reverse("results:rectification_export"))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(rules.LEDGER_HEADERS)
    assert len(rows) == 3
    assert rows[1][:5] == (1, 2026, "审计", "吉林省教育厅", "吉林省实验中学")
    assert rows[1][6] == "问题0" and rows[1][9] == "待整改" and rows[1][10] == "逾期"
    assert AuditEvent.objects.filter(kind=EventKind.EXPORT, actor=personas.dept_d_officer).exists()


def test_ledger_query_count_equal_at_5_and_50(personas, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas.finance_admin)
    counts = []
    for n in (5, 50):
        Rectification.objects.all().delete()
        make_items(personas, n)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("results:rectification_list")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_read_only_roles_and_system_admin(personas, login):
    item = make_items(personas, 1)[0]
    for user in (personas.leader, personas.auditor):
        client = login(user)
        assert client.get(reverse("results:rectification_list")).status_code == 200
        assert client.get(reverse("results:feedback_list")).status_code == 200
        page = client.get(reverse("results:rectification_detail", args=[item.pk]))
        assert page.status_code == 200 and page.context["actions"] == []
        r = client.post(reverse("results:rectification_transition", args=[item.pk, "start"]))
        assert r.status_code == 403
    assert login(personas.system_admin).get(reverse("results:rectification_list")).status_code == 403
