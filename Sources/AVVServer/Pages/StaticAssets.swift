/// The form's stylesheet and script, served from memory (no file is read at run time).
enum StaticAssets {
    static let css = #"""
    :root { --ink: #1b1b1b; --muted: #505a5f; --line: #b1b4b6; --accent: #1d4f91; --error: #b10e1e; --ok: #00703c; }
    * { box-sizing: border-box; }
    body { font: 16px/1.5 system-ui, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); margin: 0; padding: 0 1rem 3rem; max-width: 60rem; margin-left: auto; margin-right: auto; }
    h1 { font-size: 1.6rem; margin: 1rem 0 .5rem; }
    h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
    a { color: var(--accent); }
    :focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
    .skip { position: absolute; left: -999px; }
    .skip:focus { position: static; display: inline-block; padding: .25rem .5rem; background: #ffbf47; }
    .vh { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
    .lang-switch { text-align: right; margin: .5rem 0 0; }
    .note, .help { color: var(--muted); font-size: .9rem; margin: .1rem 0 .3rem; }
    fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 1rem 0; padding: .5rem 1rem 1rem; }
    fieldset fieldset { margin: .75rem 0; }
    fieldset[disabled] { background: #f3f2f1; }
    legend { font-weight: 600; padding: 0 .25rem; }
    .field { margin: .75rem 0; }
    .field label { display: block; font-weight: 600; }
    .field.checkbox { display: grid; grid-template-columns: auto 1fr; gap: 0 .5rem; align-items: start; }
    .field.checkbox input { width: 1.25rem; height: 1.25rem; margin-top: .15rem; }
    .field.checkbox .help, .field.checkbox .error { grid-column: 2; }
    input[type=text], input[type=email], input[type=url], input[type=date], select { font: inherit; width: 100%; max-width: 36rem; padding: .35rem .5rem; border: 2px solid var(--ink); border-radius: 0; background: #fff; }
    .req { color: var(--error); }
    .invalid > input, .invalid > select, [aria-invalid=true] { border-color: var(--error); }
    .field.invalid, fieldset.invalid { border-left: 4px solid var(--error); padding-left: .75rem; }
    .error { color: var(--error); font-weight: 600; margin: .2rem 0; }
    .error-summary { border: 4px solid var(--error); padding: .5rem 1rem; margin: 1rem 0; }
    .error-summary h2 { margin-top: .25rem; }
    .error-summary a { color: var(--error); font-weight: 600; }
    .notice { border-left: 4px solid var(--accent); padding: .25rem .75rem; background: #eef3f9; }
    .rows { list-style: none; padding: 0; margin: .5rem 0; }
    .row { border-top: 1px dashed var(--line); padding: .25rem 0 .5rem; }
    .row > .field { margin-bottom: .25rem; }
    button { font: inherit; padding: .4rem .9rem; border: 2px solid var(--accent); background: #fff; color: var(--accent); border-radius: 3px; cursor: pointer; }
    button.primary { background: var(--accent); color: #fff; font-weight: 600; padding: .6rem 1.4rem; }
    button.remove { border-color: var(--muted); color: var(--muted); font-size: .9rem; padding: .2rem .6rem; }
    details.provider { border: 1px solid var(--line); border-radius: 4px; padding: .5rem 1rem; margin: 1rem 0; }
    details.provider > summary { font-weight: 600; cursor: pointer; }
    .upload { border-top: 2px solid var(--line); margin-top: 2rem; }
    .findings li.error { color: var(--error); }
    .ok { color: var(--ok); font-weight: 600; }
    .downloads li { margin: .3rem 0; }
    .preview iframe { width: 100%; height: 40rem; border: 1px solid var(--line); background: #fff; }
    """#

    /// Progressive enhancement only: "add" and "remove" rows in place instead of a round
    /// trip. Rows are renumbered so that field names stay `list[0]`, `list[1]` … in order.
    static let javascript = #"""
    "use strict";
    (function () {
      var live = document.getElementById("live");
      function announce(text) { if (live) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); } }
      function swap(value, oldPath, newPath, oldId, newId) {
        return value.split(oldPath).join(newPath).split(" ").map(function (token) {
          var dash = token.indexOf("-");
          if (dash < 0) { return token; }
          var head = token.slice(0, dash + 1), rest = token.slice(dash + 1);
          if (rest === oldId) { return head + newId; }
          if (rest.indexOf(oldId + "-") === 0) { return head + newId + rest.slice(oldId.length); }
          return token;
        }).join(" ");
      }
      function renumber(list) {
        var listPath = list.getAttribute("data-list"), listId = list.id.slice(2);
        var rows = list.querySelector(".rows").children;
        for (var i = 0; i < rows.length; i++) {
          var row = rows[i], oldPath = row.getAttribute("data-path"), oldId = row.getAttribute("data-id");
          var newPath = listPath + "[" + i + "]", newId = listId + "-" + i;
          if (oldPath === newPath) { continue; }
          var all = [row].concat(Array.prototype.slice.call(row.querySelectorAll("*")));
          all.forEach(function (el) {
            ["name", "id", "for", "aria-describedby", "value", "data-path", "data-id", "href"].forEach(function (attr) {
              if (el.hasAttribute(attr) && !(attr === "value" && el.tagName === "INPUT" && el.type !== "hidden")) {
                el.setAttribute(attr, swap(el.getAttribute(attr), oldPath, newPath, oldId, newId));
              }
            });
            if (el.tagName === "BUTTON" && el.name === "_action") { el.value = swap(el.value, oldPath, newPath, oldId, newId); }
          });
          row.setAttribute("data-path", newPath);
          row.setAttribute("data-id", newId);
          row.querySelectorAll(".num").forEach(function (num) { num.textContent = String(i + 1); });
        }
      }
      document.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-add], button[data-remove]");
        if (!button) { return; }
        var list = button.closest("fieldset.list");
        if (!list || list.disabled) { return; }
        event.preventDefault();
        var rows = list.querySelector(".rows");
        if (button.hasAttribute("data-add")) {
          var index = rows.children.length;
          var html = list.querySelector("template").innerHTML
            .split("[__i__]").join("[" + index + "]")
            .split("-__i__").join("-" + index)
            .split("__n__").join(String(index + 1));
          rows.insertAdjacentHTML("beforeend", html);
          var row = rows.lastElementChild;
          var first = row.querySelector("input, select");
          if (first) { first.focus(); }
          announce(live.getAttribute("data-added"));
        } else {
          var current = button.closest(".row");
          var next = current.nextElementSibling || current.previousElementSibling;
          current.remove();
          renumber(list);
          var target = next ? next.querySelector("input, select") : list.querySelector("button[data-add]");
          (target || list.querySelector("button[data-add]")).focus();
          announce(live.getAttribute("data-removed"));
        }
      });
    })();
    """#
}
