from __future__ import annotations

from datetime import date

from draft_harness import other_processes, reference

from peacekg.draft.events import EventMention, find_events
from peacekg.draft.gazetteer import Gazetteer, KnownEvent
from peacekg.draft.sentences import split_sentences

Row = tuple[str, str, str | None, str | None, int | None, str | None]


def events(g: Gazetteer, text: str, published: date) -> list[EventMention]:
    found: list[EventMention] = []
    for s in split_sentences(text):
        found.extend(find_events(s.text, s.start, g, published, found))
    return found


def rows(found: list[EventMention]) -> list[Row]:
    return [
        (
            e.type,
            e.status,
            e.begin.isoformat() if e.begin else None,
            e.place,
            e.ordinal,
            e.ref or e.part_of,
        )
        for e in found
    ]


def test_talks_completed_by_the_next_sentence() -> None:
    base = reference()
    text = (
        "Negotiations between the US and Russian delegations were held in Moscow on the evening "
        "of December 2. The meeting began in the Kremlin at around 7:00 p.m. Kyiv time and lasted "
        "almost 5 hours."
    )
    (talks,) = events(base, text, date(2025, 12, 3))
    assert rows([talks]) == [("talks", "held", "2025-12-02T19:00:00+02:00", "kremlin", None, None)]
    assert (talks.time_zone, talks.begin_approximation) == ("Europe/Kyiv", "around")
    assert (talks.duration, talks.duration_approximation) == ("PT5H", "almost")
    assert talks.participants == [
        ("united-states", "united-states", None),
        ("russia", "russia", None),
    ]
    assert len(talks.sentences) == 2


def test_statuses_and_local_time_of_the_place() -> None:
    gazetteer = other_processes()
    text = (
        "The African Union said a round of talks in Pretoria was postponed after the TPLF "
        "withdrew. A second round of talks between Armenia and Azerbaijan was held in Doha "
        "on May 4. It started at 10:00 local time. Pashinyan and Aliyev cancelled a meeting "
        "planned for May 20. A phone call between Aliyev and Pashinyan is not yet planned."
    )
    found = events(gazetteer, text, date(2026, 5, 5))
    assert rows(found) == [
        ("round", "postponed", None, "pretoria", None, None),
        ("talks", "held", None, None, None, None),
        ("round", "held", "2026-05-04", "doha", 2, "series"),
        ("meeting", "cancelled", "2026-05-20", None, None, None),
    ]
    assert found[0].status_changed_by == ["tplf"]
    assert found[1].participants == [
        ("armenia", "armenia", None),
        ("azerbaijan", "azerbaijan", None),
    ]
    assert found[3].status_changed_by == ["nikol-pashinyan", "ilham-aliyev"]


def test_time_for_local_time_comes_from_the_city() -> None:
    gazetteer = other_processes()
    (round_,) = [
        e
        for e in events(
            gazetteer, "The first round of talks started in Doha at 10:00 local time on May 4.",
            date(2026, 5, 5),
        )
        if e.type == "round"
    ]  # fmt: skip
    assert round_.begin is not None
    assert round_.begin.isoformat() == "2026-05-04T10:00:00+03:00"
    assert round_.time_zone == "Asia/Qatar"


def test_an_event_the_earlier_facts_hold_is_updated_by_reference() -> None:
    gazetteer = other_processes()
    gazetteer.events.append(KnownEvent("doha-talks", "talks"))
    gazetteer.events.append(
        KnownEvent("doha-round-3", "round", date(2026, 6, 1), 3, "doha-talks", "doha")
    )
    text = (
        "The third round, planned for June 1, was postponed. "
        "A fourth round is planned for June 20 in Doha. "
        "A prisoner exchange took place on May 30."
    )
    assert rows(events(gazetteer, text, date(2026, 6, 2))) == [
        ("round", "postponed", "2026-06-01", None, 3, "doha-round-3"),
        ("round", "planned", "2026-06-20", "doha", 4, "doha-talks"),
        ("prisoner-exchange", "held", "2026-05-30", None, None, None),
    ]


def test_a_mere_mention_is_no_event() -> None:
    gazetteer = other_processes()
    assert (
        events(gazetteer, "Aliyev spoke about the talks with journalists.", date(2026, 1, 1)) == []
    )


def test_the_sentence_after_an_event_may_say_what_came_of_it() -> None:
    gazetteer = other_processes()
    text = (
        "Talks between Armenia and Azerbaijan were held in Doha on May 4. No agreement was "
        "reached on the border, although both sides praised the host. No decisions were made."
    )
    (talks,) = events(gazetteer, text, date(2026, 5, 5))
    assert talks.outcome == "No agreement was reached on the border"
    assert len(talks.sentences) == 2  # one outcome: the sentence right after the event
