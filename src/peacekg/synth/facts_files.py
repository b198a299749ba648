"""A synthetic corpus as the files an analyst would write: ``vocab/`` and ``reference/`` (the
real ones plus ``reference/synth.yaml``), and one ``articles/ID.facts.yaml`` and ``ID.txt`` per
report. ``peacekg build --data DIR`` compiles them into the same graphs ``generate`` writes,
which is how the tests check that the generator writes what the compiler would.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from peacekg.synth.emit import SynthArticle


def write_data_dir(items: Iterable[object], data_dir: Path, target: Path) -> int:
    """Write the entities and reports of ``items`` (from ``corpus_items``) under ``target``;
    the number of reports written."""
    for sub in ("vocab", "reference"):
        shutil.copytree(data_dir / sub, target / sub, dirs_exist_ok=True)
    articles = target / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    entities: list[dict[str, Any]] = []
    count = 0
    for item in items:
        if isinstance(item, list):
            entities += item
        elif isinstance(item, SynthArticle):
            facts: dict[str, Any] = {
                "article": {
                    "id": item.id,
                    "text": item.source_file,
                    "title": item.title,
                    "publisher": item.publisher,
                },
                **item.facts,
            }
            (articles / f"{item.id}.facts.yaml").write_text(
                yaml.safe_dump(facts, sort_keys=False, allow_unicode=True), encoding="utf-8"
            )
            (articles / item.source_file).write_text(
                f"date {item.published}\n{item.text}\n", encoding="utf-8"
            )
            count += 1
    (target / "reference" / "synth.yaml").write_text(
        yaml.safe_dump({"entities": entities}, sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )
    return count
