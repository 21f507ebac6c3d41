// A form that the server refused comes back at the address it was sent to, which names
// no page: reloading it would send the form again, and a bookmark of it would find
// nothing. Show the address of the page the form was on instead (the server names it
// in data-form-page); the refusal and the text typed stay on the screen.
"use strict";
(function () {
  const page = document.body.dataset.formPage;
  if (page && page !== location.pathname + location.search) {
    history.replaceState(null, "", page);
  }
})();
