// Warn before leaving a change page whose form has unsaved edits.
(function () {
    "use strict";
    const form = document.querySelector("#content-main form[method=post]");
    if (!form) {
        return;
    }
    let dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
        if (dirty) {
            event.preventDefault();
            event.returnValue = "";
        }
    });
}());
