"""Content negotiation, without a server: Accept parsing, q-values, wildcards, aliases, ties."""

from __future__ import annotations

import pytest

from peacekg.api.formats import GRAPH_OFFERS, RESULTS_OFFERS, format_media_type, is_format_name
from peacekg.api.negotiation import MediaRange, Offer, choose, parse_accept
from peacekg.store import QueryForm

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"


class TestParseAccept:
    def test_q_values_default_to_one(self) -> None:
        assert parse_accept("text/csv, application/json;q=0.9") == [
            MediaRange("text", "csv", 1.0),
            MediaRange("application", "json", 0.9),
        ]

    def test_case_spaces_and_other_parameters(self) -> None:
        assert parse_accept(" Text/CSV ; charset=utf-8 ; Q=0.4 ") == [
            MediaRange("text", "csv", 0.4)
        ]

    @pytest.mark.parametrize(
        "header", ["", "csv", "*/csv", "text/", "/csv", "text/csv;q=2", "text/csv;q=-1", "a/b;q=x"]
    )
    def test_malformed_elements_are_left_out(self, header: str) -> None:
        assert parse_accept(header) == []


class TestChoose:
    @pytest.mark.parametrize(
        ("accept", "expected"),
        [
            (None, JSON),
            ("", JSON),
            ("*/*", JSON),
            ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", XML),
            ("text/csv;q=0.5, application/json;q=0.9", JSON),
            ("text/csv, */*;q=0.1", CSV),
            ("text/*", CSV),  # a tie between CSV and TSV: the server's order decides
            ("text/*;q=0.5, text/tab-separated-values", TSV),
            ("text/*, text/csv;q=0", TSV),  # the more specific range wins, even to refuse
            (f"{JSON};q=0, */*", XML),
            ("application/json", JSON),
            ("text/xml", XML),
            ("nonsense", JSON),  # nothing parseable: as if no header
        ],
    )
    def test_results(self, accept: str | None, expected: str) -> None:
        offer = choose(accept, RESULTS_OFFERS)
        assert offer is not None
        assert offer.media_type == expected

    @pytest.mark.parametrize(
        "accept", ["image/png", "text/turtle", "application/*;q=0, text/*;q=0", "*/*;q=0"]
    )
    def test_nothing_acceptable(self, accept: str) -> None:
        assert choose(accept, RESULTS_OFFERS) is None

    @pytest.mark.parametrize(
        ("accept", "expected"),
        [
            ("*/*", "text/turtle"),
            ("application/json", "application/ld+json"),
            ("application/xml", "application/rdf+xml"),
            ("text/plain", "application/n-triples"),
            ("application/x-turtle", "text/turtle"),
            ("application/n-quads;q=0.2, application/trig;q=0.3, */*;q=0.1", "application/trig"),
        ],
    )
    def test_graphs(self, accept: str, expected: str) -> None:
        offer = choose(accept, GRAPH_OFFERS)
        assert offer is not None
        assert offer.media_type == expected

    def test_exact_name_beats_alias_at_equal_quality(self) -> None:
        offers = [Offer("a/x", ("a/y",)), Offer("a/y")]
        chosen = choose("a/y", offers)
        assert chosen is not None and chosen.media_type == "a/y"

    def test_no_offers(self) -> None:
        assert choose("*/*", []) is None


class TestFormatParameter:
    @pytest.mark.parametrize(
        ("name", "form", "expected"),
        [
            ("json", QueryForm.SELECT, JSON),
            ("xml", QueryForm.ASK, XML),
            ("csv", QueryForm.SELECT, CSV),
            ("tsv", QueryForm.SELECT, TSV),
            ("json", QueryForm.DESCRIBE, "application/ld+json"),
            ("xml", QueryForm.CONSTRUCT, "application/rdf+xml"),
            ("turtle", QueryForm.CONSTRUCT, "text/turtle"),
            ("ntriples", QueryForm.CONSTRUCT, "application/n-triples"),
            ("nquads", QueryForm.CONSTRUCT, "application/n-quads"),
            ("trig", QueryForm.CONSTRUCT, "application/trig"),
            ("jsonld", QueryForm.CONSTRUCT, "application/ld+json"),
            ("rdfxml", QueryForm.CONSTRUCT, "application/rdf+xml"),
            ("text/csv", QueryForm.SELECT, CSV),
            ("turtle", QueryForm.SELECT, None),
            ("csv", QueryForm.CONSTRUCT, None),
            ("text/turtle", QueryForm.ASK, None),
        ],
    )
    def test_names(self, name: str, form: QueryForm, expected: str | None) -> None:
        assert is_format_name(name)
        assert format_media_type(name, form) == expected

    @pytest.mark.parametrize(
        ("name", "form", "expected"),
        [
            ("JSON", QueryForm.SELECT, "application/sparql-results+json"),
            ("json-ld", QueryForm.CONSTRUCT, "application/ld+json"),
            ("n3", QueryForm.CONSTRUCT, "text/turtle"),
            ("ttl", QueryForm.DESCRIBE, "text/turtle"),
            (
                "application/ld+json,application/x-json+ld",
                QueryForm.CONSTRUCT,
                "application/ld+json",
            ),
            ("text/csv; charset=utf-8", QueryForm.SELECT, "text/csv"),
        ],
    )
    def test_names_clients_send(self, name: str, form: QueryForm, expected: str) -> None:
        assert is_format_name(name)
        assert format_media_type(name, form) == expected

    @pytest.mark.parametrize("name", ["yaml", "", "text/html", "n4", "a/b, c/d"])
    def test_unknown(self, name: str) -> None:
        assert not is_format_name(name)
