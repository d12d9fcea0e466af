"""What a worker process does: receive a job over its pipe, run it through ``relokant.api``, report back.

Input: ``(job_id, kind, request)`` tuples on the pipe (``None`` to stop) and the run store path. Output on the pipe:
``("progress", stage, done, total)`` messages, at most a few a second, then ``("done", {"run_id": ..., "extra":
{...}})`` or ``("failed", reason)``. Kinds (``JOBS``):

- ``run``: simulate a scenario (YAML text, checked again by ``studio.parse``) with the request's sample size, draws
  and seed, in this process (one worker = one core), stored like ``relokant run``; with ``validate`` also the
  model against every target beside the naive forecast (``relokant.calibrate.validate``, the baseline's draws).
- ``claim``: the CASE claim (``relokant.claims``) read off a stored pair of runs, baseline and case-proposal, without
  the hinge runs (those take minutes: ``relokant claim`` computes them).
"""

from __future__ import annotations

import math
import signal
import time


def _finite(value):
    """JSON-safe: NaN and infinities become None, recursively."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def run_job(request: dict, db: str, progress) -> dict:
    from relokant import api
    from relokant.web import studio

    scenario = studio.parse(request["scenario_yaml"], where=f"scenario {request.get('scenario_name') or ''}".strip())
    output = api.run(scenario, sample_size=request["sample_size"], draws=request["draws"], seed=request.get("seed"),
                     db=db, progress=progress, workers=1)
    extra: dict = {}
    if request.get("validate"):
        from relokant.calibrate import validate
        from relokant.report.validation import render_validation_section

        progress("validating the model against the evidence", 0, 1)
        result = validate(sample_size=output.sample_size, draws=output.draws, seed=output.seed, progress=progress)
        extra["validation"] = _finite(result.summary)
        extra["validation_html"] = str(render_validation_section(result, heading_level=3))
    return {"run_id": output.run_id, "extra": extra}


def stored_output(run_id: str, db: str):
    """A stored run as ``api.RunOutput`` (its scenario rebuilt from the YAML stored with it)."""
    from relokant import api
    from relokant.scenario import loads

    store = api.RunStore(db)
    record = store.run(run_id)
    scenario = loads(record["scenario_yaml"], name_for_errors=f"run {run_id}")
    return api.RunOutput(record["run_id"], scenario, record["seed"], record["draws"], record["sample_size"],
                         record["parameters"], store.metrics(record["run_id"]))


def claim_job(request: dict, db: str, progress) -> dict:
    from relokant.claims import evaluate
    from relokant.report.claim import render_claim_section

    progress("reading the pair of runs", 0, 2)
    runs = (stored_output(request["baseline_run"], db), stored_output(request["scenario_run"], db))
    progress("evaluating the claim", 1, 2)
    result = evaluate(request["claim"], runs=runs, hinges=False, db=db)
    return {"run_id": None, "extra": {"claim": _finite(result.to_dict()),
                                      "claim_html": str(render_claim_section(result, heading_level=3))}}


JOBS = {"run": run_job, "claim": claim_job}


def worker_main(conn, db: str) -> None:
    """The worker process's loop; Ctrl-C in the server's terminal reaches it too and is left to the server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from relokant import api  # noqa: F401  (imported before the first job, not during it)
    from relokant.errors import InputError

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        _job_id, kind, request = message
        last = [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.25 or done >= total:
                last[0] = now
                conn.send(("progress", stage, int(done), int(total)))

        try:
            conn.send(("done", JOBS[kind](request, db, progress)))
        except InputError as exc:
            conn.send(("failed", str(exc)))
        except Exception as exc:  # a bug: the job fails with the reason, the worker lives on
            conn.send(("failed", f"{type(exc).__name__}: {' '.join(str(exc).split())}"))
