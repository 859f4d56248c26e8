// Optional enhancements. Every task on the site works without this file.
(function () {
  "use strict";

  // Move focus to the error summary, so that screen readers announce the problem at once.
  function focusErrorSummary() {
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
  }

  // "Read aloud" for lessons: the browser's own speech, in the lesson's language. Shown only where
  // the browser can speak and has a voice for that language; every control is a real button.
  function readAloud() {
    var article = document.querySelector("article.lesson[data-read-aloud]");
    var synth = window.speechSynthesis;
    if (!article || !synth || typeof window.SpeechSynthesisUtterance !== "function") {
      return;
    }
    var language = (article.getAttribute("lang") || document.documentElement.lang || "de").split("-")[0];

    function voiceFor() {
      return synth.getVoices().filter(function (voice) {
        return voice.lang && voice.lang.toLowerCase().split(/[-_]/)[0] === language;
      })[0];
    }

    function build() {
      var voice = voiceFor();
      if (!voice || article.querySelector(".read-aloud")) {
        return;
      }
      var box = document.createElement("div");
      box.className = "read-aloud";
      function button(label) {
        var b = document.createElement("button");
        b.type = "button";
        b.className = "button button--secondary button--small";
        b.textContent = label;
        // The labels are in the page's language, which the article may not be in.
        b.lang = document.documentElement.lang;
        box.appendChild(b);
        return b;
      }
      var play = button(article.dataset.readAloud);
      var pause = button(article.dataset.pause);
      var stop = button(article.dataset.stop);
      pause.hidden = true;
      stop.hidden = true;

      function reset() {
        play.textContent = article.dataset.readAloud;
        pause.hidden = true;
        stop.hidden = true;
      }

      play.addEventListener("click", function () {
        if (synth.paused) {
          synth.resume();
        } else {
          synth.cancel();
          var content = article.querySelector(".content");
          var utterance = new window.SpeechSynthesisUtterance(
            article.querySelector("h1").innerText + ". " + (content ? content.innerText : "")
          );
          utterance.voice = voice;
          utterance.lang = voice.lang;
          utterance.onend = reset;
          synth.speak(utterance);
        }
        pause.hidden = false;
        stop.hidden = false;
      });
      pause.addEventListener("click", function () {
        synth.pause();
        play.textContent = article.dataset.resume;
        play.focus();
      });
      stop.addEventListener("click", function () {
        synth.cancel();
        reset();
        play.focus();
      });
      var header = article.querySelector(".lesson__header");
      header.parentNode.insertBefore(box, header.nextSibling);
    }

    build();
    if (typeof synth.addEventListener === "function") {
      synth.addEventListener("voiceschanged", build);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    readAloud();
  });
})();
