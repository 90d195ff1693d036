// "Add another child" without a round trip: copy the last participant's fieldset, empty it,
// and number its fields. Without JavaScript the same button asks the server for a new row.
// Every field of the copy must send what the family chose, as the server's own rows do: a
// box keeps its value ("y") and is only unticked, or its "yes" would be sent as "no".
const ROW = /participants-\d+-/;

function blank(element) {
  if (element.matches("input[type=checkbox], input[type=radio]")) {
    element.checked = false;
    element.removeAttribute("checked");
  } else if (element.matches("select")) {
    element.querySelectorAll("option[selected]").forEach((option) => option.removeAttribute("selected"));
    element.selectedIndex = 0;
  } else if (element.matches("textarea")) {
    element.textContent = "";
    element.value = "";
  } else if (element.matches("input")) {
    element.removeAttribute("value");
    element.value = "";
  }
}

// The copy starts without errors, and describes its fields by its own hints only.
function withoutErrors(row) {
  row.querySelectorAll(".error").forEach((element) => element.remove());
  row.querySelectorAll(".has-error").forEach((element) => element.classList.remove("has-error"));
  row.querySelectorAll("[aria-invalid]").forEach((element) => element.removeAttribute("aria-invalid"));
  row.querySelectorAll("[aria-describedby]").forEach((element) => {
    const kept = element.getAttribute("aria-describedby").split(/\s+/).filter((id) => id && !id.endsWith("-error"));
    if (kept.length) element.setAttribute("aria-describedby", kept.join(" "));
    else element.removeAttribute("aria-describedby");
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("button.add-participant");
  const list = document.getElementById("participants");
  if (!button || !list) return;
  const max = Number(list.dataset.max || 10);
  button.addEventListener("click", (event) => {
    const rows = list.querySelectorAll("fieldset.participant");
    if (rows.length >= max) return;
    event.preventDefault();
    const copy = rows[rows.length - 1].cloneNode(true);
    const index = rows.length;
    const prefix = `participants-${index}-`;
    copy.dataset.index = String(index);
    copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach((element) => {
      for (const attribute of ["name", "id", "for", "aria-describedby"]) {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(new RegExp(ROW, "g"), prefix));
      }
      if (element.matches("input, select, textarea")) blank(element);
    });
    withoutErrors(copy);
    const legend = copy.querySelector("legend");
    if (legend && list.dataset.legend) legend.textContent = list.dataset.legend.replace("0", String(index + 1));
    list.appendChild(copy);
    copy.querySelector("input")?.focus();
    if (index + 1 >= max) button.hidden = true;
  });
});
