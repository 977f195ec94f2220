"""Imports survive a worker crash and a broker outage; counts and the uploader's IP are kept.

[DESIGN.md §7 Reliability; STYLE.md Background work; issue #2 Import]
"""

import datetime
import hashlib
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError

from budgets import imports
from budgets.models import Allocation, Expenditure, ImportBatch
from budgets.tasks import run_import
from perfapp.models import AuditEvent, EventKind
from tests.budgets.files import ALLOCATION_HEADER, EXPENDITURE_HEADER, upload, xlsx_bytes
from tests.factories import AllocationFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIST = reverse("budgets:import_list")
TIMEOUT = 300


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(datetime.datetime(2026, 11, 2, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def media_and_timeout(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.JOB_HEARTBEAT_TIMEOUT = TIMEOUT
    settings.IMPORT_ASYNC_ROWS = 3


@pytest.fixture
def projects(personas):
    return {
        "a": ProjectFactory(code="PA-001", unit=personas.unit_a, start_year=2026, end_year=2027),
        "a2": ProjectFactory(code="PA-002", unit=personas.unit_a, start_year=2026, end_year=2027),
    }


def expenditure_file(prefix="T", n=6) -> bytes:
    rows = [["PA-001", 2026, "2026-03-01", 10 * i, "本级财政", f"{prefix}-{i}", ""] for i in range(1, n + 1)]
    return xlsx_bytes(EXPENDITURE_HEADER, rows)


def queued_batch(client, django_capture_on_commit_callbacks, data=None) -> ImportBatch:
    """A large file handed to the task whose message never ran (the callbacks are dropped)."""
    with django_capture_on_commit_callbacks(execute=False):
        client.post(LIST, {"kind": "expenditures", "file": upload("large.xlsx", data or expenditure_file())})
    batch = ImportBatch.objects.order_by("-id").first()
    assert batch.status == ImportBatch.Status.PENDING and batch.file
    return batch


def crash(batch: ImportBatch, seconds_ago: int) -> None:
    """The batch as a worker that died halfway leaves it: running, last heartbeat `seconds_ago`."""
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.RUNNING,
        progress=40,
        attempt=1,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=seconds_ago),
    )


def broker_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(run_import, "apply_async", refuse)


# --- a crashed worker --------------------------------------------------------------------------------


def test_a_running_batch_whose_heartbeat_stopped_is_reclaimed_and_completes(
    personas, projects, login, django_capture_on_commit_callbacks
):
    batch = queued_batch(login(personas.officer_a), django_capture_on_commit_callbacks)
    crash(batch, seconds_ago=TIMEOUT + 1)

    assert run_import.delay(batch.pk).get() == ImportBatch.Status.DONE

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.progress == 100
    assert batch.attempt == 2 and batch.row_count == 6
    assert Expenditure.objects.count() == 6
    assert batch.result == {"created": 6, "updated": 0, "skipped": 0}


def test_a_running_batch_with_a_fresh_heartbeat_is_not_touched(
    personas, projects, login, django_capture_on_commit_callbacks
):
    batch = queued_batch(login(personas.officer_a), django_capture_on_commit_callbacks)
    crash(batch, seconds_ago=TIMEOUT - 10)

    assert run_import.delay(batch.pk).get() == "skipped"
    call_command("resume_imports")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING
    assert batch.progress == 40 and batch.attempt == 1
    assert Expenditure.objects.count() == 0


def test_a_lost_run_that_wakes_up_after_being_reclaimed_writes_nothing(
    personas, projects, login, django_capture_on_commit_callbacks, monkeypatch
):
    batch = queued_batch(login(personas.officer_a), django_capture_on_commit_callbacks)
    validate = imports.validate
    calls = []

    def slow_validate(*args, **kwargs):
        result = validate(*args, **kwargs)
        if not calls:
            calls.append(1)
            # The first run stalls here past the timeout; a second run takes the batch and finishes.
            ImportBatch.objects.filter(pk=batch.pk).update(
                heartbeat_at=timezone.now() - datetime.timedelta(seconds=TIMEOUT + 1)
            )
            assert imports.process_batch(batch.pk).status == ImportBatch.Status.DONE
        return result

    monkeypatch.setattr(imports, "validate", slow_validate)

    assert imports.process_batch(batch.pk) is None

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE and batch.attempt == 2
    assert Expenditure.objects.count() == 6
    assert AuditEvent.objects.filter(kind=EventKind.IMPORT, object_id=str(batch.pk)).count() == 1


# --- manage.py resume_imports ------------------------------------------------------------------------


def test_resume_imports_sends_batches_left_pending_by_a_broker_outage_and_is_idempotent(
    personas, projects, login, django_capture_on_commit_callbacks, monkeypatch, capsys
):
    client = login(personas.officer_a)
    with monkeypatch.context() as patch:
        broker_down(patch)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                LIST, {"kind": "expenditures", "file": upload("a.xlsx", expenditure_file())}
            )
    assert response.status_code == 302
    pending = ImportBatch.objects.get()
    assert pending.status == ImportBatch.Status.PENDING
    lost = queued_batch(client, django_capture_on_commit_callbacks, expenditure_file("L"))
    crash(lost, seconds_ago=TIMEOUT + 1)

    call_command("resume_imports")

    pending.refresh_from_db()
    lost.refresh_from_db()
    assert pending.status == lost.status == ImportBatch.Status.DONE
    assert Expenditure.objects.count() == 12
    assert f"批次 #{pending.pk}：重新排队" in capsys.readouterr().out

    call_command("resume_imports")
    assert Expenditure.objects.count() == 12
    assert "没有需要恢复的导入批次" in capsys.readouterr().out


def test_resume_imports_while_the_broker_is_still_down_fails_and_leaves_the_batch_pending(
    personas, projects, login, django_capture_on_commit_callbacks, monkeypatch
):
    batch = queued_batch(login(personas.officer_a), django_capture_on_commit_callbacks)
    broker_down(monkeypatch)

    with pytest.raises(CommandError, match="消息队列不可用"):
        call_command("resume_imports")

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.PENDING
    assert Expenditure.objects.count() == 0


def test_a_batch_left_pending_by_a_dead_web_request_is_failed_so_the_file_can_be_uploaded_again(
    personas, projects, login
):
    data = expenditure_file(n=2)
    orphan = ImportBatch.objects.create(
        kind="expenditures",
        file_name="a.xlsx",
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=personas.officer_a,
    )
    fresh = ImportBatch.objects.create(
        kind="expenditures", file_name="b.xlsx", sha256="y", uploaded_by=personas.officer_a
    )
    ImportBatch.objects.filter(pk=orphan.pk).update(
        created_at=timezone.now() - datetime.timedelta(seconds=TIMEOUT + 1)
    )

    call_command("resume_imports")

    orphan.refresh_from_db()
    fresh.refresh_from_db()
    assert orphan.status == ImportBatch.Status.FAILED
    assert "请重新上传" in orphan.errors[0]["reason"]
    # A batch without a file created just now may still be importing inside its request.
    assert fresh.status == ImportBatch.Status.PENDING
    assert Expenditure.objects.count() == 0
    login(personas.officer_a).post(LIST, {"kind": "expenditures", "file": upload("a.xlsx", data)})
    assert Expenditure.objects.count() == 2


# --- counts and the uploader's address -------------------------------------------------------------------


def test_detail_page_shows_how_many_rows_were_created_updated_and_skipped(personas, projects, login):
    AllocationFactory(
        project=projects["a"],
        year=2026,
        fund_source="local",
        initial_amount=Decimal("1000.00"),
        adjustment=Decimal("0"),
        detailed=True,
    )
    AllocationFactory(project=projects["a"], year=2026, fund_source="transfer", initial_amount=Decimal("5"))
    data = xlsx_bytes(
        ALLOCATION_HEADER,
        [
            ["PA-001", 2026, "本级财政", 1000, 0, "是"],
            ["PA-001", 2026, "上级转移支付", 2000, 0, "是"],
            ["PA-002", 2026, "本级财政", 3000, 0, "否"],
        ],
    )
    client = login(personas.officer_a)
    response = client.post(LIST, {"kind": "allocations", "file": upload("a.xlsx", data)})

    batch = ImportBatch.objects.get()
    assert batch.result == {"created": 1, "updated": 1, "skipped": 1}
    page = client.get(response.url).content.decode()
    assert "导入成功，共 3 行" in page
    result = page[page.index('id="import-result"') :]
    for label, n in (("新增", 1), ("更新", 1), ("跳过", 1)):
        assert f'{label}</dt><dd class="col-sm-10">{n} 行' in result
    # The unchanged allocation is not rewritten: no new history row, still from before the import.
    unchanged = Allocation.objects.get(project=projects["a"], fund_source="local")
    assert unchanged.batch_id is None and unchanged.history.count() == 1
    event = AuditEvent.objects.get(kind=EventKind.IMPORT)
    assert (event.data["created"], event.data["updated"], event.data["skipped"]) == (1, 1, 1)


def test_the_import_audit_event_records_the_uploaders_ip_also_when_the_task_writes_it(
    personas, projects, login, django_capture_on_commit_callbacks
):
    client = login(personas.officer_a)
    small = xlsx_bytes(ALLOCATION_HEADER, [["PA-001", 2026, "本级财政", 1000, 0, "是"]])
    client.post(LIST, {"kind": "allocations", "file": upload("s.xlsx", small)}, REMOTE_ADDR="10.1.2.3")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            LIST,
            {"kind": "expenditures", "file": upload("l.xlsx", expenditure_file())},
            REMOTE_ADDR="10.4.5.6",
        )
    bad = xlsx_bytes(["名称"], [["x"]])
    client.post(LIST, {"kind": "allocations", "file": upload("bad.xlsx", bad)}, REMOTE_ADDR="10.7.8.9")

    events = AuditEvent.objects.filter(kind=EventKind.IMPORT).order_by("id")
    assert [(e.data["status"], e.ip) for e in events] == [
        ("done", "10.1.2.3"),
        ("done", "10.4.5.6"),
        ("failed", "10.7.8.9"),
    ]
