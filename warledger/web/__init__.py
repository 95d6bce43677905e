"""web stage: ``warledger serve``, the map, timeline, evidence and claims views with JSON twins."""

from __future__ import annotations


def create_app(db, *, token=None):
    """The Starlette app over a ledger file (read-only); see ``warledger.web.app``."""
    from .app import create_app as _create

    return _create(db, token=token)


__all__ = ["create_app"]
