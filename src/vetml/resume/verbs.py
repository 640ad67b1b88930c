"""The verbs CV bullets start with, so a bullet's tense can be read from its first word.

Regular verbs are listed by their base form and their past forms derived; irregular ones are listed
with their past. A word we do not know has no tense and is never reported.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache

from vetml.resume.text import Token, tokens


class Tense(StrEnum):
    """The tense of a bullet's opening verb."""

    PRESENT = "present"
    PAST = "past"


_REGULAR = """
accelerate achieve adapt add address administer adopt advise advocate align allocate analyse analyze anonymise
anonymize apply architect assemble assess assist audit augment author automate balance benchmark boost bootstrap
budget calibrate champion clean coach code collaborate collect combine compile complete compute configure
consolidate construct consult containerise containerize contribute convert coordinate create curate cut debug
decommission decrease define deliver deploy deprecate design detect develop diagnose digitise direct discover
dockerise dockerize document double drive drove eliminate enable encode engineer enhance ensure establish estimate
evaluate evangelise examine execute expand experiment explore extend extract facilitate fine-tune fix forecast
formalise formulate foster gather generate guide halve handle harden help host identify implement improve
incorporate increase initiate innovate inspect instrument integrate interview introduce investigate label
launch lead maintain manage map measure mentor merge migrate minimise minimize mitigate model modernise modernize
monitor motivate negotiate onboard operate optimise optimize orchestrate organise organize own pair parallelise
parallelize partner pilot pioneer plan port predict prepare present prioritise prioritize process produce
productionise productionize profile program programme prototype provide publish quantify query rank
re-architect rearchitect rebuild recommend reconcile recruit redesign reduce refactor release remove replace
report represent research resolve restructure retrain review revamp rewrite roll run save scale schedule score
scope secure segment serve ship simplify slash speed spearhead stabilise stabilize standardise standardize
start steer streamline strengthen structure supervise support survey sustain systematise teach test tighten
trace track train transform translate triage troubleshoot tune unify update upgrade use validate version
visualise visualize win work wrote
"""
_IRREGULAR = {
    "build": "built",
    "buy": "bought",
    "choose": "chose",
    "cut": "cut",
    "do": "did",
    "draw": "drew",
    "drive": "drove",
    "find": "found",
    "give": "gave",
    "grow": "grew",
    "hold": "held",
    "keep": "kept",
    "lead": "led",
    "make": "made",
    "oversee": "oversaw",
    "rebuild": "rebuilt",
    "rewrite": "rewrote",
    "run": "ran",
    "sell": "sold",
    "set": "set",
    "speak": "spoke",
    "spend": "spent",
    "split": "split",
    "take": "took",
    "teach": "taught",
    "think": "thought",
    "undertake": "undertook",
    "win": "won",
    "write": "wrote",
    "co-lead": "co-led",
    "co-author": "co-authored",
    "co-found": "co-founded",
    "co-organise": "co-organised",
    "mentor": "mentored",
    "hire": "hired",
    "shape": "shaped",
}


def _past(base: str) -> str:
    if base in _IRREGULAR:
        return _IRREGULAR[base]
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ied"
    if re.fullmatch(r".*[^aeiou][aeiou][bdgmnprt]", base) and base not in _NO_DOUBLING:
        return base + base[-1] + "ed"
    return base + "ed"


_NO_DOUBLING = {
    "develop",
    "audit",
    "benchmark",
    "budget",
    "edit",
    "pilot",
    "target",
    "visit",
    "model",
    "label",
    "program",
    "travel",
    "cancel",
    "signal",
    "tunnel",
    "level",
    "author",
    "partner",
    "mentor",
    "monitor",
    "render",
    "order",
    "offer",
    "engineer",
    "pioneer",
    "steer",
    "gather",
    "foster",
    "master",
    "filter",
    "cluster",
    "number",
    "power",
    "trigger",
    "deliver",
    "discover",
    "transfer",
    "refer",
}
_PAST_OVERRIDES = {"transfer": "transferred", "refer": "referred", "programme": "programmed", "program": "programmed"}


@cache
def _tenses() -> dict[str, Tense]:
    bases = set(_REGULAR.split()) | set(_IRREGULAR)
    tenses: dict[str, Tense] = {}
    for base in bases:
        tenses[base] = Tense.PRESENT
        tenses[_third_person(base)] = Tense.PRESENT
    ambiguous = set()
    for base in bases:
        pasts = {_PAST_OVERRIDES.get(base) or _past(base)}
        if base.endswith("l"):
            pasts.add(base + "led")  # British doubling: modelled, labelled
        for past in pasts:
            if tenses.get(past) is Tense.PRESENT:
                ambiguous.add(past)  # cut, set, split: the same word in both tenses says nothing
            tenses[past] = Tense.PAST
    return {word: tense for word, tense in tenses.items() if word not in ambiguous}


def _third_person(base: str) -> str:
    if base.endswith(("s", "sh", "ch", "x", "z")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def first_word(text: str) -> Token | None:
    """The first word of a bullet, hyphenated verbs ("fine-tuned", "co-led") kept whole."""
    match = re.match(r"\W*([A-Za-z]+(?:-[A-Za-z]+)?)", text)
    if match:
        return Token(match.group(1), match.start(1), match.end(1))
    found = tokens(text)
    return found[0] if found else None


def tense_of(word: str) -> Tense | None:
    """The tense of an opening verb, or None when the word is not a verb we know (a noun, an adjective)."""
    return _tenses().get(word.lower())


def in_tense(word: str, tense: Tense) -> str | None:
    """The word put in the other tense (Build → Built, Led → Lead), keeping its capital; None if unknown."""
    lowered = word.lower()
    for base in set(_REGULAR.split()) | set(_IRREGULAR):
        past = _PAST_OVERRIDES.get(base) or _past(base)
        if lowered in (base, _third_person(base), past):
            wanted = past if tense is Tense.PAST else base
            return wanted[0].upper() + wanted[1:] if word[0].isupper() else wanted
    return None
