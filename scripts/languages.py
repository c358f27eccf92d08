#!/usr/bin/env python3
"""Writes src/gather/site/languages.txt: the language codes a `lang` attribute's primary subtag may be, for the
`html-lang-valid` and `hreflang` checks, as axe-core accepts them: every alpha-2, alpha-3 and bibliographic
code of ISO 639-2, 639-3 and 639-5 (from the iso-codes project, Debian package `iso-codes`), and the retired
two-letter codes browsers still read (in, iw, ji, jw, mo, bh)."""
import json
import pathlib

codes = {"in", "iw", "ji", "jw", "mo", "bh"}
base = pathlib.Path("/usr/share/iso-codes/json")
for part in ("639-2", "639-3", "639-5"):
    for entry in json.load(open(base / f"iso_{part}.json"))[part]:
        codes.update(entry[k] for k in ("alpha_2", "alpha_3", "bibliographic") if k in entry)
out = pathlib.Path(__file__).resolve().parent.parent / "src/gather/site/languages.txt"
out.write_text("\n".join(sorted(c.lower() for c in codes)) + "\n")
print(f"{len(codes)} codes written to {out}")
