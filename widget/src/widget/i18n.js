// ---------------------------------------------------------------- languages and labels

var RTL_LANGUAGES = ["ar", "fa", "he", "ur", "ps", "ckb", "dv", "yi", "sd", "ug"];
var AUTONYMS = {
  de: "Deutsch", en: "English", tr: "Türkçe", ar: "العربية", uk: "Українська", fa: "فارسی",
  ru: "Русский", fr: "Français", es: "Español", it: "Italiano", pl: "Polski",
};

// Labels of the widget's own controls. Languages without an entry use English.
var LABELS = {
  de: {
    welcome: "Guten Tag! Ich bin Lotse, der digitale Assistent der Ausländerbehörde. Schreiben Sie Ihre Frage in Ihren eigenen Worten oder wählen Sie ein Thema.",
    welcomeTopics: "Häufige Themen",
    welcomeLanguages: "Andere Sprache",
    topics: { extend_permit: "Aufenthaltstitel verlängern", book_appointment: "Termin buchen", application_status: "Stand meines Antrags", fees: "Gebühren", office_hours: "Öffnungszeiten", permit_finder: "Welcher Aufenthaltstitel passt?" },
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
    reference: "Ihre Gesprächsnummer für Auskunft oder Löschung:",
    newTab: "(öffnet in neuem Tab)",
    offline: "Verbindung unterbrochen. Neuer Versuch läuft …",
    reconnected: "Wieder verbunden.",
    queued: "Ihre Nachricht wird gesendet, sobald die Verbindung steht.",
    unavailable: "Lotse hat gerade ein technisches Problem, Antworten können ausbleiben. Bitte versuchen Sie es später noch einmal",
    unavailablePhone: "oder rufen Sie die Ausländerbehörde an:",
    unavailableOffice: "oder wenden Sie sich direkt an die Ausländerbehörde.",
  },
  en: {
    welcome: "Hello! I am Lotse, the immigration office's digital assistant. Write your question in your own words or choose a topic.",
    welcomeTopics: "Frequent topics",
    welcomeLanguages: "Other language",
    topics: { extend_permit: "Extend my residence permit", book_appointment: "Book an appointment", application_status: "Status of my application", fees: "Fees", office_hours: "Opening hours", permit_finder: "Which residence permit fits me?" },
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
    reference: "Your conversation number for access or erasure:",
    newTab: "(opens in a new tab)",
    offline: "Connection lost. Trying again …",
    reconnected: "Connected again.",
    queued: "Your message will be sent as soon as the connection is back.",
    unavailable: "Lotse has a technical problem right now and may not answer. Please try again later",
    unavailablePhone: "or call the immigration office:",
    unavailableOffice: "or contact the immigration office directly.",
  },
  tr: {
    welcome: "Merhaba! Ben Lotse, Yabancılar Dairesi'nin dijital asistanıyım. Sorunuzu kendi kelimelerinizle yazın veya bir konu seçin.",
    welcomeTopics: "Sık sorulan konular",
    welcomeLanguages: "Başka dil",
    topics: { extend_permit: "Oturma iznimi uzatmak", book_appointment: "Randevu almak", application_status: "Başvurumun durumu", fees: "Ücretler", office_hours: "Çalışma saatleri", permit_finder: "Hangi oturma izni bana uygun?" },
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
    reference: "Bilgi alma veya silme için konuşma numaranız:",
    newTab: "(yeni sekmede açılır)",
    offline: "Bağlantı kesildi. Yeniden deneniyor …",
    reconnected: "Bağlantı yeniden kuruldu.",
    queued: "Mesajınız bağlantı kurulur kurulmaz gönderilecek.",
    unavailable: "Lotse'de şu anda teknik bir sorun var, yanıt gelmeyebilir. Lütfen daha sonra tekrar deneyin",
    unavailablePhone: "veya Yabancılar Dairesi'ni arayın:",
    unavailableOffice: "veya doğrudan Yabancılar Dairesi'ne başvurun.",
  },
  ar: {
    welcome: "مرحبًا! أنا Lotse، المساعد الرقمي لمكتب شؤون الأجانب. اكتب سؤالك بكلماتك الخاصة أو اختر موضوعًا.",
    welcomeTopics: "مواضيع متكررة",
    welcomeLanguages: "لغة أخرى",
    topics: { extend_permit: "تمديد تصريح الإقامة", book_appointment: "حجز موعد", application_status: "حالة طلبي", fees: "الرسوم", office_hours: "ساعات العمل", permit_finder: "أي تصريح إقامة يناسبني؟" },
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
    reference: "رقم محادثتك لطلب الاطلاع على البيانات أو حذفها:",
    newTab: "(يُفتح في علامة تبويب جديدة)",
    offline: "انقطع الاتصال. جارٍ إعادة المحاولة …",
    reconnected: "تمت إعادة الاتصال.",
    queued: "ستُرسل رسالتك فور عودة الاتصال.",
    unavailable: "يواجه Lotse مشكلة تقنية حاليًا وقد لا يجيب. يُرجى المحاولة لاحقًا",
    unavailablePhone: "أو الاتصال بمكتب شؤون الأجانب:",
    unavailableOffice: "أو التواصل مباشرة مع مكتب شؤون الأجانب.",
  },
  uk: {
    welcome: "Добрий день! Я Lotse, цифровий помічник відомства у справах іноземців. Напишіть своє запитання своїми словами або виберіть тему.",
    welcomeTopics: "Часті теми",
    welcomeLanguages: "Інша мова",
    topics: { extend_permit: "Продовжити дозвіл на проживання", book_appointment: "Записатися на прийом", application_status: "Стан моєї заяви", fees: "Збори", office_hours: "Години роботи", permit_finder: "Який дозвіл на проживання мені підходить?" },
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
    reference: "Номер Вашої розмови для запиту на доступ чи видалення:",
    newTab: "(відкривається в новій вкладці)",
    offline: "З’єднання перервано. Повторна спроба …",
    reconnected: "З’єднання відновлено.",
    queued: "Ваше повідомлення буде надіслано, щойно з’єднання відновиться.",
    unavailable: "У Lotse зараз технічна проблема, відповіді може не бути. Будь ласка, спробуйте пізніше",
    unavailablePhone: "або зателефонуйте до відомства у справах іноземців:",
    unavailableOffice: "або зверніться безпосередньо до відомства у справах іноземців.",
  },
};

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
