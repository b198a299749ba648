"""Actors and places of other peace processes, so that the draft rules are tested on more
than the evaluation articles (imported by conftest.py and the tests)."""

from __future__ import annotations

from pathlib import Path

from peacekg.draft.gazetteer import Gazetteer, KnownEntity, load_gazetteer

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

OTHER_PROCESSES = [
    KnownEntity("armenia", "State", "Armenia"),
    KnownEntity("azerbaijan", "State", "Azerbaijan"),
    KnownEntity("nikol-pashinyan", "Person", "Nikol Pashinyan", ("Pashinyan",)),
    KnownEntity("ilham-aliyev", "Person", "Ilham Aliyev", ("Aliyev",)),
    KnownEntity("nagorno-karabakh", "Region", "Nagorno-Karabakh", ("Karabakh",)),
    KnownEntity("colombia", "State", "Colombia"),
    KnownEntity("eln", "ArmedGroup", "National Liberation Army", ("ELN",)),
    KnownEntity("ethiopia", "State", "Ethiopia"),
    KnownEntity("tplf", "ArmedGroup", "Tigray People's Liberation Front", ("TPLF",)),
    KnownEntity("tigray", "Region", "Tigray region", ("Tigray",)),
    KnownEntity("african-union", "InternationalOrganisation", "African Union", ("AU",)),
    KnownEntity("qatar", "State", "Qatar"),
    KnownEntity("doha", "City", "Doha", located_in="qatar"),
    KnownEntity("pretoria", "City", "Pretoria"),
    KnownEntity("reuters", "MediaOutlet", "Reuters"),
    KnownEntity("al-jazeera", "MediaOutlet", "Al Jazeera"),
    KnownEntity("havana", "City", "Havana"),
]


def reference() -> Gazetteer:
    """The gazetteer of the repository's vocabularies and reference data."""
    return load_gazetteer(DATA)


def other_processes() -> Gazetteer:
    """The same, with the actors and places of :data:`OTHER_PROCESSES`."""
    g = load_gazetteer(DATA)
    for entity in OTHER_PROCESSES:
        g.add(entity)
    return g
