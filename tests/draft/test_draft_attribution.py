from __future__ import annotations

from draft_harness import other_processes, reference

from peacekg.draft.attribution import Attribution, Context, find_attribution
from peacekg.draft.gazetteer import Gazetteer, KnownEntity
from peacekg.draft.persons import find_persons
from peacekg.draft.sentences import split_sentences

Step = tuple[str | None, str | None, str | None, bool]


def chains(g: Gazetteer, text: str) -> list[tuple[list[Step], str]]:
    """The chain of each sentence: (agent, unnamed source label, role, on record) per step."""
    context = Context()
    out = []
    for s in split_sentences(text):
        mentions = g.find(s.text, s.start)
        persons = find_persons(s.text, s.start, g, mentions)
        a: Attribution = find_attribution(
            s.text, s.start, mentions, persons, context, s.paragraph, g
        )
        steps = [
            (x.agent, x.source.label if x.source else None, x.role, x.on_record) for x in a.steps
        ]
        out.append((steps, a.cue))
    return out


def test_outlet_citing_an_unnamed_source_and_the_continuation() -> None:
    base = reference()
    text = (
        "NBC, citing a Russian source, reported that the Kremlin will not make concessions. "
        "But Russia is ready to be flexible on frozen assets. Talks resume in June."
    )
    nbc = [("nbc", None, "outlet", False), (None, "a Russian source", None, False)]
    assert chains(base, text) == [
        (nbc, "citing ... reported"),
        (nbc, "continues the reported speech (citing ... reported)"),
        ([], "no attribution cue: the article's own voice"),
    ]


def test_unnamed_source_keeps_its_affiliation_and_count() -> None:
    gazetteer = other_processes()
    from peacekg.draft.attribution import _anonymous

    text = "citing two Azerbaijani officials familiar with the talks"
    source = _anonymous(text, gazetteer.find(text), 0)
    assert source is not None
    assert (source.label, source.affiliation, source.count) == (
        "two Azerbaijani officials familiar with the talks",
        "azerbaijan",
        2,
    )


def test_journalist_of_an_outlet_citing_sources() -> None:
    gazetteer = other_processes()
    gazetteer.add(KnownEntity("ana-ruiz", "Person", "Ana Ruiz", ("Ruiz",)))
    text = (
        "The ELN suspended the talks, writes Reuters correspondent in Havana Ana Ruiz, "
        "citing sources."
    )
    assert chains(gazetteer, text) == [
        (
            [
                ("reuters", None, "outlet", False),
                ("ana-ruiz", None, "journalist", False),
                (None, "sources", None, False),
            ],
            "citing ... writes",
        )
    ]


def test_on_record_speakers_before_and_after_the_verb() -> None:
    gazetteer = other_processes()
    text = (
        "Pashinyan said that Armenia is ready to sign. "
        "The sides agreed to free all detainees, Aliyev said. "
        "Prime Minister Nikol Pashinyan, who led the delegation, said the text was final. "
        "According to Al Jazeera, Qatar will host the next round."
    )
    assert chains(gazetteer, text) == [
        ([("nikol-pashinyan", None, None, True)], "said"),
        ([("ilham-aliyev", None, None, True)], "said"),
        ([("nikol-pashinyan", None, None, True)], "said"),
        ([("al-jazeera", None, None, False)], "according to"),
    ]


def test_pronouns_and_the_newspaper_look_back() -> None:
    gazetteer = other_processes()
    text = (
        "According to Reuters, citing two diplomats, the TPLF demanded a ceasefire. "
        "Ethiopia rejected the demand, the agency wrote. "
        "Aliyev arrived late. He said the border was open."
    )
    reuters = [("reuters", None, "outlet", False), (None, "two diplomats", None, False)]
    result = chains(gazetteer, text)
    assert [c for c, _ in result] == [
        reuters,
        reuters,
        [],
        [("ilham-aliyev", None, None, True)],
    ]
    assert result[3][1] == "said (he/she: the person named before)"


def test_no_cue_no_chain() -> None:
    gazetteer = other_processes()
    assert chains(gazetteer, "Delegations of Armenia and Azerbaijan met in Doha.") == [
        ([], "no attribution cue: the article's own voice")
    ]


def test_the_diplomats_are_the_diplomats_cited_before() -> None:
    gazetteer = other_processes()
    text = (
        "The ELN demanded an amnesty, according to two diplomats briefed on the talks. "
        "Colombia rejected it, the diplomats said. A Colombian official told Reuters so."
    )
    diplomats = (None, "two diplomats briefed on the talks", None, False)
    assert chains(gazetteer, text) == [
        ([diplomats], "according to"),
        ([diplomats], "said"),
        (
            [("reuters", None, "outlet", False), (None, "A Colombian official", None, False)],
            "told Reuters",
        ),
    ]
