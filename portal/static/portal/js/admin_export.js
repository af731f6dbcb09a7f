// The export page's "select all" toggle, bound here: the Content-Security-Policy
// blocks the inline onchange of django-import-export's template.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
