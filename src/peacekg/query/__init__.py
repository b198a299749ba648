"""Query execution for the service: the limits on queries and the runners that enforce them.

- :mod:`peacekg.query.runner`: :class:`~peacekg.query.runner.RunnerLimits` (time, results,
  queries at once), the :class:`~peacekg.query.runner.QueryRunner` interface, and the runner
  in threads over a store object;
- :mod:`peacekg.query.pool` and :mod:`peacekg.query.worker`: the runner in worker processes over
  the store on disk, killed when the time limit passes;
- :mod:`peacekg.query.service`: the runner and its limits, made from the settings.

The store itself (:mod:`peacekg.store`) only answers queries; how long they may take, how many
run at once and how many results are kept is decided here.
"""
