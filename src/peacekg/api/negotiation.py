"""HTTP content negotiation: pick what to send from an ``Accept`` header (RFC 9110, 12.5.1).

An :class:`Offer` is one representation the server can produce: the media type it is sent as,
and other names a client may ask for it by (``application/xml`` for SPARQL XML results, as
browsers send). Each offer gets the quality of the most specific media range that matches one
of its names; the offer with the highest quality wins, then the one matched most specifically,
then the server's order::

    >>> offers = [Offer("application/sparql-results+json", ("application/json",)),
    ...           Offer("application/sparql-results+xml", ("application/xml",))]
    >>> choose("text/html,application/xml;q=0.9,*/*;q=0.8", offers).media_type
    'application/sparql-results+xml'
    >>> choose("text/csv", offers) is None
    True
    >>> choose(None, offers).media_type
    'application/sparql-results+json'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# How specifically a range matched: by the canonical type, by an alias, by type/*, by */*.
_EXACT, _ALIAS, _SUBTYPE_WILDCARD, _FULL_WILDCARD = 4, 3, 2, 1


@dataclass(frozen=True)
class MediaRange:
    """One element of an Accept header: ``type/subtype`` (either may be ``*``) and its q."""

    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """How specifically this range names ``media_type`` (0 if it does not match it)."""
        type_, _, subtype = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return _FULL_WILDCARD
        if self.type != type_:
            return 0
        if self.subtype == "*":
            return _SUBTYPE_WILDCARD
        return _EXACT if self.subtype == subtype else 0


@dataclass(frozen=True)
class Offer:
    """A representation the server can send: its media type and the other names it answers to."""

    media_type: str
    aliases: tuple[str, ...] = ()


def parse_accept(header: str) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed elements are left out.

    >>> parse_accept("text/csv;q=0.5, application/json ; q=0.9, nonsense, */*;q=x")
    [MediaRange(type='text', subtype='csv', q=0.5), MediaRange(type='application', \
subtype='json', q=0.9)]
    """
    ranges = []
    for element in header.split(","):
        media_type, *params = (part.strip() for part in element.split(";"))
        type_, slash, subtype = media_type.lower().partition("/")
        if not slash or not type_ or not subtype or (type_ == "*" and subtype != "*"):
            continue
        q = _quality(params)
        if q is not None:
            ranges.append(MediaRange(type_, subtype, q))
    return ranges


def _quality(params: list[str]) -> float | None:
    """The q parameter (1 when absent), or None when it is not a number in [0, 1]."""
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value.strip())
            except ValueError:
                return None
            return q if 0 <= q <= 1 else None
    return 1.0


def _score(offer: Offer, ranges: list[MediaRange]) -> tuple[float, int]:
    """The quality of an offer and how specifically it was matched; (0, 0) if not acceptable."""
    best_specificity, best_q = 0, 0.0
    for media_range in ranges:
        specificity = media_range.specificity(offer.media_type)
        for alias in offer.aliases:
            if media_range.specificity(alias) == _EXACT:
                specificity = max(specificity, _ALIAS)
        if specificity > best_specificity:
            best_specificity, best_q = specificity, media_range.q
    return (best_q, best_specificity) if best_q > 0 else (0.0, 0)


def choose(accept: str | None, offers: Sequence[Offer]) -> Offer | None:
    """The offer to send for this Accept header, or None if none is acceptable (then 406).

    No header, or an empty one, accepts anything: the first offer is sent.
    """
    if not offers:
        return None
    if accept is None or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    best: Offer | None = None
    best_score = (0.0, 0)
    for offer in offers:  # in the server's order, so that a tie keeps the earlier offer
        score = _score(offer, ranges)
        if score[0] > 0 and score > best_score:
            best, best_score = offer, score
    return best
