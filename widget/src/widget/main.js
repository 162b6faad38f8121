// ---------------------------------------------------------------- the user interface
// The launcher, the dialog and its controls; focus goes back to the launcher on close.

var ui = {};

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
  // the number a citizen quotes for access to or erasure of this conversation (make forget)
  ui.reference = el("p", { class: "lotse-reference", hidden: true });
  ui.privacy.append(ui.reference);
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
  ui.root.setAttribute("dir", direction(code));
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
  renderReference();
  if (unavailable) setStatus("unavailable");
  replyGroups.forEach(function (group) {
    group.setAttribute("aria-label", t("replies"));
  });
  renderLanguageMenu();
}

// "W-3F9A-C21B": the start of the session's random part; the server finds the conversation
// by it (scripts/forget.py), the session itself cannot be taken over with it
function conversationReference(sessionId) {
  var token = String(sessionId || "").split(".")[0].toUpperCase();
  return /^[0-9A-F]{8}/.test(token) ? "W-" + token.slice(0, 4) + "-" + token.slice(4, 8) : null;
}

function renderReference() {
  var reference = conversationReference(state.sessionId);
  ui.reference.hidden = !reference;
  ui.reference.textContent = reference ? t("reference") + " " + reference : "";
}

function renderLanguageMenu() {
  var codes = languages || config.languages || [config.language];
  ui.languageMenu.replaceChildren();
  codes.forEach(function (code) {
    var option = el("button", {
      type: "button", class: "lotse-language-option", lang: code,
      dir: direction(code),
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
  renderWelcome(); // its language buttons: the same languages
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
