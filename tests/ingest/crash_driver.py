"""Run ``peacekg`` (ingest or retract) in a child process that the crash tests SIGKILL.

    python crash_driver.py MODE peacekg-arguments...

It announces each checkpoint of :mod:`peacekg.ingest.writes` on stdout as
``checkpoint NAME MONOTONIC-SECONDS``, flushed, so the parent knows where the child is.
MODE ``stop-at:NAME`` makes the child wait (to be killed) at that checkpoint; MODE ``run`` lets
it go on. This is test code: the library only calls the hooks it is given.
"""

from __future__ import annotations

import sys
import time

from peacekg.cli import app
from peacekg.ingest import writes


def main() -> None:
    mode, arguments = sys.argv[1], sys.argv[2:]
    stop_at = mode.removeprefix("stop-at:") if mode.startswith("stop-at:") else None

    def announce(name: str) -> None:
        print(f"checkpoint {name} {time.monotonic():.6f}", flush=True)
        if name == stop_at:
            time.sleep(3600)

    writes.CHECKPOINTS.append(announce)
    app(arguments, prog_name="peacekg")


if __name__ == "__main__":
    main()
