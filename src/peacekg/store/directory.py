"""Where a store lives on disk, and how a freshly built one replaces it.

A build writes a complete store next to the live one (``var/store.new-<pid>``), then swaps::

    var/store        -> var/store.old     (1)
    var/store.new-N  -> var/store         (2)
    var/store.old    removed              (3)

A crash before (1) leaves the old store in place; between (1) and (2) leaves it as
``store.old``, which :func:`recover_interrupted_swap` puts back (the next build, or the next
opener when no build is running, calls it); after (2) the new store is in place and the
leftover ``.old`` is removed next time. Builds hold :func:`swap_lock` (``store.lock``).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def staging_path(target: Path) -> Path:
    """The directory a build of ``target`` writes to before the swap."""
    return target.with_name(f"{target.name}.new-{os.getpid()}")


def backup_path(target: Path) -> Path:
    """Where the live store waits during a swap."""
    return target.with_name(f"{target.name}.old")


@contextmanager
def swap_lock(target: Path) -> Iterator[bool]:
    """Try to take the lock that builds of ``target`` hold; yields whether it was taken."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.with_name(f"{target.name}.lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def recover_unless_building(target: Path) -> None:
    """:func:`recover_interrupted_swap`, unless a build is swapping right now (it will finish)."""
    if not backup_path(target).exists():
        return
    with swap_lock(target) as taken:
        if taken:
            recover_interrupted_swap(target)


def recover_interrupted_swap(target: Path) -> None:
    """Put back the store an interrupted swap left aside, or remove a finished swap's leftover."""
    backup = backup_path(target)
    if not backup.exists():
        return
    if target.exists():
        shutil.rmtree(backup)
    else:
        backup.rename(target)


def remove_staging_leftovers(target: Path) -> None:
    """Remove the staging directories of builds that died. Call with :func:`swap_lock` held."""
    for leftover in target.parent.glob(f"{target.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Make the complete store at ``new`` the store at ``target``, removing the old one."""
    recover_interrupted_swap(target)
    backup = backup_path(target)
    if target.exists():
        target.rename(backup)
    new.rename(target)
    _sync_directory(target.parent)
    if backup.exists():
        shutil.rmtree(backup)


def _sync_directory(directory: Path) -> None:
    """Make the renames in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
