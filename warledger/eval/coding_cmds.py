"""``warledger eval events|case2021|ucdp|reference``: thin commands over ``eval.coding``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

DEFAULT_CORPUS = Path("../shared/corpus")


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.3f}"
    return "-" if v is None else str(v)


def print_report(title: str, report: dict[str, Any], format: str,
                 details: list[tuple[str, list[str], list[list[Any]]]] | None = None) -> None:
    """The top-level numbers as a table (or the whole report as JSON)."""
    if format == "json":
        typer.echo(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for k, v in report.items():
        if isinstance(v, (int, float)) or v is None:
            table.add_row(k, _fmt(v))
    console.print(table)
    for sub_title, cols, rows in details or []:
        if not rows:
            continue
        t = Table(title=sub_title)
        for c in cols:
            t.add_column(c)
        for r in rows:
            t.add_row(*[_fmt(x) for x in r])
        console.print(t)


def _check_format(format: str) -> None:
    from ..cliutil import fail

    if format not in ("table", "json"):
        fail(f"unknown --format {format!r} (use table or json)")


def _run(fn: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    from ..cliutil import fail
    from ..errors import WarledgerError

    try:
        return fn(*args, **kwargs)
    except WarledgerError as exc:
        fail(str(exc))
        raise  # unreachable


BACKEND_HELP = "Extraction backend for the pipeline figures (rules, llm, rules+llm)"


def _backend(name: str) -> None:
    from .coding import use_backend

    _run(use_backend, name)


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("events")
    def events(
        path: Path = typer.Argument(..., help="An ACLED-format CSV with a notes column"),
        delay: int = typer.Option(7, help="Days between the event and the publication date given"),
        limit: int = typer.Option(None, help="Score at most N rows (every k-th row)"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        backend: str = typer.Option("rules", help=BACKEND_HELP),
    ) -> None:
        """Extract events from ACLED notes and compare type, place, fatalities, date, actor1."""
        from .coding import score_events

        _check_format(format)
        _backend(backend)
        rep = _run(score_events, path, delay_days=delay, limit=limit)
        rows = [[k, v["support"], v["precision"], v["recall"], v["f1"]]
                for k, v in rep["per_type"].items() if v["support"]]
        print_report("eval events", rep, format,
                     [("per sub-event type", ["type", "n", "P", "R", "F1"], rows)])

    @eval_app.command("case2021")
    def case2021(
        path: Path = typer.Argument(..., help="CASE 2021 task 2 TSV (EventSnippet, SubType)"),
        pipeline: bool = typer.Option(True, "--pipeline/--no-pipeline", help="Also score the full extraction pipeline"),
        limit: int = typer.Option(None, help="Score at most N snippets (every k-th row)"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        backend: str = typer.Option("rules", help=BACKEND_HELP),
    ) -> None:
        """Event typing on CASE 2021 snippets: macro/micro F1 over the 25 ACLED types."""
        from .coding import score_case2021

        _check_format(format)
        _backend(backend)
        rep = _run(score_case2021, path, pipeline=pipeline, limit=limit)
        rows = [[k, v["support"], v["precision"], v["recall"], v["f1"]]
                for k, v in sorted(rep["per_type"].items(), key=lambda kv: kv[1]["f1"])]
        conf = [[c["gold"], c["predicted"], c["count"]] for c in rep["confusions"]]
        print_report("eval case2021", rep, format, [
            ("per sub-event type (classify)", ["type", "n", "P", "R", "F1"], rows),
            ("most frequent confusions", ["gold", "predicted", "n"], conf),
        ])

    @eval_app.command("ucdp")
    def ucdp(
        path: Path = typer.Argument(..., help="UCDP GED CSV with source_headline"),
        limit: int = typer.Option(None, help="Score at most N rows (every k-th row)"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        backend: str = typer.Option("rules", help=BACKEND_HELP),
    ) -> None:
        """UCDP headlines: deaths exact vs best, location within 25 km, date exact.

        Scored rows: one headline in the field, a headline no other row shares (UCDP did not
        split that report over several events), and a headline that states a death count.
        Headroom: the share of rows whose headline states UCDP's own figure (or names a place
        within 25 km of UCDP's point), and the scores on just those rows.
        """
        from .coding import score_ucdp

        _check_format(format)
        _backend(backend)
        rep = _run(score_ucdp, path, limit=limit)
        left = [[k, v] for k, v in rep["left_out"].items()]
        misses = [[m["headline"], m["gold"], m["predicted"]] for m in rep["misses"]]
        print_report("eval ucdp", rep, format, [
            ("rows left out", ["why", "n"], left),
            ("deaths missed (first 15)", ["headline", "gold", "got"], misses),
        ])

    @eval_app.command("reference")
    def reference(
        text: Path = typer.Argument(None, help="The article (default: CORPUS/reference-article.txt)"),
        expected: Path = typer.Argument(None, help="Expected JSON (default: beside the article)"),
        corpus: Path = typer.Option(DEFAULT_CORPUS, help="Corpus folder for the defaults"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
    ) -> None:
        """The reference article against its expected events, claims and forbidden places."""
        from .coding import score_reference

        _check_format(format)
        text = text or corpus / "reference-article.txt"
        expected = expected or text.with_name(text.stem + ".expected.json")
        rep = _run(score_reference, text, expected)
        rows = [[d["id"], d["kind"], d["what"], "pass" if d["pass"] else "FAIL"]
                for d in rep["details"]]
        print_report("eval reference", rep, format,
                     [("items", ["id", "kind", "what", "result"], rows)])
        if rep["passed"] < rep["items"]:
            raise typer.Exit(1)
