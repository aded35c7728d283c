// smokeping.cgi's pages in the browser, without any library:
//  * the menu button shows or hides the menu column;
//  * the page reloads itself every <body data-refresh> seconds, unless a graph was zoomed;
//  * on the navigator page (displaymode=n), dragging across the graph #zoom selects a time
//    range, and the graph is replaced by that range, fetched with displaymode=a.
//
// The zoom keeps the original's contract (web-and-rrd.md §2.12): the graph's time axis starts
// 67 px from the image's left edge and ends 26 px from its right edge; a selection reaching
// beyond either end moves that end ten times as fast; the range comes from the hidden fields
// #epoch_start and #epoch_end, the image from
// <this page without its query>?displaymode=a;start=S;end=E;target=<#target>;hierarchy=<#hierarchy>.
(function () {
  "use strict";

  var AXIS_LEFT = 67;   // px from the left edge of the image to the start of the time axis
  var AXIS_RIGHT = 26;  // px from the end of the time axis to the right edge of the image
  var OUTSIDE_FACTOR = 10;

  var zoomed = false;

  function byId(id) {
    return document.getElementById(id);
  }

  // ---- menu ----

  function setUpMenuButton() {
    var button = byId("menu-button");
    if (!button) return;
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var body = document.body;
      var narrow = window.matchMedia && window.matchMedia("(max-width: 800px)").matches;
      if (narrow) {
        body.classList.toggle("sidebar-visible");
      } else {
        body.classList.toggle("sidebar-hidden");
      }
    });
  }

  // ---- refresh ----

  function setUpRefresh() {
    var seconds = parseInt(document.body.getAttribute("data-refresh"), 10);
    if (!(seconds > 0)) return;
    window.setTimeout(function () {
      if (!zoomed) window.location.reload();
    }, seconds * 1000);
  }

  // ---- times ----

  var UNIT_SECONDS = {
    s: 1, sec: 1, second: 1, seconds: 1,
    m: 60, min: 60, minute: 60, minutes: 60,
    h: 3600, hour: 3600, hours: 3600,
    d: 86400, day: 86400, days: 86400,
    w: 604800, week: 604800, weeks: 604800
  };

  // An epoch from a hidden field: a number, or the simple rrdtool times "now", "now-6h",
  // "now - 2 days" (the server passes AT-style times through). NaN for anything else.
  function epochOf(text, now) {
    text = String(text).trim();
    if (/^\d+$/.test(text)) return parseInt(text, 10);
    if (text === "" || text === "now") return now;
    var m = /^now\s*([-+])\s*(\d+)\s*([a-z]+)$/.exec(text);
    if (!m || !UNIT_SECONDS.hasOwnProperty(m[3])) return NaN;
    var delta = parseInt(m[2], 10) * UNIT_SECONDS[m[3]];
    return m[1] === "-" ? now - delta : now + delta;
  }

  // ---- zoom ----

  // The new range for a selection from pixel `left` to pixel `right` of an image `width` px
  // wide that shows start..end.
  function zoomRange(start, end, left, right, width) {
    var usable = width - AXIS_LEFT - AXIS_RIGHT;
    var perPixel = (end - start) / usable;
    var leftFactor = left < AXIS_LEFT ? OUTSIDE_FACTOR : 1;
    var rightFactor = right > width - AXIS_RIGHT ? OUTSIDE_FACTOR : 1;
    return {
      start: Math.floor(start + (left - AXIS_LEFT) * perPixel * leftFactor),
      end: Math.ceil(end + (right - (width - AXIS_RIGHT)) * perPixel * rightFactor)
    };
  }

  function fieldValue(id) {
    var field = byId(id);
    return field ? field.value : "";
  }

  function setField(form, name, value) {
    if (!form) return;
    var field = form.elements[name];
    if (field && field.value !== undefined) field.value = value;
  }

  function setUpZoom() {
    var image = byId("zoom");
    if (!image) return;
    var form = byId("range_form");

    var frame = document.createElement("span");
    frame.className = "zoom-frame";
    image.parentNode.insertBefore(frame, image);
    frame.appendChild(image);
    var selection = document.createElement("span");
    selection.className = "zoom-selection";
    selection.style.display = "none";
    frame.appendChild(selection);
    image.draggable = false;

    var anchor = null;  // x where the drag started, in image pixels
    var current = null;

    function xOf(event) {
      var box = image.getBoundingClientRect();
      var x = event.clientX - box.left;
      return Math.max(0, Math.min(box.width, x));
    }

    function draw() {
      var left = Math.min(anchor, current), right = Math.max(anchor, current);
      selection.style.left = left + "px";
      selection.style.width = (right - left) + "px";
      selection.style.display = right > left ? "block" : "none";
    }

    function cancel() {
      anchor = current = null;
      selection.style.display = "none";
    }

    frame.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      event.preventDefault();
      anchor = current = xOf(event);
      if (frame.setPointerCapture) frame.setPointerCapture(event.pointerId);
      draw();
    });
    frame.addEventListener("pointermove", function (event) {
      if (anchor === null) return;
      current = xOf(event);
      draw();
    });
    frame.addEventListener("pointercancel", cancel);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") cancel();
    });
    frame.addEventListener("pointerup", function (event) {
      if (anchor === null) return;
      current = xOf(event);
      var left = Math.min(anchor, current), right = Math.max(anchor, current);
      cancel();
      if (right - left < 2) return;  // a click, not a selection
      zoomTo(left, right);
    });

    function zoomTo(left, right) {
      var now = Math.floor(Date.now() / 1000);
      var start = epochOf(fieldValue("epoch_start"), now);
      var end = epochOf(fieldValue("epoch_end"), now);
      if (isNaN(start) || isNaN(end) || end <= start) return;
      var width = image.getBoundingClientRect().width || image.width;
      var range = zoomRange(start, end, left, right, width);
      if (range.end <= range.start) return;

      var base = window.location.href.split("#")[0].split("?")[0];
      var url = base + "?displaymode=a;start=" + range.start + ";end=" + range.end +
          ";target=" + encodeURIComponent(fieldValue("target")) +
          ";hierarchy=" + encodeURIComponent(fieldValue("hierarchy"));

      var previous = image.src;
      frame.classList.add("zoom-busy");
      // The form shows the new range as epochs, which the server reads whatever the
      // browser's time zone; "Generate!" then reproduces the zoomed graph.
      image.onload = function () {
        frame.classList.remove("zoom-busy");
        zoomed = true;
        setField(form, "epoch_start", String(range.start));
        setField(form, "epoch_end", String(range.end));
        setField(form, "start", String(range.start));
        setField(form, "end", String(range.end));
      };
      image.onerror = function () {
        frame.classList.remove("zoom-busy");
        image.onload = image.onerror = null;
        image.src = previous;
      };
      image.src = url;
    }
  }

  function start() {
    setUpMenuButton();
    setUpRefresh();
    setUpZoom();
  }

  // Exposed for tests: the arithmetic of the zoom and of the hidden fields.
  var api = { zoomRange: zoomRange, epochOf: epochOf };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (typeof window === "undefined") return;
  window.smokepingZoom = api;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
