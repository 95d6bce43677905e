"""The records of the ledger: Article, Event, Claim and Evidence.

Field names are the contract of DESIGN.md (ACLED column names wherever ACLED has one) and
must not change. Records are frozen pydantic models; build new ones with ``model_copy``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["losses", "interception", "casualties", "territory", "cost", "assessment", "other"]
ClaimantType = Literal[
    "military", "government", "official", "media", "intelligence", "international", "other"
]
ToponymRole = Literal["literal", "metonym", "demonym"]
CandidateStatus = Literal["reported", "background", "hypothetical", "negated", "generic", "tally",
                          "not_a_place", "duplicate"]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Record):
    """The exact words a value comes from: ``text == article.text[start:end]``."""

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    field: str | None = Field(
        default=None,
        description="What this span supports: trigger, location, actor1, fatalities, claimant, date...",
    )


class Article(_Record):
    id: str = Field(description="Content hash of the normalised text")
    text: str
    published: dt.date | None = None
    source: str | None = None
    url: str | None = None
    title: str | None = None
    lang: str | None = None
    author: str | None = None
    external_id: str | None = Field(default=None, description="The id the input gave (JSONL id, path)")


class Event(_Record):
    id: str
    article_ids: list[str]
    event_date: dt.date | None = None
    time_precision: int = Field(default=1, ge=1, le=3)
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter1: int | None = None
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str | None = None
    location: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country: str | None = None
    iso: int | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    geonameid: int | None = None
    uncertainty_km: float | None = Field(
        default=None, description="geo_precision 2 for a village placed at its hromada's "
        "centre: how far it may lie from that point")
    fatalities: int | None = None
    injuries: int | None = None
    weapon: str | None = None
    claimants: list[str] = Field(default_factory=list)
    evidence: list[Evidence]
    notes: str = ""
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)


class Claim(_Record):
    id: str
    article_id: str
    event_id: str | None = None
    kind: ClaimKind
    claimant: str | None = None
    claimant_type: str | None = None
    about: str | None = None
    date: dt.date | None = None
    period: str | None = Field(default=None, description="day, cumulative, or an ISO interval")
    quantities: dict[str, float | int] = Field(default_factory=dict)
    qualifier: str | None = None
    hedge: str | None = None
    text: str | None = Field(default=None, description="Short statement of the claim")
    evidence: list[Evidence]


class Toponym(_Record):
    """A place name found in text, with the place it refers to (null coordinates if none)."""

    start: int
    end: int
    text: str
    name: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geonameid: int | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    geo_precision: int | None = None
    # a settlement placed at its hromada's centre (geo_precision 2): how far it may lie from it
    uncertainty_km: float | None = None
    role: ToponymRole = "literal"
    score: float = 0.0
    # why this place and not a namesake ("stated area: Pokrovsk Raion", "3 km from the
    # 2015-2022 line of contact"); None when the name has one place
    geo_reason: str | None = None


class Candidate(_Record):
    """A clause that told of an event, and what was decided about it: only ``reported``
    candidates become events (or join one: ``event_id``); the others say why not."""

    id: str
    article_id: str
    status: CandidateStatus
    reason: str
    sub_event_type: str
    location: str | None = None
    event_date: dt.date | None = None
    event_id: str | None = Field(default=None, description="The event it became or was merged into")
    sentence: Evidence
    evidence: list[Evidence] = Field(default_factory=list)


class Result(_Record):
    """What ``warledger.extract`` returns."""

    articles: list[Article] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # every candidate the backend weighed, kept or not (``extract --explain``)
    candidates: list[Candidate] = Field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "articles": [a.model_dump(mode="json") for a in self.articles],
            "events": [e.model_dump(mode="json") for e in self.events],
            "claims": [c.model_dump(mode="json") for c in self.claims],
        }


def normalize_text(text: str) -> str:
    """The text an article id is computed over: newlines unified, outer space trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:20]


def stable_id(prefix: str, *parts: Any) -> str:
    """A deterministic id from the parts that define a record."""
    blob = json.dumps(parts, sort_keys=True, default=str, ensure_ascii=False)
    return prefix + hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def json_schemas() -> dict[str, Any]:
    return {
        "Article": Article.model_json_schema(),
        "Event": Event.model_json_schema(),
        "Claim": Claim.model_json_schema(),
        "Evidence": Evidence.model_json_schema(),
        "Toponym": Toponym.model_json_schema(),
        "Candidate": Candidate.model_json_schema(),
    }
