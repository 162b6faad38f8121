"""Staff law search (issue 21): case workers ask in their own words and get the paragraphs of
residence law that answer, best first, with the law's own sentences and links.

sources.py reads the texts (Markdown folder, gesetze-im-internet.de XML, office documents),
index.py builds and loads the index under var/, text.py tokenises (stems, compounds),
glossary.py expands the practice's abbreviations, search.py ranks. `python -m lotse.law
"query"` searches from the terminal, `python -m lotse.law.index` builds the index
(`make law-index`), lotse/channels/staff.py serves it to staff. Deterministic retrieval: every
line shown is the law's own wording with its citation, nothing is generated."""
