"""Errors a user can act on: each carries one line saying what failed and what to do."""

from __future__ import annotations


class WarledgerError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""


class InputError(WarledgerError):
    """An input (file, line, page) cannot be read as an article."""


class StoreError(WarledgerError):
    """The ledger database cannot be opened or written."""


class GazetteerError(WarledgerError):
    """The gazetteer cannot be built or a dump cannot be loaded."""
