// Site-wide behaviour that used to be inline handlers (the Content-Security-Policy forbids those).
document.addEventListener("DOMContentLoaded", () => {
  // The language switcher submits as soon as a language is picked.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.submit());
  }
});
