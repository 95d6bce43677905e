"""Judgement: whether a candidate tells something that happened, as news, here.

Each candidate leaves with a status and a reason a reader can check against the text:

- ``reported``: an event the text reports; only these become events.
- ``hypothetical``: an aim, plan, threat, forecast, condition or risk ("could", "plans to").
- ``background``: history retold ("the 1945 bombings", "last spring", "previously"), or a
  vague time far from publication (a month, a season, a year).
- ``negated``: the text says it did not happen ("did not conduct any ground assaults").
- ``generic``: habitual or general statements ("in recent weeks", "along the line of
  contact"), weapons named without an attack ("the US sent missiles"), a region or country
  where no incident can be put, or no place at all.
- ``tally``: an aggregate ("470 soldiers killed on the Donetsk front", "1,000 a day"),
  which the claims keep.
- ``not_a_place``: its only place is a word that is not one here (a weapon, a unit...).
- ``duplicate``: the same incident as another candidate (set by ``incidents``).

The rules look at the words of the candidate's own clause, mostly those before its trigger
(what governs it); each rule is one class of error seen on full-length reporting.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .candidates import Candidate
from .mentions import STATES, Mentions

# A trigger governed by one of these is an aim, a risk or a hypothesis, not a happening.
_IRREALIS = re.compile(
    r"\b(?:seeking|aiming|planning|plans?|planned|intends?|intended|intending|wants?|wanted|"
    r"threaten(?:s|ed|ing)?|hopes?|hoping|prepar(?:e|es|ed|ing)|vow(?:s|ed)?|ready|going|"
    r"expected|poised|likely|unlikely|able|unable|designed|seeks?|sought|aims?|aimed|"
    r"order|effort|efforts|conditions|capable|capability|"
    r"ordered|called|calls?|urged|demanded|refused)\s+(?:to|for)\b|"
    r"\bprepar(?:e|es|ed|ing|ations?)\s+(?:for|to)\b|\bin\s+preparation\s+for\b|"
    r"\b(?:to|will|would|could|and)\s+try\s+[“\"]?to\b|\befforts?\s+by\b|"
    r"\bfor\s+(?:an?\s+|the\s+|a\s+possible\s+|a\s+future\s+|future\s+)(?:[\w-]+\s+)?(?:offensive|assault|attack|counteroffensive)\b|"
    r"\b(?:risk|threat|danger|possibility|prospect|likelihood|chance)s?\s+of\b|\bcould\b|\bwould\b(?!-)|"
    r"\bmight\b|\bmay\b|\bcan\b|\bcannot\b|\bif\b|\bunless\b|\bwill\b|\bshould\b|\bmust\b|"
    r"\bwhether\b|\bobjective\s*:|\bgoals?\b|\bforecast\w*|\bscenarios?\b|\bpossibl[ey]\b|"
    r"\bpotentially\b|\bimminent\b|\bupcoming\b|\bfuture\b|\bhypothetical\b|\bwarn(?:s|ed)?\s+(?:of|that)\b",
    re.I,
)
# "failed to capture", "did not conduct", "no ... offensive": the act did not happen
_NEGATION = re.compile(
    r"\b(?:did|does|do|have|has|had|were|was|are|is)\s+not\b|\b(?:didn't|hasn't|haven't|hadn't|"
    r"weren't|wasn't|aren't|isn't|don't|doesn't)\b|\bnever\b|\bno\s+(?:[\w-]+\s+){0,2}$|"
    r"\bwithout\b|\bfailed\s+to\b|\bfail(?:s|ing)?\s+to\b|\bdenied\b|\bden(?:y|ies)\b|\brather\s+than\b|"
    r"\binstead\s+of\b|\bnot\s+(?:[\w-]+\s+){0,2}$",
    re.I,
)
# what breaks the reach of a cue: a clause boundary between the cue and the trigger
_BREAK = re.compile(r"[;:—–,]|\bbut\b|\bafter\b|\bas\b", re.I)
_HISTORY = re.compile(
    r"\b(?:previously|formerly|even\s+(?:when|after|as|before)|just\s+as|as\s+in|like\s+in|"
    r"reminiscent\s+of|earlier\s+in\s+the\s+(?:war|year|invasion|conflict)|"
    r"(?:at|since)\s+the\s+(?:very\s+)?(?:start|beginning|outset|onset)\s+of\s+the\s+(?:full-scale\s+)?(?:war|invasion|conflict)|"
    r"(?:in|within|during)\s+the\s+(?:early|first|opening)\s+(?:\w+\s+)?(?:weeks|days|months|stages?|phase)\s+of\s+the\s+(?:war|invasion|conflict)|"
    r"(?:last|this\s+past)\s+(?:spring|summer|autumn|fall|winter|year|January|February|March|April|May|"
    r"June|July|August|September|October|November|December)|"
    r"in\s+the\s+(?:spring|summer|autumn|fall|winter)\s+(?:and\s+(?:spring|summer|autumn|fall|winter)\s+)?of|"
    r"(?:\d+|a|one|two|three|four|five|six|several|many|few)\s+(?:years?|months?|decades?)\s+ago|"
    r"the\s+(?:first|second)\s+world\s+war|world\s+war|since\s+(?:the\s+)?(?:series|start|beginning|summer|"
    r"spring|autumn|fall|winter)(?!\s+of\s+(?:the|this)\s+(?:day|morning|week))|battle\s+(?:of|for)\s+[A-Z]\w+\s+(?:in|last)|"
    r"(?:following|after|since|prior\s+to|before)\s+(?:the|their|its|Russia[’']s|Ukraine[’']s)\s+(?:[\w-]+\s+){0,3}"
    r"(?:withdrawal|retreat|liberation|capture|fall|invasion|attack|counteroffensives?|offensive|"
    r"annexation|occupation|explosion|strike|bombing)s?)\b",
    re.I,
)
# the war's own earlier periods, anywhere in the clause: history whatever the verb
_WAR_PERIOD = re.compile(
    r"\b(?:(?:in|within|during)\s+the\s+(?:early|first|opening|initial)\s+(?:\w+\s+)?(?:weeks|days|months|"
    r"stages?|phases?)\s+of\s+the\s+(?:full-scale\s+)?(?:war|invasion|conflict)|(?:at|since)\s+the\s+"
    r"(?:very\s+)?(?:start|beginning|outset|onset)\s+of\s+the\s+(?:full-scale\s+)?(?:war|invasion)|"
    r"(?:first|second)\s+world\s+war|world\s+war\s+(?:ii|two|i|one)|in\s+(?:February|March)\s+2022)\b", re.I)
_YEAR = re.compile(r"\b(?:in|of|since|from|during|by)\s+(?:early\s+|late\s+|mid-)?(?P<year>(?:19|20)\d\d)\b|"
                   r"\b(?P<year2>(?:19|20)\d\d)\s+(?:bombings?|invasion|war|annexation|offensive|attacks?|"
                   r"battles?|uprising|revolution|crisis|massacres?)\b")
_HABITUAL = re.compile(
    r"\b(?:routinely|typically|usually|regularly|often|frequently|"
    r"every\s+(?:day|night|week)|each\s+(?:day|night)|in\s+recent\s+(?:weeks|months)|"
    r"(?:for|over)\s+(?:the\s+past\s+)?(?:several\s+|many\s+|\d+\s+)?(?:weeks|months|years)|"
    r"throughout\s+the\s+(?:war|conflict)|across\s+the\s+(?:entire\s+|whole\s+)?(?:southern\s+|"
    r"northern\s+|eastern\s+)?(?:front|frontline|front\s+line)|along\s+the\s+(?:entire\s+|whole\s+)?"
    r"(?:line\s+of\s+contact|front(?:\s*line)?|contact\s+line)|"
    r"one\s+of\s+the\s+(?:few\s+)?(?:major\s+)?changes|so\s+far\s+in\s+the\s+war)\b",
    re.I,
)
# what makes a weapon's name an attack
_ATTACK_WORD = re.compile(
    r"\b(?:fir(?:e|ed|es|ing)|launch(?:ed|es|ing)?|struck|strikes?|striking|hit|hits|shell(?:ed|ing|s)?|"
    r"attack(?:ed|s|ing)?|bomb(?:ed|ing|s)?|target(?:ed|ing|s)?|pound(?:ed|ing)?|bombard\w*|used|using|"
    r"use|killed|killing|wounded|injured|damaged|destroyed|exploded|landed|rained|salvos?|barrages?|"
    r"fire|raids?|bl[eo]wn?|blow(?:ing|s)?|detonat\w+|explo\w+|f[ae]ll|fallen|falling|crash(?:ed|es|ing)?|"
    r"kills?|hitting|wounding|injuring|damaging|destroying|"
    r"slamm\w+|rain(?:ed|ing)|impact\w*|debris|wreckage)\b", re.I)
# a weapon's word used as a verb takes an object: "Kiev forces shell DPR", "tank shells Donetsk"
_WEAPON_UNIT_AFTER = re.compile(r"(?:-[\w]+)?\s+(?:formations?|systems?|units?|brigades?|battalions?|launchers?|"
                                r"complex(?:es)?|crews?|divisions?|regiments?|batteries|battery|stocks?|"
                                r"stockpiles?|production|factory|plants?|deliveries|supplies)\b", re.I)
_VERB_OBJECT = re.compile(r"\s+(?:the\s+|a\s+|an\s+|\d|[A-Z])")
_SUBJECT_BEFORE = re.compile(
    r"\b(?:forces|troops|army|military|units|militants|rebels|separatists|militia|Kiev|Kyiv|enemy|"
    r"Russians|Ukrainians|invaders|occupiers|DPR|LPR|DNR|LNR|gunners|artillerymen)\s+$", re.I)
# weapons named without an attack: "sent anti-radar missiles", "moving artillery"
_NO_ATTACK = re.compile(
    r"\b(?:sen[dt]s?|sending|suppl(?:y|ied|ies|ying)|deliver(?:ed|s|ing|y|ies)?|provid(?:e|ed|es|ing)|"
    r"transfer(?:red|s|ring)?|shipp(?:ed|ing)|donat(?:e|ed|es|ing)|packages?|aid|moving|moved|"
    r"transport(?:ed|ing)?|produc(?:e|ed|es|ing|tion)|manufactur\w+|bought|buy(?:ing)?|purchas\w+|"
    r"acquir\w+|stockpil\w+|footage\s+of|image\s+(?:of|from)|satellite\s+image|spare\s+parts|"
    r"training|trained|equipped|equipping)\b",
    re.I,
)
_WEAPON_NOUN = re.compile(
    r"^(?:(?:[\w-]+\s+){0,2}(?:missiles?|rockets?|artillery|howitzers?|drones?|uavs?|shells?|"
    r"mlrs|aircraft|jets?|fighter\s+jets|warplanes?|helicopters?|tanks?|military\s+equipment|"
    r"weapons?|munitions?|ammunition|mortars?|explosives?|bombs?))$",
    re.I,
)
_TALLY = re.compile(
    r"\b(?:losing|lose|loses|lost\s+an\s+average\s+of|average\s+of|on\s+average)\b[^.;]{0,50}?"
    r"\b(?:a|per|each|every)\s+(?:day|week|month)\b|\bso\s+far\b|\bto\s+date\b|\bin\s+total\b|\bin\s+all\b|"
    r"\boverall\b|\bsince\s+(?:the\s+(?:start|beginning)(?!\s+of\s+(?:the|this)\s+(?:day|morning|week))|"
    r"February\s+24|24\s+February|the\s+invasion|the\s+war)|\bkilled\s+in\s+action\s+whom\b|\bable\s+to\s+verify\b|\bcumulative\b",
    re.I,
)
# Strategic developments that need a dated, located act by an armed or official actor
_SOFT_TYPES = ("Change to group/activity", "Agreement", "Other", "Headquarters or base established")
_LINE_WIDE = re.compile(r"(?:across|along)\b", re.I)
_PROTESTS = ("Peaceful protest", "Protest with intervention", "Violent demonstration")
_ARMED_MARCH = re.compile(r"\b(?:forces|troops|fighters|columns?|convoys?|mercenaries|units|tanks|soldiers|"
                          r"servicemen|men|army|militia|wagner(?:ites)?)\s+(?:[\w-]+\s+)?$", re.I)
_FIRST_PERSON = re.compile(r"(?:^|[.!?]\s+|\b(?:and|but|when|as)\s+)(?:I|We|we)\s+(?:[\w-]+\s+){0,2}?(?:arrived|went|came|travelled|traveled|returned|left|met|visited|spoke|talked|saw|return)\b|\b(?:return|returning)\s+from\b")
_ONGOING = re.compile(
    r"\b(?:continu(?:e|es|ed|ing)|remain(?:s|ed|ing)?|keep(?:s|ing)?|kept|still|began|begun|"
    r"started)\b(?:\s+to)?\s+(?:[\w-]+\s+){0,2}$|\b(?:are|is|were|was|been|being)\s+(?:likely\s+|"
    r"reportedly\s+|also\s+|now\s+)?\w+ing\s+(?:[\w-]+\s+){0,2}$", re.I)
_CONTINUED = re.compile(r"\b(?:continu(?:e|es|ed|ing)\s+to|remain(?:s|ed)?|still|are\s+(?:likely\s+)?\w+ing)\b", re.I)
_MACRO_REGION = ("RGN", "CONT", "AREA", "ZN", "PRK", "ISL")


def judge(m: Mentions, cands: list[Candidate]) -> None:
    """Set every candidate's status and reason (in place)."""
    for c in cands:
        _judge_one(m, c)
    # "A soldier was killed when an IED exploded near the convoy": the deaths belong to
    # the act the sentence names, not to a battle of their own
    acts = {c.sentence.index for c in cands if c.kept and not c.by_casualties}
    for c in cands:
        if c.kept and c.by_casualties and c.sentence.index in acts:
            c.drop("duplicate", "deaths told with an act in the same sentence: they are that act's")


def _judge_one(m: Mentions, c: Candidate) -> None:
    text = m.text
    clause = text[c.clause[0]:c.clause[1]]
    pre = _governing(text[c.clause[0]:c.trigger[0]])
    trig = text[c.trigger[0]:c.trigger[1]]
    if c.sub_event_type in _PROTESTS and re.match(r"march", trig, re.I) and _ARMED_MARCH.search(pre):
        c.drop("generic", f"armed men on the move ('{_ARMED_MARCH.search(pre).group().strip()} {trig}'), not a protest")
        return
    if c.place is None:
        gone = [why for (a, b), why in m.not_places.items() if c.clause[0] <= a and b <= c.clause[1]]
        if gone:
            c.drop("not_a_place", gone[0])
            return
    if c.linked_claims:
        return  # a wave of which some were shot down: the claim itself says it happened
    hit = _IRREALIS.search(pre)
    if hit:
        c.drop("hypothetical", f"'{hit.group().strip()}' governs '{trig}'")
        return
    hit = _NEGATION.search(pre[-50:])
    if hit:
        c.drop("negated", f"'{hit.group().strip()}' governs '{trig}'")
        return
    near = pre + trig + _until_break(text[c.trigger[1]:c.clause[1]])
    hit = _HISTORY.search(near) or _old_year(near, m.pub) or _WAR_PERIOD.search(clause)
    if hit:
        c.drop("background", f"history retold: '{hit.group().strip()}'")
        return
    far = _far_vague_time(c, m.pub, _detailed(m))
    if far:
        c.drop("background", far)
        return
    if c.by_casualties and c.on_front:
        c.drop("tally", "deaths along a front sector, not one incident")
        return
    if (c.by_casualties or c.casualty_raw) and _TALLY.search(clause):
        hit = _TALLY.search(clause)
        c.drop("tally", f"an aggregate toll ('{hit.group().strip()}'), kept as a claim")
        return
    hit = _HABITUAL.search(near)
    if hit and not c.casualty_raw and not (_LINE_WIDE.match(hit.group()) and (c.place_precision or 3) <= 2
                                           and c.place is not None and c.place.feature_class == "P"):
        # "firing along the line of contact, including Kryva Luka and Spirne": the towns named
        # make it specific; "shelling along the line of contact" alone is general
        c.drop("generic", f"habitual or general: '{hit.group().strip()}'")
        return
    others = clause[:c.trigger[0] - c.clause[0]] + " " * len(trig) + clause[c.trigger[1] - c.clause[0]:]
    if _WEAPON_NOUN.match(trig) and _WEAPON_UNIT_AFTER.match(text, c.trigger[1]):
        c.drop("generic", f"'{trig}' names units or systems, not an attack")
        return
    used_as_verb = _VERB_OBJECT.match(text, c.trigger[1]) is not None or \
        _SUBJECT_BEFORE.search(text, max(0, c.trigger[0] - 30), c.trigger[0]) is not None
    if _WEAPON_NOUN.match(trig) and not used_as_verb and (
            _NO_ATTACK.search(clause) or not _ATTACK_WORD.search(others)):
        hit = _NO_ATTACK.search(clause)
        c.drop("generic", f"'{trig}' named without an attack" + (f" ('{hit.group()}')" if hit else ""))
        return
    if re.match(r"Battles?\s+(?:of|for)\b", text[c.trigger[0]:c.trigger[1] + 6]):
        c.drop("background", f"a named battle ('{trig} ...'): history or analysis")
        return
    detailed = _detailed(m)
    if c.place is not None and not c.casualty_raw and detailed:
        why = _region_only(c, _day_stated(m, c))
        if why:
            c.drop("generic", why)
            return
    if c.sub_event_type in _SOFT_TYPES:
        why = _soft_without_act(m, c, clause, pre, detailed)
        if why:
            c.drop("generic", why)


def _until_break(post: str) -> str:
    """The words after the trigger up to the next clause break or comma."""
    b = re.search(r"[,;:—–(]|\b(?:but|and|while|after|when|where|which|who|that)\b", post)
    return post[:b.start()] if b else post


def _detailed(m: Mentions) -> bool:
    """A full-length text (eight sentences or more) that names three or more towns or
    villages: its region-wide statements sum up what it tells place by place, and its
    statements of ongoing activity are analysis (a short report keeps them)."""
    cached = getattr(m, "_detailed", None)
    if cached is None:
        towns = {t.name for t in m.toponyms if t.role == "literal" and t.feature_class == "P"
                 and t.latitude is not None and (t.geo_precision or 1) <= 2}
        cached = len(towns) >= 3 and len(m.sents) >= 8
        m._detailed = cached  # type: ignore[attr-defined]
    return cached


def _governing(pre: str) -> str:
    """The words before the trigger that can govern it: from the last clause break on."""
    cut = 0
    for b in _BREAK.finditer(pre):
        cut = b.end()
    return pre[cut:]


def _old_year(clause: str, pub: date | None) -> re.Match[str] | None:
    """A year before publication's, told as the time ("in 2014", "in late 2022")."""
    if pub is None:
        return None
    for hit in _YEAR.finditer(clause):
        year = int(hit.group("year") or hit.group("year2"))
        if year < pub.year and not hit.group().lower().startswith(("since", "from")):
            return hit
    return None


def _far_vague_time(c: Candidate, pub: date | None, detailed: bool) -> str | None:
    """A week or a month told as the time, ended more than two weeks before publication:
    history; in a full-length text, a whole month told as the time is a summary."""
    t = c.time
    if t is None or t.date is None or pub is None or t.precision == 1:
        return None
    if t.precision == 2:
        end = t.date + timedelta(days=3)
    else:
        nxt = date(t.date.year + (t.date.month == 12), t.date.month % 12 + 1, 1)
        end = nxt - timedelta(days=1)
    if (pub - end).days > 14:
        return f"a time far before publication: '{t.text}'"
    if t.precision == 3 and detailed:
        return f"told over a whole month: '{t.text}'"
    return None


_REMOTE = ("Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED",
           "Disrupted weapons use", "Arrests", "Chemical weapon", "Suicide bomb")


def _region_only(c: Candidate, day_stated: bool) -> str | None:
    """No town: a country or a macro-region ("eastern Ukraine", "Donbas") holds a strike wave
    told with its day, nothing else; a first-level region ("Odesa Oblast") holds a strike,
    not a battle."""
    p = c.place
    if p is None or (c.place_precision or 1) < 3:
        return None
    code = p.feature_code or ""
    remote = c.sub_event_type in _REMOTE
    if code in STATES or code in _MACRO_REGION or p.feature_class in ("L", "T") or \
            (code not in ("ADM1", "ADM2") and p.feature_class == "A" and not p.admin1):
        if remote and day_stated:
            return None
        return f"only a country or a wide region is named ('{p.text}')"
    if code in ("ADM1", "ADM2") and not remote:
        return f"only a region is named ('{p.text}') for a {c.sub_event_type.lower()}"
    return None


def _day_stated(m: Mentions, c: Candidate) -> bool:
    """The candidate's clause states its day ("on Wednesday", "on 12 March")."""
    return any(c.clause[0] <= t.start < c.clause[1] and t.precision == 1 for t in m.times)


def _soft_without_act(m: Mentions, c: Candidate, clause: str, pre: str, detailed: bool) -> str | None:
    """A change to a group's activity, an agreement or an 'other' development is kept only
    as an act of an armed or official actor, told as done (not as ongoing); in a detailed
    text, also only dated and at a settlement."""
    what = c.sub_event_type.lower()
    hit = _FIRST_PERSON.search(clause)
    if hit:
        return f"a {what} of the writer's own ('{hit.group().strip()}')"
    if not detailed:
        return None
    hit = _ONGOING.search(pre) or _CONTINUED.search(clause)
    if hit:
        return f"a {what} told as ongoing ('{hit.group().strip()}')"
    if detailed and (c.place_precision or 3) > 1:
        return f"a {what} placed only near or in a region"
    if detailed and not m.dated(c.sentence):
        return f"a {what} the text gives no day for"
    return None
