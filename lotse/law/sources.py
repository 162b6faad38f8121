"""The texts the staff search indexes, read into units (a paragraph of a law, or an office
document) of Absätze:

- a folder of Markdown files, one per paragraph, as ../shared/legal has them
  (`<law>/paragraphs/0016b.md` with YAML front matter, `<law>/meta.json`);
- the XML gesetze-im-internet.de publishes per law (gii-norm, `xml.zip` or the `.xml` in it),
  parsed with defusedxml: no entity expansion, no external DTD or entity is ever fetched;
- the office's own documents (decrees, internal instructions): Markdown, PDF (pypdf), DOCX
  (python-docx).
"""

import json
import logging
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import yaml
from defusedxml import ElementTree

from lotse.law import text as law_text

logger = logging.getLogger(__name__)

GII = "https://www.gesetze-im-internet.de"
LAWS: Dict[str, Dict[str, str]] = yaml.safe_load(
    (Path(__file__).with_name("laws.yml")).read_text("utf-8"))
OFFICE = "office"  # the `law` of the office's own documents
DOCUMENT_SUFFIXES = (".md", ".pdf", ".docx")
MAX_XML_BYTES = 50_000_000  # the largest law (AufenthG) is ~3 MB; a zip may claim anything
ABSATZ = re.compile(r"^\((\d+[a-z]?)\)\s*")
PARAGRAPH_NUMBER = re.compile(r"^§\s*(\d+[a-z]?)$")
REPEALED = re.compile(r"^\(?(weggefallen|aufgehoben)\)?\.?$|^-+$", re.IGNORECASE)


@dataclass
class Unit:
    """What one search result is: a paragraph or an office document."""

    law: str  # aufenthg, …, or "office"
    paragraph: str  # "16b"; for an office document its file name without suffix
    title: str
    citation: str  # "§ 16b AufenthG"
    url: Optional[str]
    breadcrumb: List[str] = field(default_factory=list)
    # (label, text): label "4" for Abs. 4, "" for a paragraph without numbered Absätze,
    # "S. 3" for page 3 of a PDF, a heading for a section of an office document
    absaetze: List[Tuple[str, str]] = field(default_factory=list)
    # a paragraph without a heading (the StAG's have none): the nouns of its first sentence,
    # searched like a heading, never shown as one
    keywords: str = ""

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Unit":
        return cls(**{**data, "absaetze": [tuple(a) for a in data["absaetze"]]})


def clean(text: str) -> str:
    """One line of plain text: Markdown emphasis the corpus carries ("*,*") and runs of
    whitespace removed."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


def split_absaetze(lines: List[str]) -> List[Tuple[str, str]]:
    """Blocks of text -> (Absatz number or "", text), repealed ones left out."""
    absaetze = []
    for block in lines:
        text = clean(block)
        match = ABSATZ.match(text)
        label, text = (match[1], text[match.end():]) if match else ("", text)
        if text and not REPEALED.match(text):
            absaetze.append((label, text))
    return absaetze


def law_url(slug: Optional[str], paragraph: str) -> Optional[str]:
    return f"{GII}/{slug}/__{paragraph}.html" if slug else None


def unit(key: str, abbreviation: str, slug: Optional[str], number: str, title: str,
         breadcrumb: List[str], absaetze: List[Tuple[str, str]]) -> Optional[Unit]:
    match = PARAGRAPH_NUMBER.match(number.strip())
    if not match or not absaetze:
        return None  # an article, an annex or a repealed paragraph: nothing to find
    paragraph = match[1]
    return Unit(key, paragraph, title or "", f"§ {paragraph} {abbreviation}",
                law_url(slug, paragraph), breadcrumb, absaetze,
                "" if title else law_text.keywords(absaetze[0][1]))


# ---------------------------------------------------------------- the Markdown corpus
def markdown_law(folder: Path) -> Iterator[Unit]:
    """<folder>/paragraphs/*.md of one law; meta.json names its abbreviation and web folder."""
    key = folder.name
    meta_path = folder / "meta.json"
    meta = json.loads(meta_path.read_text("utf-8")) if meta_path.is_file() else {}
    known = LAWS.get(key, {})
    abbreviation = (known.get("abbreviation") or meta.get("amtabk") or meta.get("jurabk")
                    or key)
    slug = meta.get("gii_slug") or known.get("slug")
    for path in sorted((folder / "paragraphs").glob("*.md")):
        text = path.read_text("utf-8")
        front, body = {}, text
        if text.startswith("---"):
            _, header, body = text.split("---", 2)
            front = yaml.safe_load(header) or {}
        blocks = [b for b in re.split(r"\n\s*\n", body) if b.strip()
                  and not b.lstrip().startswith("# ")]
        found = unit(key, abbreviation, slug, str(front.get("number", "")),
                     clean(str(front.get("heading") or "")), list(front.get("breadcrumb") or []),
                     split_absaetze(blocks))
        if found:
            yield found


# ---------------------------------------------------------------- gesetze-im-internet.de XML
BLOCKS = {"P", "DT", "DD", "LA", "BR", "Row", "entry", "TD"}


def element_text(element) -> str:
    """The text of an element; list items and line breaks become spaces."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in BLOCKS:
            parts.append(" ")
        parts.append(element_text(child))
        if child.tag in BLOCKS:
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def xml_documents(path: Path) -> Iterator[Tuple[str, bytes]]:
    """(name, bytes) of a law's XML: the file itself or each .xml inside a zip."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith(".xml") and info.file_size <= MAX_XML_BYTES:
                    yield info.filename, archive.read(info)
    elif path.stat().st_size <= MAX_XML_BYTES:
        yield path.name, path.read_bytes()


def law_of(doknr: str, abbreviation: str) -> Tuple[str, Optional[str]]:
    """(key, web folder) of a law by its document number, else a key from its abbreviation."""
    for key, known in LAWS.items():
        if doknr.startswith(known["bjnr"]):
            return key, known["slug"]
    key = re.sub(r"[^a-z0-9]+", "_", abbreviation.lower().replace("ü", "ue").replace(
        "ä", "ae").replace("ö", "oe")).strip("_")
    return key or "law", None


def gii_law(data: bytes) -> Iterator[Unit]:
    """The paragraphs of one gii-norm document. defusedxml refuses entity declarations and
    never loads the DTD the DOCTYPE names (forbid_external)."""
    root = ElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                  forbid_external=True)
    norms = root.findall("norm")
    doknr = root.get("doknr") or (norms[0].get("doknr", "") if norms else "")
    first = norms[0].find("metadaten") if norms else None
    abbreviation = ""
    if first is not None:
        abbreviation = (first.findtext("amtabk") or first.findtext("jurabk") or "").strip()
    key, slug = law_of(doknr, abbreviation)
    abbreviation = LAWS.get(key, {}).get("abbreviation", abbreviation)
    structure: Dict[int, str] = {}
    for norm in norms:
        meta = norm.find("metadaten")
        if meta is None:
            continue
        section = meta.find("gliederungseinheit")
        if section is not None:
            depth = len((section.findtext("gliederungskennzahl") or "").strip()) // 3
            label = clean(f"{section.findtext('gliederungsbez') or ''} "
                          f"{section.findtext('gliederungstitel') or ''}")
            structure = {d: t for d, t in structure.items() if d < depth}
            structure[depth] = label
        number = (meta.findtext("enbez") or "").strip()
        if not number.startswith("§"):
            continue
        content = norm.find("textdaten/text/Content")
        blocks = [element_text(p) for p in content.findall("P")] if content is not None else []
        found = unit(key, abbreviation, slug, number, clean(meta.findtext("titel") or ""),
                     [structure[d] for d in sorted(structure)], split_absaetze(blocks))
        if found:
            yield found


# ---------------------------------------------------------------- the office's documents
def markdown_document(text: str) -> List[Tuple[str, str]]:
    """Sections under their headings; text before the first heading has no label."""
    sections: List[Tuple[str, List[str]]] = [("", [])]
    for line in text.splitlines():
        heading = re.match(r"^#{1,6}\s+(.*)", line)
        if heading:
            sections.append((clean(heading[1]), []))
        else:
            sections[-1][1].append(line)
    return [(label, clean(" ".join(lines))) for label, lines in sections if clean(" ".join(lines))]


def pdf_document(path: Path) -> List[Tuple[str, str]]:
    from pypdf import PdfReader

    pages = PdfReader(path).pages
    return [(f"S. {n}", clean(page.extract_text() or "")) for n, page in enumerate(pages, 1)
            if clean(page.extract_text() or "")]


def docx_document(path: Path) -> List[Tuple[str, str]]:
    import docx

    sections: List[Tuple[str, List[str]]] = [("", [])]
    for paragraph in docx.Document(str(path)).paragraphs:
        if paragraph.style is not None and paragraph.style.name.startswith("Heading"):
            sections.append((clean(paragraph.text), []))
        elif paragraph.text.strip():
            sections[-1][1].append(paragraph.text)
    return [(label, clean(" ".join(texts))) for label, texts in sections if texts]


def office_document(path: Path) -> Optional[Unit]:
    suffix = path.suffix.lower()
    if suffix == ".md":
        absaetze = markdown_document(path.read_text("utf-8"))
    elif suffix == ".pdf":
        absaetze = pdf_document(path)
    else:
        absaetze = docx_document(path)
    if not absaetze:
        return None
    # a document's title: its first heading, else its file name
    title = next((label for label, _ in absaetze if label and not label.startswith("S. ")),
                 path.stem.replace("_", " "))
    return Unit(OFFICE, path.stem, title, path.name, None, [], absaetze)


# ---------------------------------------------------------------- what a folder holds
def source_files(legal_dir: Optional[Path], documents_dir: Optional[Path]) -> List[Path]:
    """Every file the index is built from: its fingerprint decides whether to rebuild."""
    files: List[Path] = []
    if legal_dir and legal_dir.is_dir():
        files += [p for p in legal_dir.rglob("*") if p.is_file() and (
            (p.suffix == ".md" and p.parent.name == "paragraphs") or p.name == "meta.json"
            or p.suffix.lower() in (".xml", ".zip"))]
    if documents_dir and documents_dir.is_dir():
        files += [p for p in documents_dir.rglob("*")
                  if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES]
    return sorted(files)


def read_all(legal_dir: Optional[Path], documents_dir: Optional[Path]) -> List[Unit]:
    """Every unit: a law found both as Markdown and as XML is taken once (Markdown first)."""
    units: List[Unit] = []
    if legal_dir and legal_dir.is_dir():
        for folder in sorted(p for p in legal_dir.iterdir() if (p / "paragraphs").is_dir()):
            units += markdown_law(folder)
        laws = {u.law for u in units}
        for path in sorted(p for p in legal_dir.rglob("*")
                           if p.is_file() and p.suffix.lower() in (".xml", ".zip")):
            for name, data in xml_documents(path):
                found = list(gii_law(data))
                if found and found[0].law not in laws:
                    units += found
                    laws.add(found[0].law)
                elif not found:
                    logger.warning("%s: %s holds no paragraph", path, name)
    if documents_dir and documents_dir.is_dir():
        for path in source_files(None, documents_dir):
            try:
                document = office_document(path)
            except Exception as error:  # noqa: BLE001 - one broken file must not stop the rest
                logger.warning("%s cannot be read (%s): left out", path, type(error).__name__)
                continue
            if document:
                units.append(document)
    return units
