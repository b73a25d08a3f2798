/* "Autre image" for the login and registration captcha: asks the portal for a new image and key.
   Without JavaScript the button stays hidden and reloading the page gives a new image. */
(function () {
  "use strict";
  document.querySelectorAll("[data-captcha-refresh]").forEach(function (button) {
    var box = button.closest("form");
    if (!box) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch(button.getAttribute("data-captcha-refresh"), {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          var image = box.querySelector("[data-captcha-image]");
          var key = box.querySelector("input[name$='captcha_0']");
          var answer = box.querySelector("input[name$='captcha_1']");
          if (image) { image.src = data.image_url; }
          if (key) { key.value = data.key; }
          if (answer) { answer.value = ""; answer.focus(); }
        });
    });
  });
})();
