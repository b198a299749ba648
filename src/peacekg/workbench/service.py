"""What the workbench does, in plain functions the HTTP layer calls: start an article from a
text (the draft runs), open one of the corpus, accept, reject, edit, add and remove cards,
undo, check, ingest.

    >>> header_text("2026-05-05", "Talks were held.")
    ' date 2026-05-05 Talks were held.'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from peacekg.store import Store
from peacekg.workbench import adapter
from peacekg.workbench.cards import CardCheck, cards, check_article
from peacekg.workbench.sessions import Article, NoSuchArticle, Proposal, Workbench
from peacekg.workbench.yamldoc import FactsDocument, plain

__all__ = [
    "MAX_TEXT_BYTES",
    "BadInput",
    "IngestRefused",
    "NewArticle",
    "accept",
    "decode_upload",
    "header_text",
    "open_corpus_article",
    "start_article",
    "view",
]

MAX_TEXT_BYTES = 500_000  # a long news report is 10-60 kB


class BadInput(ValueError):
    """Input the workbench cannot take; the message says what and where."""


class IngestRefused(Exception):
    """The article was not ingested; ``check`` says which cards to fix."""

    def __init__(self, message: str, check: CardCheck | None = None) -> None:
        super().__init__(message)
        self.check = check


@dataclass(frozen=True)
class NewArticle:
    text: str
    published: str
    title: str | None = None
    url: str | None = None
    publisher: str | None = None
    language: str = "en"
    article_id: str | None = None


def decode_upload(raw: bytes, name: str = "the file") -> str:
    """An uploaded text as a string: UTF-8 (a BOM is dropped), not empty, not too large."""
    if not raw.strip():
        raise BadInput(f"{name} is empty: there is no text to code.")
    if len(raw) > MAX_TEXT_BYTES:
        raise BadInput(
            f"{name} is {len(raw):,} bytes; the workbench takes texts of up to "
            f"{MAX_TEXT_BYTES:,} bytes (one news report)."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BadInput(
            f"{name} is not UTF-8 text (byte {error.start + 1}, line {line}: "
            f"{raw[error.start : error.start + 1]!r}). Save it as UTF-8 and upload it again."
        ) from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise BadInput(f"{name} holds NUL bytes: it is not a text file.")
    return text


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def header_text(published: str, text: str) -> str:
    """The article file's content: the ``date`` header, then the text unchanged."""
    return f" date {published} {text}"


def _article_id(new: NewArticle) -> str:
    if new.article_id:
        ident = new.article_id.strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,99}", ident):
            raise BadInput(
                f"The article id '{ident}' is not a slug (lower-case letters, digits, hyphens)."
            )
        return ident
    words = "-".join(_slug(new.title or new.text[:80]).split("-")[:6]) or "article"
    return f"{new.published}-{words}"


def _published(value: str) -> str:
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BadInput(
            f"The publication date '{value}' is not a date (YYYY-MM-DD, a real calendar date)."
        ) from None


def start_article(bench: Workbench, data_dir: Path, new: NewArticle) -> Article:
    """Keep the text, run the draft, and make each drafted fact a proposal."""
    text = new.text
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise BadInput(f"The text is longer than {MAX_TEXT_BYTES:,} bytes (one news report).")
    if not text.strip():
        raise BadInput("The text is empty: paste or upload the report first.")
    published = _published(new.published)
    article_id = _article_id(new)
    if bench.exists(article_id):
        raise BadInput(
            f"An article '{article_id}' is already in progress: open it from the list, or "
            "give this one another id."
        )
    body = text.strip()
    folder = bench.folder(article_id)
    folder.mkdir(parents=True, exist_ok=True)
    text_path = folder / f"{article_id}.txt"
    text_path.write_text(header_text(published, body), encoding="utf-8")
    try:
        _, drafted = adapter.draft(text_path, data_dir)
    except adapter.FactsError as error:
        text_path.unlink()
        raise BadInput(f"The draft could not read the text: {error.problem}") from None
    header: dict[str, Any] = {"id": article_id, "text": text_path.name}
    for key, value in (
        ("title", new.title),
        ("language", new.language or "en"),
        ("publisher", new.publisher),
        ("url", new.url),
    ):
        if value:
            header[key] = value.strip()
    doc = FactsDocument("")
    doc.set_header(header)
    proposals = [
        Proposal(str(i + 1), f.section, f.data, f.cue, f.confidence) for i, f in enumerate(drafted)
    ]
    meta = {"origin": "new", "published": published}
    text_path.unlink()
    return bench.create(article_id, header_text(published, body), doc.dump(), proposals, meta)


def open_corpus_article(bench: Workbench, data_dir: Path, article_id: str) -> Article:
    """Start amending an article of the corpus: its text and facts file as they are."""
    for ident, text, facts in adapter.corpus_articles(data_dir):
        if ident == article_id:
            if bench.exists(article_id):
                return bench.get(article_id)
            _, published = adapter.article_text(text)
            return bench.create(
                article_id,
                text.read_bytes().decode("utf-8"),
                facts.read_bytes().decode("utf-8"),
                [],
                {"origin": "corpus", "published": published},
            )
    raise NoSuchArticle(f"The corpus has no article '{article_id}'.")


def view(article: Article) -> dict[str, Any]:
    """Everything the page shows of an article."""
    text, published = adapter.article_text(article.text_path)
    return {
        "id": article.id,
        "version": article.version,
        "updated": article.updated,
        "published": published,
        "text": text,
        "facts": article.facts,
        "cards": cards(article, text),
        "meta": article.meta,
        "ingested": article.ingested,
        "undo": article.undo_depth,
        "changed_since_ingest": bool(
            article.ingested and article.ingested.get("version") != article.version
        ),
    }


# -- changes ----------------------------------------------------------------------------------


def _references(data: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for value in data.values():
            found |= _references(value)
    elif isinstance(data, list):
        for value in data:
            found |= _references(value)
    elif isinstance(data, str):
        found.add(data)
    return found


def accept(bench: Workbench, article_id: str, version: int, pid: str, data: Any = None) -> Article:
    """The proposal enters the facts file (as edited, when ``data`` is given), with the
    proposed entities and sources it names."""

    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        chosen = _proposal(proposals, pid)
        entry = data if isinstance(data, dict) else chosen.data
        names = _references(entry)
        for other in list(proposals):
            if (
                other is not chosen
                and other.status == "proposed"
                and other.section in ("entities", "sources")
                and other.data.get("id") in names
            ):
                _add_unique(doc, other.section, other.data)
                proposals.remove(other)
        _add_unique(doc, chosen.section, entry)
        proposals.remove(chosen)

    return bench.change(article_id, version, change)


def _add_unique(doc: FactsDocument, section: str, entry: dict[str, Any]) -> None:
    ident = entry.get("id")
    taken = {plain(item).get("id") for item in doc.items(section)}
    if ident and section in ("entities", "sources") and ident in taken:
        return
    doc.add(section, entry)


def reject(bench: Workbench, article_id: str, version: int, pid: str) -> Article:
    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        _proposal(proposals, pid).status = "rejected"

    return bench.change(article_id, version, change)


def restore(bench: Workbench, article_id: str, version: int, pid: str) -> Article:
    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        _proposal(proposals, pid).status = "proposed"

    return bench.change(article_id, version, change)


def _proposal(proposals: list[Proposal], pid: str) -> Proposal:
    for p in proposals:
        if p.pid == pid:
            return p
    raise NoSuchArticle(f"There is no proposal {pid} (already accepted?).")


def put_card(
    bench: Workbench, article_id: str, version: int, key: str, data: dict[str, Any]
) -> Article:
    """Write an edited card: the header, an item of the file, or a proposal (edited but not
    yet accepted)."""

    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        if key == "article":
            header = dict(data)
            current = doc.header()
            for fixed in ("id", "text"):
                if fixed in current and header.get(fixed) != current[fixed]:
                    raise BadInput(
                        f"The article's '{fixed}' is fixed once the article is started "
                        f"('{current[fixed]}'); start a new article for another."
                    )
            doc.set_header(header)
        elif key.startswith("p:"):
            _proposal(proposals, key[2:]).data = dict(data)
        else:
            section, index = _split(key)
            doc.put(section, index, data)

    return bench.change(article_id, version, change)


def add_card(
    bench: Workbench, article_id: str, version: int, section: str, data: dict[str, Any]
) -> Article:
    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        doc.add(section, data)

    try:
        return bench.change(article_id, version, change)
    except KeyError as error:
        raise BadInput(str(error).strip("'\"")) from None


def remove_card(bench: Workbench, article_id: str, version: int, key: str) -> Article:
    """Take an item out of the facts file."""

    def change(doc: FactsDocument, proposals: list[Proposal]) -> None:
        section, index = _split(key)
        doc.remove(section, index)

    return bench.change(article_id, version, change)


def _split(key: str) -> tuple[str, int]:
    section, _, index = key.partition(":")
    if not index.isdigit():
        raise BadInput(f"'{key}' is not a card of the facts file")
    return section, int(index)


# -- checking and ingesting -------------------------------------------------------------------


def check(
    article: Article,
    store: Store,
    ontology_dir: Path,
    candidate: tuple[str, dict[str, Any]] | None = None,
) -> CardCheck:
    return check_article(article, store, ontology_dir, candidate=candidate)


def ingest(
    bench: Workbench, article: Article, version: int, store: Store, settings: Any
) -> tuple[Article, adapter.Ingested]:
    """Ingest the facts file of ``version`` through the one ingest path; refused (nothing
    changed) with the cards to fix when the compiler or the shapes object."""
    if article.version != version:
        from peacekg.workbench.sessions import VersionConflict

        raise VersionConflict(version, article.version, article.updated)
    result = check_article(article, store, settings.ontology_dir)
    if not result.conforms:
        first = next(iter(result.messages), "article")
        raise IngestRefused(
            f"Not ingested: {sum(len(m) for m in result.messages.values())} problem(s); fix "
            f"card '{first}' first. The store and the corpus were not changed.",
            result,
        )
    try:
        ingested = adapter.ingest(article.text_path, article.facts_path, settings)
    except (adapter.FactsError, adapter.IngestError) as error:
        raise IngestRefused(
            f"Not ingested: {error}. The store and the corpus were not changed."
        ) from None
    done = bench.mark_ingested(
        article.id,
        article.version,
        {"graph": ingested.graph, "triples": ingested.triples, "replaced": ingested.replaced},
    )
    return done, ingested
