// Questions asked only after a certain answer: hidden while that answer is not given.
// Without JavaScript they all stay on the page, each saying when it applies, and the
// server ignores an answer to a question the other answers leave out.
(function () {
  "use strict";

  function chosen(form, name) {
    var values = [];
    form.querySelectorAll("[name='" + CSS.escape(name) + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      values.push(input.value);
    });
    return values;
  }

  function update(form) {
    var groups = form.querySelectorAll("[data-show-if]");
    // A condition may depend on a question that is itself conditional: repeat until settled.
    for (var round = 0; round < groups.length + 1; round++) {
      var changed = false;
      groups.forEach(function (group) {
        var name = group.getAttribute("data-show-if");
        var wanted = JSON.parse(group.getAttribute("data-show-if-values") || "[]");
        var controller = form.querySelector("[name='" + CSS.escape(name) + "']");
        var controllerGroup = controller && controller.closest(".govuk-form-group[data-show-if]");
        var controllerShown = !controllerGroup || !controllerGroup.hidden;
        var show = controllerShown && chosen(form, name).some(function (value) {
          return wanted.indexOf(value) !== -1;
        });
        if (group.hidden === show) {
          group.hidden = !show;
          changed = true;
        }
      });
      if (!changed) break;
    }
  }

  document.querySelectorAll("form[data-cw-conditional]").forEach(function (form) {
    form.addEventListener("change", function () { update(form); });
    update(form);
  });
})();
