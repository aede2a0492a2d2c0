"""Background delivery of messages (django-tasks)."""

from django_tasks import task

from comptoir.notifications.actions import deliver


@task()
def deliver_message(message_id: int) -> str:
    return deliver(message_id)
