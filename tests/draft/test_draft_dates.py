from __future__ import annotations

from datetime import date

import pytest

from peacekg.draft.dates import find_dates, find_duration, find_time, zone_for

WEDNESDAY = date(2025, 12, 3)


@pytest.mark.parametrize(
    ("text", "published", "reference", "expected"),
    [
        ("held in Moscow on the evening of December 2", WEDNESDAY, None, ["2025-12-02"]),
        ("the ceasefire signed on 2 November 2022 in Pretoria", WEDNESDAY, None, ["2022-11-02"]),
        ("began a series of talks in Geneva on November 23", WEDNESDAY, None, ["2025-11-23"]),
        # a date without a year is the one nearest the publication date
        ("talks will resume in Doha on 5 January", date(2025, 12, 30), None, ["2026-01-05"]),
        ("the round of December 28", date(2026, 1, 4), None, ["2025-12-28"]),
        ("the envoys met on Tuesday", WEDNESDAY, None, ["2025-12-02"]),
        ("the envoys met on Wednesday", WEDNESDAY, None, ["2025-12-03"]),
        ("the envoys will meet on Tuesday", WEDNESDAY, None, ["2025-12-09"]),
        ("Aliyev spoke last Friday", WEDNESDAY, None, ["2025-11-28"]),
        ("Two weeks earlier he had offered it", date(2026, 4, 3), date(2026, 4, 2), ["2026-03-19"]),
        ("three days ago", WEDNESDAY, date(2025, 1, 1), ["2025-11-30"]),
        ("the accord signed yesterday", WEDNESDAY, None, ["2025-12-02"]),
        ("the 2025-11-30 statement", WEDNESDAY, None, ["2025-11-30"]),
        ("on February 30", WEDNESDAY, None, []),
        ("Monday's talks", WEDNESDAY, None, []),
    ],
)
def test_dates(text: str, published: date, reference: date | None, expected: list[str]) -> None:
    found = find_dates(text, published, reference)
    assert [d.value.isoformat() for d in found] == expected


def test_a_date_keeps_its_words_and_part_of_day() -> None:
    (found,) = find_dates("were held on the evening of December 2.", WEDNESDAY)
    assert (found.text, found.part_of_day, found.relative) == (
        "on the evening of December 2",
        "evening",
        False,
    )


@pytest.mark.parametrize(
    ("text", "on", "local", "iso", "zone", "approximation"),
    [
        ("began at around 7:00 p.m. Kyiv time", date(2025, 12, 2), None,
         "2025-12-02T19:00:00+02:00", "Europe/Kyiv", "around"),
        # the offset is the one of that date: summer time in Kyiv
        ("began at 7:00 p.m. Kyiv time", date(2025, 7, 2), None,
         "2025-07-02T19:00:00+03:00", "Europe/Kyiv", None),
        ("started at 10:00 local time (UTC+1)", date(2026, 3, 13), None,
         "2026-03-13T10:00:00+01:00", None, None),
        ("opened at 9.30 am local time", date(2026, 5, 4), "Asia/Qatar",
         "2026-05-04T09:30:00+03:00", "Asia/Qatar", None),
        ("at 14:00 GMT", date(2026, 5, 4), None, "2026-05-04T14:00:00+00:00", "UTC", None),
        ("shortly after 11 a.m. Moscow time", date(2026, 5, 4), None,
         "2026-05-04T11:00:00+03:00", "Europe/Moscow", "shortly after"),
    ],
)  # fmt: skip
def test_times_with_their_offset(
    text: str, on: date, local: str | None, iso: str, zone: str | None, approximation: str | None
) -> None:
    found = find_time(text, on, local)
    assert found is not None
    assert (found.value.isoformat(), found.zone, found.approximation) == (iso, zone, approximation)


@pytest.mark.parametrize(
    "text", ["lasted almost 5 hours", "28 points", "at 10:00 local time", "at 7 p.m."]
)
def test_no_time_without_a_clock_or_an_offset(text: str) -> None:
    # a bare number is no time; "local time" with no place to take the zone from, or no zone
    # at all, has no offset, and facts refuse a time without one
    assert find_time(text, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "iso", "approximation"),
    [
        ("and lasted almost 5 hours", "PT5H", "almost"),
        ("lasted about three hours", "PT3H", "about"),
        ("talks lasted two and a half hours", "PT2H30M", None),
        ("after 90 minutes", "PT1H30M", None),
        ("for more than an hour and a half", "PT1H30M", "more than"),
        ("a summit of two days", "P2D", None),
    ],
)
def test_durations(text: str, iso: str, approximation: str | None) -> None:
    found = find_duration(text)
    assert found is not None
    assert (found.iso, found.approximation) == (iso, approximation)


def test_zone_by_city_name() -> None:
    assert zone_for("Kyiv") == "Europe/Kyiv"
    assert zone_for("kiev") == "Europe/Kiev"
    assert zone_for("Port Alder") is None
