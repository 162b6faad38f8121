// Builds dist/, the files the Rasa server serves as /widget/<file> (lotse/channels/widget.py):
// the files of src/ as they are, the socket.io client, and lotse-widget.js, joined from the
// modules in src/widget/ into one IIFE, so that embedding stays one script tag and the
// modules share one scope without a bundler.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";

// Order matters only for the top-level statements: config before storage (its key and
// language), main last (it starts the widget).
const MODULES = ["config", "i18n", "storage", "render", "connection", "main"];
const SOCKET_IO = "node_modules/socket.io-client/dist/";

const indent = (text) => text.replace(/^(?=.)/gm, "  ");
const modules = MODULES.map((name) => indent(readFileSync(`src/widget/${name}.js`, "utf8")));
// the labels of the widget's controls per language (src/labels/<lang>.json), used by i18n.js
const labels = Object.fromEntries(readdirSync("src/labels").filter((f) => f.endsWith(".json"))
  .sort().map((f) => [f.slice(0, -5), JSON.parse(readFileSync(`src/labels/${f}`, "utf8"))]));

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
for (const entry of readdirSync("src", { withFileTypes: true })) {
  if (entry.isFile()) copyFileSync(`src/${entry.name}`, `dist/${entry.name}`);
}
for (const name of ["socket.io.min.js", "socket.io.min.js.map"]) {
  copyFileSync(SOCKET_IO + name, `dist/${name}`);
}
writeFileSync("dist/lotse-widget.js", [
  "// Built by widget/build.mjs from widget/src/widget/*.js: edit those, not this file.",
  "(function () {",
  '  "use strict";',
  "",
  "  if (window.LotseWidget) return; // loaded twice",
  "",
  indent(`var LABELS = ${JSON.stringify(labels, null, 2)};\n`),
  modules.join("\n") + "})();",
  "",
].join("\n"));
