"""Commands of the web stage: ``warledger serve``."""

from __future__ import annotations

import os
from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    """Add this stage's commands to the main app."""

    @app.command()
    def serve(
        db: str = typer.Option("warledger.db", "--db", envvar="WARLEDGER_DB",
                               help="Ledger to show: a SQLite file, or postgresql://USER@HOST/DB"),
        host: str = typer.Option("127.0.0.1", help="Address to bind (loopback unless --token)"),
        port: int = typer.Option(8000, help="Port to listen on"),
        token: str = typer.Option(None, help="Require this token (or env WARLEDGER_TOKEN)"),
    ) -> None:
        """Serve the ledger in the browser: map, timeline, evidence, claims, JSON API (read-only)."""
        from ..cliutil import fail
        from ..errors import WarledgerError
        from .security import is_loopback

        token = token or os.environ.get("WARLEDGER_TOKEN") or None
        if not is_loopback(host) and not token:
            fail(f"--host {host} is reachable from other machines: give --token TOKEN "
                 "(or set WARLEDGER_TOKEN)")
        if token is not None and (len(token) < 8 or not all(c.isalnum() or c in "-_.~" for c in token)):
            fail("--token: use at least 8 characters from A-Z a-z 0-9 - _ . ~")
        if not 0 < port < 65536:
            fail(f"--port {port}: use 1 to 65535")
        from ..store.pg import display, is_url

        if not is_url(db) and not Path(db).exists():
            fail(f"{db}: no such ledger (create it with warledger ingest, or give --db FILE)")
        try:
            from .app import create_app

            application = create_app(db, token=token)
        except WarledgerError as exc:
            fail(str(exc))
        import uvicorn

        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"warledger: serving {display(db) if is_url(db) else db} at http://{shown}:{port}/ (Ctrl-C to stop)", err=True)
        try:
            uvicorn.run(application, host=host, port=port, log_level="warning")
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc}")
