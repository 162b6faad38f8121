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
 */
(function () {
  "use strict";

  if (window.LotseWidget) return; // loaded twice

  var script = document.currentScript;
  var scriptOrigin = script && script.src ? new URL(script.src, location.href).origin : location.origin;

  var MAX_MESSAGE_CHARS = 2000; // the server refuses longer messages
  var MAX_STORED_MESSAGES = 200;
  var RTL_LANGUAGES = ["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug"];
  var AUTONYMS = {
    de: "Deutsch", en: "English", tr: "Türkçe", ar: "العربية", uk: "Українська", fa: "فارسی",
    ru: "Русский", fr: "Français", es: "Español", it: "Italiano", pl: "Polski",
  };

  // Labels of the widget's own controls. Languages without an entry use English.
  var LABELS = {
    de: {
      region: "Chat-Assistent Lotse",
      launcher: "Fragen? Chat mit Lotse",
      title: "Lotse – digitaler Assistent",
      close: "Chat schließen",
      language: "Sprache:",
      log: "Unterhaltung",
      you: "Sie:",
      bot: "Lotse:",
      input: "Ihre Nachricht",
      placeholder: "Frage eingeben …",
      send: "Senden",
      human: "Mit einem Menschen sprechen",
      replies: "Antwortmöglichkeiten",
      typing: "Lotse schreibt …",
      privacyTitle: "Datenschutz",
      privacyDefault: "Ihre Nachrichten werden gespeichert, damit Lotse antworten kann. "
        + "Bitte geben Sie keine sensiblen persönlichen Daten ein.",
      privacyLink: "Datenschutzerklärung",
      newTab: "(öffnet in neuem Tab)",
      offline: "Verbindung unterbrochen. Neuer Versuch läuft …",
      reconnected: "Wieder verbunden.",
      queued: "Ihre Nachricht wird gesendet, sobald die Verbindung steht.",
    },
    en: {
      region: "Lotse chat assistant",
      launcher: "Questions? Chat with Lotse",
      title: "Lotse – digital assistant",
      close: "Close chat",
      language: "Language:",
      log: "Conversation",
      you: "You:",
      bot: "Lotse:",
      input: "Your message",
      placeholder: "Type your question …",
      send: "Send",
      human: "Talk to a person",
      replies: "Suggested answers",
      typing: "Lotse is typing …",
      privacyTitle: "Privacy",
      privacyDefault: "Your messages are stored so that Lotse can answer. "
        + "Please do not enter sensitive personal data.",
      privacyLink: "Privacy policy",
      newTab: "(opens in a new tab)",
      offline: "Connection lost. Trying again …",
      reconnected: "Connected again.",
      queued: "Your message will be sent as soon as the connection is back.",
    },
    tr: {
      region: "Sohbet asistanı Lotse",
      launcher: "Sorunuz mu var? Lotse ile sohbet edin",
      title: "Lotse – dijital asistan",
      close: "Sohbeti kapat",
      language: "Dil:",
      log: "Sohbet",
      you: "Siz:",
      bot: "Lotse:",
      input: "Mesajınız",
      placeholder: "Sorunuzu yazın …",
      send: "Gönder",
      human: "Bir kişiyle konuşmak istiyorum",
      replies: "Yanıt seçenekleri",
      typing: "Lotse yazıyor …",
      privacyTitle: "Veri koruma",
      privacyDefault: "Lotse'nin yanıt verebilmesi için mesajlarınız kaydedilir. "
        + "Lütfen hassas kişisel bilgilerinizi yazmayın.",
      privacyLink: "Gizlilik politikası",
      newTab: "(yeni sekmede açılır)",
      offline: "Bağlantı kesildi. Yeniden deneniyor …",
      reconnected: "Bağlantı yeniden kuruldu.",
      queued: "Mesajınız bağlantı kurulur kurulmaz gönderilecek.",
    },
    ar: {
      region: "المساعد الرقمي Lotse",
      launcher: "هل لديك أسئلة؟ تحدّث مع Lotse",
      title: "Lotse – المساعد الرقمي",
      close: "إغلاق المحادثة",
      language: "اللغة:",
      log: "المحادثة",
      you: "أنت:",
      bot: "Lotse:",
      input: "رسالتك",
      placeholder: "اكتب سؤالك …",
      send: "إرسال",
      human: "التحدث مع موظف",
      replies: "إجابات مقترحة",
      typing: "Lotse يكتب …",
      privacyTitle: "حماية البيانات",
      privacyDefault: "تُحفظ رسائلك حتى يتمكن Lotse من الرد عليك. "
        + "يُرجى عدم إدخال بيانات شخصية حساسة.",
      privacyLink: "سياسة الخصوصية",
      newTab: "(يُفتح في علامة تبويب جديدة)",
      offline: "انقطع الاتصال. جارٍ إعادة المحاولة …",
      reconnected: "تمت إعادة الاتصال.",
      queued: "ستُرسل رسالتك فور عودة الاتصال.",
    },
    uk: {
      region: "Чат-помічник Lotse",
      launcher: "Маєте питання? Чат із Lotse",
      title: "Lotse – цифровий помічник",
      close: "Закрити чат",
      language: "Мова:",
      log: "Розмова",
      you: "Ви:",
      bot: "Lotse:",
      input: "Ваше повідомлення",
      placeholder: "Введіть запитання …",
      send: "Надіслати",
      human: "Поговорити з людиною",
      replies: "Варіанти відповіді",
      typing: "Lotse пише …",
      privacyTitle: "Захист даних",
      privacyDefault: "Ваші повідомлення зберігаються, щоб Lotse міг відповісти. "
        + "Будь ласка, не вводьте чутливі персональні дані.",
      privacyLink: "Політика конфіденційності",
      newTab: "(відкривається в новій вкладці)",
      offline: "З’єднання перервано. Повторна спроба …",
      reconnected: "З’єднання відновлено.",
      queued: "Ваше повідомлення буде надіслано, щойно з’єднання відновиться.",
    },
  };

  // ---------------------------------------------------------------- settings

  function readConfig() {
    var config = {
      serverUrl: scriptOrigin,
      office: "",
      language: "de",
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
    config.language = String(config.language || "de").toLowerCase();
    return config;
  }

  var config = readConfig();
  var storageKey = "lotse:" + (config.office || "default");

  // ---------------------------------------------------------------- state (sessionStorage)

  function loadState() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
      if (saved && Array.isArray(saved.messages)) return saved;
    } catch (error) {
      // storage disabled or corrupt: start a new conversation
    }
    return null;
  }

  var state = loadState() || { sessionId: null, language: config.language, messages: [], open: false };

  function saveState() {
    var saved = Object.assign({}, state, { messages: state.messages.slice(-MAX_STORED_MESSAGES) });
    try {
      window.sessionStorage.setItem(storageKey, JSON.stringify(saved));
    } catch (error) {
      // storage full or disabled: the conversation lives on in the page
    }
  }

  // ---------------------------------------------------------------- helpers

  function baseLanguage(code) {
    return String(code || "").toLowerCase().split("-")[0];
  }

  function t(key) {
    var labels = LABELS[baseLanguage(state.language)] || LABELS.en;
    return labels[key] || LABELS.en[key];
  }

  function autonym(code) {
    var name = AUTONYMS[code];
    if (!name && window.Intl && Intl.DisplayNames) {
      try {
        name = new Intl.DisplayNames([code], { type: "language" }).of(code);
      } catch (error) {
        name = null;
      }
    }
    name = name || code;
    return name.charAt(0).toLocaleUpperCase(code) + name.slice(1);
  }

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "text") node.textContent = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  var SVG = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z",
    close: "M6 6l12 12M18 6L6 18",
    send: "M4 12l16-8-6 16-2.5-6.5z",
    globe: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18",
  };

  function icon(name) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "lotse-icon lotse-icon--" + name);
    var path = document.createElementNS(SVG, "path");
    path.setAttribute("d", ICONS[name]);
    svg.append(path);
    return svg;
  }

  function visuallyHidden(text) {
    return el("span", { class: "lotse-visually-hidden", text: text });
  }

  // URLs in bot messages become links; trailing punctuation stays text ("(https://x.de/a)." ).
  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"'“”„«»]+/gi;

  function count(text, character) {
    return text.split(character).length - 1;
  }

  function trimUrl(url) {
    while (/[.,;:!?)\]]$/.test(url)) {
      var last = url.charAt(url.length - 1);
      if (last === ")" && count(url, "(") >= count(url, ")")) break;
      if (last === "]" && count(url, "[") >= count(url, "]")) break;
      url = url.slice(0, -1);
    }
    return url;
  }

  function safeHref(text) {
    try {
      var url = new URL(text);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function appendWithLinks(parent, text) {
    var position = 0;
    var match;
    URL_PATTERN.lastIndex = 0;
    while ((match = URL_PATTERN.exec(text)) !== null) {
      var url = trimUrl(match[0]);
      var href = safeHref(url);
      parent.append(document.createTextNode(text.slice(position, match.index)));
      if (href) {
        parent.append(el("a", {
          href: href, target: "_blank", rel: "noopener noreferrer", dir: "ltr",
        }, [document.createTextNode(url), visuallyHidden(" " + t("newTab"))]));
      } else {
        parent.append(document.createTextNode(url));
      }
      position = match.index + url.length;
      URL_PATTERN.lastIndex = position;
    }
    parent.append(document.createTextNode(text.slice(position)));
  }

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

  // ---------------------------------------------------------------- the user interface

  var ui = {};
  var languages = null; // codes, from the server
  var replyGroups = [];

  function build() {
    var root = el("div", { class: "lotse-root", role: "region", hidden: true });
    applyColors(root);

    ui.launcher = el("button", {
      type: "button", class: "lotse-launcher", "aria-expanded": "false", "aria-controls": "lotse-panel",
    }, [icon("chat"), el("span", { class: "lotse-launcher-text" })]);

    ui.title = el("h2", { id: "lotse-title", class: "lotse-title" });
    ui.languageButton = el("button", {
      type: "button", class: "lotse-language-button", "aria-expanded": "false",
      "aria-controls": "lotse-language-menu",
    }, [icon("globe"), el("span", { class: "lotse-visually-hidden" }), el("span", { class: "lotse-language-current" })]);
    ui.languageMenu = el("ul", { id: "lotse-language-menu", class: "lotse-language-menu", hidden: true });
    ui.languagePicker = el("div", { class: "lotse-language" }, [ui.languageButton, ui.languageMenu]);
    ui.close = el("button", { type: "button", class: "lotse-close" }, [icon("close")]);
    var header = el("div", { class: "lotse-header" }, [
      ui.title, el("div", { class: "lotse-header-actions" }, [ui.languagePicker, ui.close]),
    ]);

    ui.status = el("div", { class: "lotse-status", role: "status" });

    ui.privacyTitle = el("strong", { class: "lotse-privacy-title" });
    ui.privacyText = el("span", { class: "lotse-privacy-text" });
    ui.privacy = el("div", { class: "lotse-privacy" }, [ui.privacyTitle, document.createTextNode(" "), ui.privacyText]);
    if (config.privacyUrl && safeHref(config.privacyUrl)) {
      ui.privacyLink = el("a", { href: safeHref(config.privacyUrl), target: "_blank", rel: "noopener noreferrer" });
      ui.privacy.append(document.createTextNode(" "), ui.privacyLink);
    }
    ui.messages = el("div", { class: "lotse-messages" });
    // a focusable scroll area, so that the keyboard can scroll back through the conversation
    ui.log = el("div", {
      class: "lotse-log", role: "log", "aria-live": "polite", "aria-relevant": "additions", tabindex: "0",
    }, [ui.privacy, ui.messages]);

    ui.typing = el("div", { class: "lotse-typing", "aria-hidden": "true", hidden: true }, [
      el("span", { class: "lotse-dot" }), el("span", { class: "lotse-dot" }), el("span", { class: "lotse-dot" }),
      el("span", { class: "lotse-typing-text" }),
    ]);

    ui.inputLabel = el("label", { for: "lotse-input", class: "lotse-visually-hidden" });
    ui.input = el("input", {
      id: "lotse-input", class: "lotse-input", type: "text", maxlength: String(MAX_MESSAGE_CHARS),
      autocomplete: "off", dir: "auto",
    });
    ui.send = el("button", { type: "submit", class: "lotse-send" }, [icon("send"), el("span", { class: "lotse-visually-hidden" })]);
    ui.form = el("form", { class: "lotse-form" }, [ui.inputLabel, ui.input, ui.send]);
    ui.human = el("button", { type: "button", class: "lotse-human" });

    ui.panel = el("div", {
      id: "lotse-panel", class: "lotse-panel", role: "dialog", "aria-labelledby": "lotse-title", hidden: true,
    }, [header, ui.status, ui.log, ui.typing, ui.form, el("div", { class: "lotse-footer" }, [ui.human])]);

    root.append(ui.panel, ui.launcher);
    ui.root = root;

    state.messages.forEach(function (message) {
      ui.messages.append(renderMessage(message));
    });
    renderReplies();
    applyLanguage();

    ui.launcher.addEventListener("click", function () {
      if (ui.panel.hidden) open(true);
      else close();
    });
    ui.close.addEventListener("click", close);
    ui.languageButton.addEventListener("click", function () {
      toggleLanguageMenu(ui.languageMenu.hidden);
    });
    ui.languagePicker.addEventListener("focusout", function (event) {
      if (!ui.languagePicker.contains(event.relatedTarget)) toggleLanguageMenu(false);
    });
    root.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || ui.panel.hidden) return;
      event.preventDefault();
      if (!ui.languageMenu.hidden) {
        toggleLanguageMenu(false);
        ui.languageButton.focus();
      } else {
        close();
      }
    });
    ui.form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.input.value.trim();
      if (!text) return;
      ui.input.value = "";
      send(text, text);
    });
    ui.human.addEventListener("click", function () {
      send("/request_human", t("human"));
      ui.input.focus();
    });
    return root;
  }

  function applyLanguage() {
    var code = state.language;
    ui.root.setAttribute("lang", code);
    ui.root.setAttribute("dir", RTL_LANGUAGES.indexOf(baseLanguage(code)) >= 0 ? "rtl" : "ltr");
    ui.root.setAttribute("aria-label", t("region"));
    ui.launcher.querySelector(".lotse-launcher-text").textContent = t("launcher");
    ui.title.textContent = t("title");
    ui.close.setAttribute("aria-label", t("close"));
    ui.languageButton.querySelector(".lotse-visually-hidden").textContent = t("language") + " ";
    ui.languageButton.querySelector(".lotse-language-current").textContent = autonym(code);
    ui.log.setAttribute("aria-label", t("log"));
    ui.typing.querySelector(".lotse-typing-text").textContent = t("typing");
    ui.inputLabel.textContent = t("input");
    ui.input.setAttribute("placeholder", t("placeholder"));
    ui.send.querySelector(".lotse-visually-hidden").textContent = t("send");
    ui.human.textContent = t("human");
    ui.privacyTitle.textContent = t("privacyTitle") + ":";
    ui.privacyText.textContent = privacyNotice();
    if (ui.privacyLink) ui.privacyLink.textContent = t("privacyLink");
    replyGroups.forEach(function (group) {
      group.setAttribute("aria-label", t("replies"));
    });
    renderLanguageMenu();
  }

  function privacyNotice() {
    var notice = config.privacyNotice;
    if (typeof notice === "string" && notice.trim()) return notice;
    if (notice && typeof notice === "object") {
      var text = notice[state.language] || notice[baseLanguage(state.language)] || notice.en
        || notice[config.language];
      if (typeof text === "string" && text.trim()) return text;
    }
    return t("privacyDefault");
  }

  function renderLanguageMenu() {
    var codes = languages || config.languages || [config.language];
    ui.languageMenu.replaceChildren();
    codes.forEach(function (code) {
      var option = el("button", {
        type: "button", class: "lotse-language-option", lang: code,
        dir: RTL_LANGUAGES.indexOf(baseLanguage(code)) >= 0 ? "rtl" : "ltr",
        "aria-current": code === state.language ? "true" : null, "data-language": code,
        text: autonym(code),
      });
      option.addEventListener("click", function () {
        toggleLanguageMenu(false);
        ui.languageButton.focus();
        if (code !== state.language) changeLanguage(code);
      });
      ui.languageMenu.append(el("li", {}, [option]));
    });
  }

  function toggleLanguageMenu(show) {
    ui.languageMenu.hidden = !show;
    ui.languageButton.setAttribute("aria-expanded", String(show));
  }

  function changeLanguage(code) {
    state.language = code;
    saveState();
    applyLanguage();
    send("/change_language" + JSON.stringify({ language: code }), autonym(code));
  }

  function renderMessage(message) {
    var bubble = el("p", { class: "lotse-bubble", dir: "auto" });
    if (message.from === "bot") appendWithLinks(bubble, message.text || "");
    else bubble.textContent = message.text || "";
    return el("div", { class: "lotse-message lotse-message--" + message.from }, [
      visuallyHidden(t(message.from === "bot" ? "bot" : "you") + " "), bubble,
    ]);
  }

  // Buttons are answers to the bot's latest messages: they are shown until the citizen answers.
  function renderReplies() {
    replyGroups.forEach(function (group) {
      group.remove();
    });
    replyGroups = [];
    var items = ui.messages.children;
    for (var i = state.messages.length - 1; i >= 0 && state.messages[i].from === "bot"; i--) {
      var buttons = state.messages[i].buttons || [];
      if (!buttons.length) continue;
      var group = el("div", { class: "lotse-replies", role: "group", "aria-label": t("replies") });
      buttons.forEach(function (button) {
        var reply = el("button", { type: "button", class: "lotse-reply", dir: "auto", text: button.title });
        reply.addEventListener("click", function () {
          send(button.payload, button.title);
          ui.input.focus();
        });
        group.append(reply);
      });
      items[i].append(group);
      replyGroups.push(group);
    }
  }

  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }

  function addMessage(message) {
    state.messages.push(message);
    saveState();
    ui.messages.append(renderMessage(message));
    renderReplies();
    scrollToEnd();
  }

  function open(moveFocus) {
    ui.panel.hidden = false;
    ui.root.classList.add("lotse-root--open");
    ui.launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    scrollToEnd();
    if (moveFocus) ui.input.focus();
    connect();
  }

  function close() {
    toggleLanguageMenu(false);
    ui.panel.hidden = true;
    ui.root.classList.remove("lotse-root--open");
    ui.launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    ui.launcher.focus();
  }

  var typingTimer = null;

  function showTyping(show) {
    ui.typing.hidden = !show;
    clearTimeout(typingTimer);
    if (show) typingTimer = setTimeout(function () { showTyping(false); }, 20000);
    scrollToEnd(); // the conversation area got smaller or larger
  }

  var statusTimer = null;

  function setStatus(kind) {
    clearTimeout(statusTimer);
    ui.status.setAttribute("data-state", kind || "");
    ui.status.textContent = kind ? t(kind) : "";
    if (kind === "reconnected") statusTimer = setTimeout(function () { setStatus(null); }, 5000);
    scrollToEnd();
  }

  // ---------------------------------------------------------------- the connection

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

  // ---------------------------------------------------------------- start

  function start() {
    var root = build();
    var stylesheet = el("link", { rel: "stylesheet", href: config.serverUrl + "/widget/lotse-widget.css" });
    var shown = false;
    function show() {
      if (shown) return;
      shown = true;
      root.hidden = false;
    }
    stylesheet.onload = show;
    stylesheet.onerror = show;
    setTimeout(show, 3000);
    document.head.append(stylesheet);
    document.body.append(root);
    if (state.open) open(false); // a reload: the conversation goes on where it was
  }

  window.LotseWidget = {
    open: function () { open(true); },
    close: close,
    socket: null,
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
