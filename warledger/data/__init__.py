"""Packaged data files (lexicons); users extend them in ``$WARLEDGER_DATA_DIR/lexicons/``."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any


def user_data_dir() -> Path:
    env = os.environ.get("WARLEDGER_DATA_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("warledger"))


@lru_cache(maxsize=64)
def load_lexicon(name: str) -> Any:
    """The packaged YAML lexicon ``name`` (e.g. 'claimants.yaml'), merged with the user's copy.

    Mappings are merged key by key (user entries first, so they win); lists are concatenated.
    """
    import yaml

    data = yaml.safe_load(resources.files(__package__).joinpath("lexicons", name).read_text("utf-8"))
    user = user_data_dir() / "lexicons" / name
    if user.is_file():
        extra = yaml.safe_load(user.read_text("utf-8"))
        if isinstance(data, dict) and isinstance(extra, dict):
            merged = dict(extra)
            for k, v in data.items():
                if k in merged and isinstance(v, list) and isinstance(merged[k], list):
                    merged[k] = merged[k] + v
                else:
                    merged.setdefault(k, v)
            data = merged
        elif isinstance(data, list) and isinstance(extra, list):
            data = extra + data
    return data
