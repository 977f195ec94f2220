"""`manage.py verify_audit_log`: walk the hash chain and report the first broken row.

Prints OK when every event is intact and in order; otherwise names the first edited, deleted or
reordered event and exits with status 1 [等保 2.0 安全审计: 审计记录防篡改]. With --archive FILE
it checks a file written by prune_audit_log instead.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from perfapp import audit
from perfapp.models import AuditEvent


class Command(BaseCommand):
    help = "校验审计日志哈希链：输出 OK，或第一条被修改、删除或调换顺序的记录（退出码 1）。"

    def add_arguments(self, parser):
        parser.add_argument("--archive", help="校验 prune_audit_log 写出的归档文件（JSON Lines）")

    def handle(self, *args, archive=None, **options):
        if archive:
            problem, count = verify_archive(archive)
        else:
            problem, count = audit.verify(), AuditEvent.objects.count()
        if problem is not None:
            raise CommandError(f"审计日志校验未通过：{problem}", returncode=1)
        self.stdout.write(f"OK：共 {count} 条审计记录，哈希链完整。")


def verify_archive(path: str) -> tuple[audit.Problem | None, int]:
    """Check an archive file's own chain: each line's hash matches its content and its predecessor."""
    from perfapp.management.commands.prune_audit_log import event_from_archive

    prev_hash = None
    prev_id = None
    count = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            event = event_from_archive(json.loads(line))
            if prev_hash is not None and event.prev_hash != prev_hash:
                return audit.Problem(event.pk, f"与前一条记录（#{prev_id}）不衔接：归档文件被改动"), count
            if audit.compute_hash(event) != event.hash:
                return audit.Problem(event.pk, "内容与其哈希值不符：该记录被篡改"), count
            prev_hash, prev_id = event.hash, event.pk
            count += 1
    return None, count
