"""Where a store lives on disk, and how a freshly built one replaces it.

A build writes a complete store next to the live one (``var/store.new-<pid>``), then swaps::

    var/store        -> var/store.old     (1)
    var/store.new-N  -> var/store         (2)
    var/store.old    removed              (3)

A crash before (1) leaves the old store in place; between (1) and (2) leaves it as
``store.old``, which :func:`recover_interrupted_swap` puts back (every opener calls it);
after (2) the new store is in place and the leftover ``.old`` is removed next time.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def staging_path(target: Path) -> Path:
    """The directory a build of ``target`` writes to before the swap."""
    return target.with_name(f"{target.name}.new-{os.getpid()}")


def backup_path(target: Path) -> Path:
    """Where the live store waits during a swap."""
    return target.with_name(f"{target.name}.old")


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
    """Remove the staging directories of builds that died. Call with the build lock held."""
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
