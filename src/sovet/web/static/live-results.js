// Live results: while a vote is open, its counts (GET /api/votes/{id}/tally: the counts,
// turnout and state alone, a few hundred bytes however many have voted) are fetched every
// few seconds and updated in place. The answer carries an ETag, and the browser's cache
// sends it back, so while nothing changed the server answers 304 with no body; the page
// changes only when the tally's version does. What updates live is the counts and the
// turnout only (the list of how each voted is as it stood when the page loaded), so the
// whole vote, with every voter's name, is never fetched. Without scripts the page shows
// the counts as they stood when it loaded, with a link to reload it.
(function () {
  "use strict";
  var INTERVAL = 3000;
  var FIELDS = ["yes", "no", "abstain", "turnout"];

  function show(block, vote) {
    FIELDS.forEach(function (field) {
      var element = block.querySelector('[data-count="' + field + '"]');
      var value = vote[field];
      if (element && value !== null && value !== undefined) {
        var text = String(value);
        if (element.textContent !== text) {
          element.textContent = text;
        }
      }
    });
  }

  function note(block, text, reload) {
    var element = block.querySelector("[data-live-note]");
    if (!element) {
      return;
    }
    element.textContent = text + " ";
    if (reload) {
      var link = document.createElement("a");
      link.href = window.location.pathname + "#vote-" + block.dataset.liveVote;
      link.textContent = "Reload the page to see its result.";
      link.addEventListener("click", function () {
        window.location.reload();
      });
      element.appendChild(link);
    }
  }

  function poll(block, version) {
    var id = block.dataset.liveVote;
    var next = function () {
      window.setTimeout(function () {
        poll(block, version);
      }, INTERVAL);
    };
    if (document.visibilityState === "hidden") {
      next();
      return;
    }
    var tally = "/api/votes/" + encodeURIComponent(id) + "/tally";
    fetch(tally, { headers: { Accept: "application/json" }, cache: "no-cache" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (vote) {
        if (vote.version !== version) {
          version = vote.version;
          show(block, vote);
        }
        if (vote.state === "closed") {
          note(block, "This vote has closed.", true);
          return;
        }
        var now = new Date();
        note(block, "The counts update live; last checked at " + now.toLocaleTimeString() + ".");
        next();
      })
      .catch(function () {
        note(block, "The live counts could not be fetched; trying again.");
        next();
      });
  }

  document.querySelectorAll("[data-live-vote]").forEach(function (block) {
    note(block, "The counts update live.");
    window.setTimeout(function () {
      poll(block, null);
    }, INTERVAL);
  });
})();
