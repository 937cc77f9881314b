/* The plan page's chapters: a link to a folded chapter opens it; "全部展开/收起" buttons. */
(function () {
  "use strict";
  var chapters = document.querySelectorAll("details.chapter");
  if (!chapters.length) { return; }
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    if (target && target.tagName === "DETAILS") { target.open = true; target.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  document.querySelectorAll("[data-chapters]").forEach(function (button) {
    button.addEventListener("click", function () {
      var open = button.getAttribute("data-chapters") === "open";
      chapters.forEach(function (details) { details.open = open; });
    });
  });
})();
