"""The importer: the Markdown corpus of ../shared/legal, gesetze-im-internet.de's XML (a
fixture written in its shape), the office's documents (made here: Markdown, PDF, DOCX), and an
index that is rebuilt only when its sources change."""

import shutil
import zipfile
from pathlib import Path

import pytest
from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

from lotse.law import index, sources

FIXTURE = Path(__file__).parent / "fixtures" / "aufenthg_excerpt.xml"
GII = "https://www.gesetze-im-internet.de"


def by_key(units):
    return {f"{u.law} {u.paragraph}": u for u in units}


def test_the_markdown_corpus_is_read_paragraph_by_paragraph(legal_dir):
    units = by_key(sources.read_all(legal_dir, None))
    assert {key.split()[0] for key in units} == {
        "aufenthg", "aufenthv", "beschv", "freizuegg_eu", "stag", "asylg", "intv",
        "ukraineaufenthuev"}
    assert len(units) > 500
    studium = units["aufenthg 16b"]
    assert studium.title == "Studium"
    assert studium.citation == "§ 16b AufenthG"
    assert studium.url == f"{GII}/aufenthg_2004/__16b.html"
    assert studium.absaetze[0][0] == "1" and "Hochschule" in studium.absaetze[0][1]
    assert units["asylg 61"].url == f"{GII}/asylvfg_1992/__61.html"
    assert units["freizuegg_eu 4a"].citation == "§ 4a FreizügG/EU"
    # a repealed Absatz is left out, its neighbours stay
    labels = [label for label, _ in units["asylg 24"].absaetze]
    assert all("weggefallen" not in text for _, text in units["asylg 24"].absaetze)
    assert labels == sorted(set(labels), key=labels.index)


def test_the_gii_xml_is_read_with_structure_absaetze_and_lists():
    units = by_key(sources.gii_law(FIXTURE.read_bytes()))
    assert sorted(units) == ["aufenthg 16b", "aufenthg 51", "aufenthg 81"]  # § 76 is "-"
    fiktion = units["aufenthg 81"]
    assert fiktion.citation == "§ 81 AufenthG"
    assert fiktion.url == f"{GII}/aufenthg_2004/__81.html"
    assert fiktion.breadcrumb == ["Kapitel 7 Verfahrensvorschriften"]
    assert [label for label, _ in fiktion.absaetze] == ["3", "4", "5"]
    assert units["aufenthg 16b"].breadcrumb == [
        "Kapitel 2 Einreise und Aufenthalt im Bundesgebiet",
        "Abschnitt 3 Aufenthalt zum Zweck der Ausbildung"]
    assert "Textnachweis" not in " ".join(t for _, t in units["aufenthg 16b"].absaetze)
    listed = units["aufenthg 51"].absaetze[0][1]
    assert "Fällen: 1. Ablauf seiner Geltungsdauer, 7. wenn der Ausländer" in listed


def test_a_downloaded_xml_zip_is_indexed_and_searched(tmp_path):
    with zipfile.ZipFile(tmp_path / "xml.zip", "w") as archive:
        archive.write(FIXTURE, "BJNR195010004.xml")
    built, manifest = index.update(tmp_path, None, tmp_path / "index")
    assert built and manifest["laws"] == {"aufenthg": 3}
    from lotse.law.search import Search

    results = Search(index.load(tmp_path / "index")).search("Fiktionsbescheinigung")
    assert results[0]["paragraph"] == "81" and results[0]["sentences"][0]["ref"] == "Abs. 5 Satz 1"


def test_an_unknown_law_is_named_after_its_abbreviation():
    data = FIXTURE.read_bytes().replace(b"BJNR195010004", b"BJNR000000000").replace(
        b"<amtabk>AufenthG</amtabk>", b"<amtabk>MusterG</amtabk>")
    units = list(sources.gii_law(data))
    assert {u.law for u in units} == {"musterg"}
    assert units[0].citation.endswith("MusterG") and units[0].url is None


@pytest.mark.parametrize("payload, refused", [
    (b'<!DOCTYPE d [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><dokumente>&b;</dokumente>',
     EntitiesForbidden),
    (b'<!DOCTYPE d [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]><dokumente>&x;</dokumente>',
     (EntitiesForbidden, ExternalReferenceForbidden)),
])
def test_entities_in_the_xml_are_refused(payload, refused):
    with pytest.raises(refused):
        list(sources.gii_law(payload))


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of text (Helvetica), offsets computed: no binary fixture."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def test_the_offices_documents_are_read(tmp_path):
    import docx

    (tmp_path / "weisung-fiktion.md").write_text(
        "# Weisung Fiktionsbescheinigung\n\nVor Ablauf gestellte Anträge: Fiktionsbescheinigung "
        "sofort ausstellen.\n\n## Verspätete Anträge\n\nZur Vermeidung einer Härte prüfen.\n")
    (tmp_path / "erlass.pdf").write_bytes(minimal_pdf("Erlass zur Wohnsitzregelung des Landes."))
    document = docx.Document()
    document.add_heading("Dienstanweisung Passbeschaffung", level=1)
    document.add_paragraph("Die Mitwirkung bei der Passbeschaffung ist schriftlich zu belegen.")
    document.save(str(tmp_path / "passbeschaffung.docx"))
    (tmp_path / "kaputt.pdf").write_bytes(b"not a pdf")  # left out with a warning
    units = {u.paragraph: u for u in sources.read_all(None, tmp_path)}
    assert sorted(units) == ["erlass", "passbeschaffung", "weisung-fiktion"]
    assert all(u.law == sources.OFFICE and u.url is None for u in units.values())
    assert units["weisung-fiktion"].title == "Weisung Fiktionsbescheinigung"
    assert units["weisung-fiktion"].absaetze[1][0] == "Verspätete Anträge"
    assert units["erlass"].absaetze == [("S. 1", "Erlass zur Wohnsitzregelung des Landes.")]
    assert units["passbeschaffung"].title == "Dienstanweisung Passbeschaffung"
    assert "schriftlich zu belegen" in units["passbeschaffung"].absaetze[0][1]


def test_the_index_is_rebuilt_only_when_a_source_changes(tmp_path):
    legal = tmp_path / "legal"
    legal.mkdir()
    shutil.copy(FIXTURE, legal / "aufenthg.xml")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hinweis.md").write_text("# Hinweis\n\nTermine nur online.\n")
    out = tmp_path / "var" / "law-index"
    assert index.update(legal, docs, out)[0]
    assert not index.update(legal, docs, out)[0]
    (docs / "hinweis.md").write_text("# Hinweis\n\nTermine auch telefonisch.\n")
    built, manifest = index.update(legal, docs, out)
    assert built and manifest["laws"] == {"aufenthg": 3, "office": 1}
    assert sorted(p.name for p in out.parent.iterdir()) == ["law-index"]  # no leftovers


def test_the_stored_index_ranks_as_the_one_built(tmp_path):
    # the server reads var/law-index: the classifier's weights come back from their files
    # (pruned, no pickle), and the ranking is the one built in memory
    from lotse.law.search import Search

    shutil.copy(FIXTURE, tmp_path / "BJNR195010004.xml")
    built, _ = index.update(tmp_path, None, tmp_path / "index")
    loaded = Search(index.load(tmp_path / "index"))
    assert built and loaded.index.classifier is not None
    in_memory = Search(index.build(sources.read_all(tmp_path, None), {}))
    for question in ["Fiktionsbescheinigung", "Antrag auf Verlängerung verspätet",
                     "Aufenthaltstitel Zweck"]:
        assert ([(r["law"], r["paragraph"], r["score"]) for r in loaded.search(question, 3)]
                == [(r["law"], r["paragraph"], r["score"])
                    for r in in_memory.search(question, 3)]), question
