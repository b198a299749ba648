"""SIGKILL in the middle of an ingest (or a retraction): the store opens cleanly and holds the
old or the new state, never a mixture.

The store holds data/ and both synthetic articles; the child re-ingests the second article in
a version with 120 more stances (some 4,000 more triples), so that the commit, ONE SPARQL
update, lasts long enough to be killed inside. A child run to its end gives the new state and
the length of its commit; each other child is killed at one point:

- waiting at the ``commit-start`` checkpoint (everything computed, nothing written): old state;
- at 0 %, 25 %, 50 % and 75 % of the commit's length after ``commit-start``: inside the call
  to ``replace_graph`` (pyoxigraph's update: parsing it, running the transaction, committing
  it); where exactly is not observable from outside, so these may give either state;
- waiting at the ``commit-end`` checkpoint (the update returned, the store not yet closed and
  flushed): new state.

Each store is then opened for writing (RocksDB replays its log) and dumped; the dump must be
exactly the old store's or exactly the new one's.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from ingest_harness import POSTPONED, ROUND3, article, fresh_store, nquads, settings_for

from peacekg.ingest import ingest_article
from peacekg.store import OxigraphStore

DRIVER = Path(__file__).resolve().parent / "crash_driver.py"
EXTRA_STANCES = 120
FRACTIONS = (0.0, 0.25, 0.5, 0.75)


def _bigger(facts: str) -> str:
    return facts + "".join(
        f"""
  - id: prisoners-open-{i}
    holder: {"arvenia" if i % 2 else "kessaly"}
    issue: prisoners
    value: flexible
    summary: open to talks on the prisoner exchange (copy {i})
    evidence:
      - quote: said Arvenia remains open to talks on the prisoner exchange
        according_to: article
"""
        for i in range(EXTRA_STANCES)
    )


@dataclass
class Child:
    process: subprocess.Popen[str]
    lines: list[str]

    def wait_for(self, checkpoint: str, timeout: float = 300) -> float:
        """Read stdout until the checkpoint; its monotonic time."""
        deadline = time.monotonic() + timeout
        assert self.process.stdout is not None
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                raise AssertionError(f"the child ended before {checkpoint}: {self.lines}")
            self.lines.append(line.strip())
            if line.startswith(f"checkpoint {checkpoint} "):
                return float(line.split()[2])
        raise AssertionError(f"no {checkpoint} within {timeout} s")

    def kill(self) -> list[str]:
        self.process.send_signal(signal.SIGKILL)
        rest, _ = self.process.communicate(timeout=60)
        assert self.process.returncode == -signal.SIGKILL
        return [*self.lines, *rest.splitlines()]


def _start(mode: str, arguments: list[str]) -> Child:
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), mode, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    return Child(process, [])


def _reopen_and_dump(store: Path) -> list[str]:
    with OxigraphStore(store) as writer:  # opens for writing: the log is replayed
        writer.count()
    return nquads(store)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The store before (``old``), the bigger article, and the store after (``new``)."""
    root = tmp_path_factory.mktemp("crash")
    base = fresh_store(root)
    for name in (ROUND3, POSTPONED):
        text, facts = article(name)
        ingest_article(text, facts, settings_for(base))
    text, facts = article(POSTPONED)
    folder = root / "bigger"
    folder.mkdir()
    shutil.copy(text, folder / text.name)
    (folder / facts.name).write_text(_bigger(facts.read_text(encoding="utf-8")), "utf-8")
    old = nquads(base)

    reference = root / "reference"
    shutil.copytree(base, reference)
    child = _start("run", _ingest_args(folder, reference))
    started = child.wait_for("commit-start")
    ended = child.wait_for("commit-end")
    child.process.communicate(timeout=120)
    assert child.process.returncode == 0, child.lines
    new = nquads(reference)
    assert new != old and len(new) > len(old) + 3000
    return {"root": root, "base": base, "folder": folder, "old": old, "new": new,
            "commit_seconds": ended - started}  # fmt: skip


def _ingest_args(folder: Path, store: Path) -> list[str]:
    name = POSTPONED
    return [
        "ingest",
        str(folder / f"{name}.txt"),
        str(folder / f"{name}.facts.yaml"),
        "--store",
        str(store),
        "--ontology",
        str(settings_for(store).ontology_dir),
    ]


def _copy(scenario: dict[str, object], label: str) -> Path:
    target = Path(str(scenario["root"])) / f"killed-{label}"
    shutil.copytree(Path(str(scenario["base"])), target)
    return target


def _kill_at(scenario: dict[str, object], point: str) -> tuple[str, list[str], list[str]]:
    """Run one child, kill it at ``point``; (point, its checkpoint lines, the store's dump)."""
    store = _copy(scenario, point.replace(":", "-"))
    arguments = _ingest_args(Path(str(scenario["folder"])), store)
    if point.startswith("stop-at:"):
        child = _start(point, arguments)
        child.wait_for(point.removeprefix("stop-at:"))
    else:
        fraction = float(point.removeprefix("during:"))
        child = _start("run", arguments)
        started = child.wait_for("commit-start")
        delay = fraction * float(str(scenario["commit_seconds"]))
        time.sleep(max(0.0, started + delay - time.monotonic()))
    lines = child.kill()
    return point, lines, _reopen_and_dump(store)


def test_sigkill_during_an_ingest_leaves_the_old_or_the_new_store(
    scenario: dict[str, object],
) -> None:
    old, new = scenario["old"], scenario["new"]
    assert float(str(scenario["commit_seconds"])) > 0.05, "the commit is too short to hit"
    points = [
        "stop-at:commit-start",
        *(f"during:{f}" for f in FRACTIONS),
        "stop-at:commit-end",
    ]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda p: _kill_at(scenario, p), points))
    landed = {}
    for point, lines, dump in results:
        assert dump in (old, new), f"killed at {point}: the store holds a mixture"
        landed[point] = ("new" if dump == new else "old", any("commit-end" in x for x in lines))
    assert landed["stop-at:commit-start"][0] == "old"
    assert landed["stop-at:commit-end"][0] == "new"
    # Where the kills inside the commit landed, for the record (pytest -rP shows it).
    print({p: f"{state} (commit-end reached: {done})" for p, (state, done) in landed.items()})


def test_sigkill_during_a_retraction_leaves_the_old_or_the_new_store(
    scenario: dict[str, object],
) -> None:
    old = scenario["old"]
    assert isinstance(old, list)
    states = {}
    for point in ("stop-at:commit-start", "during:0", "stop-at:commit-end"):
        store = _copy(scenario, f"retract-{point.replace(':', '-')}")
        mode = point if point.startswith("stop-at:") else "run"
        child = _start(mode, ["retract", POSTPONED, "--store", str(store)])
        child.wait_for("commit-start" if mode == "run" else point.removeprefix("stop-at:"))
        child.kill()
        dump = _reopen_and_dump(store)
        in_graph = f"/graph/article/{POSTPONED}> ."
        records = [q for q in dump if q.endswith("/graph/retractions> .")]
        without = [q for q in old if not q.endswith(in_graph)]
        is_new = len(records) == 5 and [q for q in dump if q not in records] == without
        assert dump == old or is_new, f"killed at {point}: the store holds a mixture"
        states[point] = "new" if is_new else "old"
    assert states["stop-at:commit-start"] == "old"
    assert states["stop-at:commit-end"] == "new"
