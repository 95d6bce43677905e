"""ACLED event typing of one sentence or clause: which of the 25 sub-event types, or none.

``classify(text)`` scores the trigger lexicon (``data/lexicons/triggers.yaml``) per ACLED
sub-event type, applies the codebook's precedence (how an act is carried out decides among
the remote-violence types; protests are split by what the police or the crowd did; territory
changes by who took the ground), and weighs the result against cues of texts that are not
political violence at all (disasters, accidents, crime, health, diplomacy). It returns a
``Typing`` or ``None`` ("no ACLED event here").

The lexicons are data: a user extends them in ``$WARLEDGER_DATA_DIR/lexicons/triggers.yaml``
(same format; lines are added to the packaged ones).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..taxonomy import SUB_EVENT_TYPES, event_type_of
from .prefix import PrefixIndex

EXPLOSIVE_TYPES = (
    "Chemical weapon", "Suicide bomb", "Grenade", "Remote explosive/landmine/IED",
    "Air/drone strike", "Shelling/artillery/missile attack",
)
PROTEST_MODIFIERS = (
    "Excessive force against protesters", "Protest with intervention", "Violent demonstration",
)
TERRITORY_TYPES = (
    "Government regains territory", "Non-state actor overtakes territory",
    "Non-violent transfer of territory",
)
# When two types score the same, the earlier one wins.
PRIORITY = (
    "Suicide bomb", "Chemical weapon", "Disrupted weapons use", "Grenade",
    "Remote explosive/landmine/IED", "Air/drone strike", "Shelling/artillery/missile attack",
    "Sexual violence", "Abduction/forced disappearance", "Excessive force against protesters",
    "Violent demonstration", "Protest with intervention", "Mob violence", "Peaceful protest",
    "Government regains territory", "Non-state actor overtakes territory",
    "Non-violent transfer of territory", "Headquarters or base established", "Attack",
    "Armed clash", "Arrests", "Looting/property destruction", "Agreement",
    "Change to group/activity", "Other",
)
MIN_SCORE = 3.0
_RANK = {t: i for i, t in enumerate(PRIORITY)}


@dataclass(frozen=True)
class Typing:
    sub_event_type: str
    event_type: str
    disorder_type: str
    score: float
    trigger_start: int
    trigger_end: int
    weapon: str | None = None


@dataclass(frozen=True)
class _Pattern:
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True)
class _Hit:
    weight: float
    start: int
    end: int


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w])(?<![A-Za-z]-)(?:{pattern})(?![\w])", re.I)


def _read_yaml(path: Any) -> Any:
    with path.open("r", encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def _user_lexicon(name: str) -> Path | None:
    base = os.environ.get("WARLEDGER_DATA_DIR")
    if not base:
        return None
    p = os.path.join(base, "lexicons", name)  # a plain stat: this runs once per clause
    return Path(p) if os.path.isfile(p) else None


@lru_cache(maxsize=4)
def _lexicon(
    user_path: str | None = None,
) -> tuple[dict[str, list[_Pattern]], dict[str, list[_Pattern]], dict[str, list[_Pattern]]]:
    data = _read_yaml(resources.files("warledger").joinpath("data/lexicons/triggers.yaml"))
    extra = _read_yaml(Path(user_path)) if user_path else {}
    types: dict[str, list[_Pattern]] = {t: [] for t in SUB_EVENT_TYPES}
    none: dict[str, list[_Pattern]] = {}
    in_protest: dict[str, list[_Pattern]] = {}
    for source in (data, extra):
        for key, items in source.items():
            if key == "_in_protest":
                for t, pats in (items or {}).items():
                    if t not in types:
                        raise ValueError(f"triggers lexicon: unknown ACLED sub-event type {t!r}")
                    in_protest.setdefault(t, []).extend(
                        _Pattern(float(w), _compile(p)) for w, p in pats or []
                    )
                continue
            if key == "_none":
                for group, pats in (items or {}).items():
                    none.setdefault(group, []).extend(
                        _Pattern(float(w), _compile(p)) for w, p in pats or []
                    )
                continue
            if key not in types:
                raise ValueError(f"triggers lexicon: unknown ACLED sub-event type {key!r}")
            types[key].extend(_Pattern(float(w), _compile(p)) for w, p in items or [] if w > 0)
    return types, none, in_protest


@lru_cache(maxsize=4)
def _weapons(user_path: str | None = None) -> list[tuple[str, re.Pattern[str]]]:
    data = _read_yaml(resources.files("warledger").joinpath("data/lexicons/weapons.yaml"))
    if user_path:
        data = list(_read_yaml(Path(user_path))) + list(data)
    return [(str(name), _compile(p)) for name, p in data]


@lru_cache(maxsize=4)
def _weapon_index(user_path: str | None = None) -> PrefixIndex:
    return PrefixIndex([rx for _, rx in _weapons(user_path)])


def find_weapon(text: str) -> str | None:
    """The most specific weapon the text names, from ``weapons.yaml``."""
    wp = _user_lexicon("weapons.yaml")
    path = str(wp) if wp else None
    cand = _weapon_index(path).candidates(text)
    for i, (name, rx) in enumerate(_weapons(path)):
        if (cand is None or i in cand) and rx.search(text):
            return name
    return None


def _hits(text: str, patterns: list[_Pattern], per_pattern: int = 1) -> list[_Hit]:
    """The first match of each pattern (up to ``per_pattern`` different words each)."""
    return _collect(((p.weight, p.regex.finditer(text)) for p in patterns), per_pattern)


def _collect(scans, per_pattern: int) -> list[_Hit]:
    out: list[_Hit] = []
    for weight, matches in scans:
        seen: set[str] = set()
        for m in matches:
            word = m.group(0).lower()
            if word in seen:
                continue
            seen.add(word)
            out.append(_Hit(weight, m.start(), m.end()))
            if len(seen) >= per_pattern:
                break
    return out


def _score(hits: list[_Hit]) -> float:
    return sum(h.weight for h in hits)


# --- who takes ground ---------------------------------------------------------------

_STATE = re.compile(
    r"\b(?:army|armed forces|government(?:-led)? (?:forces|troops)|pro-government|regime forces|"
    r"government|troops|soldiers|security forces|military|national army|defen[cs]e forces|"
    r"police|federal forces|state forces|marines|commandos|special forces|forces loyal to the "
    r"government|iraqi forces|syrian (?:arab )?army|saa|afghan forces|nigerian army|somali "
    r"(?:national )?army|snA|amisom|allied forces|coalition)\b",
    re.I,
)
_NONSTATE = re.compile(
    r"\b(?:rebels?|insurgents?|militants?|jihadists?|terrorists?|islamic state|isis|isil|is|"
    r"daesh|al-?qaeda|al-?shabaa?b|shabaab|taliban|boko haram|houthis?|ansar allah|hts|"
    r"nusra|militias?|militiamen|fighters|separatists|opposition|guerrillas?|maoists?|"
    r"naxal(?:ite)?s?|armed groups?|gunmen|bandits|ypg|sdf|pkk|kurdish|tribesmen|activists of|"
    r"haftar|lna|wagner|mujahideen|popular fighters)\b",
    re.I,
)


# "protests against police violence" are not violent: a cue after these words is the topic
_TOPIC = re.compile(
    r"\b(?:against|denounc\w*|decr(?:y|ied|ying)|mourn\w*|over the|end to|"
    r"in memory of|anniversary|alleg\w+|to protest|honou?r)\b[^.;]*$",
    re.I,
)
_CROWD_CONTROL = re.compile(
    r"\b(?:tear ?-?gas|water ?cannons?|rubber bullets|pepper[- ]spray|baton[- ]charg\w*|"
    r"lathi[- ]?charg\w*)\b",
    re.I,
)
_NOT_ACTS = (
    "Arrests", "Agreement", "Change to group/activity", "Other", "Disrupted weapons use",
    "Headquarters or base established", "Peaceful protest", "Protest with intervention",
)
_HARMED = re.compile(r"\b(?:killed|killing|died|dead|wounded|wounding|injured|injuring)\b", re.I)
_WENT_OFF = re.compile(r"\b(?:exploded|blew up|detonated|went off)\b", re.I)
_INTERCEPTION = re.compile(r"intercept|shot down|shoot|downed|air defen|defus", re.I)
_FORCES = re.compile(
    r"\b(?:police|policemen|officers?|security (?:forces|services|personnel)|soldiers|troops|"
    r"army|military|authorities|gendarmes?|riot police|forces|guards|government|regime|"
    r"paramilitar\w+|militias?|crackdown)\b",
    re.I,
)


_LOSER_VERB = re.compile(
    r"\b(?:was|were|been|being)\s+(?:\w+\s+)?(?:pushed|driven|drove|forced|expelled|ousted|"
    r"evicted|flushed|cleared|purged)\b",
    re.I,
)


def _territory_actor(text: str, at: int) -> str | None:
    """'state' or 'nonstate': who took the ground at the capture verb at ``at``."""
    window = text[max(0, at - 160):at]
    window = re.split(r"[.;!?]", window)[-1]
    # the clause of the verb: the last comma part that names an actor
    # ("According to an army spokesperson, militants gained control")
    parts = [p for p in re.split(r",", window) if _STATE.search(p) or _NONSTATE.search(p)]
    seg = parts[-1] if parts else ""
    first_state = min((m.start() for m in _STATE.finditer(seg)), default=-1)
    first_non = min((m.start() for m in _NONSTATE.finditer(seg)), default=-1)
    if first_state < 0 and first_non < 0:
        # a named actor of the lexicon ("Russia has retaken ..."): its inter code decides
        from .actors import find_actors

        named = [m for m in find_actors(window) if m.inter != 7]
        if named:
            first_state = 0 if named[0].inter == 1 else -1
            first_non = 0 if named[0].inter != 1 else -1
    if first_state < 0 and first_non < 0:
        # passive: "... was recaptured by the army"
        after = text[at:at + 120]
        m = re.search(r"\bby (?:the )?([\w\s-]{0,60})", after, re.I)
        if m:
            if _STATE.search(m.group(1)):
                return "state"
            if _NONSTATE.search(m.group(1)):
                return "nonstate"
        return None
    # the subject: the first actor of the clause ("Syrian army and allied fighters captured")
    if first_non < 0:
        who = "state"
    elif first_state < 0:
        who = "nonstate"
    else:
        who = "state" if first_state < first_non else "nonstate"
    # "the terrorists were pushed back from ...": the subject lost the ground
    if _LOSER_VERB.search(text[max(0, at - 20):at + 25]):
        who = "nonstate" if who == "state" else "state"
    return who


_ITS_FORCES = re.compile(
    r"\b(?P<owner>Moscow|Russia|the\s+Kremlin|Russian\s+(?:defen[cs]e\s+)?ministry|Russian\s+MoD|Kyiv|Kiev|"
    r"Ukraine|Ukrainian\s+(?:defen[cs]e\s+)?ministry)\b[^.;]{0,60}?\b(?:its|their)\s+(?:[\w-]+\s+)?"
    r"(?:forces|troops|army|units|soldiers)\b", re.I)


def _foreign_capturer(text: str, at: int, country: str) -> bool:
    """Whether the state forces nearest before ``at`` are another country's than ``country``."""
    from .actors import find_actors, military_name

    start = max(0, at - 160)
    window = re.split(r"[.;!?]", text[start:at])[-1]
    offset = at - len(window)
    its = list(_ITS_FORCES.finditer(window))
    if its:  # "Moscow said its forces had captured ...": the owner named before "its"
        owner = its[-1].group("owner").lower()
        russian = bool(re.match(r"moscow|russia|the\s+kremlin", owner))
        return russian != (country == "Russia")
    states = [m for m in find_actors(text[offset:at], country) if m.inter == 1]
    if not states:
        return False
    return not states[0].name.startswith(military_name(country))


# --- the decision -------------------------------------------------------------------


_BREACH_BEFORE = re.compile(
    r"\b(?:despite|in spite of|breach(?:es|ed|ing)?(?: of)?|violat\w*(?: of)?|(?:after|since|"
    r"before) (?:the )?(?:start|beginning|announcement) of|ahead of|amid|failed|collapsed?(?: of)?|"
    r"during|under|broke|breaking|break|flout\w*|defy\w*|defied)\s+(?:the\s+|a\s+|an\s+|its\s+|"
    r"their\s+)?(?:[\w'’\"“”-]+\s+){0,3}$",
    re.I,
)
_BREACH_AFTER = re.compile(r"^\s*(?:breach|violation|violat|was broken|was violated|broke down)", re.I)


def _breached(text: str, h: _Hit) -> bool:
    return (_BREACH_BEFORE.search(text[max(0, h.start - 50):h.start]) is not None
            or _BREACH_AFTER.match(text[h.end:h.end + 20]) is not None)


def type_scores(
    text: str,
) -> tuple[dict[str, list[_Hit]], dict[str, list[_Hit]], dict[str, list[_Hit]]]:
    """Trigger hits per ACLED sub-event type, per non-event group, and the protest-only cues."""
    up = _user_lexicon("triggers.yaml")
    index, groups = _indexed(str(up) if up else None)
    # the patterns that can match at all (most cannot), and where their matches may start
    where = index.positions(text)
    out: tuple[dict[str, list[_Hit]], ...] = ({}, {}, {})
    for part, key, per_pattern, pats in groups:
        if where is None:
            out[part][key] = _collect(((p.weight, p.regex.finditer(text)) for _, p in pats),
                                      per_pattern)
            continue
        hits: list[_Hit] = []
        for i, p in pats:
            if i not in where:
                continue
            positions = where[i]
            if positions is None:
                hits.extend(_collect(((p.weight, p.regex.finditer(text)),), per_pattern))
                continue
            # _collect over the matches at these positions (as finditer would find them)
            match = p.regex.match
            seen: set[str] = set()
            end = 0
            for q in positions:
                if q < end:
                    continue
                m = match(text, q)
                if m is None:
                    continue
                end = m.end()
                word = m.group(0).lower()
                if word in seen:
                    continue
                seen.add(word)
                hits.append(_Hit(p.weight, m.start(), end))
                if len(seen) >= per_pattern:
                    break
        out[part][key] = hits
    return out  # type: ignore[return-value]


@lru_cache(maxsize=4)
def _indexed(
    user_path: str | None = None,
) -> tuple[PrefixIndex, list[tuple[int, str, int, list[tuple[int, _Pattern]]]]]:
    """The trigger lexicon as (part, key, per_pattern, numbered patterns) groups in the order
    of ``type_scores``'s three dicts, and a prefix index over all the numbered patterns."""
    types, none, in_protest = _lexicon(user_path)
    groups = []
    flat: list[re.Pattern[str]] = []
    for part, (table, per_pattern) in enumerate(((types, 1), (none, 2), (in_protest, 1))):
        for key, pats in table.items():
            numbered = []
            for p in pats:
                numbered.append((len(flat), p))
                flat.append(p.regex)
            groups.append((part, key, per_pattern, numbered))
    return PrefixIndex(flat), groups


def classify(text: str, country: str | None = None) -> Typing | None:
    """The ACLED sub-event type of ``text`` (a sentence or clause), or None if it reports none.

    ``country`` (where the story happens, e.g. "Ukraine"), when given, lets a foreign state's
    forces taking ground count as "Non-state actor overtakes territory", as ACLED codes a
    foreign state actor acquiring control of a location.
    """
    if not text or not text.strip():
        return None
    return _classify(text, country, _user_lexicon("triggers.yaml"))


def none_score(text: str) -> float:
    """The weight of the strongest "not political violence" cue group in ``text``."""
    return _decided(text, None, _user_lexicon("triggers.yaml"))[2]


@lru_cache(maxsize=1024)
def _decided(text: str, country: str | None, _user: Path | None):
    return decide(text, country)


@lru_cache(maxsize=1024)
def _classify(text: str, country: str | None, _user: Path | None) -> Typing | None:
    scores, hits, none_score = _decided(text, country, _user)
    best = max(PRIORITY, key=lambda t: (scores[t], -_RANK[t]))
    best_score = scores[best]
    if best_score < MIN_SCORE or none_score > best_score:
        return None
    trig = hits[best] or [h for hs in hits.values() for h in hs]
    top = max(trig, key=lambda h: (h.weight, -h.start))
    event_type, disorder_type = event_type_of(best)
    confidence = round(min(1.0, best_score / (best_score + none_score + 6.0) + 0.3), 3)
    return Typing(
        sub_event_type=best, event_type=event_type, disorder_type=disorder_type,
        score=confidence, trigger_start=top.start, trigger_end=top.end,
        weapon=find_weapon(text),
    )


def decide(
    text: str, country: str | None = None
) -> tuple[dict[str, float], dict[str, list[_Hit]], float]:
    """Final score per sub-event type after the codebook's precedence, the trigger hits, and
    the score of the strongest non-event group (for inspection and for ``classify``)."""
    hits, none_hits, protest_hits = type_scores(text)
    if hits["Agreement"]:
        # "killed despite the ceasefire", "truce breaches": the agreement is the backdrop
        hits["Agreement"] = [h for h in hits["Agreement"] if not _breached(text, h)]
    scores = {t: _score(h) for t, h in hits.items()}

    # Protests: the modifiers only count in a protest context, and then add to it.
    protest = scores["Peaceful protest"]
    for t in PROTEST_MODIFIERS:  # "protests against police killings" are about, not of, force
        kept = [h for h in hits[t] if not _TOPIC.search(text[max(0, h.start - 50):h.start])]
        if len(kept) != len(hits[t]):
            hits[t] = kept
            scores[t] = _score(kept)
    if protest >= 5:
        for t, hs in protest_hits.items():
            hs = [h for h in hs if not _TOPIC.search(text[max(0, h.start - 50):h.start])]
            if t == "Excessive force against protesters" and not _FORCES.search(text):
                continue  # deaths at a protest are excessive force only when forces act
            if hs:
                scores[t] += _score(hs)
                hits[t] = hits[t] + hs
    for t in PROTEST_MODIFIERS:
        if protest >= 5 and scores[t] > 0:
            scores[t] += protest
        elif t == "Protest with intervention" and protest == 0 and _CROWD_CONTROL.search(text):
            pass  # "police fired tear gas and water cannon": crowd control implies a crowd
        elif t != "Violent demonstration":
            scores[t] = 0.0
    if scores["Violent demonstration"] > 0 and scores["Excessive force against protesters"] > 0:
        # violent protesters met with force: ACLED codes the violent demonstration
        scores["Excessive force against protesters"] = min(
            scores["Excessive force against protesters"], scores["Violent demonstration"] - 1)
    if scores["Protest with intervention"] > 0 and scores["Arrests"] > 0:
        # protesters detained at their protest: the arrest is the intervention
        scores["Arrests"] = min(scores["Arrests"], scores["Protest with intervention"] - 1)

    # Territory: a capture belongs to whoever took it.
    cap = hits["Government regains territory"]
    if cap:
        strongest = max(cap, key=lambda h: (h.weight, -h.start))
        who = _territory_actor(text, strongest.start)
        total = scores["Government regains territory"]
        if who is not None and strongest.weight >= 4:
            # the ground changed hands: that outranks the fighting that won it
            total = max(total, scores["Armed clash"] + 1)
        if who == "state" and country and _foreign_capturer(text, strongest.start, country):
            who = "nonstate"
        if who == "nonstate":
            scores["Non-state actor overtakes territory"] = total
            scores["Government regains territory"] = 0.0
            hits["Non-state actor overtakes territory"] = cap
        elif who == "state":
            scores["Government regains territory"] = total
        else:
            scores["Government regains territory"] = total - 2

    # A withdrawal is a transfer of territory only when someone else takes the ground.
    nvtt = scores["Non-violent transfer of territory"]
    captured = max(scores["Government regains territory"],
                   scores["Non-state actor overtakes territory"])
    if nvtt >= 6:
        scores["Non-violent transfer of territory"] = max(nvtt, captured + 1,
                                                          scores["Armed clash"] + 1)
    elif nvtt > 0:
        if captured >= 4:
            scores["Non-violent transfer of territory"] = captured + 1
        else:
            scores["Change to group/activity"] += nvtt + 1
            hits["Change to group/activity"] = hits["Change to group/activity"] + hits[
                "Non-violent transfer of territory"]
            scores["Non-violent transfer of territory"] = 0.0

    # How an attack is carried out decides among remote violence; the act beats the actor.
    remote = max(scores[t] for t in EXPLOSIVE_TYPES)
    if remote >= 6:
        scores["Armed clash"] = min(scores["Armed clash"], remote - 1)
        scores["Attack"] = min(scores["Attack"], remote - 1)
    # The means decides: a suicide bomb, a chemical or a grenade is that whatever else exploded;
    # missiles fired by aircraft are an air strike.
    for t in ("Suicide bomb", "Chemical weapon", "Grenade", "Sexual violence"):
        if scores[t] >= 6:
            scores[t] = max(scores[t], max(scores[o] for o in scores if o != t) + 1)
            break
    if scores["Air/drone strike"] >= 6:
        scores["Air/drone strike"] = max(scores["Air/drone strike"],
                                         scores["Shelling/artillery/missile attack"] + 1)
    dwu = scores["Disrupted weapons use"]
    if dwu >= 6:
        intercepted = any(
            _INTERCEPTION.search(text[h.start:h.end]) for h in hits["Disrupted weapons use"]
        )
        harmed = _HARMED.search(text) is not None and _WENT_OFF.search(text) is not None
        for t in EXPLOSIVE_TYPES:
            if t == "Suicide bomb" or scores[t] < 6:
                continue
            if harmed or (not intercepted and t in (
                "Air/drone strike", "Shelling/artillery/missile attack")):
                # the device went off and hurt people, or strikes destroyed the weapons
                scores["Disrupted weapons use"] = min(scores["Disrupted weapons use"],
                                                      scores[t] - 1)
            else:
                scores[t] = min(scores[t], dwu - 1)

    # Arrests that follow an attack or a destruction the text reports are its aftermath
    acts = max(scores[t] for t in scores if t not in _NOT_ACTS)
    if acts >= 4 and scores["Arrests"] >= acts:
        scores["Arrests"] = acts - 1
    if max(scores[t] for t in EXPLOSIVE_TYPES if t != "Chemical weapon") >= 6:
        # a fire or a blaze after a named strike is its consequence, not an accident
        # (a gas leak stays an accident: chemical cues do not clear it)
        none_hits["accident"] = []
    none_score = max((_score(h) for h in none_hits.values()), default=0.0)
    return scores, hits, none_score
