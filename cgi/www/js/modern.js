// The modern page in the browser (etc/basepage-modern.html.dist), next to smokeping.js (which
// keeps the navigator's zoom):
//  * the Menu button opens and closes the menu on narrow screens;
//  * a page asked for with ui=modern keeps it on every link and form to the CGI, so that
//    navigation stays modern without a config change;
//  * every <body data-modern-refresh> seconds (the step) the graphs are reloaded without
//    reloading the page: the page is fetched again (the CGI redraws what is due), and each graph
//    takes its new address once that image has loaded, so nothing flickers. The button in the
//    top bar pauses this (remembered in localStorage); a zoomed navigator graph is left alone.
//    Each reload ends with the event "smokeping:refreshed" on window ({detail: {graphs: n}}).
(function () {
  "use strict";

  var PAUSE_KEY = "smokeping.modern.refresh-paused";

  function byId(id) {
    return document.getElementById(id);
  }

  // ---- menu ----

  function setUpMenuToggle() {
    var button = byId("menu-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var open = document.body.classList.toggle("menu-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // ---- keeping ui=modern ----

  // The CGI separates fields with ";" as well as "&".
  function fieldsOf(search) {
    return search.replace(/^\?/, "").split(/[;&]/).filter(function (f) { return f; });
  }

  function askedForModern() {
    return fieldsOf(window.location.search).indexOf("ui=modern") >= 0;
  }

  function isOurPage(url) {
    return url.origin === window.location.origin && url.pathname === window.location.pathname;
  }

  function keepModern() {
    if (!askedForModern()) return;
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (a) {
      var url = new URL(a.getAttribute("href"), window.location.href);
      if (!isOurPage(url) || url.hash && !url.search) return;
      var fields = fieldsOf(url.search);
      if (fields.some(function (f) { return f.indexOf("ui=") === 0; })) return;
      fields.push("ui=modern");
      url.search = "?" + fields.join(";");
      a.setAttribute("href", url.href);
    });
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      if (form.querySelector("input[name=ui]")) return;
      var action = new URL(form.getAttribute("action") || "", window.location.href);
      if (!isOurPage(action)) return;
      var field = document.createElement("input");
      field.type = "hidden";
      field.name = "ui";
      field.value = "modern";
      form.appendChild(field);
    });
  }

  // ---- wide tables scroll inside the page, not the page itself ----

  function wrapTables() {
    Array.prototype.forEach.call(document.querySelectorAll(".main table"), function (table) {
      if (table.parentNode.classList.contains("table-scroll")) return;
      var box = document.createElement("div");
      box.className = "table-scroll";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }

  // ---- reloading the graphs ----

  var timer = null;
  var seconds = 0;

  function paused() {
    try {
      return window.localStorage.getItem(PAUSE_KEY) === "1";
    } catch (e) {
      return false;  // storage refused (private mode): never paused across pages
    }
  }

  function setPaused(value) {
    try {
      window.localStorage.setItem(PAUSE_KEY, value ? "1" : "0");
    } catch (e) {
      // not remembered, still applied to this page
    }
    showRefreshState(value);
    schedule();
  }

  function showRefreshState(isPaused) {
    var button = byId("refresh-toggle");
    if (button) {
      button.textContent = isPaused ? "Auto-refresh off" : "Auto-refresh on";
      button.setAttribute("aria-pressed", isPaused ? "true" : "false");
    }
  }

  function graphs(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".main img"));
  }

  function zoomed(image) {
    return image.id === "zoom" && image.src.indexOf("displaymode=a") >= 0;
  }

  // The image's new address; the same file drawn again gets a query, or the cache answers.
  function freshAddress(next, current) {
    var url = new URL(next, window.location.href);
    var old = new URL(current, window.location.href);
    if (url.pathname === old.pathname) url.searchParams.set("r", String(Date.now()));
    return url.href;
  }

  function swap(image, address) {
    return new Promise(function (resolve) {
      var loader = new Image();
      loader.onload = function () {
        image.src = address;
        resolve(true);
      };
      loader.onerror = function () {
        resolve(false);  // keep the graph shown; the next round tries again
      };
      loader.src = address;
    });
  }

  function refreshNow() {
    return fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (text) {
        var fresh = graphs(new DOMParser().parseFromString(text, "text/html"));
        var shown = graphs(document);
        if (fresh.length !== shown.length) {
          window.location.reload();  // the page changed shape (a target was added)
          return 0;
        }
        var swaps = [];
        shown.forEach(function (image, i) {
          if (zoomed(image)) return;
          var next = fresh[i].getAttribute("src");
          swaps.push(swap(image, freshAddress(next, image.getAttribute("src"))));
        });
        return Promise.all(swaps).then(function (done) {
          return done.filter(function (ok) { return ok; }).length;
        });
      })
      .then(function (count) {
        var state = byId("refresh-state");
        if (state) state.textContent = "Graphs updated " + new Date().toLocaleTimeString();
        window.dispatchEvent(new CustomEvent("smokeping:refreshed", { detail: { graphs: count } }));
        return count;
      })
      .catch(function (error) {
        var state = byId("refresh-state");
        if (state) state.textContent = "Graphs not updated: " + error.message;
        return 0;
      });
  }

  function schedule() {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    if (!(seconds > 0) || paused()) return;
    timer = window.setTimeout(function () {
      refreshNow().then(schedule);
    }, seconds * 1000);
  }

  function setUpRefresh() {
    seconds = parseInt(document.body.getAttribute("data-modern-refresh"), 10);
    showRefreshState(paused());
    var button = byId("refresh-toggle");
    if (button) {
      button.addEventListener("click", function () {
        setPaused(!paused());
      });
    }
    schedule();
  }

  function start() {
    setUpMenuToggle();
    keepModern();
    wrapTables();
    setUpRefresh();
  }

  window.smokepingModern = { refreshNow: refreshNow, paused: paused, setPaused: setPaused };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
