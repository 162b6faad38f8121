// ---------------------------------------------------------------- state (sessionStorage)
// A reload, or another page of the same site in the same tab, continues the conversation.

var MAX_STORED_MESSAGES = 200;
var storageKey = "lotse:" + (config.office || "default");

function loadState() {
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
    if (saved && Array.isArray(saved.messages)) return saved;
  } catch (error) {
    // storage disabled or corrupt: start a new conversation
  }
  return null;
}

if (!config.language) config.language = LABELS[config.pageLanguage] ? config.pageLanguage : "de";

var state = loadState() || { sessionId: null, language: config.language, messages: [], open: false };

function saveState() {
  var saved = Object.assign({}, state, { messages: state.messages.slice(-MAX_STORED_MESSAGES) });
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify(saved));
  } catch (error) {
    // storage full or disabled: the conversation lives on in the page
  }
}
