/*! Cleavr embeddable components — no build step: <script src="https://CLEAVR/static/cleavr.js"></script>
 *
 * 1. Onboarding in a modal:
 *      var modal = new Cleavr.CleavrOnboardingModal({
 *        url: user.onboarding_url,                 // from POST /v1/users or .../onboarding_link
 *        onComplete: function (result) {},         // {user_id, status} once submitted
 *        onClose: function () {}                   // closed before the end
 *      });
 *      modal.open();
 *    Register the origin of the page that opens it: `cleavr-connect platforms update CLIENT_ID
 *    --embed-origin https://app.example.com`; any other page is refused the frame.
 *
 * 2. A receivable's status:
 *      <cleavr-receivable-status token="clv_cmp_…" lang="fr"></cleavr-receivable-status>
 *    The token comes from your backend: POST /v1/receivables/{id}/component_token (short-lived,
 *    read-only, one receivable). Never put an access token in a page.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var CLEAVR_ORIGIN = script ? new URL(script.src, window.location.href).origin : window.location.origin;

  // --------------------------------------------------------------------- onboarding modal

  function CleavrOnboardingModal(options) {
    if (!options || !options.url) throw new Error("CleavrOnboardingModal needs {url}");
    this.url = new URL(options.url, window.location.href);
    this.onComplete = options.onComplete || function () {};
    this.onClose = options.onClose || function () {};
    this.title = options.title || "Cleavr";
    this._overlay = null;
    this._onMessage = this._onMessage.bind(this);
    this._onKey = this._onKey.bind(this);
  }

  CleavrOnboardingModal.prototype.open = function () {
    if (this._overlay) return;
    this._opener = document.activeElement;
    var overlay = document.createElement("div");
    overlay.setAttribute("data-cleavr-onboarding", "");
    overlay.style.cssText =
      "position:fixed;inset:0;z-index:2147483000;background:rgba(20,33,61,.55);" +
      "display:flex;align-items:center;justify-content:center;padding:1rem";
    var dialog = document.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", this.title);
    dialog.style.cssText =
      "position:relative;background:#f5f7fa;border-radius:12px;width:100%;max-width:40rem;" +
      "height:min(92vh,52rem);box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden";
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", document.documentElement.lang === "en" ? "Close" : "Fermer");
    close.style.cssText =
      "position:absolute;top:.4rem;right:.5rem;z-index:1;font:24px/1 system-ui,sans-serif;" +
      "background:#fff;border:1px solid #6b7385;border-radius:8px;width:2.2rem;height:2.2rem;cursor:pointer";
    var self = this;
    close.addEventListener("click", function () {
      self.close();
      self.onClose();
    });
    var frame = document.createElement("iframe");
    frame.src = this.url.href;
    frame.title = this.title;
    frame.style.cssText = "border:0;width:100%;height:100%;display:block";
    dialog.appendChild(close);
    dialog.appendChild(frame);
    overlay.appendChild(dialog);
    document.body.appendChild(overlay);
    this._overlay = overlay;
    this._frame = frame;
    window.addEventListener("message", this._onMessage);
    document.addEventListener("keydown", this._onKey);
    frame.focus();
  };

  CleavrOnboardingModal.prototype.close = function () {
    if (!this._overlay) return;
    window.removeEventListener("message", this._onMessage);
    document.removeEventListener("keydown", this._onKey);
    this._overlay.remove();
    this._overlay = null;
    if (this._opener && this._opener.focus) this._opener.focus();
  };

  CleavrOnboardingModal.prototype._onMessage = function (event) {
    // Only Cleavr's page inside this very frame may say onboarding is done.
    if (event.origin !== this.url.origin) return;
    if (!this._frame || event.source !== this._frame.contentWindow) return;
    var data = event.data || {};
    if (data.type !== "cleavr:onboarding.completed") return;
    this.close();
    this.onComplete({ user_id: data.user_id, status: data.status });
  };

  CleavrOnboardingModal.prototype._onKey = function (event) {
    if (event.key === "Escape") {
      this.close();
      this.onClose();
    }
  };

  // --------------------------------------------------------------------- status component

  var STYLE =
    ":host{display:block;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#14213d}" +
    ".box{border:1px solid #d9dee7;border-radius:12px;padding:1rem;background:#fff}" +
    "h2{font-size:1.05rem;margin:0 0 .5rem}" +
    ".stage{display:inline-block;border-radius:99px;padding:.1rem .6rem;background:#e8f5ee;border:1px solid #b7e0c8;font-weight:600}" +
    "dl{display:grid;grid-template-columns:auto auto;gap:.2rem 1rem;margin:.75rem 0}dt{color:#5c677d}dd{margin:0;text-align:right;font-variant-numeric:tabular-nums}" +
    "ol{list-style:none;padding:0;margin:.25rem 0 0;border-left:2px solid #d9dee7}li{padding:0 0 .5rem .75rem}" +
    "time{display:block;color:#5c677d;font-size:.85rem}.next{margin-top:.5rem;padding:.5rem .75rem;background:#f5f7fa;border-radius:8px}" +
    ".error{color:#b3261e}";

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text != null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  var HTMLElementBase = typeof HTMLElement === "undefined" ? function () {} : HTMLElement;

  class CleavrReceivableStatus extends HTMLElementBase {
    static get observedAttributes() {
      return ["token", "lang"];
    }

    constructor() {
      super();
      this._root = this.attachShadow({ mode: "open" });
    }

    connectedCallback() {
      this.refresh();
    }

    attributeChangedCallback() {
      if (this.isConnected) this.refresh();
    }

    get language() {
      var lang = this.getAttribute("lang") || document.documentElement.lang || "fr";
      return lang.toLowerCase().indexOf("en") === 0 ? "en" : "fr";
    }

    refresh() {
      var token = this.getAttribute("token");
      if (!token) return;
      var base = this.getAttribute("base-url") || CLEAVR_ORIGIN;
      var self = this;
      this.setAttribute("aria-busy", "true");
      fetch(base + "/components/receivable?lang=" + this.language, {
        headers: { Authorization: "Bearer " + token },
        credentials: "omit",
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (!response.ok) throw new Error((body.error && body.error.message) || response.status);
            return body;
          });
        })
        .then(function (view) {
          self._render(view);
          self.dispatchEvent(new CustomEvent("cleavr:loaded", { detail: view }));
        })
        .catch(function (error) {
          self._fail(String(error.message || error));
        })
        .finally(function () {
          self.removeAttribute("aria-busy");
        });
    }

    _render(view) {
      var root = this._root;
      root.textContent = "";
      root.appendChild(element("style", STYLE));
      var box = element("section", null, "box");
      box.setAttribute("lang", view.lang);
      box.setAttribute("aria-label", view.labels.title);
      box.appendChild(element("h2", view.labels.title + " " + view.invoice_numbers.join(", ")));
      var stage = element("span", view.stage.label, "stage");
      stage.setAttribute("data-stage", view.stage.code || "");
      stage.setAttribute("data-status", view.status.code);
      box.appendChild(stage);
      var amounts = element("dl");
      view.amounts.forEach(function (row) {
        var dt = element("dt", row.label);
        var dd = element("dd", row.value);
        dd.setAttribute("data-amount", row.code);
        amounts.appendChild(dt);
        amounts.appendChild(dd);
      });
      box.appendChild(amounts);
      if (view.next_action) {
        var next = element("p", null, "next");
        next.appendChild(element("strong", view.labels.next + " "));
        next.appendChild(document.createTextNode(view.next_action.label + " — " + view.next_action.date));
        box.appendChild(next);
      }
      box.appendChild(element("h3", view.labels.timeline));
      var list = element("ol");
      view.timeline.forEach(function (entry) {
        var item = element("li");
        var when = element("time", entry.date);
        when.setAttribute("datetime", entry.occurred_at);
        item.appendChild(when);
        item.appendChild(document.createTextNode(entry.label));
        list.appendChild(item);
      });
      box.appendChild(list);
      root.appendChild(box);
    }

    _fail(message) {
      this._root.textContent = "";
      this._root.appendChild(element("style", STYLE));
      var box = element("p", message, "box error");
      box.setAttribute("role", "alert");
      this._root.appendChild(box);
    }
  }

  if (typeof customElements !== "undefined" && !customElements.get("cleavr-receivable-status")) {
    customElements.define("cleavr-receivable-status", CleavrReceivableStatus);
  }

  window.Cleavr = window.Cleavr || {};
  window.Cleavr.CleavrOnboardingModal = CleavrOnboardingModal;
  window.Cleavr.CleavrReceivableStatus = CleavrReceivableStatus;
  window.Cleavr.origin = CLEAVR_ORIGIN;
})();
