"""ACLED-style notes: one plain sentence built only from an event's own fields."""

from __future__ import annotations

import re

from ..models import Event

_VERB = {
    "Armed clash": "clashed with",
    "Government regains territory": "regained territory from",
    "Non-state actor overtakes territory": "took territory from",
    "Air/drone strike": "carried out an air/drone strike against",
    "Shelling/artillery/missile attack": "shelled or fired missiles at",
    "Remote explosive/landmine/IED": "detonated an explosive device against",
    "Disrupted weapons use": "intercepted weapons of",
    "Attack": "attacked",
    "Agreement": "reached an agreement with",
}

# The act when the text names no target ("Russian forces carried out an air/drone strike").
_ALONE = {
    "Air/drone strike": "carried out an air/drone strike",
    "Shelling/artillery/missile attack": "shelled or fired missiles",
    "Remote explosive/landmine/IED": "detonated an explosive device",
    "Suicide bomb": "carried out a suicide bombing",
    "Grenade": "threw a grenade",
    "Disrupted weapons use": "intercepted or seized weapons",
    "Peaceful protest": "held a peaceful protest",
    "Arrests": "made arrests",
}


def notes_for(ev: Event, hedge: str | None = None) -> str:
    """One ACLED-style sentence built only from the event's own fields."""
    when = f"On {ev.event_date.day} {ev.event_date:%B %Y}" if ev.event_date else "On an unknown date"
    if ev.time_precision == 2 and ev.event_date:
        when = f"In the week of {ev.event_date.day} {ev.event_date:%B %Y}"
    elif ev.time_precision == 3 and ev.event_date:
        when = f"In {ev.event_date:%B %Y}"
    who = _short_actor(ev.actor1) or "unidentified actors"
    target = _short_actor(ev.actor2)
    what = ev.sub_event_type.lower()
    if ev.sub_event_type in _VERB and target:
        action = f"{who} {_VERB[ev.sub_event_type]} {target}"
    elif ev.sub_event_type in _ALONE:
        action = f"{who} {_ALONE[ev.sub_event_type]}"
    else:
        action = f"{who} were involved in an event coded as {what}"
    where = ""
    if ev.location:
        near = "near " if ev.geo_precision == 2 else ("in the area of " if ev.geo_precision == 3 else "in ")
        where = f" {near}{ev.location}" + (f" ({ev.admin1})" if ev.admin1 and ev.admin1 != ev.location else "")
    weapon = f" using {ev.weapon}" if ev.weapon else ""
    cas = []
    if ev.fatalities is not None:
        cas.append(f"{ev.fatalities} killed")
    if ev.injuries is not None:
        cas.append(f"{ev.injuries} injured")
    tail = f", with {' and '.join(cas)}" if cas else ""
    src = f" {'Reported' if not hedge else hedge.capitalize()} by {', '.join(ev.claimants)}." if ev.claimants else ""
    return f"{when}, {action}{where}{weapon}{tail}.{src}"


def _short_actor(actor: str | None) -> str | None:
    if not actor:
        return None
    if actor.startswith("Civilians ("):
        return "civilians"
    m = re.match(r"Military Forces of (\w+)", actor)
    if m:
        adj = {"Russia": "Russian", "Ukraine": "Ukrainian", "Belarus": "Belarusian"}
        return f"{adj.get(m.group(1), m.group(1))} forces"
    return re.sub(r"\s*\(\d{4}-\)", "", actor)


_HEDGED_BY = re.compile(r"\. (\w+) by [^.]*\.$")


def renote(ev: Event) -> str:
    """The notes of an event whose fields changed (a fused report), keeping the old hedge word."""
    m = _HEDGED_BY.search(ev.notes or "")
    hedge = m.group(1).lower() if m and m.group(1) != "Reported" else None
    return notes_for(ev, hedge)
