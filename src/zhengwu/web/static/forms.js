// A refused form comes back as the page it was sent from, with what was typed in a JSON block
// (web/errors.py): put it back into that form so nothing has to be typed twice.
// Every text field gets the server's length limit as `maxlength` (core/text.py FIELD_LIMITS), so
// the browser stops typing where the server would refuse.
document.addEventListener("DOMContentLoaded", function () {
  var limits = JSON.parse(document.body.dataset.fieldLimits || "null");
  if (!limits) return;
  var multiline = new Set(limits.multiline);
  document.querySelectorAll("input[name], textarea[name]").forEach(function (field) {
    if (field.hasAttribute("maxlength")) return;
    if (field.tagName === "INPUT" && ["text", "search", "email", "tel", "url", ""].indexOf(field.getAttribute("type") || "") < 0) return;
    var name = field.name;
    var limit = limits.fields[name] || (multiline.has(name) ? limits.text : limits.line);
    field.setAttribute("maxlength", String(limit));
  });
});

document.addEventListener("DOMContentLoaded", function () {
  var data = document.getElementById("typed-values");
  if (!data) return;
  var typed = JSON.parse(data.textContent);
  var form = Array.prototype.find.call(document.forms, function (f) {
    return new URL(f.action, location.href).pathname === typed.action;
  });
  if (!form) return;
  var seen = {};
  typed.values.forEach(function (pair) {
    var name = pair[0], value = pair[1];
    var fields = form.querySelectorAll("[name='" + CSS.escape(name) + "']");
    if (!fields.length) return;
    var first = fields[0];
    if (first.type === "checkbox" || first.type === "radio") {
      if (!seen[name]) fields.forEach(function (f) { f.checked = false; });
      fields.forEach(function (f) { if (f.value === value) f.checked = true; });
    } else if (first.tagName === "SELECT" && first.multiple) {
      if (!seen[name]) Array.prototype.forEach.call(first.options, function (o) { o.selected = false; });
      Array.prototype.forEach.call(first.options, function (o) { if (o.value === value) o.selected = true; });
    } else if (first.type !== "file" && first.type !== "hidden") {
      var index = seen[name] || 0;
      if (fields[index]) fields[index].value = value;
    }
    seen[name] = (seen[name] || 0) + 1;
  });
  // A folded section (<details>) holding the form opens, and the form comes into view.
  for (var p = form.parentElement; p; p = p.parentElement) if (p.tagName === "DETAILS") p.open = true;
  var alert = document.getElementById("refusal");
  (alert || form).scrollIntoView({block: "start"});
});
