// The call page: waveform with turns and redacted spans, the transcript following playback,
// clicks that seek, and the emotion chart. Data comes from <script id="call-data"> (no inline code).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("call-data").textContent);
  var audio = document.getElementById("player");
  var nonce = document.body.dataset.cspNonce;
  var colours = { agent: "rgba(31, 111, 235, 0.16)", customer: "rgba(180, 73, 11, 0.16)", unknown: "rgba(110, 119, 129, 0.12)" };
  var words = Array.prototype.slice.call(document.querySelectorAll(".transcript .w[data-s]"));
  var starts = words.map(function (w) { return parseFloat(w.dataset.s); });
  var ends = words.map(function (w) { return parseFloat(w.dataset.e); });
  var turns = Array.prototype.slice.call(document.querySelectorAll(".transcript .turn"));
  var currentWord = null, currentTurn = null, stopAt = null;
  var playButton = document.getElementById("play");
  var clock = document.getElementById("clock");

  function formatTime(t) {
    var s = Math.max(0, Math.floor(t));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  // The last word that has started by time t (binary search over start times).
  function wordAt(t) {
    var lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 0.01) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    if (found < 0 || t > ends[found] + 0.35) return null;
    return words[found];
  }

  function follow(t, playing) {
    if (clock) clock.textContent = formatTime(t);
    var word = wordAt(t);
    if (word !== currentWord) {
      if (currentWord) currentWord.classList.remove("current");
      if (word) word.classList.add("current");
      currentWord = word;
    }
    var turn = word ? word.closest(".turn") : null;
    if (turn && turn !== currentTurn) {
      if (currentTurn) currentTurn.classList.remove("current");
      turn.classList.add("current");
      currentTurn = turn;
      if (playing) turn.scrollIntoView({ block: "nearest" });
    }
    if (stopAt !== null && t >= stopAt) { stopAt = null; audio.pause(); }
  }

  // play() answers with a promise that is rejected when a pause comes before playback starts
  // (Space twice, a quote's end): that is the reader's choice, not an error worth reporting.
  function started(promise) {
    if (promise && promise.catch) {
      promise.catch(function (error) { if (!error || error.name !== "AbortError") throw error; });
    }
  }

  function seek(t, play, until) {
    if (!audio) return;
    audio.currentTime = Math.max(0, t);
    stopAt = until === undefined ? null : until;
    follow(t, false);
    if (play) started(audio.play());
  }

  function showTurn(index) {
    var turn = document.getElementById("turn-" + index);
    if (!turn) return;
    turn.scrollIntoView({ block: "center" });
    turn.classList.add("current");
    if (currentTurn && currentTurn !== turn) currentTurn.classList.remove("current");
    currentTurn = turn;
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-s], .seek[data-turn]");
    if (!target || !target.closest("main")) return;
    if (target.classList.contains("turn")) return; // a click on a turn's gap, not on a word or its time
    if (target.dataset.s !== undefined && audio) {
      var until = target.dataset.e !== undefined && target.classList.contains("quote") ? parseFloat(target.dataset.e) : undefined;
      seek(parseFloat(target.dataset.s), target.classList.contains("quote"), until);
    } else if (target.dataset.turn !== undefined) {
      showTurn(target.dataset.turn);
    }
  });

  if (audio && data.audio && window.WaveSurfer) {
    var regions = WaveSurfer.Regions.create();
    var ws = WaveSurfer.create({
      container: "#waveform",
      media: audio,
      url: data.audio,
      height: 96,
      waveColor: "#8c959f",
      progressColor: "#1f4e79",
      cursorColor: "#b35900",
      normalize: true,
      cspNonce: nonce,
      plugins: [regions]
    });
    ws.on("decode", function () {
      data.turns.forEach(function (turn) {
        if (turn.start === null) return;
        regions.addRegion({ start: turn.start, end: turn.end, color: colours[turn.speaker] || colours.unknown, drag: false, resize: false });
      });
      data.redactions.forEach(function (span) {
        regions.addRegion({ start: span.start, end: span.end, color: "rgba(61, 68, 77, 0.55)", drag: false, resize: false, content: "▇" });
      });
    });
    ws.on("ready", function () { performance.mark("voc-waveform-ready"); document.body.dataset.player = "ready"; });
    ws.on("timeupdate", function (t) { follow(t, ws.isPlaying()); });
    ws.on("play", function () { playButton.textContent = playButton.dataset.pause; });
    ws.on("pause", function () { playButton.textContent = playButton.dataset.play; });
    regions.on("region-clicked", function (region, event) { event.stopPropagation(); seek(region.start, false); });
    playButton.addEventListener("click", function () { started(ws.playPause()); });
  }
  if (audio) audio.addEventListener("seeked", function () { follow(audio.currentTime, !audio.paused); });

  // Keyboard: the transcript's words are one tab stop (a roving tabindex, so a long call does not
  // add hundreds of them). On a word: ← → move word by word, ↑ ↓ to the next or previous turn,
  // Home / End to the turn's first or last word, Enter jumps the recording there, Space plays or
  // pauses from there. The hint above the transcript says so.
  var roving = 0;
  function focusWord(i) {
    i = Math.max(0, Math.min(words.length - 1, i));
    words[roving].tabIndex = -1;
    words[i].tabIndex = 0;
    roving = i;
    words[i].focus();
  }
  function firstWordOf(turn) { return turn ? words.indexOf(turn.querySelector(".w[data-s]")) : -1; }
  function turnStep(i, step) {
    var index = turns.indexOf(words[i].closest(".turn"));
    for (var n = index + step; n >= 0 && n < turns.length; n += step) {
      var first = firstWordOf(turns[n]);
      if (first >= 0) return first;
    }
    return i;
  }
  if (audio && words.length) {
    words.forEach(function (w, i) { w.tabIndex = i === 0 ? 0 : -1; });
    document.querySelector(".transcript").addEventListener("keydown", function (event) {
      var i = words.indexOf(event.target);
      if (i < 0 || event.altKey || event.ctrlKey || event.metaKey) return;
      var own = Array.prototype.slice.call(words[i].closest(".turn").querySelectorAll(".w[data-s]"));
      switch (event.key) {
        case "ArrowRight": focusWord(i + 1); break;
        case "ArrowLeft": focusWord(i - 1); break;
        case "ArrowDown": focusWord(turnStep(i, 1)); break;
        case "ArrowUp": focusWord(turnStep(i, -1)); break;
        case "Home": focusWord(words.indexOf(own[0])); break;
        case "End": focusWord(words.indexOf(own[own.length - 1])); break;
        case "Enter": seek(starts[i], false); break;
        case " ":
          if (audio.paused) { seek(starts[i], true); } else { audio.pause(); }
          break;
        default: return;
      }
      event.preventDefault();
    });
    // Tab into the transcript lands on the word being played, when no word has the focus.
    audio.addEventListener("pause", function () {
      if (currentWord && words.indexOf(document.activeElement) < 0) {
        words[roving].tabIndex = -1;
        roving = words.indexOf(currentWord);
        currentWord.tabIndex = 0;
      }
    });
  }

  // Emotion per turn: arousal and valence of each party; a click on the chart goes to that turn.
  var box = document.getElementById("emotion");
  if (box && window.uPlot) {
    var timed = data.turns.length > 0 && data.turns[0].start !== null;
    var xs = [], series = { ca: [], cv: [], aa: [], av: [] }, turnOf = [];
    data.turns.forEach(function (turn, i) {
      if (turn.arousal === null && turn.valence === null) return;
      xs.push(timed ? (turn.start + turn.end) / 2 : i + 1);
      turnOf.push(turn);
      var customer = turn.speaker === "customer";
      series.ca.push(customer ? turn.arousal : null);
      series.cv.push(customer ? turn.valence : null);
      series.aa.push(customer ? null : turn.arousal);
      series.av.push(customer ? null : turn.valence);
    });
    var d = box.dataset;
    var line = function (label, colour, dash) {
      return { label: label, stroke: colour, width: 2, dash: dash, spanGaps: true, points: { show: true, size: 7 } };
    };
    var chart = new uPlot({
      width: Math.max(260, box.clientWidth),
      height: 200,
      scales: { x: { time: false }, y: { range: [-1, 1] } },
      axes: [{ values: function (u, vals) { return vals.map(function (v) { return timed ? formatTime(v) : v; }); } }, {}],
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: timed ? "t" : "#" },
        line(d.customer + ": " + d.arousal, "#b4490b"),
        line(d.customer + ": " + d.valence, "#b4490b", [6, 4]),
        line(d.agent + ": " + d.arousal, "#1f6feb"),
        line(d.agent + ": " + d.valence, "#1f6feb", [6, 4])
      ]
    }, [xs, series.ca, series.cv, series.aa, series.av], box);
    chart.over.addEventListener("click", function () {
      var idx = chart.cursor.idx;
      if (idx === null || idx === undefined) return;
      var turn = turnOf[idx];
      if (timed && audio) seek(turn.start, false);
      showTurn(turn.i);
    });
    window.addEventListener("resize", function () { chart.setSize({ width: Math.max(260, box.clientWidth), height: 200 }); });
  }
  performance.mark("voc-interactive");
  document.body.dataset.ready = "yes";
})();
