"""manage.py resume_imports — send again the imports that a broker outage or a worker crash left behind.

Queues budgets.tasks.run_import for every pending batch whose file is kept (its message never
reached the broker: perfapp.tasks.enqueue returned False) and every running batch whose heartbeat
stopped longer than the job heartbeat timeout ago (its worker died); the task claims each one with a
conditional UPDATE, so running this twice, or while the original message is still queued, imports
nothing twice. Exits with an error when the broker is still unreachable.
"""

from django.core.management.base import BaseCommand, CommandError

from budgets import imports


class Command(BaseCommand):
    help = (
        "重新排队等待中的导入批次，并接管心跳已停止的导入（消息队列恢复或工作进程崩溃后运行，可重复运行）。"
    )

    def handle(self, *args, **options):
        batches = list(imports.resumable_batches().values_list("pk", "status"))
        if not batches:
            self.stdout.write("没有需要恢复的导入批次。")
            return
        unsent = []
        for pk, status in batches:
            if imports.queue_batch(pk):
                action = "重新排队" if status == "pending" else "接管（心跳已超时）"
                self.stdout.write(f"批次 #{pk}：{action}")
            else:
                unsent.append(pk)
        sent = len(batches) - len(unsent)
        self.stdout.write(self.style.SUCCESS(f"已发送 {sent} 个导入批次。"))
        if unsent:
            raise CommandError(
                f"{len(unsent)} 个批次未能发送（消息队列不可用）：{', '.join(f'#{pk}' for pk in unsent)}。"
                "请在消息队列恢复后重新运行。"
            )
