// Progressive enhancement: without JavaScript the table shows every measure.
(function () {
  "use strict";
  var form = document.getElementById("filter");
  var table = document.getElementById("massnahmen");
  if (!form || !table) return;
  var selects = form.querySelectorAll("select");
  var rows = table.tBodies[0].rows;
  var count = document.getElementById("treffer");
  function matches(row, field, value) {
    if (!value) return true;
    var have = row.getAttribute("data-" + field) || "";
    return field === "themes" ? have.split("|").indexOf(value) >= 0 : have === value;
  }
  function apply() {
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var ok = true;
      for (var j = 0; j < selects.length && ok; j++) {
        ok = matches(rows[i], selects[j].getAttribute("data-field"), selects[j].value);
      }
      rows[i].hidden = !ok;
      if (ok) shown++;
    }
    count.textContent = shown + " von " + rows.length + " Maßnahmen";
  }
  for (var k = 0; k < selects.length; k++) selects[k].addEventListener("change", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.hidden = false;
})();
