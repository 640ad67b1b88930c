"""The word lists the checks read: our technical lexicon, curated proper names, countries and the dictionaries.

Everything is loaded once per process and cached; a review then costs lookups only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Protocol

import pycountry
import yaml

ENGLISH_DICTIONARIES = ("en_US", "en_GB")


class Dictionary(Protocol):
    """What the spelling check needs of a dictionary."""

    def check(self, word: str) -> bool: ...

    def suggest(self, word: str) -> list[str]: ...


@dataclass(frozen=True)
class TechTerm:
    """A technical name as it should be written, and forms of it that are certainly wrong."""

    name: str
    wrong: tuple[str, ...]


def load_data(name: str) -> Any:
    """A YAML file of the package's data folder."""
    return yaml.safe_load(resources.files("vetml.resume.data").joinpath(name).read_text(encoding="utf-8"))


@cache
def tech_terms() -> tuple[TechTerm, ...]:
    """The technical names we know, with their known wrong forms."""
    return tuple(
        TechTerm(item["name"], tuple(item.get("wrong") or ())) for item in load_data("tech_terms.yaml")["terms"]
    )


@cache
def tech_by_lower() -> dict[str, str]:
    """Each technical name (and each word of a multi-word name) by its lower-case form, as written correctly."""
    names: dict[str, str] = {}
    for term in tech_terms():
        names.setdefault(term.name.lower(), term.name)
        for part in re.findall(r"[A-Za-z]+", term.name):
            names.setdefault(part.lower(), part)
    return names


@cache
def jargon() -> frozenset[str]:
    """Technical words that are spelt right but that general dictionaries lack (lower case)."""
    return frozenset(word.lower() for word in load_data("tech_terms.yaml").get("words", []))


@cache
def institutions() -> dict[str, tuple[str, ...]]:
    """Curated universities and companies, which CVs name often and misspell memorably."""
    data = load_data("institutions.yaml")
    return {"university": tuple(data["universities"]), "company": tuple(data["companies"])}


@cache
def countries() -> tuple[str, ...]:
    """Country names as people write them: pycountry's names, common names and a few everyday forms."""
    names: set[str] = {
        "United States",
        "United Kingdom",
        "USA",
        "UK",
        "UAE",
        "United Arab Emirates",
        "Vietnam",
        "Russia",
        "South Korea",
        "Czech Republic",
        "Turkey",
        "Iran",
        "Syria",
        "Taiwan",
        "Bolivia",
        "Venezuela",
        "Tanzania",
        "Moldova",
        "Laos",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    }
    for country in pycountry.countries:
        for attribute in ("name", "common_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value and "(" not in value:
                names.add(value)
    return tuple(sorted(names))


@cache
def proper_words() -> frozenset[str]:
    """Every word of every name we curate (lower case), so the spelling check does not flag them."""
    words: set[str] = set()
    for name in (*countries(), *institutions()["university"], *institutions()["company"]):
        words.update(part.lower() for part in re.findall(r"[A-Za-zÀ-ÿ]+", name))
    return frozenset(words)


@cache
def dictionaries() -> tuple[Dictionary, ...]:
    """The English dictionaries (US and British spelling are both right); empty when none is installed."""
    try:
        import enchant
    except ImportError:
        return ()
    found: list[Dictionary] = []
    for tag in ENGLISH_DICTIONARIES:
        if enchant.dict_exists(tag):
            found.append(enchant.Dict(tag))
    return tuple(found)


@lru_cache(maxsize=65536)
def known_english(word: str) -> bool:
    """Whether any installed English dictionary accepts the word."""
    return any(dictionary.check(word) for dictionary in dictionaries())
