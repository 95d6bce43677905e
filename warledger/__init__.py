"""warledger: war reporting in, a sourced ledger of events and claims out."""

from .extract import extract, extract_article, make_article
from .models import Article, Candidate, Claim, Event, Evidence, Result, Toponym
from .options import Options

__version__ = "0.1.0"


def __getattr__(name: str):  # lazy: the store pulls in sqlite setup only when asked for
    if name == "Ledger":
        from .store import Ledger

        return Ledger
    raise AttributeError(name)


__all__ = [
    "Article",
    "Candidate",
    "Claim",
    "Event",
    "Evidence",
    "Ledger",
    "Options",
    "Result",
    "Toponym",
    "__version__",
    "extract",
    "extract_article",
    "make_article",
]
