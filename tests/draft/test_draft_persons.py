from __future__ import annotations

from draft_harness import other_processes, reference

from peacekg.draft.entities import discover_entities
from peacekg.draft.gazetteer import Gazetteer
from peacekg.draft.persons import find_persons


def persons(
    g: Gazetteer, text: str
) -> list[tuple[str, str | None, str | None, str | None, str | None]]:
    return [(p.name, p.entity, p.title, p.role, p.organization) for p in find_persons(text, 0, g)]


def test_new_person_with_title_from_the_role_vocabulary() -> None:
    base = reference()
    assert persons(base, "Deputy Foreign Minister Serhiy Kyslytsia said so.") == [
        ("Serhiy Kyslytsia", "serhiy-kyslytsia", "Deputy Foreign Minister", "deputy-minister", None)
    ]
    assert persons(base, "Deputy Foreign Minister Olga Petrenko, who led the team, said so.") == [
        ("Olga Petrenko", None, "Deputy Foreign Minister", "deputy-minister", None)
    ]


def test_titles_name_their_organisation() -> None:
    gazetteer = other_processes()
    assert persons(gazetteer, "Armenian Foreign Minister Ararat Mirzoyan arrived.") == [
        ("Ararat Mirzoyan", None, "Armenian Foreign Minister", "minister", "armenia")
    ]
    assert persons(gazetteer, "African Union envoy Olusegun Obasanjo chaired the talks.") == [
        ("Olusegun Obasanjo", None, "African Union envoy", "special-envoy", "african-union")
    ]
    assert persons(gazetteer, "Kremlin spokesman Dmitry Peskov declined to comment.") == [
        # Peskov is a reference person (data/reference/actors.yaml); the role is the vocabulary's
        ("Dmitry Peskov", "dmitry-peskov", "Kremlin spokesman", "spokesperson", "russia")
    ]
    assert persons(gazetteer, "Reuters correspondent in Doha Lina Haddad, citing sources.") == [
        ("Lina Haddad", None, "Reuters correspondent in Doha", "correspondent", "reuters")
    ]


def test_appositive_and_possessive_titles() -> None:
    gazetteer = other_processes()
    assert persons(gazetteer, "Ethiopia sent its national security adviser, Redwan Hussien.") == [
        (
            "Redwan Hussien",
            None,
            "national security adviser",
            "national-security-adviser",
            "ethiopia",
        )
    ]
    assert persons(gazetteer, "Azerbaijan's chief negotiator Elchin Amirbayov spoke.") == [
        ("Elchin Amirbayov", None, "chief negotiator", "negotiator", "azerbaijan")
    ]


def test_a_speaking_name_is_a_person_an_untitled_silent_one_is_not() -> None:
    gazetteer = other_processes()
    assert persons(gazetteer, "Getachew Reda said the deal would hold.") == [
        ("Getachew Reda", None, None, None, None)
    ]
    assert persons(gazetteer, "They flew to Addis Ababa on Monday.") == []


def test_known_persons_keep_their_id() -> None:
    gazetteer = other_processes()
    assert persons(gazetteer, "Prime Minister Nikol Pashinyan met President Ilham Aliyev.") == [
        ("Nikol Pashinyan", "nikol-pashinyan", "Prime Minister", "head-of-government", None),
        ("Ilham Aliyev", "ilham-aliyev", "President", "head-of-state", None),
    ]


def test_new_entities_by_their_context() -> None:
    base = reference()
    text = (
        "Delegations of Norland and the Ostmark met in the city of Vell on June 3, mediated by "
        "the Coastal Union. Norland will never give up the Serra valley, the Harbour Gazette "
        "wrote. Ostmark was represented by its foreign minister."
    )
    assert [(e.label, e.type) for e in discover_entities(text, base)] == [
        ("Norland", "State"),
        ("Ostmark", "State"),
        ("Vell", "City"),
        ("Coastal Union", "InternationalOrganisation"),
        ("Serra valley", "Region"),
        ("Harbour Gazette", "MediaOutlet"),
    ]
    # known entities are not proposed again
    assert (
        discover_entities("Delegations of Russia and Ukraine met in the city of Kyiv.", base) == []
    )
