// The "select all fields" toggle of django-import-export's export page, attached here
// instead of an inline onchange handler (the admin runs under a strict CSP).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", onSelectToggleChange);
  });
});
