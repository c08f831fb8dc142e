// caremarket explorer: submits the form, follows the job's progress
// (Server-Sent Events), and shows the answer. No framework, no network
// beyond this server.
"use strict";
(function () {
  const form = document.getElementById("question");
  const runBtn = document.getElementById("run");
  const cancelBtn = document.getElementById("cancel");
  const progBox = document.getElementById("progress-box");
  const prog = document.getElementById("progress");
  const progText = document.getElementById("progress-text");
  const MAX_VARIANTS = 6;
  // The comparison shown: a base result and up to six variants run on it.
  let state = { base: null, variants: [] };
  let current = null; // { id, source }

  // Levers: a switched-on lever shows its controls.
  document.querySelectorAll("fieldset.lever").forEach(function (fs) {
    const on = fs.querySelector("legend input[type=checkbox]");
    const sync = function () { fs.classList.toggle("on", on.checked); };
    on.addEventListener("change", sync);
    sync();
  });
  const baseSel = document.getElementById("c-base");
  const uploadField = document.getElementById("upload-field");
  const syncBase = function () { uploadField.hidden = baseSel.value !== "upload"; };
  baseSel.addEventListener("change", syncBase);
  syncBase();

  function clearErrors() {
    document.querySelectorAll(".error").forEach(function (e) { e.hidden = true; e.textContent = ""; });
    document.querySelectorAll("[aria-invalid]").forEach(function (e) { e.removeAttribute("aria-invalid"); });
  }

  function showErrors(fe) {
    let first = null;
    Object.keys(fe.fields || {}).forEach(function (id) {
      let box = document.getElementById("e-" + id);
      const ctl = document.getElementById(id);
      if (!box) { box = document.getElementById("e-general"); }
      box.textContent = (box.textContent ? box.textContent + " " : "") + fe.fields[id];
      box.hidden = false;
      if (ctl) {
        ctl.setAttribute("aria-invalid", "true");
        const lever = ctl.closest("fieldset.lever");
        if (lever) { lever.classList.add("on"); }
        first = first || ctl;
      }
    });
    if (fe.general && fe.general.length) {
      const g = document.getElementById("e-general");
      g.textContent = fe.general.join(" ");
      g.hidden = false;
      first = first || g;
    }
    if (first && first.focus) { first.focus(); }
  }

  function setRunning(on) {
    runBtn.disabled = on;
    cancelBtn.disabled = !on;
    progBox.hidden = !on && !progText.textContent;
  }

  function showStatus(st) {
    prog.max = Math.max(st.total, 1);
    prog.value = st.total ? st.done : (st.state === "done" ? 1 : 0);
    let msg;
    switch (st.state) {
      case "queued": msg = "Waiting for a free slot (" + st.position + " ahead)…"; break;
      case "running": msg = st.total ? "Running: " + st.done + " of " + st.total + " runs" : "Running…"; break;
      case "done": msg = st.total ? "Done: " + st.total + " runs." : "Done: every result was in the cache."; break;
      case "cancelled": msg = "Cancelled."; break;
      default: msg = "Failed: " + (st.error || "unknown error");
    }
    progText.textContent = msg;
    progBox.hidden = false;
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearErrors();
    const fd = new FormData(form);
    if (baseSel.value !== "upload") { fd.delete("basefile"); }
    setRunning(true);
    progText.textContent = "Checking…";
    fetch("/api/jobs", { method: "POST", body: fd, credentials: "same-origin" })
      .then(function (r) { return r.json().then(function (b) { return { code: r.status, body: b }; }); })
      .then(function (res) {
        if (res.code !== 202) {
          setRunning(false);
          progText.textContent = "";
          progBox.hidden = true;
          showErrors(res.body);
          return;
        }
        follow(res.body);
      })
      .catch(function (e) { setRunning(false); showErrors({ general: [String(e)] }); });
  });

  cancelBtn.addEventListener("click", function () {
    if (!current) { return; }
    fetch("/api/jobs/" + current.id + "/cancel", { method: "POST", credentials: "same-origin" });
  });

  function follow(st) {
    showStatus(st);
    const src = new EventSource("/api/jobs/" + st.id + "/events");
    current = { id: st.id, source: src };
    src.addEventListener("status", function (e) {
      const s = JSON.parse(e.data);
      showStatus(s);
      if (s.state === "done" || s.state === "failed" || s.state === "cancelled") {
        src.close();
        current = null;
        setRunning(false);
        if (s.state === "done") { addVariant(s); }
      }
    });
    src.onerror = function () {
      if (current && current.source === src) {
        src.close();
        current = null;
        setRunning(false);
        progText.textContent = "Lost contact with the server.";
      }
    };
  }

  function addVariant(s) {
    if (state.base !== s.base) {
      state = { base: s.base, variants: [] }; // new base, runs, years or seed
    }
    state.variants = state.variants.filter(function (v) { return v.key !== s.variant && v.name !== s.name; });
    state.variants.push({ key: s.variant, name: s.name });
    while (state.variants.length > MAX_VARIANTS) { state.variants.shift(); }
    bumpName(s.name);
    loadAnswer();
  }

  function bumpName(name) {
    const el = document.getElementById("c-name");
    const m = /^(.*?)(\d+)$/.exec(name);
    if (el.value === name) { el.value = m ? m[1] + (Number(m[2]) + 1) : name + "-2"; }
  }

  function query() {
    const p = new URLSearchParams();
    p.append("b", state.base);
    state.variants.forEach(function (v) { p.append("v", v.key); });
    return p.toString();
  }

  function loadAnswer() {
    if (!state.variants.length) {
      document.getElementById("answer-body").hidden = true;
      document.getElementById("answer-empty").hidden = false;
      return;
    }
    const q = query();
    fetch("/api/answer?" + q, { credentials: "same-origin" })
      .then(function (r) {
        if (!r.ok) { return r.text().then(function (t) { throw new Error(t); }); }
        return r.json();
      })
      .then(function (a) { render(a, q); })
      .catch(function (e) { showErrors({ general: [e.message] }); });
  }

  function render(a, q) {
    document.getElementById("answer-empty").hidden = true;
    document.getElementById("answer-body").hidden = false;
    document.getElementById("headline").innerHTML = a.headline;
    const ul = document.getElementById("variants");
    ul.textContent = "";
    a.variants.forEach(function (v) {
      const li = document.createElement("li");
      const b = document.createElement("strong");
      b.textContent = v.name;
      li.appendChild(b);
      li.appendChild(document.createTextNode(": " + v.describe + " "));
      const y = document.createElement("a");
      y.href = "/api/scenario/" + v.key + ".yaml";
      y.textContent = "scenario file (YAML)";
      y.setAttribute("download", v.name + ".yaml");
      li.appendChild(y);
      li.appendChild(document.createTextNode(" "));
      const rm = document.createElement("button");
      rm.type = "button";
      rm.textContent = "Remove";
      rm.setAttribute("aria-label", "Remove " + v.name);
      rm.addEventListener("click", function () {
        state.variants = state.variants.filter(function (x) { return x.key !== v.key; });
        loadAnswer();
      });
      li.appendChild(rm);
      const r = document.createElement("span");
      r.className = "robust" + (v.robustness.indexOf("untested") >= 0 ? " untested" : "");
      r.textContent = v.robustness;
      li.appendChild(r);
      ul.appendChild(li);
    });
    ["dashboard", "tradeoff", "differences", "comparison"].forEach(function (n) {
      document.getElementById("dl-" + n).href = "/api/csv/" + n + ".csv?" + q;
    });
    document.getElementById("dl-report").href = "/api/report?" + q;
    document.getElementById("dl-report2").href = "/api/report?" + q;
    const figs = document.getElementById("figures");
    figs.textContent = "";
    a.figures.forEach(function (f) {
      const fig = document.createElement("figure");
      fig.id = f.id;
      const h = document.createElement("h3");
      h.textContent = f.title;
      fig.appendChild(h);
      const div = document.createElement("div");
      div.innerHTML = f.svg;
      fig.appendChild(div);
      const cap = document.createElement("figcaption");
      cap.textContent = f.caption;
      fig.appendChild(cap);
      figs.appendChild(fig);
    });
  }
})();
