"""Sentences and clauses with their character offsets in the article text.

A sentence ends at ``.``, ``!`` or ``?`` (optionally followed by a closing quotation mark)
followed by white space and a capital letter, a digit or an opening quotation mark, unless
the dot ends a known abbreviation (``p.m.``, ``Mr.``, ``U.S.``). A blank line always ends a
sentence (titles and subheadings have no final dot).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "st", "jr", "sr", "no",
    "vs", "etc", "e.g", "i.e", "a.m", "p.m", "u.s", "u.k", "u.n", "jan", "feb", "mar", "apr",
    "aug", "sept", "sep", "oct", "nov", "dec", "approx",
}  # fmt: skip
_END = re.compile(r"[.!?][\"”’ʼ)]?(?=\s+[\"“‘(]?[A-Z0-9\u0400-\u04FF])")
_PARAGRAPH = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Span:
    """A piece of the article text: ``text == article[start:end]``."""

    start: int
    end: int
    text: str
    paragraph: int = 0


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z](?:\.[A-Za-z])*|[A-Za-z]+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lower()
    # a single capital letter is an initial ("J. Smith"), not the end of a sentence
    return token in _ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def split_sentences(text: str) -> list[Span]:
    """Split ``text`` into sentences with offsets.

    >>> [s.text for s in split_sentences("He met Mr. Smith at 9 a.m. Monday. They agreed.")]
    ['He met Mr. Smith at 9 a.m. Monday.', 'They agreed.']
    """
    spans: list[Span] = []
    paragraph_starts = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    for number, start in enumerate(paragraph_starts):
        following = paragraph_starts[number + 1 :]
        end = following[0] if following else len(text)
        block = text[start:end]
        cursor = 0
        for match in _END.finditer(block):
            dot = match.start()
            if block[dot] == "." and _is_abbreviation(block, dot):
                continue
            _add(spans, text, start + cursor, start + match.end(), number)
            cursor = match.end()
        _add(spans, text, start + cursor, start + len(block), number)
    return spans


def _add(spans: list[Span], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end, text[start:end], paragraph))


# A clause ends at a semicolon, a dash, or a comma before a contrastive conjunction or before
# "and" that opens a new subject ("..., and the issue of territories was put ...").
_CLAUSE_BREAK = re.compile(
    r";|\s+—\s+|,\s+(?=(?:but|while|whereas|although|though)\b)"
    r"|,\s+(?=and\s+(?:the|a|an|his|her|its|their|[A-Z])\b)"
)


def split_clauses(sentence: Span) -> list[Span]:
    """Split a sentence at semicolons, dashes and before conjunctions that open a new clause.

    >>> s = Span(0, 41, "Ann agreed, but Bob refused the proposal.")
    >>> [c.text for c in split_clauses(s)]
    ['Ann agreed', 'but Bob refused the proposal.']
    """
    clauses: list[Span] = []
    cursor = 0
    for match in _CLAUSE_BREAK.finditer(sentence.text):
        _add_clause(clauses, sentence, cursor, match.start())
        cursor = match.end()
    _add_clause(clauses, sentence, cursor, len(sentence.text))
    return clauses


def _add_clause(clauses: list[Span], sentence: Span, start: int, end: int) -> None:
    text = sentence.text
    while start < end and text[start] in " ,":
        start += 1
    while end > start and text[end - 1] in " ,":
        end -= 1
    if end > start:
        clauses.append(
            Span(sentence.start + start, sentence.start + end, text[start:end], sentence.paragraph)
        )
