"""The ``warledger`` command: thin commands over the library.

Each stage registers its own commands (``register(app)`` in ``<stage>/cli.py``); this module
holds the app, the shared error handling and the core ``extract`` and ``schema`` commands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from .errors import WarledgerError

app = typer.Typer(
    name="warledger",
    help="War reporting in, a sourced ledger of events and claims out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def fail(message: str, code: int = 2) -> None:
    """Print one line to stderr and exit."""
    typer.echo(f"warledger: {message}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"warning: {message}", err=True)


def parse_date_option(value: str | None, name: str = "--published"):
    from .extract.pipeline import to_date

    if value is None:
        return None
    try:
        return to_date(value)
    except ValueError as exc:
        fail(f"{name}: {exc}")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the records (Article, Event, Claim, Evidence, Toponym)."""
    from .models import json_schemas

    typer.echo(json.dumps(json_schemas(), indent=2))


@app.command()
def extract(
    paths: list[Path] = typer.Argument(None, help="Text, HTML or JSONL files, or folders"),
    input: str = typer.Option(None, "--input", "-i", help="A file to read, or - for stdin"),
    published: str = typer.Option(None, help="Publication date (YYYY-MM-DD) for relative dates"),
    format: str = typer.Option("json", "--format", "-f", help="json, jsonl, csv or geojson"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    explain: bool = typer.Option(
        False, "--explain",
        help="Also list the candidates that were not kept (status and reason): a table on "
             "stderr, and a \"candidates\" list in JSON output"),
) -> None:
    """Extract events and claims without a database; print them."""
    from .export import formats as fmt
    from .extract import extract_article
    from .ingest.readers import InputFailure, read_inputs
    from .options import Options

    if format not in ("json", "jsonl", "csv", "geojson"):
        fail(f"unknown --format {format!r} (use json, jsonl, csv or geojson)")
    pub = parse_date_option(published)
    sources: list[str] = [str(p) for p in (paths or [])]
    if input is not None:
        sources.append(input)
    if not sources:
        fail("nothing to read: give PATH... or --input FILE|-")
    failed = 0
    articles, events, claims, candidates = [], [], [], []
    seen: set[str] = set()
    out = sys.stdout
    for doc in read_inputs(sources):
        if isinstance(doc, InputFailure):
            failed += 1
            warn(str(doc))
            continue
        item = doc.article
        for w in getattr(doc, "warnings", ()):
            warn(f"{item.external_id or item.id}: {w}")
        options = Options(published=pub or item.published, backend=backend)
        try:
            result = extract_article(item, options)
        except WarledgerError as exc:
            failed += 1
            warn(f"{item.external_id or item.id}: {exc}")
            continue
        for w in result.warnings:
            warn(f"{item.external_id or item.id}: {w}")
        if explain:
            _explain(item.external_id or item.id, result)
        if format == "jsonl":
            line = {
                "id": item.external_id if item.external_id is not None else item.id,
                "events": [e.model_dump(mode="json") for e in result.events],
                "claims": [c.model_dump(mode="json") for c in result.claims],
            }
            if explain:
                line["candidates"] = [c.model_dump(mode="json") for c in result.candidates]
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            continue
        if item.id in seen:
            continue
        seen.add(item.id)
        articles.extend(result.articles)
        events.extend(result.events)
        claims.extend(result.claims)
        candidates.extend(result.candidates)
    if format == "json":
        from .models import Result

        doc = Result(articles=articles, events=events, claims=claims).to_dict()
        if explain:
            doc["candidates"] = [c.model_dump(mode="json") for c in candidates]
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    elif format == "csv":
        fmt.write_acled_csv(events, out, articles={a.id: a for a in articles})
    elif format == "geojson":
        typer.echo(json.dumps(fmt.geojson(events), ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def _explain(name: str, result) -> None:
    """The candidates of one article that were not kept, as a table on stderr."""
    from rich.console import Console

    from .extract import explain

    console = Console(stderr=True, highlight=False)
    gone = explain.dropped(result.candidates)
    console.print(f"{name}: {len(result.events)} events; {explain.summary_line(result.candidates)}")
    if gone:
        console.print(explain.table(gone, f"not kept ({len(gone)})"))


@app.command()
def demo(
    format: str = typer.Option("table", "--format", "-f", help="table or json"),
) -> None:
    """Extract the bundled sample front-line report (published 2023-03-23) and print the result."""
    from importlib import resources

    from rich.console import Console

    from . import extract as run_extract
    from .store.present import claims_table, events_table

    text = resources.files("warledger").joinpath("data", "sample-article.txt").read_text("utf-8")
    result = run_extract(text, published="2023-03-23", source="warledger sample")
    if format == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    elif format == "table":
        console = Console()
        console.print(events_table(result.events))
        console.print(claims_table(result.claims))
    else:
        fail(f"unknown --format {format!r} (use table or json)")


def _register_stages() -> None:
    from .eval import cli as eval_cli
    from .fuse import cli as fuse_cli
    from .geo import cli as geo_cli
    from .ingest import cli as ingest_cli
    from .report import cli as report_cli
    from .store import cli as store_cli
    from .web import cli as web_cli

    for mod in (ingest_cli, store_cli, geo_cli, eval_cli, fuse_cli, report_cli, web_cli):
        mod.register(app)


_register_stages()


def main() -> None:
    try:
        app()
    except WarledgerError as exc:
        typer.echo(f"warledger: {exc}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("warledger: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
