// The pages' own script (no inline scripts anywhere: the Content-Security-Policy forbids them).
// Progressive enhancement only: every form also works without it.
"use strict";

(function () {
  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";
  document.documentElement.classList.add("js");

  // htmx requests carry the page session's CSRF token like every form does
  document.addEventListener("htmx:configRequest", (event) => {
    event.detail.headers["X-CSRF-Token"] = csrf();
  });

  document.addEventListener("change", (event) => {
    const form = event.target.closest("form[data-autosubmit]");
    if (form) form.requestSubmit();
  });

  document.addEventListener("submit", (event) => {
    const question = event.target.dataset?.confirm;
    if (question && !window.confirm(question)) event.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", () => {
    for (const back of document.querySelectorAll("[data-back]")) {
      back.hidden = false;
      back.addEventListener("click", () => history.back());
    }
  });

  // Alpine (CSP build): components are registered by name, never evaluated from strings
  document.addEventListener("alpine:init", () => {
    window.Alpine.data("selection", () => ({
      all: false,
      toggleAll() {
        this.all = !this.all;
        for (const box of this.$root.querySelectorAll('input[name="task_ids"]')) {
          box.checked = this.all;
        }
      },
    }));
  });
})();
