/*
 * Lotse web chat widget: plain JavaScript, no framework, no third-party requests.
 *
 * Embed with one script tag; the widget loads its stylesheet and socket.io client from the
 * server it came from and talks to Rasa's socket.io channel there:
 *
 *   <script type="application/json" id="lotse-config">
 *     {"office": "lk-musterhausen", "language": "de", "privacyNotice": {"de": "..."}}
 *   </script>
 *   <script src="https://lotse.example.org/widget/lotse-widget.js" defer></script>
 *
 * Settings (all optional), later sources win: window.LotseConfig, the JSON block
 * #lotse-config, data- attributes of the script tag (data-server-url, data-office,
 * data-language, data-primary-color, data-privacy-notice, data-privacy-url).
 *
 * Security: every text from the bot or the citizen is inserted as text (textContent,
 * text nodes), never as HTML; only http(s) URLs become links.
 *
 * Source: the modules in widget/src/widget/, joined into one scope by widget/build.mjs.
 */

// ---------------------------------------------------------------- settings and brand colour

var script = document.currentScript;
var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;

var MAX_MESSAGE_CHARS = 2000; // the server refuses longer messages

function readConfig() {
  var config = {
    serverUrl: scriptOrigin,
    office: "",
    language: null, // default: the page's language (<html lang>), else German
    colors: {},
    privacyNotice: null, // text, or {"de": "...", "en": "..."}
    privacyUrl: null,
    languages: null, // normally from the server (/widget/config.json)
  };
  if (window.LotseConfig && typeof window.LotseConfig === "object") {
    Object.assign(config, window.LotseConfig);
  }
  var block = document.getElementById("lotse-config");
  if (block && block.type === "application/json") {
    try {
      Object.assign(config, JSON.parse(block.textContent));
    } catch (error) {
      console.warn("Lotse: #lotse-config is not valid JSON, ignored.", error);
    }
  }
  var data = (script && script.dataset) || {};
  if (data.serverUrl) config.serverUrl = data.serverUrl;
  if (data.office) config.office = data.office;
  if (data.language) config.language = data.language;
  if (data.privacyNotice) config.privacyNotice = data.privacyNotice;
  if (data.privacyUrl) config.privacyUrl = data.privacyUrl;
  if (data.primaryColor) config.colors = Object.assign({}, config.colors, { primary: data.primaryColor });
  config.serverUrl = String(config.serverUrl).replace(/\/+$/, "");
  // without a setting: the page's language if Lotse speaks it (storage.js), else German
  config.pageLanguage = String(document.documentElement.lang || "").toLowerCase().split("-")[0];
  config.language = config.language ? String(config.language).toLowerCase() : null;
  return config;
}

var config = readConfig();

// WCAG relative luminance and contrast, to keep an office's brand colour readable
function luminance(hex) {
  var value = hex.replace("#", "");
  if (value.length === 3) value = value.replace(/./g, "$&$&");
  return [0, 2, 4].map(function (i) {
    var c = parseInt(value.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }).reduce(function (sum, c, i) {
    return sum + c * [0.2126, 0.7152, 0.0722][i];
  }, 0);
}

function contrast(a, b) {
  var la = luminance(a);
  var lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function applyColors(root) {
  var primary = (config.colors || {}).primary;
  if (!primary || !/^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(primary)) return;
  var dark = "#1a1a1a";
  root.style.setProperty("--lotse-primary", primary);
  root.style.setProperty("--lotse-on-primary", contrast(primary, "#ffffff") >= contrast(primary, dark) ? "#ffffff" : dark);
  // the colour of links and reply buttons on white: the brand colour only if readable
  if (contrast(primary, "#ffffff") >= 4.5) {
    root.style.setProperty("--lotse-accent", primary);
  } else {
    root.style.setProperty("--lotse-accent", dark);
    console.warn("Lotse: colors.primary " + primary + " has less than 4.5:1 contrast on white; "
      + "links and buttons use dark text instead.");
  }
}
