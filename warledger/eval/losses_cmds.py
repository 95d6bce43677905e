"""``warledger eval losses PATH...``: loss-tally extraction against gold JSONL."""

from __future__ import annotations

import json
from pathlib import Path

import typer


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("losses")
    def losses(
        paths: list[Path] = typer.Argument(..., help="JSONL files with text and gold figures"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
    ) -> None:
        """Score loss tallies: per-category exact share and fully exact statements."""
        from ..cliutil import fail, warn
        from ..errors import WarledgerError
        from .losses import score_losses

        if format not in ("table", "json"):
            fail(f"unknown --format {format!r} (use table or json)")
        try:
            report = score_losses(list(paths))
        except WarledgerError as exc:
            fail(str(exc))
        for err in report["errors"]:
            warn(err)
        if format == "json":
            typer.echo(json.dumps(report, indent=2, ensure_ascii=False))
        else:
            typer.echo(format_table(report))
        if report["errors"]:
            raise typer.Exit(1)


def format_table(report: dict) -> str:
    def pct(x) -> str:
        return "-" if x is None else f"{100 * x:.1f}%"

    lines = [f"{'category':<22} {'n':>5} {'exact':>6} {'share':>7}"]
    for key, c in report["per_category"].items():
        lines.append(f"{key:<22} {c['n']:>5} {c['exact']:>6} {pct(c['share']):>7}")
    lines.append(f"{'ALL categories':<22} {report['categories_scored']:>5} "
                 f"{report['categories_exact']:>6} {pct(report['categories_exact_share']):>7}")
    q = report["personnel_qualifier"]
    lines.append(f"{'personnel qualifier':<22} {q['n']:>5} {q['exact']:>6} {pct(q['share']):>7}")
    lines.append(f"statements fully exact: {report['statements_fully_exact']}/"
                 f"{report['statements']} ({pct(report['statements_fully_exact_share'])})")
    if report["excluded_gold_fields"]:
        lines.append("excluded gold fields: " + ", ".join(
            f"{k} ({v['count']}: {v['why']})" for k, v in report["excluded_gold_fields"].items()))
    if report["unknown_gold_fields"]:
        lines.append("unknown gold fields (not scored): " + ", ".join(
            f"{k} ({v})" for k, v in report["unknown_gold_fields"].items()))
    if report["predicted_not_in_gold"]:
        lines.append("predicted, not in gold: " + ", ".join(
            f"{k} ({v})" for k, v in report["predicted_not_in_gold"].items()))
    for m in report["mismatches"][:10]:
        lines.append(f"  miss {m['where']} {m['category']}: gold {m['gold']}, got {m['predicted']}")
    return "\n".join(lines)
