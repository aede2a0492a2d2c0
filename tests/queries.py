"""Assert a page's SQL-query budget, with small and large data sets."""

from contextlib import contextmanager

from django.db import connection
from django.test.utils import CaptureQueriesContext


@contextmanager
def query_budget(limit: int):
    """Fail when the block runs more than `limit` SQL queries; lists them if so."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    if count > limit:
        listing = "\n".join(f"{i + 1}. {q['sql']}" for i, q in enumerate(captured.captured_queries))
        raise AssertionError(f"{count} queries, budget {limit}:\n{listing}")
