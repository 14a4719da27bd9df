"""The bundled sample data and the generator that writes it.

`data/` is the sample itself: four council-VCSE partnerships, a year of council spend in four
publishing styles with planted faults, outcome returns, a catalogue, evidence, grants and
organisation registers, all illustrative (README.md). `python -m samples.generate` rewrites it,
byte for byte, from the literal tables in `tables/` and the modules beside this one.

The generator imports nothing else of the project: the runtime reads the files it wrote, never
the generator.
"""

from pathlib import Path

# The sample data as written (what `socialvalue demo` and the tests load).
DATA = Path(__file__).resolve().parent / "data"
