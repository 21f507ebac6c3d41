// The code of a link sent by e-mail (to set a new password, to confirm a new address)
// comes after "#", which browsers never send to a server: it is in no access log, so
// nobody who reads the logs can use it. Put it in the form, and take it off the address
// (and so out of the history); also when the link is opened in a tab that shows this page
// already.
"use strict";
(function () {
  function fill() {
    const found = /^#code=([\w-]+)$/.exec(location.hash);
    const field = document.getElementById("code");
    if (found && field) {
      field.value = found[1];
      history.replaceState(null, "", location.pathname);
    }
  }
  fill();
  window.addEventListener("hashchange", fill);
})();
