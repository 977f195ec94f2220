"""`manage.py prune_audit_log`: archive and remove audit events past the retention period.

Events are kept at least settings.AUDIT_RETENTION_DAYS days (never fewer than 184) [等保 2.0:
审计记录保存不少于六个月]; the command refuses a shorter period. Only the oldest unbroken run of
events older than that is pruned, and only when the whole chain verifies first. The events go to a
JSON Lines archive file (checkable with `verify_audit_log --archive`), an AuditCheckpoint keeps the
hash of the last pruned event so verify() still checks everything that remains, and the pruning
itself is a chained audit event.
"""

import datetime
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from perfapp import audit
from perfapp.documents import sha256_of
from perfapp.models import AuditCheckpoint, AuditEvent, EventKind


def event_to_archive(event: AuditEvent) -> dict:
    return {
        "id": event.pk,
        "at": event.at.isoformat(timespec="microseconds"),
        "kind": event.kind,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "data": event.data,
        "ip": event.ip,
        "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


def event_from_archive(row: dict) -> AuditEvent:
    return AuditEvent(
        pk=row["id"],
        at=datetime.datetime.fromisoformat(row["at"]),
        kind=row["kind"],
        actor_id=row["actor"],
        actor_name=row["actor_name"],
        object_type=row["object_type"],
        object_id=row["object_id"],
        summary=row["summary"],
        data=row["data"],
        ip=row["ip"],
        prev_hash=row["prev_hash"],
        hash=row["hash"],
    )


def default_archive_dir() -> Path:
    return Path(getattr(settings, "AUDIT_ARCHIVE_DIR", settings.BASE_DIR / "var" / "audit-archive"))


class Command(BaseCommand):
    help = "归档并删除超过保存期限（至少 184 天）的审计记录；删除后哈希链仍可完整校验。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="保存天数，默认 AUDIT_RETENTION_DAYS；小于该值时拒绝执行",
        )
        parser.add_argument("--archive-dir", default=None, help="归档文件目录")
        parser.add_argument("--dry-run", action="store_true", help="只显示将归档的记录数，不做改动")

    def handle(self, *args, days=None, archive_dir=None, dry_run=False, **options):
        minimum = settings.AUDIT_RETENTION_DAYS
        days = minimum if days is None else days
        if days < minimum:
            raise CommandError(f"拒绝执行：审计记录至少保存 {minimum} 天，不能只保存 {days} 天。")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        target_dir = Path(archive_dir) if archive_dir else default_archive_dir()

        with transaction.atomic():
            # Serialise with audit.record() so no event is appended while the head is cut.
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [audit._LOCK_KEY])
            problem = audit.verify()
            if problem is not None:
                raise CommandError(f"审计日志校验未通过，拒绝归档（请先调查）：{problem}")
            last_id = self._last_prunable_id(cutoff)
            if last_id is None:
                self.stdout.write(f"没有早于 {timezone.localtime(cutoff):%Y-%m-%d %H:%M} 的可归档审计记录。")
                return
            events = AuditEvent.objects.filter(id__lte=last_id).order_by("id")
            count = events.count()
            if dry_run:
                self.stdout.write(f"将归档并删除 {count} 条审计记录（编号 ≤ {last_id}）。未做任何改动。")
                return
            path = self._write_archive(target_dir, events, last_id)
            try:
                with open(path, "rb") as handle:
                    digest = sha256_of(handle)
                last_hash = AuditEvent.objects.values_list("hash", flat=True).get(pk=last_id)
                checkpoint = AuditCheckpoint.objects.create(
                    last_event_id=last_id,
                    last_hash=last_hash,
                    event_count=count,
                    archive_name=path.name,
                    archive_sha256=digest,
                    created_by=os.environ.get("USER", ""),
                )
                AuditEvent.objects.filter(id__lte=last_id).delete()
                audit.record(
                    EventKind.DELETED,
                    None,
                    checkpoint,
                    summary=f"归档并删除 {count} 条超过保存期限（{days} 天）的审计记录",
                    data={
                        "last_event_id": last_id,
                        "last_hash": last_hash,
                        "count": count,
                        "archive": path.name,
                        "archive_sha256": digest,
                        "cutoff": cutoff.isoformat(),
                    },
                )
                problem = audit.verify()
                if problem is not None:
                    raise CommandError(f"归档后校验未通过，已撤销：{problem}")
            except BaseException:
                path.unlink(missing_ok=True)
                raise
        self.stdout.write(f"已归档并删除 {count} 条审计记录，归档文件：{path}（SHA-256 {digest}）。")

    @staticmethod
    def _last_prunable_id(cutoff) -> int | None:
        """The last id of the oldest unbroken run of events older than `cutoff`.

        Never the newest event: the chain must keep a tail for the next append to link onto.
        """
        first_young = (
            AuditEvent.objects.filter(at__gte=cutoff).order_by("id").values_list("id", flat=True).first()
        )
        newest = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        if newest is None:
            return None
        bound = first_young if first_young is not None else newest
        return AuditEvent.objects.filter(id__lt=bound).order_by("-id").values_list("id", flat=True).first()

    @staticmethod
    def _write_archive(target_dir: Path, events, last_id: int) -> Path:
        target_dir.mkdir(parents=True, exist_ok=True)
        first_id = events.values_list("id", flat=True).first()
        stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
        path = target_dir / f"audit-{first_id}-{last_id}-{stamp}.jsonl"
        with open(path, "x", encoding="utf-8") as handle:
            for event in events.iterator(chunk_size=2000):
                handle.write(json.dumps(event_to_archive(event), ensure_ascii=False, sort_keys=True) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        return path
