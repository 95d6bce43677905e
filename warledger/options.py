"""The one options object that travels through the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Options:
    published: date | None = None
    backend: str = "rules"
    geo: bool = True
    lang: str | None = None
    country_focus: str | None = "UA"
    extra: dict[str, object] = field(default_factory=dict)
    # where fighting is, for geo to break ties between namesakes (a ``warledger.geo.prior``
    # object: the ledger's recent events over the static front lines); None: the static prior
    geo_prior: object | None = None
