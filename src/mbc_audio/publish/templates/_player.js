"use strict";
/* The player of index.html and transcript.html, written into each page (no file to fetch, so a
   page opened from a USB stick plays too). It plays the track files in the page's own <audio>,
   and marks in the transcript the sentence being said (aria-current, for screen readers too) and,
   where the build recorded word timings, the word being said (for the eyes only: no aria-live). */
(function () {
  const tracks = JSON.parse(document.getElementById("tracks").textContent);
  const audio = document.getElementById("audio");
  const status = document.getElementById("status");
  // On the transcript page, Space and Page Up/Down keep moving the page, as a reader expects.
  const reading = document.getElementById("player").dataset.keys === "reading";
  const still = window.matchMedia("(prefers-reduced-motion: reduce)");
  // A word stays marked through a short silence after it, and a sentence through the pause
  // after it, so the marks do not flicker off between words and sentences; a mark never outlasts
  // the start of the next.
  const HOLD_MS = 250;
  const SENTENCE_HOLD_MS = 1000;
  let index = 0;

  // Each track's sentences, in time order, each with its words in time order.
  const timed = {};
  document.querySelectorAll(".transcript a[data-file]").forEach(function (a) {
    const list = timed[a.dataset.file] || (timed[a.dataset.file] = []);
    list.push({
      el: a, start: Number(a.dataset.start), end: Number(a.dataset.end),
      words: Array.from(a.querySelectorAll(".w")).map(function (w) {
        return { el: w, start: Number(w.dataset.start), end: Number(w.dataset.end) };
      }),
    });
  });

  function say(text) { status.textContent = text; }
  function describe() {
    return "Track " + (index + 1) + " of " + tracks.length + ", " + tracks[index].title;
  }
  function load(i, startMs, play) {
    index = Math.max(0, Math.min(tracks.length - 1, i));
    const t = tracks[index];
    if (!audio.src.endsWith("/" + t.file)) {
      audio.src = t.file;
      const track = audio.querySelector("track");
      track.src = "vtt/" + t.vtt;
    }
    const seek = function () { audio.currentTime = (startMs || 0) / 1000; };
    if (audio.readyState >= 1) { seek(); } else { audio.addEventListener("loadedmetadata", seek, { once: true }); }
    say(describe() + (t.notice ? ". " + t.notice : ""));
    if (play) { audio.play().catch(function (e) { say("Cannot play: " + e.message); }); }
  }
  function indexOf(file) { return tracks.findIndex(function (t) { return t.file === file; }); }
  function nudge(seconds) {
    audio.currentTime = Math.max(0, Math.min(audio.duration || 0, audio.currentTime + seconds));
  }
  function rate(change) {
    const next = change === 0 ? 1 : Math.round((audio.playbackRate + change) * 10) / 10;
    audio.playbackRate = Math.max(0.5, Math.min(3, next));
    audio.preservesPitch = true;
    say("Speed " + audio.playbackRate.toFixed(1));
  }
  function toggle() {
    if (audio.paused) { audio.play().catch(function (e) { say("Cannot play: " + e.message); }); }
    else { audio.pause(); say("Paused: " + describe()); }
  }
  function where() { say(describe() + ", " + Math.floor(audio.currentTime) + " seconds in."); }

  // --- what is said now: the last item begun by ms, while it lasts (plus hold) ---------------
  function find(list, ms, hold) {
    let low = 0, high = list.length - 1, found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (list[middle].start <= ms) { found = middle; low = middle + 1; } else { high = middle - 1; }
    }
    const item = found < 0 ? null : list[found];
    return item && ms < item.end + hold ? item : null;
  }
  function shown(el, whole) {
    const r = el.getBoundingClientRect();
    return whole ? r.top >= 0 && r.bottom <= window.innerHeight
                 : r.bottom > 0 && r.top < window.innerHeight;
  }
  // The page scrolls the newly marked text into view only when the voice carries it off the
  // screen while the reader follows it: the last mark was on screen when it moved. A reader who
  // has scrolled elsewhere stays there. On the transcript page the text is followed from the
  // first word; on the listening page, whose player is above the text, once the reader looks at
  // the text (selects a sentence, or scrolls to the mark).
  let followed = reading;
  function follow(before, after) {
    if (before) { followed = shown(before.el, false); }
    if (after && followed && !shown(after.el, true)) {
      after.el.scrollIntoView({ block: "center", behavior: still.matches ? "auto" : "smooth" });
    }
  }
  let sentence = null, word = null;
  function mark(nextSentence, nextWord) {
    if (nextSentence !== sentence) {
      if (sentence) { sentence.el.classList.remove("current"); sentence.el.removeAttribute("aria-current"); }
      if (nextSentence) { nextSentence.el.classList.add("current"); nextSentence.el.setAttribute("aria-current", "true"); }
    }
    if (nextWord !== word) {
      if (word) { word.el.classList.remove("current-word"); }
      if (nextWord) { nextWord.el.classList.add("current-word"); }
    }
    const before = word || sentence, after = nextWord || nextSentence;
    if (after !== before) { follow(before, after); }
    sentence = nextSentence;
    word = nextWord;
  }
  function update() {
    const ms = audio.currentTime * 1000;
    const found = find(timed[tracks[index].file] || [], ms, SENTENCE_HOLD_MS);
    mark(found, found ? find(found.words, ms, HOLD_MS) : null);
  }
  // timeupdate comes about four times a second: too slow for words, so each frame while playing.
  let frame = 0;
  function tick() { update(); frame = requestAnimationFrame(tick); }
  function stop() { cancelAnimationFrame(frame); frame = 0; update(); }
  audio.addEventListener("play", function () { if (!frame) { frame = requestAnimationFrame(tick); } });
  ["pause", "ended", "emptied"].forEach(function (name) { audio.addEventListener(name, stop); });
  audio.addEventListener("seeked", update);
  audio.addEventListener("timeupdate", update);  // where frames are not drawn (a hidden tab)

  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-file]");
    if (!link) { return; }
    event.preventDefault();
    const from = event.target.closest(".w") || link;  // a word plays from that word
    load(indexOf(link.dataset.file), Number(from.dataset.start), true);
    // A topic from the contents takes the focus to the player; a sentence keeps it where the
    // reader is reading.
    if (!link.closest(".transcript")) { audio.focus(); }
  });
  document.getElementById("previous").addEventListener("click", function () { load(index - 1, 0, true); });
  document.getElementById("next").addEventListener("click", function () { load(index + 1, 0, true); });
  document.getElementById("back").addEventListener("click", function () { nudge(-10); });
  document.getElementById("forward").addEventListener("click", function () { nudge(10); });
  document.getElementById("slower").addEventListener("click", function () { rate(-0.1); });
  document.getElementById("faster").addEventListener("click", function () { rate(0.1); });
  document.getElementById("normal").addEventListener("click", function () { rate(0); });
  audio.addEventListener("ended", function () {
    if (index + 1 < tracks.length) { load(index + 1, 0, true); } else { say("End of the guide."); }
  });
  audio.addEventListener("error", function () {
    say("Cannot play " + tracks[index].title + ": its file did not load. Try the next topic.");
  });
  document.addEventListener("keydown", function (event) {
    const tag = event.target.tagName;
    if (event.ctrlKey || event.altKey || event.metaKey || tag === "BUTTON" || tag === "INPUT") { return; }
    if (tag === "AUDIO" && event.key === " ") { return; }  // the player's own controls take Space
    if (reading && [" ", "PageDown", "PageUp"].includes(event.key)) { return; }
    const actions = {
      " ": toggle, "k": toggle, "K": toggle,
      "PageDown": function () { load(index + 1, 0, true); },
      "PageUp": function () { load(index - 1, 0, true); },
      ".": function () { nudge(10); }, ",": function () { nudge(-10); },
      "]": function () { rate(0.1); }, "[": function () { rate(-0.1); },
      "w": where, "W": where,
    };
    const action = actions[event.key];
    if (action) { event.preventDefault(); action(); }
  });
})();
