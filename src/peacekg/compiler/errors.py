"""The one error a broken facts or reference file raises: it says where and what."""

from __future__ import annotations

from pathlib import Path


class FactsError(Exception):
    """A facts or reference file that cannot be compiled.

    ``str(error)`` is a sentence for the data editor: file, line, fact and problem::

        data/articles/x.facts.yaml, line 12 (stance 'russia-donetsk'): unknown issue 'teritory';
        did you mean 'territory'?
    """

    def __init__(
        self,
        problem: str,
        *,
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
        fact: str | None = None,
    ) -> None:
        self.problem = problem
        self.path = path
        self.line = line
        self.column = column
        self.fact = fact
        super().__init__(self._render())

    def _render(self) -> str:
        where: list[str] = []
        if self.path is not None:
            where.append(str(self.path))
        if self.line is not None:
            where.append(f"line {self.line}" + (f", column {self.column}" if self.column else ""))
        head = ", ".join(where)
        if self.fact:
            head = f"{head} ({self.fact})" if head else f"({self.fact})"
        return f"{head}: {self.problem}" if head else self.problem
