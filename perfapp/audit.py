"""The append-only, hash-chained audit log [等保 2.0 安全审计; DESIGN.md §4 Audit chain].

record() appends an event whose hash covers its own fields and the previous event's hash.
Appends are serialised by a PostgreSQL advisory lock held to the end of the transaction, so two
concurrent requests can never both chain onto the same predecessor. verify() walks the chain and
reports the first row that was edited, deleted or reordered.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from perfapp.models import AuditCheckpoint, AuditEvent, EventKind

GENESIS = "0" * 64
#: An arbitrary constant key for pg_advisory_xact_lock: "perf" "audit".
_LOCK_KEY = 0x70657266_6175


def _canonical(event: AuditEvent) -> bytes:
    payload = {
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
        "prev": event.prev_hash,
    }
    return json.dumps(
        payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
    ).encode()


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event)).hexdigest()


def client_ip(request):
    """The client's address as the audit log records it (the proxy sets REMOTE_ADDR)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: EventKind | str,
    actor=None,
    obj=None,
    summary: str = "",
    data=None,
    request=None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one.

    `ip`: for work done away from the request (a worker), the address the request came from."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
        event = AuditEvent(
            at=timezone.now(),
            kind=str(kind),
            actor=actor,
            actor_name=getattr(actor, "username", "") if actor else "",
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(obj.pk) if obj is not None else "",
            summary=str(summary)[:255],
            data=json.loads(json.dumps(data or {}, ensure_ascii=False, default=str)),
            ip=ip or client_ip(request),
            prev_hash=last["hash"] if last else GENESIS,
        )
        # The id is part of the hash, so take it first: insert with a placeholder, then seal.
        event.hash = "pending-" + hashlib.sha256(f"{event.at}{event.prev_hash}".encode()).hexdigest()[:48]
        event.save()
        event.hash = compute_hash(event)
        AuditEvent.objects.filter(pk=event.pk).update(hash=event.hash)
    return event


@dataclass
class Problem:
    event_id: int | None
    reason: str

    def __str__(self):
        return f"#{self.event_id}: {self.reason}" if self.event_id else self.reason


def chain_start() -> tuple[str, int | None] | Problem:
    """Where verify() starts: the genesis hash, or the last event pruned by `prune_audit_log`.

    A checkpoint counts only while the chained event that announced it is still in the log, so a
    checkpoint row slipped in by hand cannot hide the deletion of the oldest events.
    """
    checkpoint = AuditCheckpoint.objects.order_by("-last_event_id").first()
    if checkpoint is None:
        return GENESIS, None
    announced = AuditEvent.objects.filter(
        kind=EventKind.DELETED,
        object_type=AuditCheckpoint._meta.label_lower,
        object_id=str(checkpoint.pk),
        data__last_hash=checkpoint.last_hash,
    ).exists()
    if not announced:
        return Problem(None, f"归档点 #{checkpoint.last_event_id} 没有对应的归档审计记录：归档点可能被伪造")
    return checkpoint.last_hash, checkpoint.last_event_id


def verify(batch_size: int = 5000) -> Problem | None:
    """The first break in the chain, or None when every row is intact and in order.

    Edited row → its hash no longer matches its content. Deleted row → the next row's prev_hash
    names a hash that is not the previous row's. Reordered rows → the same.
    """
    start = chain_start()
    if isinstance(start, Problem):
        return start
    prev_hash, prev_id = start
    qs = AuditEvent.objects.order_by("id")
    last_id = 0
    while True:
        rows = list(qs.filter(id__gt=last_id)[:batch_size])
        if not rows:
            return None
        for event in rows:
            if event.prev_hash != prev_hash:
                return Problem(
                    event.pk,
                    f"与前一条记录（#{prev_id}）不衔接：其前一条记录被删除、篡改或顺序被改动",
                )
            if compute_hash(event) != event.hash:
                return Problem(event.pk, "内容与其哈希值不符：该记录被篡改")
            prev_hash, prev_id = event.hash, event.pk
        last_id = rows[-1].pk
