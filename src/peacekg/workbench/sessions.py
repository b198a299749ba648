"""Articles being coded, kept server-side in the data directory.

Each article in progress is a folder ``DATA/.peacekg/workbench/ARTICLE-ID/`` holding

- ``ARTICLE-ID.txt``: the text with its ``date`` header, as it will enter the corpus;
- ``ARTICLE-ID.facts.yaml``: the facts file as it stands (what an analyst would have written);
- ``state.json``: the version, the draft's proposals not yet decided (and those rejected),
  when the article was last ingested;
- ``history/N.json``: the facts file and proposals before change N, for undo.

Every change names the version it was made on; a change made on an older version (another
tab, another analyst) is refused with the reason (:class:`VersionConflict`), never merged
silently. Changes to one article are serialised by a file lock, across processes too.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peacekg.workbench.yamldoc import FactsDocument

__all__ = ["Article", "NoSuchArticle", "Proposal", "VersionConflict", "Workbench"]

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
HISTORY_LIMIT = 200


class NoSuchArticle(Exception):
    pass


class VersionConflict(Exception):
    """The change was made on an older version of the article."""

    def __init__(self, expected: int, current: int, updated: str) -> None:
        self.expected = expected
        self.current = current
        self.updated = updated
        super().__init__(
            f"This article was changed elsewhere (another tab or another person) at {updated}: "
            f"you were editing version {expected}, it is now at version {current}. "
            "Your change was not saved; reload the article to see the other change, then "
            "make yours again."
        )


@dataclass
class Proposal:
    """A fact the draft proposes, until the analyst accepts (it enters the facts file) or
    rejects it."""

    pid: str
    section: str
    data: dict[str, Any]
    cue: str | None = None
    confidence: float | None = None
    status: str = "proposed"  # proposed | rejected (accepted ones live in the facts file)

    def as_json(self) -> dict[str, Any]:
        return {
            "pid": self.pid,
            "section": self.section,
            "data": self.data,
            "cue": self.cue,
            "confidence": self.confidence,
            "status": self.status,
        }


@dataclass
class Article:
    """One article in progress, as read from its folder."""

    id: str
    folder: Path
    version: int
    updated: str
    facts: str
    proposals: list[Proposal]
    meta: dict[str, Any] = field(default_factory=dict)
    ingested: dict[str, Any] | None = None
    undo_depth: int = 0

    @property
    def text_path(self) -> Path:
        return self.folder / f"{self.id}.txt"

    @property
    def facts_path(self) -> Path:
        return self.folder / f"{self.id}.facts.yaml"

    @property
    def etag(self) -> str:
        return f'"{self.version}"'

    def document(self) -> FactsDocument:
        return FactsDocument(self.facts)


Change = Callable[[FactsDocument, list[Proposal]], None]


class Workbench:
    """The articles in progress under ``DATA/.peacekg/workbench``."""

    def __init__(self, data_dir: Path) -> None:
        self.root = data_dir / ".peacekg" / "workbench"
        self._lock = threading.Lock()

    # -- reading -----------------------------------------------------------------------------

    def folder(self, article_id: str) -> Path:
        if not SLUG.match(article_id):
            raise NoSuchArticle(f"'{article_id}' is not an article id (a slug: a-z, 0-9, -)")
        return self.root / article_id

    def exists(self, article_id: str) -> bool:
        return (self.folder(article_id) / "state.json").is_file()

    def get(self, article_id: str) -> Article:
        folder = self.folder(article_id)
        try:
            state = json.loads((folder / "state.json").read_text(encoding="utf-8"))
            facts = (folder / f"{article_id}.facts.yaml").read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise NoSuchArticle(f"No article '{article_id}' is in progress.") from None
        history = folder / "history"
        depth = len(list(history.glob("*.json"))) if history.is_dir() else 0
        return Article(
            id=article_id,
            folder=folder,
            version=state["version"],
            updated=state["updated"],
            facts=facts,
            proposals=[Proposal(**p) for p in state.get("proposals", [])],
            meta=state.get("meta", {}),
            ingested=state.get("ingested"),
            undo_depth=depth,
        )

    def articles(self) -> list[Article]:
        if not self.root.is_dir():
            return []
        found = []
        for state in sorted(self.root.glob("*/state.json")):
            try:
                found.append(self.get(state.parent.name))
            except (NoSuchArticle, ValueError, KeyError):
                continue
        return found

    # -- writing -----------------------------------------------------------------------------

    def create(
        self,
        article_id: str,
        text_with_header: str,
        facts: str,
        proposals: list[Proposal],
        meta: dict[str, Any],
    ) -> Article:
        """Start coding an article (refused when one with this id is in progress)."""
        folder = self.folder(article_id)
        with self._locked(article_id):
            if (folder / "state.json").exists():
                raise FileExistsError(
                    f"An article '{article_id}' is already in progress: open it from the list, "
                    "or give this one another id."
                )
            folder.mkdir(parents=True, exist_ok=True)
            _write(folder / f"{article_id}.txt", text_with_header)
            _write(folder / f"{article_id}.facts.yaml", facts)
            self._write_state(folder, 1, proposals, meta, None)
        return self.get(article_id)

    def change(self, article_id: str, expected: int, change: Change) -> Article:
        """Apply ``change`` to the facts file and proposals of version ``expected``; the new
        version is written, the old one kept for undo. Raises VersionConflict."""
        with self._locked(article_id):
            article = self.get(article_id)
            if article.version != expected:
                raise VersionConflict(expected, article.version, article.updated)
            doc = article.document()
            proposals = [Proposal(**p.as_json()) for p in article.proposals]
            change(doc, proposals)
            facts = doc.dump()
            self._push_history(article)
            _write(article.facts_path, facts)
            self._write_state(
                article.folder, article.version + 1, proposals, article.meta, article.ingested
            )
        return self.get(article_id)

    def undo(self, article_id: str, expected: int) -> Article:
        """Go back to the facts and proposals before the last change (as a new version)."""
        with self._locked(article_id):
            article = self.get(article_id)
            if article.version != expected:
                raise VersionConflict(expected, article.version, article.updated)
            history = article.folder / "history"
            snapshots = sorted(history.glob("*.json"), key=lambda p: int(p.stem))
            if not snapshots:
                raise LookupError("There is nothing to undo.")
            last = json.loads(snapshots[-1].read_text(encoding="utf-8"))
            _write(article.facts_path, last["facts"])
            proposals = [Proposal(**p) for p in last["proposals"]]
            self._write_state(
                article.folder, article.version + 1, proposals, article.meta, article.ingested
            )
            snapshots[-1].unlink()
        return self.get(article_id)

    def mark_ingested(self, article_id: str, version: int, result: dict[str, Any]) -> Article:
        with self._locked(article_id):
            article = self.get(article_id)
            ingested = {"version": version, "at": _now(), **result}
            self._write_state(
                article.folder, article.version, article.proposals, article.meta, ingested
            )
        return self.get(article_id)

    def discard(self, article_id: str) -> None:
        import shutil

        with self._locked(article_id):
            shutil.rmtree(self.folder(article_id), ignore_errors=True)

    # -- helpers -----------------------------------------------------------------------------

    @contextmanager
    def _locked(self, article_id: str) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.root / f".{article_id}.lock", "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _push_history(self, article: Article) -> None:
        history = article.folder / "history"
        history.mkdir(exist_ok=True)
        snapshot = {"facts": article.facts, "proposals": [p.as_json() for p in article.proposals]}
        _write(history / f"{article.version}.json", json.dumps(snapshot, ensure_ascii=False))
        old = sorted(history.glob("*.json"), key=lambda p: int(p.stem))
        for path in old[:-HISTORY_LIMIT]:
            path.unlink()

    def _write_state(
        self,
        folder: Path,
        version: int,
        proposals: list[Proposal],
        meta: dict[str, Any],
        ingested: dict[str, Any] | None,
    ) -> None:
        state = {
            "version": version,
            "updated": _now(),
            "meta": meta,
            "proposals": [p.as_json() for p in proposals],
            "ingested": ingested,
        }
        _write(folder / "state.json", json.dumps(state, ensure_ascii=False, indent=1))


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _write(path: Path, text: str) -> None:
    """Write ``text`` whole or not at all (a crash leaves the old file)."""
    partial = path.with_name(path.name + ".partial")
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    partial.replace(path)
