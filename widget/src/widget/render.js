// ---------------------------------------------------------------- building the page's nodes
// Text goes in as textContent or text nodes only, never as HTML (see config.js).

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

// Links in answers: "[§ 44 AufenthV](https://…)" becomes a link that reads as its label; a
// bare URL stays a link that reads as the URL. Each link is isolated (dir), so that a
// left-to-right "§ 44 AufenthV" stays whole inside Arabic text.
var LABELLED_LINK = /\[([^\[\]\n]{1,200})\]\((https?:\/\/[^\s()<>]+)\)/g;

function link(label, href, direction) {
  return el("a", { href: href, target: "_blank", rel: "noopener noreferrer", dir: direction },
    [document.createTextNode(label), visuallyHidden(" " + t("newTab"))]);
}

function appendWithLinks(parent, text) {
  var position = 0;
  var match;
  LABELLED_LINK.lastIndex = 0;
  while ((match = LABELLED_LINK.exec(text)) !== null) {
    appendWithBareLinks(parent, text.slice(position, match.index));
    var href = safeHref(match[2]);
    parent.append(href ? link(match[1], href, "auto") : document.createTextNode(match[1]));
    position = match.index + match[0].length;
  }
  appendWithBareLinks(parent, text.slice(position));
}

function appendWithBareLinks(parent, text) {
  var position = 0;
  var match;
  URL_PATTERN.lastIndex = 0;
  while ((match = URL_PATTERN.exec(text)) !== null) {
    var url = trimUrl(match[0]);
    var href = safeHref(url);
    parent.append(document.createTextNode(text.slice(position, match.index)));
    parent.append(href ? link(url, href, "ltr") : document.createTextNode(url));
    position = match.index + url.length;
    URL_PATTERN.lastIndex = position;
  }
  parent.append(document.createTextNode(text.slice(position)));
}

// ---------------------------------------------------------------- the conversation

var replyGroups = [];

function renderMessage(message) {
  // a bot message in a known language: lang for screen readers and the right direction
  // lang for screen readers; dir "auto": a German/English line in an Arabic conversation
  // (the language menu's question) keeps its own direction
  var bubble = el("p", { class: "lotse-bubble", lang: message.lang || null, dir: "auto" });
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

// ---------------------------------------------------------------- first screen
// Before the citizen has written anything: a greeting, the most asked topics and the other
// languages as buttons, made here: no conversation turn is sent until the citizen acts.
// An office may choose the topics (config "topics": intent names with a label in i18n.js).
var FIRST_TOPICS = ["extend_permit", "book_appointment", "application_status", "fees",
  "office_hours", "permit_finder"];

function choiceButton(title, onClick, language) {
  var button = el("button", {
    type: "button", class: "lotse-reply", text: title,
    lang: language || null, dir: language ? direction(language) : "auto",
  });
  button.addEventListener("click", onClick);
  return button;
}

function renderWelcome() {
  if (ui.welcome) ui.welcome.remove();
  ui.welcome = null;
  if (state.messages.length) return;
  var labels = t("topics");
  var topics = (Array.isArray(config.topics) ? config.topics : FIRST_TOPICS)
    .filter(function (id) { return typeof labels[id] === "string"; });
  var codes = (languages || config.languages || [config.language])
    .filter(function (code) { return code !== state.language; });
  ui.welcome = el("div", { class: "lotse-welcome" }, [
    el("p", { class: "lotse-bubble", dir: direction(state.language), text: t("welcome") }),
    el("div", { class: "lotse-replies", role: "group", "aria-label": t("welcomeTopics") },
      topics.map(function (id) {
        return choiceButton(labels[id], function () {
          send("/" + id, labels[id]);
          ui.input.focus();
        });
      })),
    el("div", { class: "lotse-replies", role: "group", "aria-label": t("welcomeLanguages") },
      codes.map(function (code) {
        return choiceButton(autonym(code), function () {
          changeLanguage(code); // the first screen goes, with this button: focus to the input
          ui.input.focus();
        }, code);
      })),
  ]);
  ui.messages.prepend(ui.welcome);
}

function addMessage(message) {
  state.messages.push(message);
  saveState();
  if (ui.welcome) renderWelcome(); // the first message ends the first screen
  ui.messages.append(renderMessage(message));
  renderReplies();
  scrollToEnd();
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
  ui.status.textContent = kind === "unavailable" ? unavailableText() : kind ? t(kind) : "";
  if (kind === "reconnected") statusTimer = setTimeout(function () { setStatus(null); }, 5000);
  scrollToEnd();
}
