"""Background work on people (django-tasks)."""

from django_tasks import task

from comptoir.people.privacy import apply_retention


@task()
def apply_retention_task() -> dict[str, int]:
    """The daily retention sweep, for a worker: {venue slug: people anonymised}."""
    return {venue.slug: count for venue, count in apply_retention().items()}
