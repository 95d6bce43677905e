"""``warledger eval ...``: scorers against gold data, each printing a table or JSON.

Commands live beside their scorers: ``geo_cmds`` (geoparse, geocode), ``coding_cmds``
(events, case2021, ucdp, losses, reference) and ``gate`` (the CI quality gate).
"""

from __future__ import annotations

import typer

from ..cliutil import App

eval_app = App(help="Score warledger against gold data.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    import importlib

    for name in ("geo_cmds", "coding_cmds", "articles_cmds", "losses_cmds", "gate"):
        try:
            mod = importlib.import_module(f"{__package__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__package__}.{name}":
                raise
            continue
        mod.register(eval_app)
    app.add_typer(eval_app, name="eval")
