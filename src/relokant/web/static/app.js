// relokant web pages: small vanilla JS over the JSON API (no build step, no external scripts).
// Each page's code runs when <body data-page="..."> names it.
"use strict";

const PLOT_CONFIG = { responsive: true, displaylogo: false, topojsonURL: "/static/topojson/" };

async function api(path, options = {}) {
  const init = { headers: { "Accept": "application/json" }, ...options };
  if (options.body !== undefined && typeof options.body !== "string") {
    init.body = JSON.stringify(options.body);
    init.headers["Content-Type"] = "application/json";
  }
  const response = await fetch(path, init);
  const type = response.headers.get("content-type") || "";
  const data = type.includes("json") ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = data && data.detail ? data.detail : `${response.status} ${response.statusText}`;
    throw new Error(detail);
  }
  return data;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v; else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

function human(value, unit) {
  if (value === null || value === undefined) return "–";
  const a = Math.abs(value);
  let text;
  if (unit === "share") return (100 * value).toFixed(1) + "%";
  if (a >= 1e9) text = (value / 1e9).toPrecision(3) + " bn";
  else if (a >= 1e6) text = (value / 1e6).toPrecision(3) + " m";
  else if (a >= 1e4) text = Math.round(value).toLocaleString("en");
  else text = Number(value.toPrecision(3)).toLocaleString("en");
  return text;
}

function interval(p05, p50, p95, unit) {
  if (p05 === null || p95 === null || p05 === undefined || p05 === p95) return human(p50, unit);
  return `${human(p50, unit)} (${human(p05, unit)} – ${human(p95, unit)})`;
}

function say(id, text, isError = false) {
  const node = document.getElementById(id);
  if (!node) return;
  node.textContent = text;
  node.classList.toggle("problem", isError);
}

function plot(id, figure) {
  const node = document.getElementById(id);
  if (!node || !figure) return;
  window.Plotly.newPlot(node, figure.data, figure.layout, PLOT_CONFIG);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FINAL = ["done", "failed", "interrupted"];

// ------------------------------------------------------------------------------------------------ home

function home() {
  const form = document.getElementById("quick-pair");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    const options = { sample_size: Number(form.sample_size.value), draws: Number(form.draws.value) };
    try {
      const a = await api("/api/runs", { method: "POST", body: { scenario: "baseline", ...options } });
      const b = await api("/api/runs", { method: "POST", body: { scenario: "case-proposal", ...options } });
      window.location.href = `/compare?a=${a.job_id}&b=${b.job_id}`;
    } catch (error) {
      say("quick-pair-status", error.message, true);
      button.disabled = false;
    }
  });
}

// ------------------------------------------------------------------------------------------------ studio

function studio() {
  const data = JSON.parse(document.getElementById("studio-data").textContent);
  const choices = [...data.options.groups.map((g) => ({ ...g, group: true })), ...data.options.routes];
  const byPattern = Object.fromEntries(choices.map((c) => [c.pattern, c]));
  const body = document.querySelector("#switches tbody");
  const yaml = document.getElementById("yaml");

  function routeSelect(value) {
    const select = el("select", { class: "route-select", "aria-label": "route or group" });
    const groups = el("optgroup", { label: "Groups (every country)" });
    data.options.groups.forEach((g) => groups.append(el("option", { value: g.pattern, text: `${g.pattern} — ${g.label}` })));
    const single = el("optgroup", { label: "One route" });
    data.options.routes.forEach((r) => single.append(el("option", { value: r.pattern, text: `${r.pattern} — ${r.label}` })));
    select.append(groups, single);
    if (value && !byPattern[value]) select.append(el("option", { value, text: value }));
    select.value = value || data.options.groups[0].pattern;
    return select;
  }

  function paramInputs(cell, pattern, values = {}) {
    cell.replaceChildren();
    const box = el("div", { class: "params" });
    const params = (byPattern[pattern] || { parameters: {} }).parameters;
    for (const [name, p] of Object.entries(params)) {
      const input = p.kind === "flag"
        ? el("select", { "data-name": name, "data-kind": "flag" }, el("option", { value: "", text: "as in law" }),
          el("option", { value: "1", text: "yes" }), el("option", { value: "0", text: "no" }))
        : el("input", { type: "number", step: "any", "data-name": name, placeholder: String(p.latest) });
      if (values[name] !== undefined) input.value = p.kind === "flag" ? (values[name] ? "1" : "0") : values[name];
      box.append(el("label", {}, `${name}${p.unit ? " (" + p.unit + ")" : ""} `, input));
    }
    if (!Object.keys(params).length) box.append(el("span", { class: "hint", text: "no thresholds" }));
    cell.append(box);
  }

  function addRow(sw = {}) {
    const row = el("tr");
    const select = routeSelect(sw.route);
    const onoff = el("select", { "aria-label": "on or off" }, el("option", { value: "on", text: "on" }), el("option", { value: "off", text: "off" }));
    onoff.value = sw.enabled === false ? "off" : "on";
    const from = el("input", { type: "date", value: sw.from || "2025-01-01", "aria-label": "from", min: "2022-01-01", max: "2040-12-31" });
    const to = el("input", { type: "date", value: sw.to || "", "aria-label": "until", min: "2022-01-01", max: "2040-12-31" });
    const paramsCell = el("td");
    const remove = el("button", { type: "button", class: "secondary", text: "Remove", "aria-label": "remove this switch" });
    remove.addEventListener("click", () => row.remove());
    select.addEventListener("change", () => paramInputs(paramsCell, select.value));
    row.append(el("td", {}, select), el("td", {}, onoff), el("td", {}, from), el("td", {}, to), paramsCell, el("td", {}, remove));
    row._note = sw.note || ""; row._source = sw.source || "";
    paramInputs(paramsCell, select.value, sw.parameters || {});
    body.append(row);
    return row;
  }

  (data.scenario.routes || []).forEach((sw) => addRow(sw));
  document.querySelectorAll("[data-add]").forEach((b) => b.addEventListener("click", () => {
    const row = addRow({ route: b.dataset.add || data.options.routes[0].pattern });
    row.querySelector("select").focus();
  }));
  document.getElementById("base").addEventListener("change", (e) => {
    window.location.href = `/studio?from=${encodeURIComponent(e.target.value)}`;
  });

  function form() {
    const routes = [...body.rows].map((row) => {
      const [select, onoff, from, to] = row.querySelectorAll("select, input");
      const parameters = {};
      row.querySelectorAll("[data-name]").forEach((input) => {
        if (input.value !== "") parameters[input.dataset.name] = Number(input.value);
      });
      const sw = { route: select.value, from: from.value, enabled: onoff.value === "on", parameters };
      if (to.value) sw.to = to.value;
      if (row._note) sw.note = row._note;
      return sw;
    });
    const parameters = {};
    document.querySelectorAll("[data-param]").forEach((input) => {
      if (input.value !== "") parameters[input.dataset.param] = Number(input.value);
    });
    return { base: document.getElementById("base").value, name: document.getElementById("name").value.trim(),
             description: document.getElementById("description").value, horizon: document.getElementById("horizon").value.trim() || null,
             routes, parameters };
  }

  async function build() {
    const built = await api("/api/scenarios/build", { method: "POST", body: form() });
    yaml.value = built.yaml;
    return built;
  }

  async function current() {
    if (!yaml.value.trim()) await build();
    return yaml.value;
  }

  function guard(id, fn) {
    const button = document.getElementById(id);
    button.addEventListener("click", async () => {
      button.disabled = true;
      try { await fn(); } catch (error) { say("studio-message", error.message, true); }
      finally { button.disabled = false; }
    });
  }

  guard("build", async () => { const b = await build(); say("studio-message", `Scenario “${b.name}” is valid.`); });
  guard("save", async () => {
    await build();
    const saved = await api("/api/scenarios", { method: "POST", body: { scenario_yaml: yaml.value } });
    say("studio-message", `Saved as “${saved.name}”: it is now in “Start from”, and at /api/scenarios/${saved.name}/yaml.`);
  });
  guard("download", async () => {
    const text = await current();
    const name = (text.match(/^name:\s*(\S+)/m) || [null, "scenario"])[1];
    const link = el("a", { href: URL.createObjectURL(new Blob([text], { type: "application/yaml" })), download: `${name}.yaml` });
    document.body.append(link); link.click(); link.remove();
  });
  guard("run", async () => {
    const text = await current();
    const seed = document.getElementById("seed").value;
    const job = await api("/api/runs", { method: "POST", body: {
      scenario_yaml: text, sample_size: Number(document.getElementById("sample_size").value),
      draws: Number(document.getElementById("draws").value), seed: seed === "" ? null : Number(seed),
      validate_model: document.getElementById("validate_model").checked } });
    window.location.href = `/runs/${job.job_id}`;
  });
  // Edits to the form make the YAML stale: clear it so the next action builds it again.
  document.getElementById("studio").addEventListener("input", (e) => { if (e.target !== yaml) yaml.value = ""; });
  document.getElementById("studio").addEventListener("change", (e) => { if (e.target !== yaml && e.target.id !== "base") yaml.value = ""; });
}

// ------------------------------------------------------------------------------------------------ run

async function runPage() {
  const ref = window.RUN_REF;
  let status;
  for (;;) {
    try { status = await api(`/api/runs/${ref}`); } catch (error) { say("reason", error.message, true); return; }
    const job = status.job || {};
    const statusNode = document.getElementById("status");
    statusNode.textContent = status.status;
    statusNode.className = `status ${status.status}`;
    if (status.status === "running" || status.status === "queued") {
      document.getElementById("stage").textContent = job.stage ? `— ${job.stage}` : "";
      document.getElementById("progress").value = job.progress || 0;
      document.getElementById("eta").textContent = job.eta_s !== null && job.eta_s !== undefined
        ? `about ${Math.ceil(job.eta_s)} s left` : (status.status === "queued" ? "waiting for a worker" : "");
    }
    if (FINAL.includes(status.status)) break;
    await sleep(800);
  }
  document.getElementById("eta").textContent = "";
  if (status.status !== "done") {
    const reason = (status.job && status.job.reason) || (status.run && status.run.reason) || "no reason recorded";
    const node = document.getElementById("reason");
    node.hidden = false; node.textContent = `The run ${status.status}: ${reason}`;
    document.getElementById("progress").hidden = true;
    return;
  }
  document.getElementById("progress").value = 1;
  document.getElementById("stage").textContent = "";
  const run = status.run;
  const manifest = document.getElementById("manifest");
  const shown = { "run id": run.run_id, scenario: run.scenario_name, "persons per draw": run.sample_size.toLocaleString("en"),
                  draws: run.draws, seed: run.seed, "code version": run.code_version, "data version": run.data_version,
                  finished: run.ended_at, population: "synthetic" };
  for (const [k, v] of Object.entries(shown)) manifest.append(el("dt", { text: k }), el("dd", { text: v }));
  document.getElementById("dl-csv").href = status.links.csv;
  document.getElementById("dl-json").href = status.links.json;
  document.getElementById("compare-link").href = `/compare?b=${run.run_id}`;
  document.getElementById("results").hidden = false;
  const [charts, impacts, extras] = await Promise.all([
    api(`/api/runs/${run.run_id}/charts`), api(`/api/runs/${run.run_id}/impacts`), api(`/api/runs/${run.run_id}/extras`)]);
  for (const [name, figure] of Object.entries(charts)) plot(`chart-${name}`, figure);
  const tbody = document.querySelector("#impacts tbody");
  for (const r of impacts.rows) {
    tbody.append(el("tr", {}, el("td", { text: r.section }), el("td", { text: r.label }), el("td", { text: r.period }),
      el("td", { class: "num", text: interval(r.p05, r.p50, r.p95, r.unit) + (r.unit.startsWith("EUR") ? " EUR" : "") })));
  }
  if (extras.validation_html) document.getElementById("validation").innerHTML = extras.validation_html;
  if (extras.sensitivity_html) {
    const box = document.getElementById("sensitivity");
    box.innerHTML = extras.sensitivity_html;
    runScripts(box);
  }
}

function runScripts(container) {
  // HTML sections from relokant.report carry their plotly calls in inline scripts, which innerHTML does not run.
  container.querySelectorAll("script").forEach((old) => {
    const script = document.createElement("script");
    script.textContent = old.textContent;
    old.replaceWith(script);
  });
}

// ------------------------------------------------------------------------------------------------ compare

async function comparePage() {
  const { a, b } = window.COMPARE;
  if (!a || !b) return;
  for (;;) {  // the runs may still be jobs in the queue (the start page's "run both")
    let sa, sb;
    try { [sa, sb] = await Promise.all([api(`/api/runs/${a}`), api(`/api/runs/${b}`)]); }
    catch (error) { say("compare-message", error.message, true); return; }
    if (sa.status === "done" && sb.status === "done") break;
    const bad = [sa, sb].find((s) => FINAL.includes(s.status) && s.status !== "done");
    if (bad) { say("compare-message", `Run ${bad.id} ${bad.status}: ${(bad.job && bad.job.reason) || ""}`, true); return; }
    const part = (s) => `${s.job ? s.job.scenario : s.id}: ${s.status}${s.job && s.job.stage ? " — " + s.job.stage : ""}` +
      (s.job && s.job.progress ? ` (${Math.round(100 * s.job.progress)}%)` : "");
    say("compare-message", `Waiting for the runs. ${part(sa)}; ${part(sb)}.`);
    await sleep(1000);
  }
  let data;
  try { data = await api(`/api/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`); }
  catch (error) { say("compare-message", error.message, true); return; }
  say("compare-message", `a = ${data.run_a.scenario_name} (${data.run_a.run_id}), b = ${data.run_b.scenario_name} (${data.run_b.run_id})`);
  // A selector opened with a job id still queued shows that job; now that it is a run, it shows the run.
  for (const [id, run] of [["run-a", data.run_a], ["run-b", data.run_b]]) {
    const select = document.getElementById(id);
    const chosen = select.selectedOptions[0];
    if (!chosen || chosen.value === run.run_id) continue;
    const listed = [...select.options].find((o) => o.value === run.run_id);
    if (listed) { chosen.remove(); select.value = run.run_id; continue; }
    chosen.value = run.run_id;
    chosen.textContent = `${run.scenario_name} · ${run.sample_size.toLocaleString("en")} × ${run.draws} · seed ${run.seed} · ${run.run_id}`;
  }
  const rule = document.getElementById("claim-rule");
  if (rule) rule.hidden = true;  // the note in the panel says why for this pair
  document.getElementById("comparison").hidden = false;
  document.getElementById("paired").textContent = data.paired
    ? "Paired: the two runs share their populations and random draws, so b − a is the policy's effect, with its 5–95% range over draws."
    : "Not paired (different sample size, draws or seed): the difference is between medians and has no interval.";
  const last = {};
  for (const r of data.rows) {
    const key = `${r.metric}|${r.geo}`;
    if (!last[key] || r.period > last[key].period) last[key] = r;
  }
  const tbody = document.querySelector("#compare-table tbody");
  for (const r of Object.values(last)) {
    const unit = r.unit.startsWith("EUR") ? " EUR" : "";
    tbody.append(el("tr", {}, el("td", { text: r.metric }), el("td", { text: r.geo }), el("td", { text: r.period }),
      el("td", { class: "num", text: human(r.a_p50) + unit }), el("td", { class: "num", text: human(r.b_p50) + unit }),
      el("td", { class: "num", text: interval(r.difference_p05, r.difference, r.difference_p95) + unit })));
  }
  api(`/api/compare/chart?a=${data.run_a.run_id}&b=${data.run_b.run_id}`).then((fig) => plot("chart-difference", fig));
  const note = document.getElementById("claim-note");
  if (!data.claim_available) { note.textContent = `No claim panel for this pair: ${data.claim_note}.`; return; }
  note.textContent = "Evaluating the CASE claim on this pair…";
  try {
    const job = await api("/api/claims", { method: "POST", body: { baseline_run: data.run_a.run_id, scenario_run: data.run_b.run_id } });
    for (;;) {
      const state = await api(`/api/jobs/${job.job_id}`);
      if (state.status === "done") {
        const box = document.getElementById("claim");
        box.innerHTML = state.result.claim_html;
        runScripts(box);
        return;
      }
      if (FINAL.includes(state.status)) { note.textContent = `The claim could not be evaluated: ${state.reason}`; return; }
      note.textContent = `Evaluating the CASE claim on this pair: ${state.stage || state.status}…`;
      await sleep(800);
    }
  } catch (error) { note.textContent = error.message; note.classList.add("problem"); }
}

// ------------------------------------------------------------------------------------------------ eligibility

function eligibilityPage() {
  const form = document.getElementById("person-form");
  const v = (id) => document.getElementById(id).value.trim();
  const n = (id) => Number(v(id) || 0);
  const on = (id) => document.getElementById(id).checked;

  function person() {
    const languages = {};
    if (v("lang-en") !== "none") languages.en = v("lang-en");
    if (v("lang-de") !== "none") languages.de = v("lang-de");
    if (v("lang-other") && v("lang-other-level") !== "none") languages[v("lang-other").toLowerCase()] = v("lang-other-level");
    const p = {
      age: n("age"), nationalities: v("nationalities").split(/[ ,;]+/).filter(Boolean).map((c) => c.toUpperCase()),
      education: { level: v("education") }, languages,
      work: { isco: v("isco"), years_last5: n("years_last5"), years_last7: n("years_last5"), it_years_last7: n("it_years_last7"),
              employed_or_business: on("employed_or_business") },
      children: n("children"), spouse: on("spouse"), share_of_time_in_issuing_state: n("share_time"),
      status: { clean_record: on("clean_record"), mobilised_with_proof: on("mobilised"), deserted: on("deserted"),
                deposits_at_bank_eur: n("deposits") },
    };
    if (v("graduation_year")) p.education.graduation_year = n("graduation_year");
    if (on("has_offer")) p.job_offer = { country: v("offer_country") || "DE", salary: { amount: n("salary"), currency: "EUR", period: "year" },
                                         contract_months: n("contract_months") };
    if (v("funds")) p.funds = { amount: n("funds"), currency: "EUR", period: "month" };
    if (v("inv_country")) p.investment = { country: v("inv_country"), kind: v("inv_kind"), value_eur: n("inv_value") };
    if (v("stay_country")) p.current_stay = { country: v("stay_country"), continuous_days: n("stay_days") };
    return p;
  }

  function card(r) {
    const cls = r.status.replace(" ", "-");
    const box = el("article", { class: `route ${cls}` });
    box.append(el("h3", {}, `${r.name} `, el("small", { text: `${r.route_id} · ${r.country}${r.proposal ? " · proposal, not law" : ""}` })));
    box.append(el("p", { class: `verdict ${cls}`, text: r.status }));
    if (r.points !== null) box.append(el("p", { text: `Points: ${r.points} of ${r.points_required} required` +
      (Object.keys(r.breakdown).length ? ` (${Object.entries(r.breakdown).map(([k, x]) => `${k} ${x}`).join(", ")})` : "") }));
    if (r.conditional_on.length) box.append(el("p", { text: `Conditional on: ${r.conditional_on.join("; ")}` }));
    const checks = el("ul", { class: "checks" });
    const listChecks = (list) => checks.replaceChildren(...list.map((c) =>
      el("li", { class: c.passed ? "pass" : (c.open ? "open" : "fail") }, `${c.text} — `, el("small", { text: c.detail }))));
    listChecks(r.checks);
    const why = el("details", { open: r.status !== "not eligible" && r.status !== "not in force" },
      el("summary", { text: r.status === "not eligible" ? "Why not: the checks" : "Why: the checks" }), checks);
    if (r.checks_complete === false) {
      // The compact answer lists what failed; every check of this one route is asked for when someone looks.
      why.addEventListener("toggle", async () => {
        if (!why.open || why.dataset.loaded) return;
        why.dataset.loaded = "1";
        try {
          const full = await api("/api/eligibility?detail=full", { method: "POST", body: { ...lastRequest, route: r.route_id, country: undefined } });
          if (full.routes.length) listChecks(full.routes[0].checks);
        } catch (error) { checks.append(el("li", { class: "fail", text: error.message })); }
      });
    }
    box.append(why);
    const thresholds = Object.entries(r.thresholds).filter(([, x]) => x !== null);
    if (thresholds.length) box.append(el("p", { class: "hint", text: "Thresholds at the date: " + thresholds.map(([k, x]) => `${k} = ${x}`).join(", ") }));
    const rights = r.rights;
    box.append(el("p", { text: `Rights: work ${rights.work}, self-employment ${rights.self_employment ? "yes" : "no"}, family ${rights.family === null ? "?" : (rights.family ? "yes" : "no")}, social benefits ${rights.social_benefits ? "yes" : "no"}` +
      (rights.months_to_permanent ? `, permanent residence after ${rights.months_to_permanent} months` : "") + (rights.max_stay_days ? `, stay up to ${rights.max_stay_days} days` : "") + "." }));
    const sources = el("ul");
    for (const s of r.sources) sources.append(el("li", {}, /^https?:\/\//.test(s) ? el("a", { href: s, rel: "noreferrer noopener", target: "_blank", text: s }) : s));
    box.append(el("details", {}, el("summary", { text: `Law and sources: ${r.legal_reference}` }), sources));
    for (const u of r.uncertain) box.append(el("p", { class: "hint", text: `Uncertain: ${u}` }));
    return box;
  }

  let lastRequest = null;  // the person and date of the cards shown, for fetching one route's every check

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = document.getElementById("check");
    button.disabled = true;
    say("eligibility-message", "Checking…");
    try {
      const body = { person: person(), date: v("date") || null, include_proposals: on("include_proposals") };
      if (v("country")) body.country = v("country");
      const result = await api("/api/eligibility", { method: "POST", body });
      lastRequest = body;
      const cards = document.getElementById("route-cards");
      cards.replaceChildren(...result.routes.filter((r) => r.status !== "not in force").map(card));
      const c = result.counts;
      document.getElementById("eligibility-counts").textContent =
        `On ${result.date}: ${c.eligible} eligible, ${c.conditional} conditional, ${c["not eligible"]} not eligible` +
        (c["not in force"] ? ` (${c["not in force"]} routes not in force at that date are left out)` : "") + ".";
      document.getElementById("eligibility-results").hidden = false;
      say("eligibility-message", "");
    } catch (error) {
      say("eligibility-message", error.message, true);
    } finally { button.disabled = false; }
  });
}

const PAGES = { home, studio, run: runPage, compare: comparePage, eligibility: eligibilityPage };
document.addEventListener("DOMContentLoaded", () => {
  const page = PAGES[document.body.dataset.page];
  if (page) page();
});
