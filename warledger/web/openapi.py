"""The OpenAPI 3.1 description of the JSON twins, written by hand (served at /openapi.json)."""

from __future__ import annotations

from typing import Any

from ..models import json_schemas


def _q(name: str, desc: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": desc,
            "schema": schema or {"type": "string", "maxLength": 200}}


DATE = {"type": "string", "format": "date"}
EVENT_FILTERS = [
    _q("date_from", "Events on or after this day (YYYY-MM-DD)", DATE),
    _q("date_to", "Events on or before this day (YYYY-MM-DD)", DATE),
    _q("event_type", "ACLED event type, e.g. Explosions/Remote violence"),
    _q("sub_event_type", "ACLED sub-event type, e.g. Air/drone strike"),
    _q("actor", "Substring of actor1, actor2 or an associated actor"),
    _q("claimant", "Substring of a claimant"),
    _q("place", "A location named by an event in the ledger; with km, events within that radius"),
    _q("near", "LAT,LON in decimal degrees; with km, events within that radius"),
    _q("km", "Radius for place/near in kilometres (default 25)", {"type": "number", "minimum": 0}),
    _q("q", "Full-text search over notes and article text (every word must appear)"),
    _q("min_confidence", "Minimum confidence 0..1", {"type": "number", "minimum": 0, "maximum": 1}),
    _q("country", "Country name or ISO alpha-2 code"),
    _q("limit", "Rows per page (1..10000, default 1000)", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _q("offset", "Rows to skip", {"type": "integer", "minimum": 0}),
]
CLAIM_FILTERS = [
    _q("kind", "losses, interception, casualties, territory, cost, assessment or other"),
    _q("claimant", "Substring of the claimant"),
    _q("about", "Substring of the side the claim is about"),
    _q("date_from", "Claims on or after this day", DATE),
    _q("date_to", "Claims on or before this day", DATE),
    _q("q", "Search in the claim text and its article"),
    _q("event_id", "Claims about this event"),
    _q("limit", "Rows (1..10000, default 1000)", {"type": "integer", "minimum": 1, "maximum": 10000}),
    _q("offset", "Rows to skip", {"type": "integer", "minimum": 0}),
]
ERRORS = {
    "400": {"description": "A malformed or oversized parameter; body {\"error\": message}",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
    "401": {"description": "A token is set and the request did not carry it",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
}
NOT_FOUND = {"404": {"description": "No such record",
                     "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}
ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}}]


def _json(desc: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": desc, "content": {"application/json": {"schema": schema}}}}


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def openapi(version: str) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    for name, schema in json_schemas().items():
        defs = schema.pop("$defs", {})
        schemas.update(defs)
        schemas[name] = schema
    text = _rewrite_refs(schemas)
    text["Error"] = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
    arr = lambda name: {"type": "array", "items": _ref(name)}  # noqa: E731
    paths = {
        "/events.json": {"get": {
            "summary": "Events matching the filters (twin of the map page /)",
            "parameters": [*EVENT_FILTERS,
                           _q("total", "1 to add the total number of matches", {"enum": ["1"]}),
                           _q("fields", "summary for the light form the map uses", {"enum": ["summary"]}),
                           _q("order", "With fields=summary: asc (default) or desc (newest first)",
                              {"enum": ["asc", "desc"]})],
            "responses": {**_json("Events", {"type": "object", "properties": {
                "count": {"type": "integer"}, "total": {"type": "integer"}, "limit": {"type": "integer"},
                "offset": {"type": "integer"}, "events": arr("Event")}}), **ERRORS}}},
        "/timeline.json": {"get": {
            "summary": "Events per day and event type for the filters (dates ignored)",
            "parameters": EVENT_FILTERS,
            "responses": {**_json("Counts per day", {"type": "object", "properties": {
                "days": {"type": "array", "items": {"type": "object", "properties": {
                    "date": DATE, "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
                    "total": {"type": "integer"}}}},
                "types": {"type": "array", "items": {"type": "string"}},
                "undated": {"type": "integer"}}}), **ERRORS}}},
        "/events/{id}.json": {"get": {
            "summary": "One event with its claims and source articles (twin of /events/{id})",
            "parameters": ID,
            "responses": {**_json("The event", {"type": "object", "properties": {
                "event": _ref("Event"), "claims": arr("Claim"),
                "articles": {"type": "array", "items": {"type": "object"}}}}), **ERRORS, **NOT_FOUND}}},
        "/articles/{id}.json": {"get": {
            "summary": "One article with the events and claims drawn from it (twin of /articles/{id})",
            "parameters": ID,
            "responses": {**_json("The article", {"type": "object", "properties": {
                "article": _ref("Article"), "events": arr("Event"), "claims": arr("Claim")}}),
                **ERRORS, **NOT_FOUND}}},
        "/claims.json": {"get": {
            "summary": "Claims matching the filters, with loss and interception tallies (twin of /claims)",
            "parameters": CLAIM_FILTERS,
            "responses": {**_json("Claims", {"type": "object", "properties": {
                "count": {"type": "integer"}, "claims": arr("Claim"), "tallies": {"type": "object"}}}),
                **ERRORS}}},
        "/contradictions.json": {"get": {
            "summary": "Claims about the same quantity that disagree, with both claimants "
                       "(twin of /contradictions); date_from/date_to narrow by claim date",
            "parameters": CLAIM_FILTERS,
            "responses": {**_json("Contradictions", {"type": "object", "properties": {
                "count": {"type": "integer"},
                "contradictions": {"type": "array", "items": {"type": "object"}}}}),
                **ERRORS}}},
        "/claims/{id}.json": {"get": {
            "summary": "One claim", "parameters": ID,
            "responses": {**_json("The claim", {"type": "object", "properties": {"claim": _ref("Claim")}}),
                          **ERRORS, **NOT_FOUND}}},
        "/export.csv": {"get": {
            "summary": "The filtered events as ACLED-style CSV (no limit unless given)",
            "parameters": EVENT_FILTERS,
            "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}}, **ERRORS}}},
        "/export.geojson": {"get": {
            "summary": "The filtered events as GeoJSON",
            "parameters": EVENT_FILTERS,
            "responses": {"200": {"description": "GeoJSON", "content": {"application/geo+json": {}}},
                          **ERRORS}}},
        "/stats.json": {"get": {"summary": "Row counts and the ACLED taxonomy",
                                "responses": {**_json("Counts", {"type": "object"}), **ERRORS}}},
        "/basemap/countries.geojson": {"get": {
            "summary": "Country borders (Natural Earth 1:10m, simplified) for the offline map",
            "responses": {"200": {"description": "GeoJSON", "content": {"application/geo+json": {}}}}}},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "warledger", "version": version,
                 "description": "Read-only JSON API of a warledger ledger. Every HTML page has a "
                                "twin here. When the server runs with a token, send it as "
                                "`Authorization: Bearer TOKEN` or `?token=TOKEN`."},
        "components": {"schemas": text, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
        "paths": paths,
    }


def _rewrite_refs(node: Any) -> Any:
    """pydantic's ``#/$defs/X`` references, pointed at ``#/components/schemas/X``."""
    if isinstance(node, dict):
        return {k: (v.replace("#/$defs/", "#/components/schemas/") if k == "$ref" and isinstance(v, str)
                    else _rewrite_refs(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [_rewrite_refs(v) for v in node]
    return node
