"""Keep the translation catalogues in step with the source.

python scripts/i18n.py extract   # update src/salesdesk/locale/es/LC_MESSAGES/salesdesk.po from the code
python scripts/i18n.py compile   # write salesdesk.mo next to it (shipped in the package)
python scripts/i18n.py missing   # list msgids without a Spanish translation (exit 1 if any)
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "salesdesk"
PO = PACKAGE / "locale" / "es" / "LC_MESSAGES" / "salesdesk.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract_template() -> Catalog:
    """Every msgid the code marks with _(), N_() or ngettext()."""
    template = Catalog(project="salesdesk", domain="salesdesk")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        template.add(
            message, None, [(f"src/salesdesk/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def load_po() -> Catalog:
    if not PO.exists():
        return Catalog(locale="es", project="salesdesk", domain="salesdesk")
    with PO.open("rb") as fh:
        return read_po(fh, locale="es", domain="salesdesk")


def extract() -> None:
    catalog = load_po()
    catalog.update(extract_template(), no_fuzzy_matching=True)
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as fh:
        write_po(fh, catalog, width=100, omit_header=False, ignore_obsolete=True, sort_output=False)
    print(f"{PO}: {len(catalog)} messages, {len(missing(catalog))} untranslated")


def missing(catalog: Catalog | None = None) -> list[str]:
    catalog = catalog or load_po()
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple | list) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(m.id if isinstance(m.id, str) else m.id[0])
    return out


def compile_mo() -> None:
    catalog = load_po()
    with MO.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    print(f"{MO}: written")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "extract"
    if command == "extract":
        extract()
    elif command == "compile":
        compile_mo()
    elif command == "missing":
        gaps = missing()
        print("\n".join(gaps))
        sys.exit(1 if gaps else 0)
    else:
        sys.exit(__doc__)
