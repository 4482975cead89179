/* Load search only when the reader opens it. Loaded before Material's bundle, which it must
 * precede, by docs/overrides/main.html.
 *
 * Over http(s), Material 9.8.1 downloads the whole search index (about 60 KB gzip) and starts its
 * search worker as every page loads, although most bedside visits never search. Over file:// it
 * already waits for the search toggle; this gives http(s) the same behaviour by holding back two
 * things until the search toggle (#__search) is switched on, which Material does on focus, on a
 * tap of the search icon and on the s, f and / shortcuts:
 *   - the request for search/search_index.json (an XMLHttpRequest in Material);
 *   - the search worker, which is created only when Material first posts it a message.
 * A page opened from a search result (?h=...) needs the index at once to highlight the words.
 * Without this script, or with JavaScript off, nothing changes. Recheck when Material is upgraded.
 */
(function () {
  "use strict";
  var toggle = document.getElementById("__search");
  if (!toggle || !window.XMLHttpRequest || !window.EventTarget) return;

  var wanted = location.protocol === "file:" || /[?&]h=/.test(location.search);
  var waiting = [];
  function whenWanted(run) {
    if (wanted || toggle.checked) run(); else waiting.push(run);
  }
  toggle.addEventListener("change", function () {
    if (!toggle.checked || wanted) return;
    wanted = true;
    waiting.splice(0).forEach(function (run) { run(); });
  });

  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.searchIndex = /\/search\/search_index\.json$/.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!xhr.searchIndex) return send.apply(xhr, args);
    whenWanted(function () { send.apply(xhr, args); });
  };

  var NativeWorker = window.Worker;
  if (!NativeWorker) return;
  window.Worker = function (url, options) {
    if (!/\/workers\/search\.[^/]*\.js$/.test(String(url))) return new NativeWorker(url, options);
    var proxy = new EventTarget(), worker = null;
    proxy.postMessage = function (data) {
      if (!worker) {
        worker = new NativeWorker(url, options);
        worker.addEventListener("message", function (ev) {
          proxy.dispatchEvent(new MessageEvent("message", { data: ev.data }));
        });
        worker.addEventListener("error", function (ev) {
          proxy.dispatchEvent(new ErrorEvent("error", { message: ev.message }));
        });
      }
      worker.postMessage(data);
    };
    proxy.terminate = function () { if (worker) worker.terminate(); };
    return proxy;
  };
})();
