"""Invented names: states, cities, regions, persons and news outlets that exist nowhere.

>>> import random
>>> namer = Namer(random.Random(1))
>>> namer.country() != namer.country()
True
"""

from __future__ import annotations

import random

_ONSETS = ["b", "d", "k", "l", "m", "n", "r", "s", "t", "v", "z", "br", "dr", "kr", "st", "tr"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou"]
_CODAS = ["", "", "n", "r", "l", "s", "th", "nd"]
_COUNTRY_ENDINGS = ["ia", "land", "esh", "ary", "ovia", "istan", "ene", "aly"]
_CITY_ENDINGS = ["", "grad", "port", "ville", "ford", "haven", "os", "abad"]
_REGION_WORDS = ["Valley", "Highlands", "Coast", "Plateau", "Marches", "Delta", "Basin"]
_VENUES = ["Palace of Nations", "Lakeside Hotel", "Old Parliament", "Conference Centre"]
_OUTLET_WORDS = ["Herald", "Courier", "Ledger", "Observer", "Dispatch", "Gazette", "Tribune"]
_GIVEN = [
    "Adil", "Bea", "Carmen", "Dario", "Elin", "Farid", "Greta", "Hugo", "Ines", "Jonas",
    "Kamala", "Lev", "Mira", "Nour", "Omar", "Petra", "Quentin", "Rosa", "Samir", "Tove",
    "Ugo", "Vera", "Wim", "Yara", "Zoran", "Amara", "Bruno", "Chiara", "Dmitar", "Esme",
]  # fmt: skip


class Namer:
    """Draws names from ``rng`` and never gives the same one twice."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def _unique(self, make: object) -> str:
        assert callable(make)
        for _ in range(50):
            name = str(make())
            if name not in self.used:
                self.used.add(name)
                return name
        name = f"{make()} {len(self.used)}"
        self.used.add(name)
        return name

    def _stem(self, syllables: int) -> str:
        rng = self.rng
        parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
        return "".join(parts) + rng.choice(_CODAS)

    def country(self) -> str:
        return self._unique(lambda: (self._stem(2) + self.rng.choice(_COUNTRY_ENDINGS)).title())

    def city(self) -> str:
        return self._unique(lambda: (self._stem(2) + self.rng.choice(_CITY_ENDINGS)).title())

    def region(self) -> str:
        return self._unique(lambda: f"{self._stem(2).title()} {self.rng.choice(_REGION_WORDS)}")

    def venue(self, city: str) -> str:
        return self._unique(lambda: f"{self.rng.choice(_VENUES)} of {city}")

    def person(self) -> str:
        return self._unique(lambda: f"{self.rng.choice(_GIVEN)} {self._stem(2).title()}")

    def outlet(self) -> str:
        return self._unique(lambda: f"The {self._stem(1).title()} {self.rng.choice(_OUTLET_WORDS)}")

    def group(self) -> str:
        return self._unique(
            lambda: (
                f"{self.rng.choice(['Front', 'Movement', 'Army', 'Council'])} of "
                f"{self._stem(2).title()}"
            )
        )


def slug(name: str) -> str:
    """``The Dra Herald`` -> ``the-dra-herald``."""
    out = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in out.split("-") if part)
