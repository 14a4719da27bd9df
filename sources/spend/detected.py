"""What detecting a spend file found, as it travels with the file from receiving to loading.

Receiving a spend file detects its layout (header, columns, the evidence for them) and the forms
its dates are written in, to find the period it reports on. The same findings are what the load
needs, so they are kept in the landed file's manifest (`detected`) and the load reads the file
with them instead of detecting again. They are used only while they still hold: detection is
redone when the manifest has none (an archive landed before they travelled), when detection
itself has changed since (DETECTION_VERSION), or when the council's profile has changed what
detection must follow (its header row, sheet, date format or columns: an analyst who corrects a
profile and reloads gets the correction).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sources.spend.detect import SpendLayout
from sources.spend.profiles import CouncilProfile

# Raise when detection changes what it finds for the same file and profile, so files landed
# before are detected again when they are loaded.
DETECTION_VERSION = 1


@dataclass(frozen=True)
class SpendDetection:
    """A spend file's layout and date forms, as detection found them from a sample of its rows."""

    layout: SpendLayout
    date_formats: list[str]
    rows_sampled: int

    def as_manifest(self, profile: CouncilProfile) -> dict:
        """The findings as the landed file's manifest keeps them (plain JSON)."""
        layout = self.layout
        return {"version": DETECTION_VERSION, "profile": profile_fingerprint(profile),
                "header_index": layout.header_index, "columns": layout.columns,
                "amount_basis": layout.amount_basis, "unmapped": layout.unmapped,
                "evidence": layout.evidence, "names": layout.names,
                "date_formats": self.date_formats, "rows_sampled": self.rows_sampled}


def carried_detection(detected: dict | None, profile: CouncilProfile) -> SpendDetection | None:
    """The findings a landed file's manifest carries, if they still hold for `profile`."""
    if not detected or detected.get("version") != DETECTION_VERSION:
        return None
    if detected.get("profile") != profile_fingerprint(profile):
        return None
    layout = SpendLayout(detected["header_index"], dict(detected["columns"]),
                         detected["amount_basis"], list(detected["unmapped"]),
                         dict(detected["evidence"]), list(detected["names"]))
    return SpendDetection(layout, list(detected["date_formats"]), detected["rows_sampled"])


def profile_fingerprint(profile: CouncilProfile) -> str:
    """A digest of what in a profile steers detection (the rest, e.g. its name, does not)."""
    steers = {"header_row": profile.header_row, "sheet": profile.sheet,
              "date_format": profile.date_format, "columns": profile.columns}
    return hashlib.sha256(json.dumps(steers, sort_keys=True).encode()).hexdigest()[:16]
