"""The declaration a real app would keep in its service.py (registered by the tests,
since this package is no installed app)."""

from enum import StrEnum

from comptoir.kernel.services import JournalSource, NavEntry, Service

SOURCE = "dummy"


class DummyCapability(StrEnum):
    USE_DUMMY = "use_dummy"


SERVICE = Service(
    key="dummy",
    label="Service factice",
    capabilities={DummyCapability.USE_DUMMY: frozenset({"mediator", "volunteer"})},
    nav=(NavEntry("dummy", "Service factice", "dummy:index", DummyCapability.USE_DUMMY, order=65),),
    journal_sources=(JournalSource(SOURCE, "Service factice", order=55),),
)
