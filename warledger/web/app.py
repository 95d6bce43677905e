"""The Starlette app behind ``warledger serve``: pages, their JSON twins and the exports.

Every page has a JSON twin (same path with ``.json``). Handlers are ``async`` and use one
read-only SQLite connection from the event loop's thread, so requests never share it
concurrently. Malformed parameters answer 400 with a one-line message; a token, when set,
guards every request (see ``security.py``).
"""

from __future__ import annotations

import io
import json
import logging
import threading
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import TypeAdapter
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__
from ..models import Event
from ..store import Ledger
from ..taxonomy import EVENT_TYPE_COLORS, EVENT_TYPES, SUB_EVENT_TYPES
from . import basemap, params, queries
from .openapi import openapi
from .params import BadParam
from .security import SecurityMiddleware

HERE = Path(__file__).parent
log = logging.getLogger("warledger.web")

EVENT_LIST = TypeAdapter(list[Event])
MAP_LIMIT = 5000          # markers the map page asks for by default


class JSONOut(JSONResponse):
    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    env.globals["version"] = __version__
    env.globals["event_type_colors"] = EVENT_TYPE_COLORS  # read by static/common.js
    return env


def _query(request: Request) -> dict[str, str]:
    params.check_query_string(request.scope.get("query_string", b""))
    return {k: v for k, v in request.query_params.items() if k != "token"}


def create_app(db: str | Path, *, token: str | None = None) -> Starlette:
    """The web app over the ledger at ``db`` (opened read-only)."""
    ledger = Ledger(db, readonly=True, fuse=False)  # fusion hooks only act on writes
    env = _templates()

    def page(name: str, request: Request, status: int = 200, **ctx: Any) -> HTMLResponse:
        html = env.get_template(name).render(request=request, path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status)

    def bad(request: Request, message: str, status: int = 400) -> Response:
        if request.url.path.endswith((".json", ".csv", ".geojson")):
            return JSONOut({"error": message}, status_code=status)
        return page("error.html", request, status=status, status_code=status, message=message)

    # -- map, list, timeline --------------------------------------------------------------------
    async def index(request: Request) -> Response:
        q = _query(request)
        params.event_filter(q, ledger.conn)  # a bad shared link gets its 400 here, not in JS
        return page("index.html", request, event_types=EVENT_TYPES,
                    sub_event_types=sorted(SUB_EVENT_TYPES), q=q, map_limit=MAP_LIMIT)

    async def events_json(request: Request) -> Response:
        q = _query(request)
        f = params.event_filter(q, ledger.conn)
        head: dict[str, Any] = {"limit": f.limit, "offset": f.offset}
        if q.get("total") == "1":
            head["total"] = queries.count_events(ledger, f)
        if q.get("fields") == "summary":
            order = q.get("order", "asc")
            if order not in ("asc", "desc"):
                raise BadParam("order: use asc or desc")
            data = queries.summaries(ledger, f, newest_first=order == "desc")
            return JSONOut({"count": len(data), **head, "events": data})
        events = ledger.events(f)
        # pydantic serialises the list in one go (far faster than dicts + json.dumps)
        head["count"] = len(events)
        body = JSONOut(head).body[:-1] + b',"events":' + EVENT_LIST.dump_json(events) + b"}"
        return Response(body, media_type="application/json")

    async def timeline_json(request: Request) -> Response:
        f = params.event_filter(_query(request), ledger.conn)
        return JSONOut(queries.timeline(ledger, f))

    # -- one event, one article -----------------------------------------------------------------
    def _event(request: Request):
        eid = params.record_id(request.path_params["id"])
        event = ledger.event(eid)
        if event is None:
            raise HTTPException(404, f"no event {eid}")
        return event

    async def event_page(request: Request) -> Response:
        return page("event.html", request, **queries.event_detail(ledger, _event(request)))

    async def event_json(request: Request) -> Response:
        detail = queries.event_detail(ledger, _event(request))
        return JSONOut({
            "event": detail["event"].model_dump(mode="json"),
            "claims": [c.model_dump(mode="json") for c in detail["claims"]],
            "articles": [{"id": s["article"].id, "title": s["article"].title, "source": s["article"].source,
                          "url": s["article"].url, "published": s["article"].published}
                         for s in detail["sources"]],
            "figures": detail["fused"]["figures"],
            "contradictions": detail["fused"]["contradictions"],
        })

    def _article(request: Request):
        aid = params.record_id(request.path_params["id"])
        article = ledger.article(aid)
        if article is None:
            raise HTTPException(404, f"no article {aid}")
        return article

    async def article_page(request: Request) -> Response:
        return page("article.html", request, **queries.article_detail(ledger, _article(request)))

    async def article_json(request: Request) -> Response:
        detail = queries.article_detail(ledger, _article(request))
        return JSONOut({"article": detail["article"].model_dump(mode="json"),
                        "events": [e.model_dump(mode="json") for e in detail["events"]],
                        "claims": [c.model_dump(mode="json") for c in detail["claims"]]})

    # -- claims -----------------------------------------------------------------------------------
    async def claims_page(request: Request) -> Response:
        q = _query(request)
        claims = ledger.claims(params.claim_filter(q))
        return page("claims.html", request, q=q, kinds=params.CLAIM_KINDS, claims=claims,
                    tallies=queries.claim_tallies(claims))

    async def claims_json(request: Request) -> Response:
        claims = ledger.claims(params.claim_filter(_query(request)))
        return JSONOut({"count": len(claims), "claims": [c.model_dump(mode="json") for c in claims],
                        "tallies": queries.claim_tallies(claims)})

    def _contradictions(request: Request) -> list[dict[str, Any]]:
        from ..fuse.contradictions import contradictions

        q = _query(request)
        f = params.claim_filter(q)
        return [c.to_dict() for c in contradictions(ledger, date_from=f.date_from, date_to=f.date_to)]

    async def contradictions_page(request: Request) -> Response:
        return page("contradictions.html", request, items=_contradictions(request))

    async def contradictions_json(request: Request) -> Response:
        items = _contradictions(request)
        return JSONOut({"count": len(items), "contradictions": items})

    async def claim_json(request: Request) -> Response:
        cid = params.record_id(request.path_params["id"])
        claim = ledger.claim(cid)
        if claim is None:
            raise HTTPException(404, f"no claim {cid}")
        return JSONOut({"claim": claim.model_dump(mode="json")})

    # -- exports ----------------------------------------------------------------------------------
    # An export can be large (every matching event): it runs in a worker thread on its own
    # read-only connection, so the pages stay responsive meanwhile.
    def _export_filter(request: Request):
        q = _query(request)
        if not q.get("limit"):
            q["limit"] = str(params.MAX_EXPORT)
        return params.event_filter(q, ledger.conn, max_limit=params.MAX_EXPORT)

    def _csv(f) -> str:
        from ..export.formats import write_acled_csv

        with Ledger(db, readonly=True, fuse=False) as own:
            events = own.events(f)
            articles = own.articles_by_id(a for e in events for a in e.article_ids)
        buf = io.StringIO()
        write_acled_csv(events, buf, articles=articles)
        return buf.getvalue()

    def _geojson(f) -> str:
        from ..export.formats import geojson

        with Ledger(db, readonly=True, fuse=False) as own:
            events = own.events(f)
        return json.dumps(geojson(events), ensure_ascii=False, default=str)

    async def export_csv(request: Request) -> Response:
        data = await run_in_threadpool(_csv, _export_filter(request))
        return Response(data, media_type="text/csv; charset=utf-8", headers={
            "content-disposition": 'attachment; filename="warledger-events.csv"'})

    async def export_geojson(request: Request) -> Response:
        data = await run_in_threadpool(_geojson, _export_filter(request))
        return Response(data, media_type="application/geo+json", headers={
            "content-disposition": 'attachment; filename="warledger-events.geojson"'})

    # -- meta -------------------------------------------------------------------------------------
    async def stats_json(request: Request) -> Response:
        return JSONOut({"counts": ledger.counts(), "event_types": EVENT_TYPES,
                        "sub_event_types": SUB_EVENT_TYPES, "version": __version__})

    async def openapi_json(request: Request) -> Response:
        return JSONOut(openapi(__version__))

    async def api_page(request: Request) -> Response:
        return page("api.html", request, spec=openapi(__version__))

    async def countries(request: Request) -> Response:
        headers = {"cache-control": "public, max-age=86400", "vary": "Accept-Encoding"}
        if "gzip" in request.headers.get("accept-encoding", ""):
            return Response(basemap.countries_gzip(), media_type="application/geo+json",
                            headers={**headers, "content-encoding": "gzip"})
        return Response(basemap.countries_bytes(), media_type="application/geo+json", headers=headers)

    # -- errors -----------------------------------------------------------------------------------
    async def on_bad_param(request: Request, exc: Exception) -> Response:
        return bad(request, str(exc))

    async def on_http(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return bad(request, exc.detail or "error", status=exc.status_code)

    async def on_error(request: Request, exc: Exception) -> Response:
        log.exception("error answering %s", request.url.path)
        return bad(request, "internal error (see the server log)", status=500)

    routes = [
        Route("/", index),
        Route("/events.json", events_json),
        Route("/timeline.json", timeline_json),
        Route("/events/{id}.json", event_json),
        Route("/events/{id}", event_page),
        Route("/articles/{id}.json", article_json),
        Route("/articles/{id}", article_page),
        Route("/claims.json", claims_json),
        Route("/claims/{id}.json", claim_json),
        Route("/claims", claims_page),
        Route("/contradictions.json", contradictions_json),
        Route("/contradictions", contradictions_page),
        Route("/export.csv", export_csv),
        Route("/export.geojson", export_geojson),
        Route("/stats.json", stats_json),
        Route("/openapi.json", openapi_json),
        Route("/api", api_page),
        Route("/basemap/countries.geojson", countries),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    for prefix, folder in basemap.vendor_dirs().items():
        routes.append(Mount(f"/vendor/{prefix}", StaticFiles(directory=folder), name=prefix))
    app = Starlette(
        routes=routes,
        middleware=[Middleware(SecurityMiddleware, token=token), Middleware(GZipMiddleware, minimum_size=2048, compresslevel=4)],
        exception_handlers={BadParam: on_bad_param, HTTPException: on_http, Exception: on_error},
    )
    app.state.ledger = ledger
    # build (or read) the basemap off the request path, so the first page does not wait for it
    threading.Thread(target=basemap.countries_gzip, name="warledger-basemap", daemon=True).start()
    return app
