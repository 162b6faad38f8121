// ---------------------------------------------------------------- languages and labels

var RTL_LANGUAGES = ["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug"];
var AUTONYMS = {
  de: "Deutsch", en: "English", tr: "Türkçe", ar: "العربية", uk: "Українська", fa: "فارسی",
  ru: "Русский", fr: "Français", es: "Español", it: "Italiano", pl: "Polski",
  pt: "Português", ro: "Română", hr: "Hrvatski · Srpski · Bosanski", sq: "Shqip",
  bg: "Български", vi: "Tiếng Việt", zh: "中文", hi: "हिन्दी",
};

// LABELS, the labels of the widget's own controls, one object per language from
// src/labels/<lang>.json (build.mjs puts them here). Languages without labels use English.

function baseLanguage(code) {
  return String(code || "").toLowerCase().split("-")[0];
}

function direction(code) {
  return RTL_LANGUAGES.indexOf(baseLanguage(code)) >= 0 ? "rtl" : "ltr";
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
