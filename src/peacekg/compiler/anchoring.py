"""Anchor a quote in its article: W3C Web Annotation text-quote and text-position selectors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

CONTEXT = 32  # characters of prefix and suffix kept around a quote


@dataclass(frozen=True)
class Anchor:
    exact: str
    start: int  # offset of the first character, counted from 0
    end: int  # offset just after the last character
    prefix: str
    suffix: str


class QuoteNotFound(ValueError):
    """The quote is not in the text (the message shows the nearest passage)."""


def nearest_passage(text: str, quote: str) -> str:
    """The passage of ``text`` most like ``quote``, for an error message."""
    matcher = difflib.SequenceMatcher(None, text, quote, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    start = max(0, block.a - block.b)
    end = min(len(text), start + len(quote))
    # Widen to whole words, so the passage reads as text.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def locate(text: str, quote: str, occurrence: int | None = None) -> Anchor:
    """Find ``quote`` verbatim in ``text``.

    >>> locate("Talks were held in Moscow.", "held in Moscow").start
    11
    """
    starts: list[int] = []
    at = text.find(quote)
    while at != -1:
        starts.append(at)
        at = text.find(quote, at + 1)
    if not starts:
        raise QuoteNotFound(
            f'the quote "{quote}" is not in the article text; the nearest passage is '
            f'"{nearest_passage(text, quote)}"'
        )
    if occurrence is None and len(starts) > 1:
        raise QuoteNotFound(
            f'the quote "{quote}" appears {len(starts)} times in the article; '
            "say which one with 'occurrence: N' or quote a longer passage"
        )
    index = (occurrence or 1) - 1
    if index >= len(starts):
        raise QuoteNotFound(
            f'occurrence {occurrence} asked for, but the quote "{quote}" appears '
            f"only {len(starts)} time(s)"
        )
    start = starts[index]
    end = start + len(quote)
    return Anchor(
        exact=quote,
        start=start,
        end=end,
        prefix=text[max(0, start - CONTEXT) : start],
        suffix=text[end : end + CONTEXT],
    )
