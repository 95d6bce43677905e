"""Shared test setup: a session-wide data dir for anything that writes user data."""

from __future__ import annotations

import os
import tempfile

import pytest

# Set at import time so every test, and every subprocess a test starts, inherits it.
_DATA_DIR = tempfile.mkdtemp(prefix="warledger-test-data-")
os.environ["WARLEDGER_DATA_DIR"] = _DATA_DIR


@pytest.fixture(scope="session")
def data_dir() -> str:
    return _DATA_DIR


@pytest.fixture
def reference_like_text() -> str:
    """A short war-report paragraph in the style of the wire reports the tool reads."""
    return (
        "KYIV, March 22 (Reuters) - Russian forces struck the southern city of Zaporizhzhia with "
        "two missiles on Wednesday, killing at least one person and injuring 25 others, regional "
        "officials said. The Ukrainian air force said it shot down 12 of 15 Shahed drones launched "
        "overnight. According to the General Staff, 540 Russian soldiers, 7 tanks and 4 armored "
        "personnel carriers were destroyed in the past day. British military intelligence said "
        "Russia had likely moved more troops towards Bakhmut."
    )
