"""Run store: every simulation run, with its inputs, versions, seed and metric draws, kept in one DuckDB file.

Input: a file path (``RELOKANT_DB`` or ``./relokant.duckdb`` by default). Output: ``RunStore``, whose methods record
runs (start, finish, fail) and read them back (list, one run, metric draws, p05/p50/p95 summaries).
"""

from relokant.store.runstore import RunStore, default_db_path

__all__ = ["RunStore", "default_db_path"]
