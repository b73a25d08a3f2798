/* "Imprimer le récépissé": shown only when JavaScript runs; the browser's own print menu
   does the same otherwise. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
