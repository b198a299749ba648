"""Article text files: a ``date YYYY-MM-DD`` header, then the text of the report."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from peacekg.compiler.errors import FactsError

_HEADER = re.compile(r"\A\s*date\s+(\S+)\s+")


@dataclass(frozen=True)
class ArticleText:
    path: Path
    published: date
    text: str  # the report without its header; quote offsets count in it


def read_article_text(path: Path) -> ArticleText:
    """Read an article file and split off its ``date YYYY-MM-DD`` header.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_text(" date 2025-12-03 Talks were held.", encoding="utf-8")
    >>> read_article_text(p).published, read_article_text(p).text
    (datetime.date(2025, 12, 3), 'Talks were held.')
    """
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FactsError("article text file not found", path=path) from None
    match = _HEADER.match(raw)
    if match is None:
        raise FactsError(
            "the article must start with a 'date YYYY-MM-DD' header", path=path, line=1
        )
    try:
        published = date.fromisoformat(match.group(1))
    except ValueError:
        raise FactsError(
            f"the header date '{match.group(1)}' is not a calendar date (YYYY-MM-DD)",
            path=path,
            line=1,
        ) from None
    text = raw[match.end() :].rstrip()
    if not text:
        raise FactsError("the article has no text after its date header", path=path)
    return ArticleText(path=path, published=published, text=text)
