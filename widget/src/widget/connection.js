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

var socket = null;
var ready = false; // connected and the session confirmed
var wasOffline = false;
var outbox = [];

function connect() {
  if (socket) return;
  socket = "loading";
  var settings = fetch(config.serverUrl + "/widget/config.json", { credentials: "omit" })
    .then(function (response) {
      return response.ok ? response.json() : {};
    })
    .then(function (server) {
      if (Array.isArray(server.languages) && server.languages.length) {
        languages = server.languages;
        renderLanguageMenu();
      }
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
  showTyping(false);
  addMessage({ from: "bot", text: text, buttons: buttons });
}
