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
      (message ? (document.documentElement.lang === "fr" ? "\u00a0: " : ": ") + message.textContent.trim() : "");
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

// A form that starts something once (a card payment): sent, its buttons are disabled, so a
// double click or a second Enter sends nothing more; the server hands out the same checkout
// anyway. Back on the page from the browser's history, they work again.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-submit-once]");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent") === "1") {
        event.preventDefault();
        return;
      }
      form.setAttribute("data-sent", "1");
      // After this event: the submission goes on, the buttons can be clicked no more.
      window.setTimeout(function () {
        Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (button) {
          button.disabled = true;
          button.setAttribute("aria-busy", "true");
        });
      }, 0);
    });
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    Array.prototype.forEach.call(forms, function (form) {
      form.removeAttribute("data-sent");
      Array.prototype.forEach.call(form.querySelectorAll("button, input[type=submit]"), function (button) {
        button.disabled = false;
        button.removeAttribute("aria-busy");
      });
    });
  });
})();
