"""Install hygiene: every extra warledger asks of a dependency is one that dependency declares,
spelled as it declares it (pip before 23.3 compares extras literally and warns, e.g. "lxml
does not provide the extra 'html_clean'"), and lxml's HTML cleaner is there for trafilatura."""

from __future__ import annotations

import importlib.metadata as md
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _declared() -> list[Requirement]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = list(meta["dependencies"])
    for extra in meta.get("optional-dependencies", {}).values():
        reqs += extra
    return [Requirement(r) for r in reqs]


def test_every_requested_extra_is_provided_as_spelled():
    checked = 0
    for req in _declared():
        if not req.extras:
            continue
        try:
            provided = set(md.metadata(req.name).get_all("Provides-Extra") or [])
        except md.PackageNotFoundError:
            continue  # an optional extra not installed here
        for extra in req.extras:
            assert extra in provided, f"{req.name}[{extra}]: {req.name} provides {sorted(provided)}"
            checked += 1
    assert checked >= 1  # lxml[html-clean] at least


def test_lxml_html_cleaner_is_declared_and_importable():
    names = {r.name.lower().replace("_", "-"): r for r in _declared()}
    assert "html-clean" in names["lxml"].extras
    assert "lxml-html-clean" in names
    import lxml_html_clean  # noqa: F401  (trafilatura/justext import lxml.html.clean from it)
    from lxml.html import clean  # noqa: F401
