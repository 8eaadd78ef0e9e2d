// Shows only the target field that belongs to the chosen "komt terug in" kind. Without JavaScript
// all fields stay visible and the server ignores the ones that do not apply.
function syncTargetFields(group) {
  const select = group.querySelector("[data-target-kind] select");
  if (!select) return;
  group.querySelectorAll("[data-target-for]").forEach((field) => {
    const kinds = field.dataset.targetFor.split(" ");
    field.hidden = !kinds.includes(select.value);
  });
}
document.addEventListener("change", (event) => {
  const group = event.target.closest("[data-target-fields]");
  if (group && event.target.closest("[data-target-kind]")) syncTargetFields(group);
});
document.querySelectorAll("[data-target-fields]").forEach(syncTargetFields);
// Rows added by formset.js start with their own kind.
new MutationObserver(() => document.querySelectorAll("[data-target-fields]").forEach(syncTargetFields))
  .observe(document.body, { childList: true, subtree: true });
