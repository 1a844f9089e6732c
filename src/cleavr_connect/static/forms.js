// Forms sent back with errors: the summary at the top names each field at fault and links to
// it, and the first one gets the focus (so a phone scrolls to it and a screen reader reads its
// label and message). Without script the messages still sit under their fields.
(function () {
  "use strict";
  var summary = document.getElementById("form-error");
  var invalid = document.querySelectorAll("[aria-invalid=true]");
  if (!summary || !invalid.length) return;
  var list = document.createElement("ul");
  list.className = "error-summary";
  Array.prototype.forEach.call(invalid, function (field) {
    var label = document.querySelector("label[for='" + field.id + "']");
    var message = document.getElementById(field.id + "-error");
    var link = document.createElement("a");
    link.href = "#" + field.id;
    link.textContent =
      (label ? label.textContent.replace(/\s+/g, " ").trim() : field.name) +
      (message ? (document.documentElement.lang === "fr" ? " : " : ": ") + message.textContent.trim() : "");
    link.addEventListener("click", function (event) {
      event.preventDefault();
      field.focus();
    });
    var item = document.createElement("li");
    item.appendChild(link);
    list.appendChild(item);
  });
  summary.appendChild(list);
  invalid[0].focus();
})();
