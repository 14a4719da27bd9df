"""Write warehouse/given_names.txt: the given names warehouse/individuals.py recognises.

Run once by hand when the list should change, with the two source packages installed in a
scratch environment (they are not dependencies of socialvalue: only the list they give is):

    python -m venv /tmp/names && /tmp/names/bin/pip install names==0.3.0 faker
    /tmp/names/bin/python scripts/given_names.py

Sources: the US Census Bureau's 1990 lists of frequently occurring first names (public domain),
as the `names` package ships them; and the given names of Faker's person providers (MIT licence)
for the English-speaking locales and the languages most spoken in England. Names that are
everyday words opening many organisations' names (Royal Mail, Alpha Taxis, Prince Albert) are
left out: they would hide organisations, and a person with such a name is still recognised by a
title, a surname-first form or the expense type.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "warehouse" / "given_names.txt"
LOCALES = ("en_GB", "en_US", "en_IE", "en_IN", "en_NG", "en_PK", "en_KE", "en_NZ", "yo_NG",
           "ig_NG", "ha_NG", "pl_PL", "ro_RO", "tr_TR", "it_IT", "pt_PT", "es_ES", "fr_FR",
           "lt_LT", "ga_IE", "tw_GH", "sw", "zu_ZA")
NOT_NAMES = frozenset({"royal", "my", "alpha", "chance", "prince", "king", "major", "star",
                       "sky", "golden", "crystal", "diamond", "lane", "forest", "cleveland",
                       "bradford", "brent", "carlton", "wm", "evans", "reed", "taylor"})
HEADER = """\
# Given names, one a line, lower case: how warehouse/individuals.py recognises a person's name.
# Made by scripts/given_names.py from two sources:
# - the US Census Bureau's 1990 lists of frequently occurring first names (public domain), as
#   shipped in the `names` package (0.3.0);
# - the given names of Faker's person providers (Faker, MIT licence, Copyright (c) 2012 Daniele
#   Faraglia) for {locales};
# less everyday words that open many organisations' names ({not_names}).
"""


def census_names() -> set[str]:
    import names

    folder = Path(names.__file__).parent
    return {line.split()[0].lower() for kind in ("male", "female")
            for line in (folder / f"dist.{kind}.first").read_text().splitlines() if line}


def faker_names() -> set[str]:
    found = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female",
                          "first_names_nonbinary"):
            found |= {n.lower() for n in getattr(provider, attribute, ())
                      if re.fullmatch(r"[A-Za-z'-]+", n)}
    return found


def main() -> None:
    given = sorted((census_names() | faker_names()) - NOT_NAMES)
    OUT.write_text(HEADER.format(locales=", ".join(LOCALES), not_names=", ".join(
        sorted(NOT_NAMES))) + "\n".join(given) + "\n", encoding="utf-8")
    print(f"{len(given)} given names written to {OUT}")


if __name__ == "__main__":
    main()
