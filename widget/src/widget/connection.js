// ---------------------------------------------------------------- the connection
// Messages wait in the outbox until the server has confirmed the session, also after a reconnect.

function loadScript(src) {
  return new Promise(function (resolve, reject) {
    var tag = el("script", { src: src, async: true });
    tag.onload = resolve;
    tag.onerror = function () {
      reject(new Error("cannot load " + src));
    };
    document.head.append(tag);
  });
}

var languages = null; // codes, from the server
var contact = {}; // the office's phone, from the server: named when Lotse is not ready

var socket = null;
var ready = false; // connected and the session confirmed
var wasOffline = false;
var outbox = [];

function connect() {
  if (socket) return;
  socket = "loading";
  var query = config.office ? "?office=" + encodeURIComponent(config.office) : "";
  var settings = fetch(config.serverUrl + "/widget/config.json" + query, { credentials: "omit" })
    .then(function (response) {
      return response.ok ? response.json() : {};
    })
    .then(function (server) {
      if (Array.isArray(server.languages) && server.languages.length) {
        languages = server.languages;
        renderLanguageMenu();
      }
      if (server.contact && typeof server.contact.phone === "string") contact = server.contact;
    })
    .catch(function () {
      // the language menu keeps the configured languages
    });
  var client = window.io ? Promise.resolve() : loadScript(config.serverUrl + "/widget/socket.io.min.js");
  Promise.all([client, settings]).then(function () {
    // WebSocket first: unlike long polling it needs no CORS headers when the office's page
    // is on another origin than the Lotse server; polling remains the fallback
    socket = window.io(config.serverUrl, {
      path: "/socket.io", transports: ["websocket", "polling"], tryAllTransports: true,
      withCredentials: false,
    });
    window.LotseWidget.socket = socket;
    socket.on("connect", function () {
      socket.emit("session_request", { session_id: state.sessionId });
    });
    socket.on("session_confirm", function (sessionId) {
      state.sessionId = typeof sessionId === "string" ? sessionId : (sessionId || {}).session_id;
      saveState();
      renderReference();
      ready = true;
      setStatus(wasOffline ? "reconnected" : null);
      wasOffline = false;
      checkReady();
      flush();
    });
    socket.on("bot_uttered", receive);
    socket.on("disconnect", function (reason) {
      ready = false;
      if (reason === "io client disconnect") return;
      wasOffline = true;
      setStatus("offline");
    });
    socket.on("connect_error", function () {
      wasOffline = true;
      setStatus("offline");
    });
  }).catch(function () {
    socket = null;
    wasOffline = true;
    setStatus("offline");
    setTimeout(connect, 5000);
  });
}

// ---------------------------------------------------------------- readiness
// Connected is not enough: without its model, action server or storage the server cannot answer
// properly (GET /ready). The widget then says so and names the office's phone instead of
// letting the citizen wait; it looks again until the server is ready.

var READY_RECHECK_MS = 10000;
var ANSWER_WAIT_MS = 15000; // the server answers within its action timeout (10 s) or says why
var unavailable = false;
var readyTimer = null;
var answerTimer = null;

function checkReady() {
  clearTimeout(readyTimer);
  fetch(config.serverUrl + "/ready", { credentials: "omit", cache: "no-store" })
    .then(function (response) { return response.status; }, function () { return null; })
    .then(function (status) {
      // only "503 not ready" is the server's word; a proxy that hides /ready (403, 404) or
      // a lost connection (the socket shows "offline") is no reason to alarm the citizen
      if (status === 503) {
        unavailable = true;
        setStatus("unavailable");
      } else if (status !== null && unavailable) {
        unavailable = false;
        setStatus(null);
      }
      // while the notice is up, look again; spread out, so that many widgets do not ask at once
      if (unavailable) readyTimer = setTimeout(checkReady, READY_RECHECK_MS * (0.75 + Math.random() / 2));
    });
}

function unavailableText() {
  return t("unavailable") + " " + (contact.phone
    // one unbroken left-to-right number, also inside Arabic text
    ? t("unavailablePhone") + " \u2066" + contact.phone.replace(/ /g, "\u00a0") + "\u2069"
    : t("unavailableOffice"));
}

function flush() {
  if (!ready) {
    if (outbox.length) setStatus(wasOffline ? "queued" : null);
    return;
  }
  while (outbox.length) {
    socket.emit("user_uttered", {
      message: outbox.shift(),
      session_id: state.sessionId,
      metadata: { language: state.language, office: config.office || null },
    });
  }
}

function send(payload, shownText) {
  if (!payload || !payload.trim()) return;
  addMessage({ from: "user", text: shownText });
  outbox.push(payload.slice(0, MAX_MESSAGE_CHARS));
  showTyping(true);
  clearTimeout(answerTimer);
  answerTimer = setTimeout(checkReady, ANSWER_WAIT_MS);
  flush();
}

function receive(data) {
  if (!data || typeof data !== "object") return;
  var text = typeof data.text === "string" ? data.text : "";
  var image = data.attachment && data.attachment.payload && data.attachment.payload.src;
  if (!text && typeof image === "string") text = image; // shown as a link
  var buttons = (data.quick_replies || data.buttons || [])
    .filter(function (b) { return b && typeof b.title === "string" && typeof b.payload === "string"; })
    .map(function (b) { return { title: b.title, payload: b.payload }; });
  if (!text && !buttons.length) return;
  clearTimeout(answerTimer);
  showTyping(false);
  // the language the answer is written in: the widget's own labels follow the conversation
  var language = typeof data.lang === "string" && /^[a-z]{2,3}$/.test(data.lang) ? data.lang : null;
  if (language && language !== state.language) {
    state.language = language;
    saveState();
    applyLanguage();
  }
  addMessage({ from: "bot", text: text, buttons: buttons, lang: language });
}
