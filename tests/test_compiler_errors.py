"""Every kind of broken facts file is refused with a FactsError that names the file, the line,
the fact and the problem.

Each test copies data/ into a temporary directory, changes one thing in the first article's
facts (or its text), and compiles. The expected line is found in the broken file itself, so the
tests do not depend on where a fact happens to sit in the shipped file.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from peacekg.compiler import FactsError, compile_data

DATA = Path(__file__).resolve().parents[1] / "data"
ARTICLE = "2025-12-03-moscow-talks"
FACTS = f"{ARTICLE}.facts.yaml"
TEXT = f"{ARTICLE}.txt"


@dataclass(frozen=True)
class Broken:
    path: Path  # the edited file
    text: str  # its content after the edit

    def line_of(self, needle: str) -> int:
        """The 1-based line of the first occurrence of ``needle`` in the broken file."""
        at = self.text.index(needle)
        return self.text.count("\n", 0, at) + 1

    def column_of(self, needle: str) -> int:
        at = self.text.index(needle)
        return at - (self.text.rfind("\n", 0, at) + 1) + 1


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def edit(data: Path, old: str, new: str, name: str = FACTS) -> Broken:
    """Replace the one occurrence of ``old`` in ``data/articles/NAME`` by ``new``."""
    path = data / "articles" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"the test's edit must match exactly once: {old!r}"
    broken = text.replace(old, new)
    path.write_text(broken, encoding="utf-8")
    return Broken(path, broken)


def refused(data: Path) -> FactsError:
    with pytest.raises(FactsError) as info:
        compile_data(data)
    return info.value


def assert_located(error: FactsError, broken: Broken, line: int, fact: str | None) -> str:
    """The error names the file, the line and (when given) the fact; returns the message."""
    message = str(error)
    assert error.path == broken.path
    assert message.startswith(f"{broken.path}, line {line}")
    assert error.line == line
    if fact is not None:
        assert error.fact == fact
        assert f"({fact}): " in message
    return message


# --- YAML ------------------------------------------------------------------------------------


def test_yaml_syntax_error_gives_line_and_column(data: Path) -> None:
    broken = edit(
        data,
        "    outcome: No specific decisions were made\n",
        "    outcome: No specific: decisions were made\n",
    )
    error = refused(data)
    line, column = broken.line_of("No specific:"), broken.column_of("specific:") + len("specific")
    message = assert_located(error, broken, line, None)
    assert error.column == column
    assert message.startswith(f"{broken.path}, line {line}, column {column}: YAML syntax error")
    assert "mapping values are not allowed here" in message


def test_key_written_twice(data: Path) -> None:
    broken = edit(
        data,
        "    status: held\n    begin: 2025-12-02T19:00:00+02:00\n",
        "    status: held\n    status: planned\n    begin: 2025-12-02T19:00:00+02:00\n",
    )
    error = refused(data)
    message = assert_located(error, broken, broken.line_of("    status: planned"), None)
    assert error.column == 5
    assert "the key 'status' is written twice" in message


def test_key_written_twice_names_the_fact(data: Path) -> None:
    edit(
        data,
        "    status: held\n    begin: 2025-12-02T19",
        "    status: held\n    status: held\n    begin: 2025-12-02T19",
    )
    assert refused(data).fact == "event '2025-12-02-moscow-talks'"


# --- keys and references -------------------------------------------------------------------


def test_unknown_key_is_named_with_a_suggestion(data: Path) -> None:
    broken = edit(
        data,
        "    issue: territory\n    places: [donetsk-region]\n",
        "    isue: territory\n    places: [donetsk-region]\n",
    )
    message = assert_located(
        refused(data), broken, broken.line_of("    isue:"), "stance 'russia-donetsk-territory'"
    )
    assert "unknown key 'isue'" in message
    assert "did you mean 'issue'" in message


def test_unknown_optional_key(data: Path) -> None:
    broken = edit(data, "    time_zone: Europe/Kyiv\n", "    timezone: Europe/Kyiv\n")
    message = assert_located(
        refused(data), broken, broken.line_of("    timezone:"), "event '2025-12-02-moscow-talks'"
    )
    assert "unknown key 'timezone' (events.0.timezone)" in message
    assert "data/README.md" in message


def test_unknown_issue_suggests_the_nearest(data: Path) -> None:
    broken = edit(
        data,
        "    issue: territory\n    places: [donetsk-region]\n",
        "    issue: teritory\n    places: [donetsk-region]\n",
    )
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("issue: teritory"),
        "stance 'russia-donetsk-territory'",
    )
    assert message.endswith(
        "unknown issue 'teritory' in the issue scheme; did you mean 'territory'?"
    )


def test_unknown_stance_value(data: Path) -> None:
    broken = edit(
        data,
        "    value: flexible\n    summary: ready to be flexible",
        "    value: bendy\n    summary: ready to be flexible",
    )
    message = assert_located(
        refused(data), broken, broken.line_of("value: bendy"), "stance 'russia-frozen-assets'"
    )
    assert "unknown value 'bendy' in the stance-value scheme" in message


def test_event_as_stance_holder(data: Path) -> None:
    broken = edit(
        data,
        "    holder: united-states\n    issue: armed-forces-size\n",
        "    holder: 2025-11-23-geneva-talks\n    issue: armed-forces-size\n",
    )
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("holder: 2025-11-23-geneva-talks"),
        "stance 'us-armed-forces-no-limit'",
    )
    assert message.endswith(
        "holder '2025-11-23-geneva-talks' is an event, but holder must be an actor "
        "(a party, a person or a media outlet)"
    )


def test_duplicate_fact_id(data: Path) -> None:
    broken = edit(
        data, "  - id: russia-armed-forces-limits\n", "  - id: russia-donetsk-territory\n"
    )
    error = refused(data)
    # The second declaration is the one refused.
    second = broken.text.index(
        "  - id: russia-donetsk-territory",
        broken.text.index("  - id: russia-donetsk-territory") + 1,
    )
    line = broken.text.count("\n", 0, second) + 1
    message = assert_located(error, broken, line, None)
    assert message.endswith("the id 'russia-donetsk-territory' is used twice in this file")


# --- evidence ------------------------------------------------------------------------------


def test_quote_not_in_the_article_shows_the_nearest_passage(data: Path) -> None:
    broken = edit(
        data,
        "But Russia is ready to be flexible on the issue of Russian assets frozen in the EU.",
        "But Russia is ready to be flexible on the issue of Russian assets held in the EU.",
    )
    message = assert_located(
        refused(data), broken, broken.line_of("quote: But Russia"), "stance 'russia-frozen-assets'"
    )
    assert (
        'the quote "But Russia is ready to be flexible on the issue of Russian assets held in the '
        'EU." is not in the article text' in message
    )
    assert (
        'the nearest passage is "But Russia is ready to be flexible on the issue of Russian assets '
        "frozen" in message
    )


def test_quote_found_twice_needs_occurrence(data: Path) -> None:
    quote = "The US also agreed not to limit the size of the Armed Forces of Ukraine"
    broken = edit(
        data,
        f"    evidence:\n      - quote: {quote}\n        according_to: article\n  - id: ukraine",
        "    evidence:\n      - quote: the size of the Armed Forces of Ukraine\n"
        "        according_to: article\n  - id: ukraine",
    )
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("quote: the size of the Armed"),
        "stance 'us-armed-forces-no-limit'",
    )
    assert (
        'the quote "the size of the Armed Forces of Ukraine" appears 2 times in the article; '
        "say which one with 'occurrence: N'" in message
    )


def test_quote_found_twice_with_occurrence_compiles(data: Path) -> None:
    quote = "The US also agreed not to limit the size of the Armed Forces of Ukraine"
    edit(
        data,
        f"    evidence:\n      - quote: {quote}\n        according_to: article\n  - id: ukraine",
        "    evidence:\n      - quote: the size of the Armed Forces of Ukraine\n"
        "        occurrence: 2\n        according_to: article\n  - id: ukraine",
    )
    compile_data(data)


# --- dates and times -----------------------------------------------------------------------


def test_impossible_date(data: Path) -> None:
    broken = edit(data, "    begin: 2025-11-23\n", "    begin: 2025-13-02\n")
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("begin: 2025-13-02"),
        "event '2025-11-23-geneva-talks'",
    )
    assert "2025-13-02" in message or "month" in message


def test_impossible_date_in_quotes(data: Path) -> None:
    # Written as a string, the same date reaches pydantic and is located properly.
    broken = edit(data, "    begin: 2025-11-23\n", "    begin: '2025-13-02'\n")
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("begin: '2025-13-02'"),
        "event '2025-11-23-geneva-talks'",
    )
    assert "events.1.begin" in message and "month value is outside expected range" in message


def test_time_without_utc_offset(data: Path) -> None:
    broken = edit(
        data, "    begin: 2025-12-02T19:00:00+02:00\n", "    begin: 2025-12-02T19:00:00\n"
    )
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("begin: 2025-12-02T19"),
        "event '2025-12-02-moscow-talks'",
    )
    assert "a time needs its UTC offset, for example 2025-12-02T19:00:00+02:00" in message


# --- attribution chains --------------------------------------------------------------------


def test_chain_step_with_agent_and_source(data: Path) -> None:
    broken = edit(
        data,
        "        according_to: *kyslytsia\n\ndocuments:",
        "        according_to:\n          - {agent: serhiy-kyslytsia, source: rafoglu-sources}\n"
        "\ndocuments:",
    )
    message = assert_located(
        refused(data),
        broken,
        broken.line_of("{agent: serhiy-kyslytsia, source:"),
        "stance 'ukraine-amnesty'",
    )
    assert "either an 'agent' or a 'source', not both" in message


def test_chain_step_with_agent_and_source_in_the_chains_section(data: Path) -> None:
    broken = edit(
        data,
        "    - {agent: yuri-ushakov, on_record: true}",
        "    - {agent: yuri-ushakov, source: nbc-russian-source}",
    )
    message = assert_located(refused(data), broken, broken.line_of("{agent: yuri-ushakov"), None)
    assert message.endswith(
        "chains.ushakov.0: a chain step names either an 'agent' or a 'source', not both"
    )


def test_undeclared_anonymous_source(data: Path) -> None:
    broken = edit(
        data,
        "        according_to: *kyslytsia\n\ndocuments:",
        "        according_to:\n          - {agent: nbc, role: outlet}\n"
        "          - {source: two-officials}\n\ndocuments:",
    )
    message = assert_located(
        refused(data), broken, broken.line_of("{source: two-officials}"), "stance 'ukraine-amnesty'"
    )
    assert message.endswith(
        "unknown source 'two-officials': declare it under 'sources:' "
        "(declared: nbc-russian-source, rafoglu-sources)"
    )


# --- the article text ----------------------------------------------------------------------


def test_article_text_without_date_header(data: Path) -> None:
    path = data / "articles" / TEXT
    raw = path.read_text(encoding="utf-8")
    assert raw.startswith(" date 2025-12-03 ")
    path.write_text(raw.replace(" date 2025-12-03 ", "", 1), encoding="utf-8")
    error = refused(data)
    assert error.path == path
    assert error.line == 1
    assert str(error) == (
        f"{path}, line 1: the article must start with a 'date YYYY-MM-DD' header "
        f"(the article text of {FACTS})"
    )


def test_article_text_with_impossible_header_date(data: Path) -> None:
    path = data / "articles" / TEXT
    raw = path.read_text(encoding="utf-8")
    path.write_text(raw.replace(" date 2025-12-03 ", " date 2025-13-03 ", 1), encoding="utf-8")
    assert str(refused(data)) == (
        f"{path}, line 1: the header date '2025-13-03' is not a calendar date (YYYY-MM-DD) "
        f"(the article text of {FACTS})"
    )
