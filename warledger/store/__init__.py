"""store stage: the ledger database (SQLite, versioned schema, FTS5 over article text)."""

from .filters import ClaimFilter, EventFilter
from .ledger import IngestSummary, Ledger

__all__ = ["ClaimFilter", "EventFilter", "IngestSummary", "Ledger"]
