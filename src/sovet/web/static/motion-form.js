// The motion form shows only the fields of the kind of motion chosen, and asks for the
// kind of matter only of a resolution. Without scripts, both sets show, each under its
// legend.
(function () {
  "use strict";
  var form = document.querySelector("[data-motion-form]");
  if (!form) {
    return;
  }
  var radios = form.querySelectorAll('input[name="kind"]');
  var matter = form.querySelector('select[name="matter"]');

  function update() {
    var chosen = form.querySelector('input[name="kind"]:checked');
    var kind = chosen ? chosen.value : "resolution";
    form.querySelectorAll("fieldset[data-kind]").forEach(function (fieldset) {
      fieldset.hidden = fieldset.dataset.kind !== kind;
    });
    matter.required = kind === "resolution";
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
