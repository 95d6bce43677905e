"""ACLED's disorder, event and sub-event types (exact spellings) and interaction codes."""

from __future__ import annotations

SUB_EVENT_TYPES: dict[str, tuple[str, str]] = {
    # sub_event_type: (event_type, disorder_type)
    "Armed clash": ("Battles", "Political violence"),
    "Government regains territory": ("Battles", "Political violence"),
    "Non-state actor overtakes territory": ("Battles", "Political violence"),
    "Chemical weapon": ("Explosions/Remote violence", "Political violence"),
    "Air/drone strike": ("Explosions/Remote violence", "Political violence"),
    "Suicide bomb": ("Explosions/Remote violence", "Political violence"),
    "Shelling/artillery/missile attack": ("Explosions/Remote violence", "Political violence"),
    "Remote explosive/landmine/IED": ("Explosions/Remote violence", "Political violence"),
    "Grenade": ("Explosions/Remote violence", "Political violence"),
    "Sexual violence": ("Violence against civilians", "Political violence"),
    "Attack": ("Violence against civilians", "Political violence"),
    "Abduction/forced disappearance": ("Violence against civilians", "Political violence"),
    "Peaceful protest": ("Protests", "Demonstrations"),
    "Protest with intervention": ("Protests", "Demonstrations"),
    "Excessive force against protesters": ("Protests", "Demonstrations"),
    "Violent demonstration": ("Riots", "Demonstrations"),
    "Mob violence": ("Riots", "Political violence"),
    "Agreement": ("Strategic developments", "Strategic developments"),
    "Arrests": ("Strategic developments", "Strategic developments"),
    "Change to group/activity": ("Strategic developments", "Strategic developments"),
    "Disrupted weapons use": ("Strategic developments", "Strategic developments"),
    "Headquarters or base established": ("Strategic developments", "Strategic developments"),
    "Looting/property destruction": ("Strategic developments", "Strategic developments"),
    "Non-violent transfer of territory": ("Strategic developments", "Strategic developments"),
    "Other": ("Strategic developments", "Strategic developments"),
}

EVENT_TYPES = sorted({v[0] for v in SUB_EVENT_TYPES.values()})

INTER_CODES = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}


def event_type_of(sub_event_type: str) -> tuple[str, str]:
    """(event_type, disorder_type) of an ACLED sub-event type; KeyError if unknown."""
    return SUB_EVENT_TYPES[sub_event_type]


def interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's interaction code: the two inter codes joined, smaller first (10*a or 10*a+b)."""
    if inter1 is None:
        return None
    if not inter2:
        return inter1 * 10
    a, b = sorted((inter1, inter2))
    return a * 10 + b


# The one colour of each ACLED event type, used by the web map, its timeline and the brief's
# map and chart (the web pages read it from the page, the brief from here). Battles red,
# explosions orange, as on the web map since it was first drawn.
EVENT_TYPE_COLORS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
OTHER_TYPE_COLOR = "#555555"


def event_type_color(event_type: str | None) -> str:
    return EVENT_TYPE_COLORS.get(event_type or "", OTHER_TYPE_COLOR)
