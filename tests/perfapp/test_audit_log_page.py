"""审计日志 pages: only the audit administrator browses, verifies and exports the audit trail."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from perfapp import audit
from perfapp.models import AuditEvent, EventKind
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

REFUSED = [
    "system_admin",
    "security_admin",
    "finance_admin",
    "finance_reviewer",
    "dept_d_officer",
    "officer_a",
    "leader",
    "auditor",
    "expert",
]


@pytest.fixture
def events(personas):
    project = ProjectFactory(unit=personas.unit_a)
    audit.record(EventKind.LOGIN, personas.officer_a, summary="登录成功")
    audit.record(EventKind.LOGIN_FAILED, None, summary="登录失败：unit_b")
    audit.record(EventKind.TRANSITION, personas.officer_a, project, summary="项目申报：教学设备购置")
    audit.record(
        EventKind.PERMISSION_CHANGED, personas.security_admin, personas.officer_b, summary="授予角色"
    )
    return project


def page_text(response):
    return response.content.decode()


def test_the_audit_admin_browses_the_log_in_chinese(personas, login, events, django_assert_max_num_queries):
    client = login(personas.audit_admin)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit_log"))

    assert response.status_code == 200
    html = page_text(response)
    assert "审计日志" in html and "校验哈希链" in html and "导出 Excel" in html
    assert "项目申报：教学设备购置" in html and "授予角色" in html
    assert "secadmin" in html  # the security admin's own actions are visible to the auditor
    assert "184" in html


def test_the_list_runs_the_same_queries_for_few_and_many_events(personas, login):
    client = login(personas.audit_admin)
    for i in range(3):
        audit.record(EventKind.LOGIN, personas.officer_a, summary=f"登录{i}")
    client.get(reverse("audit_log"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("audit_log"))
    for i in range(60):
        audit.record(EventKind.LOGIN, personas.officer_a, summary=f"再次登录{i}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("audit_log"))
    assert len(many) == len(few)


@pytest.mark.parametrize("who", REFUSED)
@pytest.mark.parametrize(
    "method,name", [("get", "audit_log"), ("get", "audit_export"), ("post", "audit_verify")]
)
def test_everyone_but_the_audit_admin_is_refused_and_the_attempt_is_recorded(
    personas, login, events, who, method, name
):
    user = getattr(personas, who)
    response = getattr(login(user), method)(reverse(name))

    assert response.status_code == 403
    denied = AuditEvent.objects.filter(kind=EventKind.ACCESS_DENIED, actor=user)
    assert denied.count() == 1
    assert not AuditEvent.objects.filter(kind=EventKind.EXPORT).exists()


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("audit_log"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "query,present,absent",
    [
        ({"kind": "login_failed"}, ["登录失败：unit_b"], ["登录成功", "授予角色"]),
        ({"actor": "SECADM"}, ["授予角色"], ["登录成功"]),
        ({"object_type": "budgets.project"}, ["项目申报：教学设备购置"], ["授予角色", "登录成功"]),
        ({"q": "教学设备"}, ["项目申报：教学设备购置"], ["授予角色"]),
    ],
)
def test_filters_narrow_the_list(personas, login, events, query, present, absent):
    html = page_text(login(personas.audit_admin).get(reverse("audit_log"), query))
    for text in present:
        assert text in html
    for text in absent:
        assert text not in html


def test_the_date_range_uses_shanghai_days(personas, login):
    old = audit.record(EventKind.LOGIN, personas.officer_a, summary="三月的登录")
    # 2026-03-01 23:30 in Shanghai is still 1 March there, though 15:30 UTC.
    AuditEvent.objects.filter(pk=old.pk).update(at=datetime.datetime(2026, 3, 1, 15, 30, tzinfo=datetime.UTC))
    audit.record(EventKind.LOGIN, personas.officer_a, summary="今天的登录")
    client = login(personas.audit_admin)

    html = page_text(client.get(reverse("audit_log"), {"date_from": "2026-03-01", "date_to": "2026-03-01"}))
    assert "三月的登录" in html and "今天的登录" not in html
    html = page_text(client.get(reverse("audit_log"), {"date_from": "2026-03-02"}))
    assert "三月的登录" not in html and "今天的登录" in html


def test_a_reversed_date_range_shows_an_error_and_keeps_the_input(personas, login, events):
    html = page_text(
        login(personas.audit_admin).get(
            reverse("audit_log"), {"date_from": "2026-05-01", "date_to": "2026-04-01"}
        )
    )
    assert "结束日期不能早于开始日期" in html
    assert 'value="2026-05-01"' in html


def test_the_list_is_paginated(personas, login):
    for i in range(55):
        audit.record(EventKind.LOGIN, personas.officer_a, summary=f"第{i:02d}次登录")
    client = login(personas.audit_admin)
    first = page_text(client.get(reverse("audit_log")))
    second = page_text(client.get(reverse("audit_log"), {"page": 2}))
    assert "第54次登录" in first and "第00次登录" not in first
    assert "第00次登录" in second
    assert "下一页" in first


def test_the_verify_button_shows_that_an_intact_chain_passes(personas, login, events):
    response = login(personas.audit_admin).post(reverse("audit_verify"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "校验通过" in page_text(response)


def test_the_verify_button_names_the_tampered_row(personas, login, events):
    tampered = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(pk=tampered.pk).update(summary="改过")

    html = page_text(login(personas.audit_admin).post(reverse("audit_verify"), HTTP_HX_REQUEST="true"))
    assert "校验未通过" in html and f"#{tampered.pk}" in html


def test_the_verify_button_without_htmx_redirects_with_a_message(personas, login, events):
    response = login(personas.audit_admin).post(reverse("audit_verify"), follow=True)
    assert "哈希链校验通过" in page_text(response)


def test_verify_is_post_only(personas, login):
    assert login(personas.audit_admin).get(reverse("audit_verify")).status_code == 405


def test_the_excel_export_streams_the_filtered_log_and_is_itself_audited(personas, login, events):
    audit.record(EventKind.UPDATED, personas.officer_a, summary='=HYPERLINK("http://x","点我")')
    client = login(personas.audit_admin)

    response = client.get(reverse("audit_export"), {"actor": "unit_a"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][:3] == ("编号", "时间", "事件类型")
    summaries = [r[6] for r in rows[1:]]
    assert "登录成功" in summaries and "项目申报：教学设备购置" in summaries
    assert "授予角色" not in summaries
    assert '\'=HYPERLINK("http://x","点我")' in summaries
    export = AuditEvent.objects.get(kind=EventKind.EXPORT)
    assert export.actor == personas.audit_admin
    assert export.data["filters"] == {"actor": "unit_a"} and export.data["rows"] == 3
    assert audit.verify() is None


def test_the_export_records_local_time(personas, login):
    event = audit.record(EventKind.LOGIN, personas.officer_a, summary="登录")
    response = login(personas.audit_admin).get(reverse("audit_export"))
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    row = next(r for r in rows[1:] if r[0] == event.pk)
    # Asia/Shanghai wall time, not UTC.
    assert abs(row[1] - timezone.localtime(event.at).replace(tzinfo=None)) < datetime.timedelta(seconds=1)
