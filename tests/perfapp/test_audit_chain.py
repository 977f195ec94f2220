"""The hash-chained audit log detects edited, deleted and reordered rows [等保 2.0 安全审计]."""

import datetime
import io
import threading

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections
from django.utils import timezone

from perfapp import audit
from perfapp.models import AuditCheckpoint, AuditEvent, EventKind


def make_events(n, actor=None, start=0):
    return [audit.record(EventKind.LOGIN, actor, summary=f"事件{start + i}") for i in range(n)]


def run_verify_command(*args):
    out = io.StringIO()
    call_command("verify_audit_log", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestVerify:
    def test_an_intact_chain_passes_verify_and_the_command_prints_ok(self):
        make_events(5)
        assert audit.verify() is None
        assert run_verify_command().startswith("OK")

    def test_an_empty_log_is_intact(self):
        assert audit.verify() is None
        assert "OK" in run_verify_command()

    def test_a_summary_edited_through_a_queryset_update_is_detected(self):
        events = make_events(5)
        AuditEvent.objects.filter(pk=events[2].pk).update(summary="被改过的摘要")

        problem = audit.verify()
        assert problem is not None and problem.event_id == events[2].pk
        assert "篡改" in problem.reason
        with pytest.raises(CommandError, match=f"#{events[2].pk}") as excinfo:
            run_verify_command()
        assert excinfo.value.returncode == 1

    def test_a_deleted_row_is_detected_at_the_row_after_it(self):
        events = make_events(5)
        AuditEvent.objects.filter(pk=events[1].pk).delete()

        problem = audit.verify()
        assert problem is not None and problem.event_id == events[2].pk
        with pytest.raises(CommandError, match=f"#{events[2].pk}"):
            run_verify_command()

    def test_deleting_the_oldest_row_is_detected(self):
        events = make_events(3)
        AuditEvent.objects.filter(pk=events[0].pk).delete()

        assert audit.verify().event_id == events[1].pk

    def test_two_rows_swapped_in_order_are_detected(self):
        events = make_events(4)
        a, b = events[1].pk, events[2].pk
        with connection.cursor() as cur:
            table = AuditEvent._meta.db_table
            cur.execute(f"UPDATE {table} SET id = -1 WHERE id = %s", [a])
            cur.execute(f"UPDATE {table} SET id = %s WHERE id = %s", [a, b])
            cur.execute(f"UPDATE {table} SET id = %s WHERE id = -1", [b])

        problem = audit.verify()
        assert problem is not None and problem.event_id == a

    def test_changed_event_data_is_detected(self):
        events = make_events(3)
        AuditEvent.objects.filter(pk=events[0].pk).update(data={"rows": 999})
        assert audit.verify().event_id == events[0].pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_the_chain_linear():
    workers, per_worker = 4, 10
    barrier = threading.Barrier(workers)
    errors = []

    def append(n):
        try:
            barrier.wait()
            for i in range(per_worker):
                audit.record(EventKind.UPDATED, summary=f"线程{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert AuditEvent.objects.count() == workers * per_worker
    prev_hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    # A fork would show as two events naming the same predecessor.
    assert len(set(prev_hashes)) == len(prev_hashes)
    assert audit.verify() is None


@pytest.mark.django_db
class TestPrune:
    def old_and_new_events(self, days_old=200):
        with time_machine.travel(timezone.now() - datetime.timedelta(days=days_old), tick=True):
            old = make_events(3)
        new = make_events(2, start=3)
        return old, new

    def test_prune_refuses_a_period_shorter_than_the_retention_setting(self, settings, tmp_path):
        settings.AUDIT_RETENTION_DAYS = 184
        self.old_and_new_events()
        with pytest.raises(CommandError, match="184"):
            call_command("prune_audit_log", "--days", "30", "--archive-dir", str(tmp_path))
        assert AuditEvent.objects.count() == 5

    def test_prune_keeps_events_younger_than_the_retention_period(self, tmp_path):
        self.old_and_new_events(days_old=100)
        call_command("prune_audit_log", "--archive-dir", str(tmp_path), stdout=io.StringIO())
        assert AuditEvent.objects.count() == 5
        assert not AuditCheckpoint.objects.exists()

    def test_prune_archives_old_events_and_the_chain_still_verifies(self, tmp_path):
        old, new = self.old_and_new_events()

        call_command("prune_audit_log", "--archive-dir", str(tmp_path), stdout=io.StringIO())

        remaining = set(AuditEvent.objects.values_list("pk", flat=True))
        assert not remaining & {e.pk for e in old}
        assert {e.pk for e in new} <= remaining
        checkpoint = AuditCheckpoint.objects.get()
        assert checkpoint.last_event_id == old[-1].pk and checkpoint.event_count == 3
        assert AuditEvent.objects.filter(kind=EventKind.DELETED, object_id=str(checkpoint.pk)).exists()
        assert audit.verify() is None
        assert run_verify_command().startswith("OK")
        archive = tmp_path / checkpoint.archive_name
        assert run_verify_command("--archive", str(archive)).startswith("OK：共 3 条")

    def test_an_edit_after_pruning_is_still_detected(self, tmp_path):
        _, new = self.old_and_new_events()
        call_command("prune_audit_log", "--archive-dir", str(tmp_path), stdout=io.StringIO())
        AuditEvent.objects.filter(pk=new[0].pk).update(summary="改")
        assert audit.verify().event_id == new[0].pk

    def test_a_forged_checkpoint_cannot_hide_deleted_old_events(self):
        old, _ = self.old_and_new_events()
        AuditEvent.objects.filter(pk__lte=old[-1].pk).delete()
        AuditCheckpoint.objects.create(
            last_event_id=old[-1].pk,
            last_hash=old[-1].hash,
            event_count=3,
            archive_name="x",
            archive_sha256="0",
        )
        problem = audit.verify()
        assert problem is not None and "归档点" in problem.reason

    def test_prune_refuses_to_run_on_a_broken_chain(self, tmp_path):
        old, _ = self.old_and_new_events()
        AuditEvent.objects.filter(pk=old[1].pk).update(summary="改")
        with pytest.raises(CommandError, match="拒绝归档"):
            call_command("prune_audit_log", "--archive-dir", str(tmp_path))
        assert AuditEvent.objects.count() == 5
        assert list(tmp_path.iterdir()) == []

    def test_an_edited_archive_file_is_detected(self, tmp_path):
        self.old_and_new_events()
        call_command("prune_audit_log", "--archive-dir", str(tmp_path), stdout=io.StringIO())
        archive = tmp_path / AuditCheckpoint.objects.get().archive_name
        archive.write_text(archive.read_text(encoding="utf-8").replace("事件1", "事件X"), encoding="utf-8")
        with pytest.raises(CommandError, match="篡改"):
            run_verify_command("--archive", str(archive))

    def test_dry_run_changes_nothing(self, tmp_path):
        self.old_and_new_events()
        out = io.StringIO()
        call_command("prune_audit_log", "--dry-run", "--archive-dir", str(tmp_path), stdout=out)
        assert "3 条" in out.getvalue()
        assert AuditEvent.objects.count() == 5
