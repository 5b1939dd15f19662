// Follows a running import on its admin page: polls the progress address
// named on the <progress> element and reloads once the run has finished.
// A static file (not an inline script) so the Content-Security-Policy can
// forbid inline scripts everywhere.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  if (!bar || !bar.dataset.progressUrl) {
    return;
  }
  var url = bar.dataset.progressUrl;
  function poll() {
    fetch(url, {credentials: "same-origin"})
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (data.finished) {
          window.location.reload();
          return;
        }
        bar.value = data.percent;
        document.getElementById("batch-status").textContent = data.label;
        document.getElementById("import-progress-text").textContent =
          data.processed + " of " + data.total + " records — " + data.counts;
        setTimeout(poll, 1000);
      })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 1000);
})();
