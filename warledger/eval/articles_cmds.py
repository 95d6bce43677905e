"""``warledger eval articles``: full-length documents against hand-made gold."""

from __future__ import annotations

from pathlib import Path

import typer

from .coding_cmds import BACKEND_HELP, DEFAULT_CORPUS, _backend, _check_format, _run, print_report


def register(eval_app: typer.Typer) -> None:
    @eval_app.command("articles")
    def articles(
        corpus: Path = typer.Option(DEFAULT_CORPUS, help="Corpus folder (with articles/) or an articles folder"),
        only: str = typer.Option(None, help="Only documents whose id contains this text"),
        show: bool = typer.Option(False, "--show/--no-show", help="List each document's misses, spurious events and forbidden hits"),
        format: str = typer.Option("table", "--format", "-f", help="table or json"),
        backend: str = typer.Option("rules", help=BACKEND_HELP),
    ) -> None:
        """Strict and place+date precision/recall/F1, forbidden places, fatalities and claims.

        The rule is the corpus's own (articles/README.md): an event fits a gold event when it
        lies within the gold's km of its point on one of its dates (strict: and has one of its
        sub-event types); greedy one-to-one matching, required gold first; counts summed over
        documents before dividing.
        """
        from .articles import score_articles

        _check_format(format)
        _backend(backend)
        rep = _run(score_articles, corpus, only=only)
        docs = rep["documents"]
        rows = [[d["id"], d["events"], d["required"], d["strict_matched"], d["place_date_matched"],
                 d["strict_precision"], d["strict_recall"], d["place_date_precision"],
                 d["fatalities"], d["forbidden"], d["claims"]] for d in docs]
        details = [("per document", ["id", "events", "gold", "strict", "p+d", "P", "R", "P p+d",
                                     "deaths", "forbidden", "claims"], rows)]
        if show:
            for d in docs:
                lines = [["miss", m["id"], m["what"]] for m in d["misses"]]
                lines += [["spurious", f"{e['type']} {e['date']}", f"{e['place']} ({e['admin1']}) "
                           f"deaths={e['fatalities']} :: {e['evidence']}"] for e in d["spurious"]]
                lines += [["FORBIDDEN", f"{h['type']} {h['date']}", f"{h['place']}: {h['forbidden']}"]
                          for h in d["forbidden_hits"]]
                lines += [["claim missed", "", c] for c in d["claims_missed"]]
                details.append((d["id"], ["what", "", "detail"], lines))
        print_report("eval articles", rep if format == "json" else
                     {k: v for k, v in rep.items() if k != "documents"}, format, details)
