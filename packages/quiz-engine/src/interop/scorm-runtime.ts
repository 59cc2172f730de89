/**
 * The script a SCORM package runs in the learner's browser: it finds the LMS's API (SCORM 1.2
 * `API`, SCORM 2004 `API_1484_11`) in a parent frame, renders the quiz from the JSON in the page,
 * grades it on the client and reports score, completion and one interaction per question. Kept
 * as source text here (no build step); `exportScorm` writes it into the package.
 */
export const SCORM_RUNTIME = String.raw`(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("gw-quiz").textContent);
  var is2004 = data.version === "2004";
  function findApi(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      var api = is2004 ? win.API_1484_11 : win.API;
      if (api) return api;
      if (win.parent === win) break;
      win = win.parent;
    }
    return window.opener ? (is2004 ? window.opener.API_1484_11 : window.opener.API) : null;
  }
  var api = findApi(window.parent !== window ? window.parent : window);
  var call = {
    init: function () { return api && (is2004 ? api.Initialize("") : api.LMSInitialize("")); },
    get: function (k) { return api ? (is2004 ? api.GetValue(k) : api.LMSGetValue(k)) : ""; },
    set: function (k, v) { return api && (is2004 ? api.SetValue(k, String(v)) : api.LMSSetValue(k, String(v))); },
    commit: function () { return api && (is2004 ? api.Commit("") : api.LMSCommit("")); },
    finish: function () { return api && (is2004 ? api.Terminate("") : api.LMSFinish("")); }
  };
  var status = document.getElementById("gw-status");
  if (!api) status.textContent = "No LMS found: your answers are graded here but not recorded.";
  call.init();
  var saved = {};
  try { saved = JSON.parse(call.get("cmi.suspend_data") || "{}").r || {}; } catch (e) { saved = {}; }

  function norm(s) {
    return String(s).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-z0-9.\-\s]/g, " ").replace(/\s+/g, " ").trim().replace(/^(the|a|an) /, "");
  }
  function grade(q, r) {
    var i, s = 0;
    switch (q.type) {
      case "single_choice":
        if (r === q.key) return 1;
        return Math.max(0, (q.weights && q.weights[r]) || 0);
      case "multiple_choice":
        r = r || [];
        if (q.weights) { for (i = 0; i < r.length; i++) s += q.weights[r[i]] || 0; return s; }
        var wrong = q.options.length - q.key.length;
        for (i = 0; i < r.length; i++) s += q.key.indexOf(r[i]) >= 0 ? 1 / q.key.length : wrong ? -1 / wrong : 0;
        return s;
      case "true_false": return r === q.key ? 1 : 0;
      case "cloze":
      case "short_answer":
        for (i = 0; i < q.key.accepted.length; i++) if (norm(q.key.accepted[i]) === norm(r)) return 1;
        for (i = 0; q.answers && i < q.answers.length; i++) if (norm(q.answers[i].text) === norm(r)) return q.answers[i].weight;
        return 0;
      case "numeric": {
        var n = Number(String(r).replace(/[,\s]/g, "").replace(/[^0-9.eE+\-]/g, ""));
        if (String(r).trim() === "" || !isFinite(n)) return 0;
        var ranges = [{ value: q.key.value, tolerance: q.key.tolerance, weight: 1 }].concat(q.answers || []);
        for (i = 0; i < ranges.length; i++) {
          var t = ranges[i].tolerance, allowed = t.mode === "absolute" ? t.amount : t.amount * Math.abs(ranges[i].value);
          if (Math.abs(n - ranges[i].value) <= allowed + 1e-9 * Math.max(1, Math.abs(ranges[i].value))) return ranges[i].weight;
        }
        return 0;
      }
      case "ordering": {
        var pos = {}, c = 0, pairs = 0, j;
        for (i = 0; i < q.key.length; i++) pos[q.key[i]] = i;
        for (i = 0; i < r.length; i++) for (j = i + 1; j < r.length; j++) { pairs++; if (pos[r[i]] < pos[r[j]]) c++; }
        return pairs ? (2 * c - pairs) / pairs : 0;
      }
      case "matching": {
        var right = 0;
        for (i = 0; i < q.left.length; i++) if (r && r[q.left[i].id] === q.key[q.left[i].id]) right++;
        return right / q.left.length;
      }
    }
    return 0;
  }
  function responseOf(q, el) {
    var name = "q" + q.index, i, picked;
    switch (q.type) {
      case "single_choice": picked = el.querySelector("input[name=" + name + "]:checked"); return picked ? picked.value : null;
      case "true_false": picked = el.querySelector("input[name=" + name + "]:checked"); return picked ? picked.value === "true" : null;
      case "multiple_choice": return Array.prototype.map.call(el.querySelectorAll("input[name=" + name + "]:checked"), function (x) { return x.value; });
      case "ordering": return Array.prototype.map.call(el.querySelectorAll("select"), function (x) { return x.value; });
      case "matching": { var m = {}, sels = el.querySelectorAll("select"); for (i = 0; i < sels.length; i++) m[sels[i].getAttribute("data-left")] = sels[i].value; return m; }
      default: return el.querySelector("input").value;
    }
  }
  // SCORM's response formats: 1.2 joins with "," and ".", 2004 with "[,]" and "[.]".
  function pattern(q, r) {
    var comma = is2004 ? "[,]" : ",", dot = is2004 ? "[.]" : ".";
    switch (q.type) {
      case "single_choice": return r || "";
      case "multiple_choice": case "ordering": return (r || []).join(comma);
      case "true_false": return is2004 ? String(r) : r ? "t" : "f";
      case "matching": return Object.keys(r || {}).map(function (k) { return k + dot + r[k]; }).join(comma);
      default: return String(r == null ? "" : r).slice(0, is2004 ? 250 : 255);
    }
  }
  function correctPattern(q) {
    switch (q.type) {
      case "single_choice": case "multiple_choice": case "ordering": return pattern(q, q.key);
      case "true_false": return pattern(q, q.key);
      case "matching": return pattern(q, q.key);
      case "numeric": return is2004 ? q.key.value + "[:]" + q.key.value : String(q.key.value);
      default: return pattern(q, q.key.accepted[0]);
    }
  }
  var TYPES = { single_choice: "choice", multiple_choice: "choice", true_false: "true-false", cloze: "fill-in", short_answer: "fill-in", numeric: "numeric", ordering: "sequencing", matching: "matching" };

  function saveProgress() {
    if (is2004) return;
    var r = {}, total = 0;
    data.questions.forEach(function (q) {
      var el = document.getElementById("gw-q" + q.index), v = responseOf(q, el);
      if (v == null) return;
      if (typeof v === "string") v = v.slice(0, 200);
      var piece = JSON.stringify(v);
      // SCORM 1.2 keeps at most 4096 characters of suspend data: stop before the limit.
      if (total + piece.length + 8 > 3900) return;
      total += piece.length + 8;
      r[q.index] = v;
    });
    call.set("cmi.suspend_data", JSON.stringify({ r: r }));
    call.commit();
  }
  document.getElementById("gw-quiz-form").addEventListener("change", saveProgress);
  data.questions.forEach(function (q) {
    var el = document.getElementById("gw-q" + q.index), v = saved[q.index];
    if (v == null) return;
    Array.prototype.forEach.call(el.querySelectorAll("input[type=radio],input[type=checkbox]"), function (x) {
      x.checked = Array.isArray(v) ? v.indexOf(x.value) >= 0 : String(v) === x.value;
    });
    var text = el.querySelector("input[type=text]");
    if (text && typeof v !== "object") text.value = v;
  });

  document.getElementById("gw-quiz-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var total = 0;
    data.questions.forEach(function (q, n) {
      var el = document.getElementById("gw-q" + q.index), r = responseOf(q, el);
      var score = r == null ? 0 : Math.min(1, Math.max(0, grade(q, r)));
      total += score;
      var p = "cmi.interactions." + n + ".";
      call.set(p + "id", q.interactionId);
      call.set(p + "type", TYPES[q.type]);
      if (is2004) call.set(p + "description", q.description);
      call.set(p + (is2004 ? "learner_response" : "student_response"), pattern(q, r));
      call.set(p + "correct_responses.0.pattern", correctPattern(q));
      call.set(p + "weighting", 1);
      call.set(p + "result", score >= 1 ? "correct" : is2004 ? (score > 0 ? String(Math.round(score * 100) / 100) : "incorrect") : "wrong");
      var out = el.querySelector(".gw-result");
      out.textContent = (score >= 1 ? "Correct. " : score > 0 ? "Partly right (" + Math.round(score * 100) + "%). " : "Not quite. ") + q.source;
    });
    var raw = data.questions.length ? Math.round((total / data.questions.length) * 100) : 0;
    var passed = raw >= data.passPercent;
    if (is2004) {
      call.set("cmi.score.raw", raw); call.set("cmi.score.min", 0); call.set("cmi.score.max", 100);
      call.set("cmi.score.scaled", raw / 100);
      call.set("cmi.completion_status", "completed");
      call.set("cmi.success_status", passed ? "passed" : "failed");
    } else {
      call.set("cmi.core.score.raw", raw); call.set("cmi.core.score.min", 0); call.set("cmi.core.score.max", 100);
      call.set("cmi.core.lesson_status", passed ? "passed" : "failed");
    }
    call.commit();
    call.finish();
    status.textContent = "Your score: " + raw + "% (" + (passed ? "passed" : "not yet passed") + ").";
    event.target.querySelector("button[type=submit]").disabled = true;
  });
})();
`;
