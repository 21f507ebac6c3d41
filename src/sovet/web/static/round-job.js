// A round being computed: its job (GET /api/planning/periods/{id}/round-job) is fetched
// every few seconds, and its stage and time so far updated in place. When it ends, the
// note says how, with a link to the balance (or back to the form). Without scripts the
// page says how far the engine had come when it loaded, with a link to reload it.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function say(block, text, link, href) {
    var note = block.querySelector("[data-job-note]");
    note.textContent = text + " ";
    var anchor = document.createElement("a");
    anchor.href = href;
    anchor.textContent = link;
    note.appendChild(anchor);
  }

  function ended(block, job) {
    var period = "/planning/" + encodeURIComponent(job.period);
    block.dataset.state = job.state;
    if (job.state === "published") {
      say(block, "Round " + job.round + " was published.", "Show its balance.", period + "?done=round#balance");
    } else if (job.state === "refused") {
      say(block, "Round " + job.round + " was not published: " + job.message + ". Nothing was written to the record.", "Back to the period.", period);
    } else if (job.state === "interrupted") {
      say(block, "Computing round " + job.round + " stopped: the server gave no sign of it. Nothing was published.", "Ask for the round again.", period);
    } else {
      say(block, "Round " + job.round + " could not be computed: " + job.message + ". Nothing was published.", "Back to the period.", period);
    }
  }

  function show(block, job) {
    var stage = block.querySelector("[data-job-stage]");
    var seconds = block.querySelector("[data-job-seconds]");
    if (stage && stage.textContent !== job.stage) {
      stage.textContent = job.stage;
    }
    if (seconds) {
      seconds.textContent = String(Math.round(job.seconds));
    }
  }

  function poll(block) {
    var next = function () {
      window.setTimeout(function () {
        poll(block);
      }, INTERVAL);
    };
    var url = "/api/planning/periods/" + encodeURIComponent(block.dataset.roundJob) + "/round-job";
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("status " + response.status);
        }
        return response.json();
      })
      .then(function (job) {
        if (job.state === "running") {
          show(block, job);
          next();
        } else {
          ended(block, job);
        }
      })
      .catch(next);
  }

  document.querySelectorAll('[data-round-job][data-state="running"]').forEach(function (block) {
    var reload = block.querySelector("[data-job-reload]");
    if (reload) {
      reload.remove();
    }
    window.setTimeout(function () {
      poll(block);
    }, INTERVAL);
  });
})();
