"""``relokant claim case-3m`` end to end on a small run: the evaluation, its JSON, its terminal view, its HTML and the
command line.

Input: one small evaluation (20,000 records, 2 draws, two hinges with hinge runs of the same size) stored in a run
store under tmp; one still smaller CLI run (5,000 records, 1 draw, no hinges). Output: pass/fail. Checked: the
additional EU stock is positive; the paired difference is the scenario minus the baseline draw by draw, as stored;
the horizons are 3 and 5 years after the card's start; the hinge runs reproduce the stored draw 0 at equal size;
the hinge table is ranked by swing; ``--json`` prints one object with the expected keys; an unknown claim is one
line and exit code 2; the HTML is one offline page, written atomically.
"""

from __future__ import annotations

import json
import re

import pytest
from rich.console import Console

from relokant import claims
from relokant.cli import main
from relokant.claims.render import claim_view
from relokant.report.claim import render_claim_section, write_claim_html
from relokant.store import RunStore

SIZE = 20_000
HINGES = ["route_access_weight", "min_language_level"]
RESULT_KEYS = {"claim", "title", "quote", "said_by", "sources", "baseline", "scenario", "run_ids", "sample_size",
               "draws", "seed", "policy_start", "horizons", "rows", "hinges", "hinge_setup", "context", "verdict",
               "reading", "code_version", "data_version", "synthetic_population"}
ROW_KEYS = {"quantity", "name", "label", "metric", "geo", "unit", "years", "period", "baseline", "scenario", "effect",
            "effect_draws", "claim", "report", "share_of_claim"}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("claims") / "runs.duckdb"


@pytest.fixture(scope="module")
def result(db):
    stages = []
    out = claims.evaluate("case-3m", sample_size=SIZE, draws=2, seed=1, db=db, hinges=HINGES,
                          hinge_sample_size=SIZE, progress=lambda stage, done, total: stages.append(stage))
    out.stages = stages
    return out


def test_horizons_are_3_and_5_years_after_the_card_starts(result):
    assert result.policy_start == "2025-01"
    assert result.periods == {3: "2028-01", 5: "2030-01"}
    assert {(r.quantity, r.period) for r in result.rows} == {
        (q, p) for q in ("people", "capital", "abroad") for p in ("2028-01", "2030-01")}


def test_the_card_adds_russians_and_capital_in_the_eu(result):
    for years in (3, 5):
        people, capital = result.row("people", years), result.row("capital", years)
        assert all(d > 0 for d in people.effect_draws), people.effect_draws
        assert people.effect.p05 > 0 and capital.effect.p50 > 0
        assert people.share_of_claim.p50 == pytest.approx(people.effect.p50 / 3_000_000)
        assert capital.share_of_claim.p50 == pytest.approx(capital.effect.p50 / 400e9)  # the claim's lowest figure
    assert result.row("people", 5).effect.p50 > result.row("people", 3).effect.p50


def test_the_difference_is_scenario_minus_baseline_draw_by_draw(result, db):
    store = RunStore(db)
    base = store.metrics(result.run_ids["baseline"])
    card = store.metrics(result.run_ids["case-proposal"])
    for row in result.rows:
        def values(frame):
            picked = frame[(frame.metric == row.metric) & (frame.geo == row.geo) & (frame.period == row.period)]
            return picked.sort_values("draw")["value"].tolist()
        b, s = values(base), values(card)
        assert len(b) == len(s) == 2
        assert row.effect_draws == pytest.approx([y - x for x, y in zip(b, s)], rel=1e-12)
        assert row.baseline.p50 == pytest.approx(sum(b) / 2) and row.scenario.p50 == pytest.approx(sum(s) / 2)
    # The pair is what `relokant compare` pairs too: same seed, draws and records.
    records = [store.run(i) for i in result.run_ids.values()]
    assert len({(r["seed"], r["draws"], r["sample_size"]) for r in records}) == 1


def test_hinge_runs_reproduce_the_stored_draw_zero_at_equal_size(result):
    center = result.hinge_setup["effect_at_defaults"]
    for row in result.rows:
        assert center[row.quantity][row.period] == pytest.approx(row.effect_draws[0], rel=1e-9), row.quantity


def test_hinge_table_is_ranked_by_swing(result):
    assert [h.target for h in result.hinges] == [h.target for h in result.ranked("people")]
    for quantity in ("people", "capital"):
        ranked = result.ranked(quantity)
        swings = [h.swing[quantity] for h in ranked]
        assert swings == sorted(swings, reverse=True)
        assert [h.rank[quantity] for h in ranked] == list(range(1, len(ranked) + 1))
        for h in ranked:
            assert h.swing[quantity] == pytest.approx(abs(h.effect_high[quantity]["2030-01"]
                                                          - h.effect_low[quantity]["2030-01"]))
    language = next(h for h in result.hinges if h.target == "min_language_level")
    assert language.low == language.default == 1  # A1: the rules' reading is the range's low end ...
    assert language.effect_low == result.hinge_setup["effect_at_defaults"]  # ... so its run is the default run
    access = next(h for h in result.hinges if h.target == "route_access_weight")
    assert access.effect_high["people"]["2030-01"] > access.effect_low["people"]["2030-01"]
    assert any(stage.startswith("hinges:") for stage in result.stages)


def test_the_result_is_one_json_object_and_reads_in_plain_words(result):
    payload = result.to_dict()
    assert RESULT_KEYS <= set(payload)
    json.dumps(payload, allow_nan=False)
    assert ROW_KEYS <= set(payload["rows"][0])
    assert "more Russians in the EU by 2028-01 (3 years)" in result.verdict[0]
    text = " ".join(result.verdict)
    for ref in ("ev:case_claim_people", "ev:case_claim_capital", "as:claim_case_report_people", "ev:CASE_07"):
        assert ref in text
    assert re.search(r"p05–p95 [\d.]+–[\d.]+ k\)", result.verdict[0])


def test_terminal_view_and_html(result, tmp_path):
    console = Console(record=True, width=160)
    for part in claim_view(result):
        console.print(part)
    text = console.export_text()
    for heading in ("In plain words", "The claim against the model", "hinge on", "How to read this"):
        assert heading in text
    section = str(render_claim_section(result))
    assert section.startswith('<section class="claim" id="claim-case-3m">')
    assert "<script src" not in section and "claim-case-3m-hinges-people" in section
    path = write_claim_html(result, tmp_path / "sub" / "claim.html")
    page = path.read_text(encoding="utf-8")
    assert page.count("<section") == 1 and "Plotly" in page
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?:""", page)
    assert [p.name for p in path.parent.iterdir()] == ["claim.html"]  # no temporary file left behind


def test_cli_json_prints_one_object(tmp_path, capsys):
    code = main(["claim", "case-3m", "--sample-size", "5000", "--draws", "1", "--no-hinges", "--json",
                 "--db", str(tmp_path / "cli.duckdb"), "--out", str(tmp_path / "claim.html")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.endswith("\n") and captured.out.count("\n") == 1
    payload, end = json.JSONDecoder().raw_decode(captured.out)
    assert captured.out[end:] == "\n"
    assert RESULT_KEYS | {"html"} <= set(payload)
    assert payload["claim"] == "case-3m" and payload["hinges"] is None and payload["draws"] == 1
    assert payload["html"] == str(tmp_path / "claim.html") and (tmp_path / "claim.html").is_file()
    people = next(r for r in payload["rows"] if r["quantity"] == "people" and r["years"] == 5)
    assert people["claim"]["value"] == 3_000_000 and people["report"]["ref"] == "as:claim_case_report_people"


def test_cli_unknown_claim_is_one_line_and_exit_2(capsys):
    code = main(["claim", "case-4m"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.strip() == "relokant: unknown claim 'case-4m' (known: case-3m)"


def test_an_already_run_pair_is_reused_not_rerun(tmp_path):
    from relokant import api
    from relokant.errors import InputError

    db = tmp_path / "reuse.duckdb"
    pair = [api.run(name, sample_size=5_000, draws=1, seed=4, db=db) for name in ("baseline", "case-proposal")]
    result = api.claim("case-3m", runs=pair, hinges=False, db=db)
    assert result.run_ids == {"baseline": pair[0].run_id, "case-proposal": pair[1].run_id}
    assert (result.sample_size, result.draws, result.seed) == (5_000, 1, 4)
    assert len(RunStore(db).runs()) == 2  # nothing new was run
    with pytest.raises(InputError, match="runs must be baseline and case-proposal"):
        api.claim("case-3m", runs=pair[::-1], hinges=False, db=db)
