// "Add another child" without a round trip: copy the last participant's fieldset, empty it,
// and number its fields. Without JavaScript the same button asks the server for a new row.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("button.add-participant");
  const list = document.getElementById("participants");
  if (!button || !list) return;
  const max = Number(list.dataset.max || 10);
  button.addEventListener("click", (event) => {
    const rows = list.querySelectorAll("fieldset.participant");
    if (rows.length >= max) return;
    event.preventDefault();
    const last = rows[rows.length - 1];
    const copy = last.cloneNode(true);
    const index = rows.length;
    copy.dataset.index = String(index);
    copy.querySelectorAll("[name], [id], [for]").forEach((element) => {
      for (const attribute of ["name", "id", "for"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/participants-\d+-/, `participants-${index}-`));
      }
      if (element.matches("input, textarea")) element.value = "";
      if (element.matches("select")) element.selectedIndex = 0;
    });
    // The copy starts blank: no errors, and nothing pointing at the errors it no longer has.
    copy.querySelectorAll(".error").forEach((element) => element.remove());
    copy.querySelectorAll(".has-error").forEach((element) => element.classList.remove("has-error"));
    copy.querySelectorAll("[aria-invalid], [aria-describedby]").forEach((element) => {
      element.removeAttribute("aria-invalid");
      element.removeAttribute("aria-describedby");
    });
    const legend = copy.querySelector("legend");
    if (legend && list.dataset.legend) legend.textContent = list.dataset.legend.replace("0", String(index + 1));
    list.appendChild(copy);
    copy.querySelector("input")?.focus();
    if (index + 1 >= max) button.hidden = true;
  });
});
