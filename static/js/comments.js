// Progressive enhancement for the comments section: "Reply" moves the form under
// the comment instead of reloading the page, and dates say how long ago they were.
(function () {
  "use strict";
  var form = document.getElementById("comment-form");
  if (!form) { return; }
  // The form's place at the end of the section; a refused reply is rendered under its comment.
  var home = document.getElementById("comment-form-home");
  var parentInput = form.querySelector("input[name=parent]");
  var heading = document.getElementById("comment-form-heading");
  var headingText = "Leave a comment";
  var replyLink = null;
  var cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "cancel-reply-button";
  cancel.textContent = "Cancel reply";
  cancel.hidden = true;
  form.querySelector("button[type=submit]").after(cancel);

  function restore() {
    var placed = home.querySelector(".replying-elsewhere");
    if (placed) { placed.remove(); }
    home.prepend(form);
    parentInput.value = "";
    if (heading) { heading.textContent = headingText; }
    var replying = form.querySelector(".replying-to");
    if (replying) { replying.remove(); }
    cancel.hidden = true;
    // Focus goes back where the reader was: the Reply link, else the form's heading.
    var target = replyLink && document.body.contains(replyLink) ? replyLink : heading;
    replyLink = null;
    if (target) { target.focus(); }
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("a.cancel-reply")) {
      event.preventDefault();
      var commentId = parentInput.value;
      replyLink = commentId ? document.querySelector("#comment-" + commentId + " a.comment-reply") : null;
      restore();
      return;
    }
    var link = event.target.closest("a.comment-reply");
    if (!link) { return; }
    event.preventDefault();
    var comment = document.getElementById("comment-" + link.dataset.comment);
    comment.querySelector(".comment-body").after(form);
    parentInput.value = link.dataset.comment;
    replyLink = link;
    if (heading) { heading.textContent = "Reply to " + link.dataset.author; }
    var replying = form.querySelector(".replying-to");
    if (replying) { replying.remove(); }
    var errors = form.querySelector(".form-errors");
    if (errors) { errors.remove(); }
    cancel.hidden = false;
    form.querySelector("textarea").focus();
  });
  cancel.addEventListener("click", restore);

  var units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60]];
  var format = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "always" }) : null;
  document.querySelectorAll(".comment-ago").forEach(function (span) {
    var time = span.closest("time");
    var seconds = (Date.parse(time.getAttribute("datetime")) - Date.now()) / 1000;
    if (!format || isNaN(seconds)) { return; }
    for (var i = 0; i < units.length; i++) {
      if (Math.abs(seconds) >= units[i][1]) {
        // Whole units, as the server counts them: 2 min 35 s is "2 minutes ago".
        span.textContent = format.format(Math.trunc(seconds / units[i][1]), units[i][0]);
        return;
      }
    }
    // Under a minute: the server's own words ("just now"), in the page's language.
  });
}());
