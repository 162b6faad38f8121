// The staff search page: asks GET /staff/search (same origin, the browser's login goes along)
// and shows the law's sentences; every text goes in as textContent, never as HTML.
"use strict";
(function () {
  const form = document.getElementById("search");
  const input = document.getElementById("q");
  const top = document.getElementById("top");
  const status = document.getElementById("status");
  const list = document.getElementById("results");
  const info = document.getElementById("index-info");

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // the sentence with the matched words in <mark>
  function highlighted(text, marks) {
    const quote = element("blockquote");
    let at = 0;
    for (const [start, end] of marks) {
      if (start < at) continue;
      quote.append(text.slice(at, start), element("mark", text.slice(start, end)));
      at = end;
    }
    quote.append(text.slice(at));
    return quote;
  }

  function show(data) {
    list.replaceChildren();
    for (const result of data.results) {
      const item = element("li");
      const heading = element("h3");
      const label = `${result.citation} – ${result.title}`.replace(/ – $/, "");
      if (result.url) {
        const link = element("a", label);
        link.href = result.url;
        link.rel = "noopener noreferrer";
        heading.append(link);
      } else {
        heading.textContent = label;
      }
      item.append(heading, element("p", `Relevanz ${result.score.toFixed(1)}`, "meta"));
      for (const sentence of result.sentences) {
        const quote = highlighted(sentence.text, sentence.marks);
        quote.prepend(element("span", `${sentence.ref}: `, "ref"));
        item.append(quote);
      }
      list.append(item);
    }
    const count = data.results.length;
    status.textContent = count
      ? `${count} ${count === 1 ? "Treffer" : "Treffer"} für „${data.query}“.`
      : `Keine Treffer für „${data.query}“. Versuchen Sie andere Wörter.`;
    if (data.index && data.index.built) {
      info.textContent = `Index vom ${data.index.built.slice(0, 10)}, ${data.index.units} Einträge.`;
    }
  }

  async function search(query) {
    status.textContent = "Suche läuft …";
    const params = new URLSearchParams({ q: query, top: top.value });
    try {
      const answer = await fetch(`/staff/search?${params}`, { credentials: "same-origin" });
      const data = await answer.json().catch(() => ({}));
      if (!answer.ok) {
        status.textContent = data.error || `Fehler ${answer.status}`;
        return;
      }
      show(data);
      history.replaceState(null, "", `/staff?${params}`);
    } catch (error) {
      status.textContent = "Der Server antwortet nicht. Bitte später noch einmal versuchen.";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (query) search(query);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "/" && document.activeElement !== input) {
      event.preventDefault();
      input.focus();
      input.select();
    } else if (event.key === "Escape" && document.activeElement === input) {
      input.value = "";
    }
  });
  // a bookmarked or shared /staff?q=… searches at once
  const start = new URLSearchParams(location.search);
  if (start.get("top")) top.value = start.get("top");
  if (start.get("q")) {
    input.value = start.get("q");
    search(start.get("q"));
  }
  input.focus();
})();
