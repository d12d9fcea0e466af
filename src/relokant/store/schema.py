"""Schema of the run store: table definitions and the version marker that later migrations key on.

Input: an open DuckDB connection. Output: the tables ``schema_version``, ``runs`` and ``metrics`` exist and the stored
version is returned; a file written by a newer relokant is refused rather than misread.
"""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 1

# Column order here is the order runs() and run() report.
RUN_COLUMNS = (
    "run_id",
    "kind",
    "scenario_name",
    "scenario_hash",
    "scenario_yaml",
    "code_version",
    "data_version",
    "seed",
    "sample_size",
    "draws",
    "parameters",
    "started_at",
    "ended_at",
    "status",
    "reason",
    "pid",
    "host",
)
METRIC_COLUMNS = ("draw", "metric", "geo", "period", "value", "unit")
RUN_STATUSES = ("running", "done", "interrupted", "failed")

_DDL = f"""
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    run_id        VARCHAR PRIMARY KEY,
    kind          VARCHAR NOT NULL,
    scenario_name VARCHAR NOT NULL,
    scenario_hash VARCHAR NOT NULL,
    scenario_yaml VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL,
    data_version  VARCHAR NOT NULL,
    seed          BIGINT NOT NULL,
    sample_size   BIGINT NOT NULL,
    draws         INTEGER NOT NULL,
    parameters    VARCHAR NOT NULL,   -- JSON text; plain VARCHAR so no DuckDB extension is needed to read it
    started_at    TIMESTAMP NOT NULL, -- UTC
    ended_at      TIMESTAMP,          -- UTC; NULL while running or when the process vanished
    status        VARCHAR NOT NULL CHECK (status IN {RUN_STATUSES!r}),
    reason        VARCHAR,
    pid           INTEGER NOT NULL,
    host          VARCHAR NOT NULL
);
-- No foreign key to runs: finish_run's single transaction already keeps the two tables consistent, and DuckDB
-- foreign keys would make delete_run and future migrations awkward.
CREATE TABLE IF NOT EXISTS metrics (
    run_id VARCHAR NOT NULL,
    draw   INTEGER NOT NULL,
    metric VARCHAR NOT NULL,
    geo    VARCHAR NOT NULL,
    period VARCHAR NOT NULL,
    value  DOUBLE NOT NULL,
    unit   VARCHAR NOT NULL
);
"""


def ensure_schema(con: duckdb.DuckDBPyConnection) -> int:
    """Create the tables if the file is new; return the stored schema version."""
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except duckdb.CatalogException:
        row = None
    if row is not None and row[0] is not None:
        return int(row[0])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(_DDL)
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
