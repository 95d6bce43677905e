"""The ``warledger`` command: thin commands over the library.

Each stage registers its own commands (``register(app)`` in ``<stage>/cli.py``); this module
holds the app, ``--version``, the error handling of ``main()`` and the core ``extract``,
``demo`` and ``schema`` commands. Helpers the stages share live in ``cliutil``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from . import progress
from .cliutil import DATE_METAVAR, App, fail, output_format, parse_date_option, warn
from .errors import WarledgerError

__all__ = ["app", "fail", "main", "parse_date_option", "warn"]  # fail/warn: old import path

app = App(name="warledger", no_args_is_help=True)  # help: the docstring of _root()


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"warledger {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """War reporting in, a sourced ledger of events and claims out.

    Results go to stdout; progress of slow steps to stderr (bars on a terminal, plain lines otherwise; WARLEDGER_PROGRESS=off silences it).
    """
    progress.enable()


@app.command()
def schema() -> None:
    """Print the JSON Schema of the records (Article, Event, Claim, Evidence, Toponym)."""
    from .models import json_schemas

    typer.echo(json.dumps(json_schemas(), indent=2))


EXTRACT_FORMATS = ("table", "json", "jsonl", "csv", "geojson")


@app.command()
def extract(
    paths: list[Path] = typer.Argument(None, help="Text, HTML or JSONL files, or folders"),
    input: str = typer.Option(None, "--input", "-i", help="A file to read, or - for stdin"),
    published: str = typer.Option(None, metavar=DATE_METAVAR,
                                  help="Publication date of inputs that carry none: relative "
                                       "dates ('on Wednesday') are resolved against it, and the "
                                       "article record says it"),
    format: str = typer.Option("auto", "--format", "-f",
                               help="table (the default on a terminal), json (the default when "
                                    "piped), jsonl, csv or geojson"),
    backend: str = typer.Option("rules", help="Extraction backend"),
    explain: bool = typer.Option(
        False, "--explain/--no-explain",
        help="Also list the candidates that were not kept (status and reason): a table on "
             "stderr, and a \"candidates\" list in JSON output"),
) -> None:
    """Extract events and claims without a database: a summary table on a terminal, every
    record with its evidence as JSON when piped or with --format json."""
    from .export import formats as fmt
    from .extract import extract_article
    from .ingest.readers import InputFailure, count_inputs, read_inputs
    from .options import Options

    format = output_format(format)
    if format not in EXTRACT_FORMATS:
        fail(f"unknown --format {format!r} (use {', '.join(EXTRACT_FORMATS)})")
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

    def one(doc) -> bool:  # False when the input failed
        if isinstance(doc, InputFailure):
            warn(str(doc))
            return False
        item = doc.article
        name = item.external_id or item.id
        for w in getattr(doc, "warnings", ()):
            warn(f"{name}: {w}")
        try:
            result = extract_article(item, Options(published=item.published or pub,
                                                   backend=backend))
        except WarledgerError as exc:
            warn(f"{name}: {exc}")
            return False
        for w in result.warnings:
            warn(f"{name}: {w}")
        if explain:
            _explain(name, result)
        if format == "jsonl":
            line = {
                "id": item.external_id if item.external_id is not None else item.id,
                "events": [e.model_dump(mode="json") for e in result.events],
                "claims": [c.model_dump(mode="json") for c in result.claims],
            }
            if explain:
                line["candidates"] = [c.model_dump(mode="json") for c in result.candidates]
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
        elif item.id not in seen:
            seen.add(item.id)
            articles.extend(result.articles)
            events.extend(result.events)
            claims.extend(result.claims)
            candidates.extend(result.candidates)
        return True

    with progress.task("extracting", total=count_inputs(sources)) as step:
        for doc in read_inputs(sources, published=pub):
            failed += not one(doc)
            step.advance()
    if format == "json":
        from .models import Result

        doc = Result(articles=articles, events=events, claims=claims).to_dict()
        if explain:
            doc["candidates"] = [c.model_dump(mode="json") for c in candidates]
        typer.echo(json.dumps(doc, indent=2, ensure_ascii=False))
    elif format == "table":
        from .store.present import print_extract_summary

        print_extract_summary(_stdout_console(), articles, events, claims)
    elif format == "csv":
        fmt.write_acled_csv(events, out, articles={a.id: a for a in articles})
    elif format == "geojson":
        typer.echo(json.dumps(fmt.geojson(events), ensure_ascii=False))
    if failed:
        raise typer.Exit(1)


def _explain(name: str, result) -> None:
    """The candidates of one article that were not kept, as a table on stderr."""
    from .extract import explain

    console = progress.stderr_console()  # above the progress bars when they show
    gone = explain.dropped(result.candidates)
    console.print(f"{name}: {len(result.events)} events; {explain.summary_line(result.candidates)}")
    if gone:
        console.print(explain.table(gone, f"not kept ({len(gone)})"))


def _stdout_console():
    from rich.console import Console

    from .cliutil import is_terminal

    return Console(width=None if is_terminal() else 100, highlight=False)


@app.command()
def demo(
    format: str = typer.Option("auto", "--format", "-f",
                               help="table (the default on a terminal) or json (when piped)"),
) -> None:
    """Extract the bundled sample front-line report (published 2023-03-23) and print the result."""
    from importlib import resources

    from . import extract as run_extract
    from .store.present import print_extract_summary

    format = output_format(format)
    if format not in ("table", "json"):
        fail(f"unknown --format {format!r} (use table or json)")
    text = resources.files("warledger").joinpath("data", "sample-article.txt").read_text("utf-8")
    result = run_extract(text, published="2023-03-23", source="warledger sample")
    if format == "json":
        typer.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print_extract_summary(_stdout_console(), result.articles, result.events, result.claims)


def _register_stages() -> None:
    from .batch import cli as batch_cli
    from .eval import cli as eval_cli
    from .fuse import cli as fuse_cli
    from .geo import cli as geo_cli
    from .ingest import cli as ingest_cli
    from .report import cli as report_cli
    from .store import cli as store_cli
    from .web import cli as web_cli

    for mod in (ingest_cli, store_cli, geo_cli, eval_cli, fuse_cli, report_cli, web_cli, batch_cli):
        mod.register(app)


_register_stages()


def main() -> None:
    try:
        app()
    except WarledgerError as exc:
        progress.echo(f"warledger: {exc}")
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("warledger: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
