"""API tests: every endpoint answers, bad input gets a 4xx with one clear line, jobs run and survive a restart."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import TINY, wait_for

BASE_SWITCH = {"route": "CASE_RELOCANT_CARD_*", "from": "2025-01-01", "enabled": True}


def _problem(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "Traceback" not in detail
    for word in words:
        assert word in detail, detail
    return detail


def test_health_and_openapi(client):
    assert client.get("/api/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for path in ("/api/scenarios", "/api/runs", "/api/runs/{ref}", "/api/runs/{ref}/results", "/api/compare",
                 "/api/eligibility", "/api/routes", "/api/evidence", "/api/claims", "/api/jobs/{job_id}"):
        assert path in paths
    assert client.get("/docs").status_code == 200


def test_scenarios_list_show_download(client):
    names = {s["name"] for s in client.get("/api/scenarios").json()}
    assert {"baseline", "case-proposal"} <= names
    shown = client.get("/api/scenarios/case-proposal").json()
    assert shown["scenario"]["name"] == "case-proposal" and "extends: baseline" in shown["yaml"]
    download = client.get("/api/scenarios/baseline/yaml")
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    _problem(client.get("/api/scenarios/nothing-here"), 404, "unknown scenario")


def test_build_check_and_save_a_scenario(client):
    built = client.post("/api/scenarios/build", json={
        "base": "baseline", "name": "card-2026", "horizon": "2027-12",
        "routes": [{**BASE_SWITCH, "from": "2026-01-01", "parameters": {"min_share_of_time": 0.5}},
                   {"route": "EU_DEPOSITS_ABOVE_CAP_*", "from": "2026-01-01", "enabled": False}],
        "parameters": {"network_elasticity": 0.5}})
    assert built.status_code == 200, built.text
    text = built.json()["yaml"]
    assert "CASE_RELOCANT_CARD_*" in text and "min_share_of_time: 0.5" in text
    assert client.post("/api/scenarios/check", json={"scenario_yaml": text}).json()["name"] == "card-2026"
    saved = client.post("/api/scenarios", json={"scenario_yaml": text})
    assert saved.status_code == 201
    assert "card-2026" in {s["name"] for s in client.get("/api/scenarios").json()}
    assert client.get("/api/scenarios/card-2026/yaml").text == text


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"base": "baseline", "name": "x", "parameters": {"network_elasticity": 5}}, 422, ["documented range"]),
    ({"base": "baseline", "name": "x", "parameters": {"wave1_peak_hazard": 0.1}}, 422, ["not one of the studio"]),
    ({"base": "baseline", "name": "x", "routes": [{**BASE_SWITCH, "route": "NO_SUCH_*"}]}, 422, ["no route matches"]),
    ({"base": "baseline", "name": "x", "routes": [{**BASE_SWITCH, "parameters": {"nope": 1}}]}, 422,
     ["not a parameter"]),
    ({"base": "baseline", "name": "x", "horizon": "2024-01", "routes": [BASE_SWITCH]}, 422, ["after the horizon"]),
    ({"base": "baseline", "name": "bad name!"}, 422, ["name"]),
    ({"base": "nothing", "name": "x"}, 404, ["unknown scenario"]),
    ({"base": "baseline", "name": "x", "surprise": 1}, 422, ["surprise", "unknown field"]),
])
def test_build_rejects_bad_input(client, body, status, words):
    _problem(client.post("/api/scenarios/build", json=body), status, *words)


@pytest.mark.parametrize(("text", "words"), [
    ("name: x\nhorizon: 2030-13\n", ["horizon"]),
    ("name: x\nsample_size: true\n", ["sample_size"]),
    ("extends: /etc/passwd\nname: x\n", ["only a shipped scenario"]),
    ("extends: ../../secrets.yaml\nname: x\n", ["only a shipped scenario"]),
    ("a: &a [1, 2]\nb: [*a, *a]\n", ["aliases"]),
    ("name: [unclosed\n", ["invalid YAML"]),
    ("- just\n- a list\n", ["mapping"]),
    ("name: x\npolicy:\n  - geo: ZZ\n    from: 2023-01-01\n    openness: 1\n", ["policy.0.geo"]),
])
def test_scenario_yaml_problems_are_one_line(client, text, words):
    _problem(client.post("/api/scenarios/check", json={"scenario_yaml": text}), 422, *words)


def test_saving_under_a_shipped_name_is_refused(client):
    _problem(client.post("/api/scenarios", json={"scenario_yaml": "name: baseline\n"}), 409, "shipped")


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"scenario": "baseline", "sample_size": 10}, 422, ["sample_size", "greater than or equal"]),
    ({"scenario": "baseline", "sample_size": 10_000_000}, 422, ["sample_size", "less than or equal"]),
    ({"scenario": "baseline", "draws": 1000}, 422, ["draws"]),
    ({"scenario": "baseline", "horizon": "2041-01"}, 422, ["horizon"]),
    ({"scenario": "baseline", "horizon": "2022-06"}, 422, ["horizon"]),
    ({}, 422, ["exactly one"]),
    ({"scenario": "baseline", "scenario_yaml": "name: x"}, 422, ["exactly one"]),
    ({"scenario": "no-such"}, 404, ["unknown scenario"]),
    ({"scenario": "../etc/passwd"}, 422, ["scenario"]),
])
def test_run_rejects_bad_input(client, body, status, words):
    _problem(client.post("/api/runs", json=body), status, *words)


def test_malformed_and_oversized_bodies(client):
    bad = client.post("/api/runs", content=b"{not json", headers={"content-type": "application/json"})
    _problem(bad, 422)
    big = client.post("/api/scenarios/check", content=b"x" * 300_000, headers={"content-type": "application/json"})
    _problem(big, 413, "bytes")

    def chunks():  # no Content-Length: the limit counts the bytes as they come
        for _ in range(40):
            yield b"x" * 10_000

    _problem(client.post("/api/scenarios/check", content=chunks(), headers={"content-type": "application/json"}),
             413, "bytes")


def test_a_run_job_goes_from_queued_to_done_with_results(client, pair):
    state = client.get(f"/api/runs/{pair['baseline-job']}").json()
    assert state["status"] == "done" and state["job"]["progress"] == 1.0
    assert state["run"]["sample_size"] == TINY["sample_size"] and state["run"]["synthetic_population"] is True
    run_id = pair["baseline"]
    everything = client.get(f"/api/runs/{run_id}/results").json()
    assert everything["run_id"] == run_id and len(everything["metrics"]) > 1000
    one = client.get(f"/api/runs/{run_id}/results", params={"metric": "stock_abroad", "geo": "EU27",
                                                           "period": "2024-07"}).json()["metrics"]
    assert len(one) == 1 and one[0]["p05"] <= one[0]["p50"] <= one[0]["p95"]
    assert client.get(f"/api/runs/{pair['baseline-job']}/results?metric=stock_abroad").status_code == 200
    csv = client.get(f"/api/runs/{run_id}/results.csv")
    assert csv.text.startswith("run_id,scenario,metric,geo,period,p05,p50,p95,unit")
    assert client.get(f"/api/runs/{run_id}/results.json").json()["metrics"]
    charts = client.get(f"/api/runs/{run_id}/charts").json()
    assert {"stock_by_destination", "map", "departures_returns", "capital_abroad"} <= set(charts)
    assert charts["map"]["data"][0]["type"] == "choropleth"
    impacts = client.get(f"/api/runs/{run_id}/impacts").json()
    assert {r["section"] for r in impacts["rows"]} == {"Capital", "Host countries", "Russia"}
    assert client.get(f"/api/runs/{run_id}/extras").json()["run_id"] == run_id
    listed = client.get("/api/runs").json()
    assert run_id in {r["run_id"] for r in listed["runs"]}


def test_unknown_and_unfinished_runs(client):
    _problem(client.get("/api/runs/r99999999"), 404, "unknown run id")
    _problem(client.get("/api/runs/j99999999"), 404, "unknown job id")
    _problem(client.get("/api/runs/r99999999/results"), 404)
    _problem(client.get("/api/jobs/j00000000"), 404)
    _problem(client.get("/api/runs/j99999999/charts"), 404)


def test_scenario_problems_are_caught_before_queueing(client):
    # A policy reference to an assumption that does not exist: the same checks as the CLI, before any job exists.
    text = "name: broken\nhorizon: 2023-01\npolicy:\n  - geo: DE\n    from: 2022-06-01\n    openness: as:no_such\n"
    response = client.post("/api/runs", json={"scenario_yaml": text, **TINY})
    _problem(response, 422, "no_such")  # caught before queueing: the same checks as the CLI


def test_compare_and_claim(client, pair):
    data = client.get("/api/compare", params={"a": pair["baseline"], "b": pair["case-proposal"]}).json()
    assert data["paired"] is True and data["claim_available"] is True, data.get("claim_note")
    row = next(r for r in data["rows"] if r["metric"] == "stock_abroad" and r["geo"] == "EU27"
               and r["period"] == "2030-01")
    assert row["difference_p05"] <= row["difference"] <= row["difference_p95"]
    chart = client.get("/api/compare/chart", params={"a": pair["baseline"], "b": pair["case-proposal"]}).json()
    assert chart["data"]
    job = client.post("/api/claims", json={"baseline_run": pair["baseline"], "scenario_run": pair["case-proposal"]})
    assert job.status_code == 202, job.text
    state = wait_for(client, job.json()["job_id"], path="/api/jobs/")
    assert state["status"] == "done", state
    assert state["result"]["claim"]["claim"] == "case-3m" and "<" in state["result"]["claim_html"]
    wrong = client.post("/api/claims", json={"baseline_run": pair["case-proposal"], "scenario_run": pair["baseline"]})
    _problem(wrong, 422, "shipped baseline")
    _problem(client.get("/api/compare", params={"a": pair["baseline"], "b": "r99999999"}), 404)
    _problem(client.get("/api/compare", params={"a": pair["baseline"]}), 422, "b")


def test_compare_page_selects_the_runs_it_was_opened_with(client, pair):
    """The start page opens /compare with two job ids: the selectors show those runs, not "choose…"."""
    for a, b in ((pair["baseline-job"], pair["case-proposal-job"]), (pair["baseline"], pair["case-proposal"]),
                 (pair["baseline"][:-2], pair["case-proposal-job"])):
        html = client.get("/compare", params={"a": a, "b": b}).text
        assert _selected(html, "run-a") == pair["baseline"], (a, html)
        assert _selected(html, "run-b") == pair["case-proposal"], (b, html)
    nothing = client.get("/compare").text
    assert _selected(nothing, "run-a") == "" and _selected(nothing, "run-b") == ""


def test_compare_page_selects_jobs_still_queued(tmp_path):
    from fastapi.testclient import TestClient

    from relokant.web.app import create_app

    with TestClient(create_app(tmp_path / "idle.duckdb", workers=0)) as idle:
        a, b = (idle.post("/api/runs", json={"scenario": name, **TINY}).json()["job_id"]
                for name in ("baseline", "case-proposal"))
        html = idle.get("/compare", params={"a": a, "b": b}).text
        assert _selected(html, "run-a") == a and _selected(html, "run-b") == b
        assert re.search(rf'<option value="{a}" selected>baseline · job {a} \(queued\)</option>', html)
        unknown = idle.get("/compare", params={"a": "r99999999"}).text
        assert _selected(unknown, "run-a") == "r99999999" and "unknown run id" in unknown


def _selected(html: str, select_id: str) -> str:
    """The value of the option a <select> shows (the last one marked selected, as browsers do)."""
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    chosen = re.findall(r'<option value="([^"]*)"\s*selected', block)
    return chosen[-1] if chosen else ""


def _claim_text(html: str) -> str:
    found = re.search(r'id="claim-(?:rule|note)">([^<]*)<', html)
    return found.group(1).strip() if found else ""


def test_the_compare_page_says_why_there_is_no_claim_panel(client, pair):
    """One sentence: the rule before two finished runs are chosen, the reason for a pair that does not qualify,
    nothing for the shipped pair (the panel itself comes)."""
    def one_sentence(text: str) -> bool:
        return text.endswith(".") and ". " not in text and "\n" not in text

    rule = _claim_text(client.get("/compare").text)
    assert one_sentence(rule) and "shipped baseline" in rule and "2030-01" in rule
    swapped = _claim_text(client.get("/compare", params={"a": pair["case-proposal"], "b": pair["baseline"]}).text)
    assert swapped.startswith("No claim panel for this pair:") and one_sentence(swapped), swapped
    assert "case-proposal (a) and baseline (b)" in swapped
    api = client.get("/api/compare", params={"a": pair["case-proposal"], "b": pair["baseline"]}).json()
    assert api["claim_available"] is False and api["claim_note"] in swapped
    assert _claim_text(client.get("/compare", params={"a": pair["baseline"], "b": pair["case-proposal"]}).text) == ""
    # Paired with the shipped case-proposal but ending before 2030-01: the reason names the horizon.
    short = client.post("/api/runs", json={"scenario": "baseline", "horizon": "2023-01", **TINY}).json()["job_id"]
    state = wait_for(client, short)
    assert state["status"] == "done", state
    early = _claim_text(client.get("/compare", params={"a": short, "b": pair["case-proposal"]}).text)
    assert one_sentence(early) and "ends at 2023-01" in early and "2030-01 or later" in early, early


def _partner_link(html: str) -> str | None:
    found = re.search(r'id="claim-partner">.*?<a href="(/compare[^"]*)"', html, re.S)
    return found.group(1).replace("&amp;", "&") if found else None


def test_a_run_page_links_its_claim_partner(client, pair):
    """Each run of the shipped pair links to the compare page of the pair, baseline as a; a run with no partner
    that makes a claim panel (here: a baseline with another seed) says how to get one instead."""
    expected = f"/compare?a={pair['baseline']}&b={pair['case-proposal']}"
    for name in ("baseline", "case-proposal"):
        assert _partner_link(client.get(f"/runs/{pair[name]}").text) == expected, name
    alone = client.post("/api/runs", json={"scenario": "baseline", "horizon": "2023-01", "seed": 99, **TINY}).json()
    assert wait_for(client, alone["job_id"])["status"] == "done"
    page = client.get(f"/runs/{alone['job_id']}").text
    assert _partner_link(page) == "/compare" and "Run baseline and CASE proposal" in " ".join(page.split())


def test_eligibility(client):
    person = {"age": 31, "education": {"level": "master", "graduation_year": 2016}, "languages": {"en": "C1"},
              "work": {"isco": "2512", "years_last5": 5, "it_years_last7": 6},
              "job_offer": {"country": "DE", "salary": {"amount": 60000, "currency": "EUR"}}}
    data = client.post("/api/eligibility", json={"person": person, "date": "2025-03-01", "country": "DE"}).json()
    blue = next(r for r in data["routes"] if r["route_id"] == "EU_BLUE_CARD_DE")
    assert blue["status"] == "eligible" and blue["thresholds"]["standard_eur"] > 40000 and blue["sources"]
    assert all(r["country"] == "DE" for r in data["routes"])
    card = client.post("/api/eligibility", json={"person": person, "date": "2025-03-01",
                                                 "route": "CASE_RELOCANT_CARD_DE"}).json()["routes"]
    assert [r["route_id"] for r in card] == ["CASE_RELOCANT_CARD_DE"]


def test_eligibility_is_compact_unless_asked_for_every_check(client):
    """Compact (default): every route with status, rights and sources; a route the person cannot use lists only the
    checks it failed. ``?detail=full``: every check of every route."""
    body = {"person": {"age": 31, "languages": {"en": "C1"}, "work": {"isco": "2512", "years_last5": 5}},
            "date": "2025-03-01"}
    compact = client.post("/api/eligibility", json=body).json()
    full = client.post("/api/eligibility", params={"detail": "full"}, json=body).json()
    assert compact["detail"] == "compact" and full["detail"] == "full"
    assert compact["counts"] == full["counts"]
    assert [r["route_id"] for r in compact["routes"]] == [r["route_id"] for r in full["routes"]]
    by_id = {r["route_id"]: r for r in full["routes"]}
    closed = [r for r in compact["routes"] if r["status"] == "not eligible"]
    assert closed and all(r["rights"] and r["sources"] and r["checks"] for r in closed)
    for r in closed:
        assert r["checks_complete"] is False and not any(c["passed"] or c["open"] for c in r["checks"])
        assert [c for c in by_id[r["route_id"]]["checks"] if not (c["passed"] or c["open"])] == r["checks"]
    for r in compact["routes"]:
        if r["status"] in ("eligible", "conditional"):
            assert r["checks_complete"] is True and r["checks"] == by_id[r["route_id"]]["checks"]
    assert all(r["checks_complete"] for r in full["routes"])
    _problem(client.post("/api/eligibility", params={"detail": "all"}, json=body), 422, "detail")


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"person": {"age": 300}}, 422, ["person.age"]),
    ({"person": {"age": 30, "nationalities": ["russia"]}}, 422, ["nationalities"]),
    ({"person": {"age": 30, "languages": {"en": "fluent"}}}, 422, ["languages"]),
    ({"person": {"age": 30, "hobby": "chess"}}, 422, ["hobby", "unknown field"]),
    ({"person": {}}, 422, ["person.age", "required"]),
    ({"person": {"age": 30}, "date": "1900-01-01"}, 422, ["date"]),
    ({"person": {"age": 30}, "date": "2025-02-30"}, 422, ["date"]),
    ({"person": {"age": 30}, "country": "ZZ"}, 422, ["country"]),
    ({"person": {"age": 30}, "route": "NO_SUCH_ROUTE"}, 404, ["unknown route"]),
    ({}, 422, ["person"]),
])
def test_eligibility_rejects_bad_input(client, body, status, words):
    _problem(client.post("/api/eligibility", json=body), status, *words)


def test_routes_and_evidence(client):
    routes = client.get("/api/routes", params={"country": "DE"}).json()
    assert routes and all(r["country"] == "DE" for r in routes)
    blue = client.get("/api/routes/EU_BLUE_CARD_DE").json()
    assert blue["parameters"]["standard_eur"]["values"] and blue["sources"]
    _problem(client.get("/api/routes/NOPE"), 404, "unknown route")
    _problem(client.get("/api/routes", params={"country": "germany"}), 422, "country")
    found = client.get("/api/evidence", params={"q": "georgia", "limit": 5}).json()
    assert found["total"] >= 1 and len(found["items"]) <= 5
    assert all(i["kind"] == "assumption" for i in client.get("/api/evidence", params={"kind": "assumption"})
               .json()["items"])
    first = found["items"][0]
    assert client.get(f"/api/evidence/{first['id']}").json()["id"] == first["id"]
    _problem(client.get("/api/evidence/nope-nope"), 404)
    _problem(client.get("/api/evidence", params={"limit": 10_000}), 422, "limit")
    assert client.get("/api/parameters").json()[0]["low"] is not None


def test_queue_is_bounded(web_db, tmp_path):
    from fastapi.testclient import TestClient

    from relokant.web.app import create_app

    with TestClient(create_app(tmp_path / "q.duckdb", workers=0, queue_limit=2)) as idle:
        for _ in range(2):
            assert idle.post("/api/runs", json={"scenario": "baseline", **TINY}).status_code == 202
        _problem(idle.post("/api/runs", json={"scenario": "baseline", **TINY}), 429, "waiting")


def test_jobs_survive_a_restart(tmp_path):
    """Queued jobs are queued again after a restart; a job that was running is failed with the reason."""
    from fastapi.testclient import TestClient

    from relokant.web import jobs
    from relokant.web.app import create_app

    db = tmp_path / "restart.duckdb"
    with TestClient(create_app(db, workers=0)) as first:
        queued = first.post("/api/runs", json={"scenario": "baseline", **TINY}).json()["job_id"]
        running = first.post("/api/runs", json={"scenario": "baseline", **TINY}).json()["job_id"]
        first.app.state.store.update(running, status="running", started_at=jobs._now())
    with TestClient(create_app(db, workers=0)) as second:
        assert second.get(f"/api/runs/{queued}").json()["status"] == "queued"
        failed = second.get(f"/api/runs/{running}").json()
        assert failed["status"] == "failed" and "server stopped" in failed["job"]["reason"]


def test_time_limit_stops_a_job(tmp_path):
    from fastapi.testclient import TestClient

    from relokant.web.app import create_app

    with TestClient(create_app(tmp_path / "t.duckdb", workers=1, time_limit_s=0.5)) as slow:
        job = slow.post("/api/runs", json={"scenario": "baseline", **TINY}).json()["job_id"]
        state = wait_for(slow, job)
        assert state["status"] == "failed" and "time limit" in state["job"]["reason"]


def test_pages_render(client, pair):
    for path in ("/", "/studio", "/studio?from=case-proposal", "/runs", f"/runs/{pair['baseline']}",
                 f"/compare?a={pair['baseline']}&b={pair['case-proposal']}", "/eligibility",
                 "/evidence?q=georgia&kind=figure", "/evidence?offset=50"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].startswith("text/html")
    missing = client.get("/runs/r99999999", headers={"accept": "text/html"})
    assert missing.status_code == 404 and "unknown run id" in missing.text


def test_pages_load_nothing_from_outside_the_app(client, pair):
    """Offline: every script, style, image and frame a page loads is the app's own (links to sources may point out)."""
    resource = re.compile(r"<(?:script|img|iframe|source|link)\b[^>]*?(?:src|href)=[\"']([^\"']+)", re.I)
    for path in ("/", "/studio", "/runs", f"/runs/{pair['baseline']}", "/compare", "/eligibility", "/evidence"):
        html = client.get(path).text
        for url in resource.findall(html):
            assert url.startswith("/") and not url.startswith("//"), (path, url)
        assert "@import" not in html and "url(http" not in html
    css = client.get("/static/app.css").text
    assert "http" not in css
    js = client.get("/static/app.js").text
    assert "topojsonURL: \"/static/topojson/\"" in js
    assert client.get("/static/plotly.min.js").status_code == 200
    assert client.get("/static/topojson/world_50m.json").json()["objects"]["countries"]
