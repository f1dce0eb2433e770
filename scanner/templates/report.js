"use strict";
// Sorting, filtering and the findings in full. Data comes from the JSON block and becomes DOM nodes through
// textContent only, so a file name or a log line can never turn into markup. State lives in the URL
// (#sort=path&dir=asc&level=high&cat=cpr&rule=r.head&status=unscanned&q=text&open=0,3) so a view can be bookmarked
// or shared. Repeated findings of one rule in a file are folded into one entry; decisions a reviewer marks are kept
// in memory and downloaded as a JSON file for `sdcscan review --import` (no server, nothing stored).
(function () {
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const byId = (id) => document.getElementById(id);
  const tbody = byId("files").tBodies[0];
  const rows = Array.from(tbody.rows);
  const rowText = new Map(); // each row's text, read on the first search rather than while the page opens
  const textOf = (row) => rowText.get(row) ?? rowText.set(row, row.textContent.toLowerCase()).get(row);
  const fileList = byId("file-list");
  const sections = new Map(Array.from(fileList.children, (section) => [section.dataset.i, section]));
  let complete = !byId("more-files"); // whether the sections of the files past the first page are made yet
  const fields = { q: byId("q"), level: byId("level"), cat: byId("cat"), rule: byId("rule"), status: byId("status") };
  const headers = Array.from(document.querySelectorAll("th[data-sort]"));
  const FIRST_DIR = { score: "desc", findings: "desc", path: "asc", kind: "asc" };
  const NUMERIC = new Set(["score", "findings"]);
  const BATCH = 200; // findings drawn at a time in one file; the rest behind a button
  const OPEN_ALL = 100; // files opened at once by "open all shown"
  const PAGE = Number(byId("files").dataset.page); // rows shown before "show more": a large table lays out slowly
  const TEXTS = new Set(["rule", "category", "severity", "message", "evidence", "suppressed", "baseline"]);
  const FOLD = 3; // this many findings of one rule in one file or more are folded into one entry
  const locked = new Set(data.report.locked); // categories that can never be accepted (CPR numbers)
  const decisions = new Map(); // finding id -> {id, path, rule, status, reason}
  const deciders = new Set(); // the decision controls drawn so far, kept in step with `decisions`
  let limit = PAGE;
  let order = rows; // the rows in their current DOM order
  let state = defaults();
  let written = ""; // the hash this script wrote last, so its own hashchange is not applied twice

  function defaults() {
    return { sort: "score", dir: "desc", q: "", level: "", cat: "", rule: "", status: "", open: "" };
  }

  function readUrl() {
    const params = new URLSearchParams(location.search);
    const hash = location.hash.slice(1);
    if (hash.includes("=")) new URLSearchParams(hash).forEach((value, key) => params.set(key, value));
    const next = defaults();
    for (const key of Object.keys(next)) if (params.has(key)) next[key] = params.get(key);
    if (!(next.sort in FIRST_DIR)) next.sort = "score";
    if (next.dir !== "asc" && next.dir !== "desc") next.dir = FIRST_DIR[next.sort];
    state = next;
  }

  function writeUrl() {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(state)) {
      const usual = (key === "sort" && value === "score") || (key === "dir" && value === FIRST_DIR[state.sort]);
      if (value && !usual && key !== "open") params.set(key, value);
    }
    // replace(), not assignment: filtering must not fill the back button's history
    written = "#" + params.toString();
    location.replace(written);
  }

  function compare(a, b) {
    const key = state.sort;
    let result;
    if (NUMERIC.has(key)) {
      result = Number(a.dataset[key]) - Number(b.dataset[key]);
    } else {
      result = a.dataset[key] < b.dataset[key] ? -1 : a.dataset[key] > b.dataset[key] ? 1 : 0;
    }
    if (state.dir === "desc") result = -result;
    return result || Number(a.dataset.i) - Number(b.dataset.i); // ties keep the report's ranking
  }

  function matches(row) {
    const q = state.q.trim().toLowerCase();
    return (
      (!q || textOf(row).includes(q)) &&
      (!state.level || row.dataset.level === state.level) &&
      (!state.status || row.dataset.status === state.status || (state.status === "gaps" && row.dataset.gaps === "1")) &&
      (!state.cat || row.dataset.cats.split(" ").includes(state.cat)) &&
      (!state.rule || row.dataset.rules.split(" ").includes(state.rule))
    );
  }

  // The sections past the first page arrive as the markup of a <noscript> (server-rendered and escaped like the
  // rest of the page), parsed here once, the first time a view needs them.
  function completeSections() {
    if (complete) return;
    complete = true;
    const rest = byId("more-files");
    const template = document.createElement("template");
    template.innerHTML = rest.textContent;
    for (const section of template.content.querySelectorAll("details.file")) sections.set(section.dataset.i, section);
    fileList.append(template.content);
    rest.remove();
  }

  function firstPage() {
    const usual = defaults();
    return limit === PAGE && ["sort", "dir", "q", "level", "cat", "rule", "status"].every((k) => state[k] === usual[k]);
  }

  function apply() {
    if (!firstPage()) completeSections();
    for (const [key, field] of Object.entries(fields)) if (field.value !== state[key]) field.value = state[key];
    for (const th of headers) {
      if (th.dataset.sort === state.sort) th.setAttribute("aria-sort", state.dir === "asc" ? "ascending" : "descending");
      else th.removeAttribute("aria-sort");
    }
    const sorted = rows.slice().sort(compare);
    const moved = sorted.some((row, k) => row !== order[k]);
    let matched = 0;
    for (const row of sorted) {
      const match = matches(row);
      matched += match ? 1 : 0;
      const visible = match && matched <= limit;
      if (row.hidden === visible) row.hidden = !visible;
      const section = sections.get(row.dataset.i);
      if (section && section.hidden === visible) section.hidden = !visible;
    }
    if (moved) {
      // re-append only when the order changed: moving thousands of nodes is the slow part of a sort
      tbody.append(...sorted);
      fileList.append(...sorted.map((row) => sections.get(row.dataset.i)).filter(Boolean));
      order = sorted;
    }
    const shown = Math.min(matched, limit);
    byId("shown").value =
      shown < matched ? `${shown} of ${matched} matching files shown (${rows.length} in all)` : `${matched} of ${rows.length} files shown`;
    byId("more").hidden = shown >= matched;
    byId("none-shown").hidden = matched > 0;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Masking can change a line's length (a CPR number becomes DDMMYY-XXXX), so a span that ends inside a word is
  // stretched to the word's end rather than cutting the masked token.
  function spanEnd(text, end) {
    while (end > 0 && end < text.length && /[\w-]/.test(text[end]) && /[\w-]/.test(text[end - 1])) end++;
    return end;
  }

  // Rule texts mark code with backticks, as in the catalogue; show those parts as code.
  function prose(tag, text) {
    const node = el(tag);
    text.split(/`([^`]+)`/).forEach((part, k) => node.append(k % 2 ? el("code", "", part) : part));
    return node;
  }

  function contextNode(finding, lines) {
    const pre = el("pre", "ctx");
    for (let n = finding.context[0]; n <= finding.context[1]; n++) {
      const text = lines[n] ?? "";
      const line = el("span", "l");
      line.appendChild(el("span", "n", String(n)));
      if (n >= finding.line && n <= finding.end_line) {
        line.classList.add("hit");
        const column = finding.mark_column ?? finding.column;
        const endColumn = finding.mark_end_column ?? finding.end_column;
        const start = n === finding.line ? Math.min(column - 1, text.length) : 0;
        const end = n === finding.end_line ? spanEnd(text, Math.min(endColumn - 1, text.length)) : text.length;
        if (end > start) {
          line.append(text.slice(0, start), el("mark", "", text.slice(start, end)), text.slice(end));
        } else {
          line.append(text);
        }
      } else {
        line.append(text);
      }
      pre.appendChild(line);
    }
    return pre;
  }

  // A scanned file named by provenance: a link to its section when it has one (files without findings have none).
  function fileLink(place) {
    if (place.index === null || place.index === undefined) return el("span", "", place.path);
    const link = el("a", "", place.path);
    link.href = `#file-${place.index}`;
    return link;
  }

  // The outputs a program makes (provenance), each with the line of the statement that writes it.
  function outputsNode(outputs) {
    const node = el("div", "outputs", "Outputs this program makes: ");
    outputs.forEach((output, k) => node.append(k ? ", " : "", fileLink(output), ` (line ${output.line})`));
    return node;
  }

  function findingNode(finding, file) {
    const node = el("article", `finding sev-${finding.severity}`);
    node.dataset.id = finding.id;
    const head = el("div", "head");
    const where = finding.context ? `line ${finding.line}:${finding.column}` : "whole file";
    head.append(el("span", "loc", where), el("span", "sev", finding.severity), el("code", "rule", finding.rule));
    head.append(el("span", "chip", finding.category));
    if (finding.baseline) head.append(el("span", "tag", `baseline: ${finding.baseline}`));
    head.append(el("span", "msg", finding.message), el("span", "id", `id ${finding.id}`));
    node.appendChild(head);
    if (finding.evidence) {
      const evidence = el("div", "ev", "evidence ");
      evidence.appendChild(el("code", "", finding.evidence));
      node.appendChild(evidence);
    }
    if (finding.context) node.appendChild(contextNode(finding, file.lines));
    if (finding.source) {
      const src = el("div", "src", "made by ");
      src.append(fileLink(finding.source), ` line ${finding.source.line}`);
      node.appendChild(src);
    }
    const produced = file.outputs.filter((output) => output.line === finding.line);
    if (produced.length) {
      const made = el("div", "src made", "writes ");
      produced.forEach((output, k) => made.append(k ? ", " : "", fileLink(output)));
      node.appendChild(made);
    }
    if (finding.suppressed === undefined) node.appendChild(decider([finding], file));
    const rule = data.rules[finding.rule];
    if (rule) {
      const why = el("details", "why");
      why.append(el("summary", "", `Why it matters and what to do: ${rule.title}`));
      why.append(prose("p", rule.explanation));
      const remedy = prose("p", rule.remedy);
      remedy.prepend(el("strong", "", "What to do: "));
      why.append(remedy);
      node.appendChild(why);
    }
    return node;
  }

  // suppressed inline or accepted in the baseline: shown collapsed with the reason, never counted
  function setAside(finding) {
    return finding.suppressed !== undefined || finding.baseline === "accepted";
  }

  function setAsideNode(finding, file) {
    const reason = finding.suppressed !== undefined ? `suppressed: ${finding.suppressed}` : "accepted in the baseline";
    const node = el("details", `finding set-aside sev-${finding.severity}`);
    node.appendChild(el("summary", "", `${reason} · line ${finding.line} · ${finding.rule}`));
    node.appendChild(findingNode(finding, file));
    return node;
  }

  // A decision on one finding or on every finding of a fold: accept or reject, with a reason (both required).
  function decider(findings, file) {
    const box = el("div", "decide");
    const status = el("select");
    const choices = [["", findings.length > 1 ? `decide on all ${findings.length}` : "decide"], ["rejected", "reject"]];
    const cannot = findings.some((f) => locked.has(f.category));
    if (!cannot) choices.splice(1, 0, ["accepted", "accept"]);
    for (const [value, label] of choices) {
      const option = el("option", "", label);
      option.value = value;
      status.appendChild(option);
    }
    const reason = el("input");
    reason.type = "text";
    reason.placeholder = "reason (required)";
    status.setAttribute("aria-label", "decision");
    reason.setAttribute("aria-label", "reason");
    box.append(status, reason);
    if (cannot) box.append(el("span", "muted", "a CPR number cannot be accepted, only removed"));
    const state = el("span", "state");
    box.append(state);
    const control = { findings, status, reason, state };
    const change = () => {
      const chosen = status.value && reason.value.trim();
      for (const f of findings) {
        if (chosen) {
          decisions.set(f.id, { id: f.id, path: file.path, rule: f.rule, status: status.value, reason: reason.value.trim() });
        } else {
          decisions.delete(f.id);
        }
      }
      for (const other of deciders) if (other !== control) showDecision(other);
      state.textContent = chosen ? `marked ${status.value}` : status.value ? "give a reason" : "";
      countDecisions();
    };
    status.addEventListener("change", change);
    reason.addEventListener("input", change);
    deciders.add(control);
    showDecision(control);
    return box;
  }

  // A control shows the decision its findings share; one decided elsewhere in part (or undone) shows no decision.
  function showDecision(control) {
    const marks = control.findings.map((f) => decisions.get(f.id));
    const first = marks[0];
    const marked = marks.filter(Boolean).length;
    if (first && marks.every((m) => m && m.status === first.status && m.reason === first.reason)) {
      control.status.value = first.status;
      control.reason.value = first.reason;
      control.state.textContent = `marked ${first.status}`;
    } else if (marked || control.state.textContent.startsWith("marked")) {
      control.status.value = "";
      control.reason.value = "";
      control.state.textContent = marked ? `${marked} of ${marks.length} marked` : "";
    }
  }

  function countDecisions() {
    const button = byId("download-decisions");
    button.textContent = `Download decisions (${decisions.size})`;
    button.disabled = decisions.size === 0;
  }

  function downloadDecisions() {
    const list = Array.from(decisions.values()).sort((a, b) => (a.path + "\0" + a.id < b.path + "\0" + b.id ? -1 : 1));
    const body = {
      sdcscan_decisions: 1,
      root: data.report.root,
      report_generated_at: data.report.generated_at,
      decisions: list,
    };
    const url = URL.createObjectURL(new Blob([JSON.stringify(body, null, 2) + "\n"], { type: "application/json" }));
    const link = el("a");
    link.href = url;
    link.download = "sdcscan-decisions.json";
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  }

  function drawFindings(body, file, list, from) {
    for (const item of list.slice(from, from + BATCH)) {
      if (Array.isArray(item)) body.appendChild(foldNode(item, file));
      else body.appendChild(setAside(item) ? setAsideNode(item, file) : findingNode(item, file));
    }
    const left = list.length - from - BATCH;
    if (left > 0) {
      const more = el("button", "more", `Show ${Math.min(left, BATCH)} more of ${left}`);
      more.type = "button";
      more.addEventListener("click", () => {
        more.remove();
        drawFindings(body, file, list, from + BATCH);
      });
      body.appendChild(more);
    }
  }

  // "put writes variables: 37 places, lines 12-480", unfolded (and drawn) on click
  function foldNode(group, file) {
    const first = group[0];
    const lines = group.map((f) => f.line);
    const node = el("details", `fold sev-${first.severity}`);
    node.dataset.rule = first.rule;
    const summary = el("summary");
    const title = data.rules[first.rule] ? data.rules[first.rule].title : first.message;
    summary.append(el("span", "sev", first.severity), el("code", "rule", first.rule));
    summary.append(el("span", "msg", `${title}: ${group.length} places, lines ${Math.min(...lines)}-${Math.max(...lines)}`));
    node.append(summary, decider(group, file));
    const body = el("div", "folded");
    node.appendChild(body);
    node.addEventListener("toggle", () => {
      if (!node.open || body.dataset.drawn) return;
      body.dataset.drawn = "1";
      drawFindings(body, file, group, 0);
    });
    return node;
  }

  // Findings that count, in line order, with each rule that repeats folded where it first occurs; then those set
  // aside.
  function items(findings) {
    const counting = findings.filter((f) => !setAside(f));
    const byRule = new Map();
    for (const f of counting) byRule.set(f.rule, [...(byRule.get(f.rule) || []), f]);
    const list = [];
    for (const f of counting) {
      const group = byRule.get(f.rule);
      if (group.length < FOLD) list.push(f);
      else if (group[0] === f) list.push(group);
    }
    return [...list, ...findings.filter(setAside)];
  }

  function graphNode(graph, path) {
    const box = el("div", "graph");
    if (!graph.src) {
      box.append(el("p", "note", graph.note));
      return box;
    }
    // decoded only when asked: a report with many graphs still opens quickly
    const show = el("button", "", "Show the graph");
    show.type = "button";
    show.addEventListener("click", () => {
      const image = el("img");
      image.alt = `graph ${path}`;
      image.src = graph.src;
      show.replaceWith(image);
    });
    box.append(show);
    return box;
  }

  // A file's findings as objects, from the compact data block (arrays of FIELDS, texts as string indexes).
  function unpack(packed) {
    const text = (k) => (k === null ? undefined : data.strings[k]);
    const lines = {};
    for (const [n, k] of Object.entries(packed.lines)) lines[n] = text(k);
    const findings = packed.findings.map((values) => {
      const f = {};
      data.fields.forEach((name, k) => {
        if (values[k] !== null) f[name] = TEXTS.has(name) ? text(values[k]) : values[k];
      });
      if (f.context_start !== undefined) f.context = [f.context_start, f.context_end];
      return f;
    });
    return { path: packed.path, graph: packed.graph, lines, findings, outputs: packed.outputs || [] };
  }

  function draw(section) {
    if (section.dataset.drawn) return;
    section.dataset.drawn = "1";
    const file = unpack(JSON.parse(data.files[Number(section.dataset.i)]));
    const body = section.querySelector(".body");
    body.textContent = "";
    if (file.graph) body.appendChild(graphNode(file.graph, file.path));
    if (file.outputs.length) body.appendChild(outputsNode(file.outputs));
    drawFindings(body, file, items(file.findings), 0);
  }

  function openFile(index, scroll) {
    if (!sections.has(String(index)) && !complete) {
      completeSections();
      apply();
    }
    const section = sections.get(String(index));
    if (!section) return;
    section.open = true;
    draw(section);
    if (scroll) {
      section.hidden = false; // asked for by name: show it even if the filters or the page size hid it
      section.scrollIntoView();
    }
  }

  function openRequested() {
    const target = /^#file-(\d+)$/.exec(location.hash);
    if (target) openFile(target[1], true);
    if (state.open === "all") {
      openShown();
    } else if (state.open) {
      state.open.split(",").forEach((index) => openFile(index.trim()));
    }
  }

  function openShown() {
    Array.from(fileList.children)
      .filter((section) => !section.hidden)
      .slice(0, OPEN_ALL)
      .forEach((section) => openFile(section.dataset.i));
  }

  function fromFields() {
    for (const [key, field] of Object.entries(fields)) state[key] = field.value;
    limit = PAGE;
    writeUrl();
    apply();
  }

  // toggle does not bubble: caught on the way down, and only for the files' own sections (not folds or "why")
  fileList.addEventListener("toggle", (event) => event.target.open && event.target.matches("details.file") && draw(event.target), true);
  for (const field of Object.values(fields)) field.addEventListener("input", fromFields);
  byId("reset").addEventListener("click", () => {
    state = defaults();
    limit = PAGE;
    writeUrl();
    apply();
  });
  byId("open-all").addEventListener("click", openShown);
  byId("download-decisions").addEventListener("click", downloadDecisions);
  byId("more").addEventListener("click", () => {
    limit += PAGE;
    apply();
  });
  for (const th of headers) {
    th.tabIndex = 0;
    const sortBy = () => {
      const key = th.dataset.sort;
      state.dir = state.sort === key ? (state.dir === "asc" ? "desc" : "asc") : FIRST_DIR[key];
      state.sort = key;
      writeUrl();
      apply();
    };
    th.addEventListener("click", sortBy);
    th.addEventListener("keydown", (event) => (event.key === "Enter" || event.key === " ") && sortBy());
  }
  window.addEventListener("hashchange", () => {
    if (location.hash === written) return;
    if (location.hash.includes("=")) {
      readUrl();
      limit = PAGE;
      apply();
    }
    openRequested();
  });

  byId("filters").hidden = false;
  readUrl();
  apply();
  document.documentElement.classList.remove("paging"); // `hidden` now says which rows show
  openRequested();
  document.documentElement.dataset.ready = "1";
})();
