// On Cleavr's onboarding confirmation shown inside a platform's modal (cleavr.js): tell the
// page around it that onboarding is submitted. Sent only to the origins the platform registered
// (postMessage delivers nothing to a window of another origin).
(function () {
  "use strict";
  var result = document.getElementById("cleavr-onboarding-result");
  if (!result || window.parent === window) return;
  var message = {
    type: "cleavr:onboarding.completed",
    user_id: result.getAttribute("data-user-id"),
    status: result.getAttribute("data-status"),
  };
  result.getAttribute("data-origins").split(" ").forEach(function (origin) {
    if (origin) window.parent.postMessage(message, origin);
  });
})();
