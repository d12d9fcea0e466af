"""Schema of the run store: table definitions and the version marker that migrations key on.

Input: an open DuckDB connection. Output: the tables ``schema_version``, ``runs``, ``metrics`` and (version 2)
``calibrations`` and ``posterior_draws`` exist and the stored version is returned; a file of version 1 is migrated in
place (the new tables are added); a file written by a newer relokant is refused rather than misread.
"""

from __future__ import annotations

import duckdb

SCHEMA_VERSION = 2

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


CALIBRATION_COLUMNS = ("calibration_id", "created_at", "reading", "code_version", "data_version", "seed",
                       "sample_size", "budget", "simulations", "manifest", "generations", "target_table")
POSTERIOR_COLUMNS = ("particle", "weight", "parameter", "value")

# Version 2: ABC-SMC calibrations (relokant calibrate) and their posterior draws, which runs draw parameters from.
_DDL_V2 = """
CREATE TABLE IF NOT EXISTS calibrations (
    calibration_id VARCHAR PRIMARY KEY,
    created_at     TIMESTAMP NOT NULL, -- UTC
    reading        VARCHAR NOT NULL,   -- of the return share (relokant.calibrate.targets.RETURN_READINGS)
    code_version   VARCHAR NOT NULL,
    data_version   VARCHAR NOT NULL,
    seed           BIGINT NOT NULL,
    sample_size    BIGINT NOT NULL,
    budget         BIGINT NOT NULL,
    simulations    BIGINT NOT NULL,
    manifest       VARCHAR NOT NULL,   -- JSON: targets, priors, settings, versions, seeds
    generations    VARCHAR NOT NULL,   -- JSON rows: t, epsilon, particles, simulations
    target_table   VARCHAR NOT NULL    -- JSON rows: the posterior predictive value of each target
);
CREATE TABLE IF NOT EXISTS posterior_draws (
    calibration_id VARCHAR NOT NULL,
    particle       INTEGER NOT NULL,
    weight         DOUBLE NOT NULL,
    parameter      VARCHAR NOT NULL,
    value          DOUBLE NOT NULL
);
"""
_MIGRATIONS = {2: _DDL_V2}  # version -> what brings the version before it up to it


def ensure_schema(con: duckdb.DuckDBPyConnection) -> int:
    """Create the tables if the file is new, migrate an older file; return the schema version (the stored one if
    newer than this code's, for the caller to refuse)."""
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    except duckdb.CatalogException:
        row = None
    stored = int(row[0]) if row is not None and row[0] is not None else None
    if stored is not None and stored >= SCHEMA_VERSION:
        return stored
    con.execute("BEGIN TRANSACTION")
    try:
        if stored is None:
            con.execute(_DDL)
        for version in range((stored or 1) + 1, SCHEMA_VERSION + 1):
            con.execute(_MIGRATIONS[version])
        con.execute("DELETE FROM schema_version")
        con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION
