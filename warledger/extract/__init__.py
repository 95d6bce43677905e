"""Mentions in the text (places, actors, times, quantities, attributions) assembled into records."""

from .backends import available, get_backend, register
from .pipeline import extract, extract_article, make_article

__all__ = ["available", "extract", "extract_article", "get_backend", "make_article", "register"]
