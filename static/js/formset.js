// Adds rows to a Django formset without a page load. Without JavaScript the form still works:
// every save shows one new empty row.
document.querySelectorAll("[data-formset]").forEach((fieldset) => {
  const prefix = fieldset.dataset.formset;
  const total = fieldset.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const template = fieldset.querySelector("template[data-formset-template]");
  const rows = fieldset.querySelector("[data-formset-rows]");
  const button = fieldset.querySelector("[data-formset-add]");
  if (!total || !template || !rows || !button) return;
  button.classList.remove("d-none");
  button.addEventListener("click", () => {
    const index = Number(total.value);
    const html = template.innerHTML.replaceAll("__prefix__", String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = rows.lastElementChild;
    const first = added && added.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  });
});
