"""Batches: discover inputs, name outputs, run jobs on a pool of workers (or Dask), skip
unchanged outputs, report progress. :func:`convert.batch.run.run_convert` and
:func:`convert.batch.run.run_bundle` are what the command line calls."""
