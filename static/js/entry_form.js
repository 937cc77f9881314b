/* The entry form while typing (issue 13): checks each value against the same rules the server
   applies (range, jump from last year, distance from the plan's path) and says so under the box;
   warns before leaving with unsaved changes; opens a value's history in a side panel.
   The server stays the authority: nothing here blocks or changes what is sent.
   Rules and translated messages come from json_script "entry-live-rules" (indicators/entry/live.py). */
(function () {
  "use strict";
  var source = document.getElementById("entry-live-rules");
  var form = document.getElementById("entry-form");
  if (!source || !form) { return; }
  var rules = JSON.parse(source.textContent);
  var msg = rules.messages, limits = rules.thresholds;
  var PREFIXES = [["<=", "<="], [">=", ">="], ["≤", "<="], ["≦", "<="], ["≥", ">="], ["≧", ">="], ["<", "<"], [">", ">"], ["=", ""]];
  var NUMBER = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$/;
  var NO_VALUE = { "—": 1, "——": 1, "-": 1, "--": 1, "–": 1, "―": 1 };

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) { return values[key] === undefined ? "" : values[key]; });
  }
  function plain(n) { return String(Math.round(n * 10000) / 10000); }

  /* The same reading as rules.parse_value_text: blank, a number, or a bound; null when not a number. */
  function parse(text, unit) {
    var normal = (text || "").normalize("NFKC").replace(/\s+/g, "");
    if (!normal || NO_VALUE[normal]) { return { blank: true }; }
    var rest = normal;
    for (var i = 0; i < PREFIXES.length; i++) {
      if (rest.indexOf(PREFIXES[i][0]) === 0) { rest = rest.slice(PREFIXES[i][0].length); break; }
    }
    var unitKey = (unit || "").normalize("NFKC").replace(/\s+/g, "");
    if ((unitKey === "%" || unitKey === "‰") && rest.slice(-1) === unitKey) { rest = rest.slice(0, -1); }
    if (!NUMBER.test(rest)) { return null; }
    return { value: parseFloat(rest.replace(/,/g, "")), bound: normal !== rest && !/^=/.test(normal) };
  }

  function problems(rule, parsed) {
    if (parsed === null) { return { error: msg.notNumber }; }
    if (parsed.blank) { return {}; }
    var v = parsed.value, unit = rule.unit || "";
    if (rule.min !== null && v < rule.min) { return { error: format(msg.tooLow, { low: plain(rule.min), unit: unit }) }; }
    if (rule.max !== null && v > rule.max) { return { error: format(msg.tooHigh, { high: plain(rule.max), unit: unit }) }; }
    var warnings = [];
    if (rule.previous !== null && rule.previous !== 0) {
      var change = Math.abs(v - rule.previous) / Math.abs(rule.previous);
      if (change > limits.jump) { warnings.push(format(msg.jump, { previous: plain(rule.previous), pct: plain(change * 100) })); }
    }
    if (rule.expected !== null && rule.baseline !== null && rule.target !== null) {
      var deviation = Math.abs(v - rule.expected), planned = Math.abs(rule.target - rule.baseline);
      var relativeOk = rule.expected === 0 || deviation / Math.abs(rule.expected) > limits.pathRelative;
      if (deviation > planned * limits.pathShare && deviation > 0 && relativeOk) {
        warnings.push(format(msg.path, { expected: plain(rule.expected) }));
      }
    }
    return { warnings: warnings };
  }

  function note(input) {
    var box = input.parentNode.querySelector(".live-check");
    if (!box) {
      box = document.createElement("span");
      box.className = "live-check";
      box.setAttribute("aria-live", "polite");
      input.parentNode.insertBefore(box, input.nextSibling);
    }
    return box;
  }

  function check(input) {
    var rule = rules.fields[input.name];
    if (!rule) { return; }
    var found = problems(rule, parse(input.value, rule.unit));
    var box = note(input);
    input.classList.remove("live-error", "live-warning");
    input.removeAttribute("aria-invalid");
    if (found.error) {
      box.className = "live-check error";
      box.textContent = found.error;
      input.classList.add("live-error");
      input.setAttribute("aria-invalid", "true");
    } else if (found.warnings && found.warnings.length) {
      box.className = "live-check warning";
      box.textContent = found.warnings.join("；");
      input.classList.add("live-warning");
    } else {
      box.className = "live-check";
      box.textContent = "";
    }
  }

  var inputs = Array.prototype.filter.call(form.querySelectorAll("input[type=text]"), function (input) {
    return rules.fields[input.name];
  });
  inputs.forEach(function (input) {
    input.addEventListener("input", function () { check(input); });
    if (input.value) { check(input); }
  });

  /* Unsaved changes: any text box that differs from what the page loaded with. */
  var submitting = false;
  form.addEventListener("submit", function () { submitting = true; });
  function dirty() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=text]"), function (input) {
      return input.value !== input.defaultValue;
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (submitting || !dirty()) { return; }
    event.preventDefault();
    event.returnValue = msg.unsaved;
    return msg.unsaved;
  });

  /* History in a side panel instead of opening inside the (narrow) table. */
  var panel = document.createElement("aside");
  panel.className = "side-panel";
  panel.id = "history-panel";
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", msg.history);
  var head = document.createElement("header");
  var title = document.createElement("h2");
  var close = document.createElement("button");
  close.type = "button";
  close.textContent = msg.close;
  head.appendChild(title);
  head.appendChild(close);
  var body = document.createElement("div");
  panel.appendChild(head);
  panel.appendChild(body);
  document.body.appendChild(panel);
  var opener = null;
  function hide() { panel.hidden = true; if (opener) { opener.focus(); } }
  close.addEventListener("click", hide);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape" && !panel.hidden) { hide(); } });

  form.querySelectorAll(".history-cell details").forEach(function (details) {
    var summary = details.querySelector("summary");
    var table = details.querySelector("table");
    if (!summary || !table) { return; }
    summary.addEventListener("click", function (event) {
      event.preventDefault();
      var row = details.closest("tr");
      var label = row ? row.querySelector("label") : null;
      title.textContent = msg.history + (label ? "：" + label.textContent : "");
      body.textContent = "";
      body.appendChild(table.cloneNode(true));
      opener = summary;
      panel.hidden = false;
      close.focus();
    });
  });
})();
