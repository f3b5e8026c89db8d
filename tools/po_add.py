"""Developer helper: add English→French pairs to one of our .po files (creating it if needed).

Usage: python tools/po_add.py resources/locale/fr/LC_MESSAGES/FILE.po pairs.json
where pairs.json is a JSON object {"English": "Français", ...}.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po


def main() -> None:
    """Merge the pairs into the catalogue file."""
    po_path, pairs_path = Path(sys.argv[1]), Path(sys.argv[2])
    if po_path.exists():
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale="fr")
    else:
        catalog = Catalog(locale="fr", project="PRM Desktop")
    for english, french in json.loads(pairs_path.read_text("utf-8")).items():
        catalog.add(english, french)
    with po_path.open("wb") as handle:
        write_po(handle, catalog, width=100)


if __name__ == "__main__":
    main()
