"""Shared building blocks stored in the database: audit log, transitions, notifications, jobs."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """Every kind of audit event and notification (STYLE.md: one enum of event kinds)."""

    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKOUT = "lockout", _("账号锁定")
    PASSWORD_CHANGED = "password_changed", _("修改密码")
    SESSION_EXPIRED = "session_expired", _("会话超时")
    TRANSITION = "transition", _("流程流转")
    CREATED = "created", _("新建")
    UPDATED = "updated", _("修改")
    DELETED = "deleted", _("删除")
    IMPORT = "import", _("数据导入")
    EXPORT = "export", _("数据导出")
    PERMISSION_CHANGED = "permission_changed", _("权限变更")
    ACCOUNT_CHANGED = "account_changed", _("账号变更")
    POLICY_CHANGED = "policy_changed", _("政策参数变更")
    ACCESS_DENIED = "access_denied", _("越权访问")
    REPORT = "report", _("报告生成")
    SCORE = "score", _("评分")
    REMINDER = "reminder", _("催办提醒")


class AuditEvent(models.Model):
    """Append-only, hash-chained log [等保 2.0 安全审计]. Each row stores the previous row's hash.

    Written only through perfapp.audit.record(); checked by `manage.py verify_audit_log`.
    """

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("事件类型"), max_length=32, choices=EventKind.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField(_("操作人账号"), max_length=150, blank=True)
    object_type = models.CharField(_("对象类型"), max_length=64, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    summary = models.CharField(_("摘要"), max_length=255)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.summary}"


class TransitionLog(models.Model):
    """One row per state change of any lifecycle object: who, when, from, to, comment."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    obj = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=64)
    source = models.CharField(_("原状态"), max_length=32)
    target = models.CharField(_("新状态"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Notification(models.Model):
    """An inbox entry. Written only by perfapp.notify.notify()."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("类型"), max_length=32, choices=EventKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    due = models.DateField(_("截止日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title


class Job(models.Model):
    """A long piece of work (render, import, export) run by Celery; the page polls its status."""

    class Status(models.TextChoices):
        PENDING = "pending", _("排队中")
        RUNNING = "running", _("处理中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=64)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/%Y/%m/", blank=True)
    result_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    #: Touched on every progress update; a running job whose heartbeat stopped was lost with its worker.
    heartbeat_at = models.DateTimeField(_("最近心跳"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk} {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def kind_label(self) -> str:
        from perfapp.jobs import label_of

        return label_of(self.kind)


class AuditCheckpoint(models.Model):
    """Where the audit chain starts after old events were pruned [等保 2.0: kept ≥ 184 days].

    Pruning deletes the oldest events, so the first remaining event no longer chains onto the
    genesis hash. The checkpoint keeps the hash of the last pruned event (and the SHA-256 of the
    archive file they were written to), so verify() starts from it and still finds any edit,
    deletion or reordering among the events that remain. Written only by `prune_audit_log`.
    """

    last_event_id = models.PositiveBigIntegerField(_("最后归档事件编号"))
    last_hash = models.CharField(_("最后归档事件哈希"), max_length=64)
    event_count = models.PositiveIntegerField(_("归档事件数"))
    archive_name = models.CharField(_("归档文件"), max_length=255)
    archive_sha256 = models.CharField(_("归档文件 SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("归档时间"), auto_now_add=True)
    created_by = models.CharField(_("操作人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("审计日志归档点")
        verbose_name_plural = _("审计日志归档点")
        ordering = ["-last_event_id"]

    def __str__(self):
        return f"#{self.last_event_id} {self.archive_name}"
