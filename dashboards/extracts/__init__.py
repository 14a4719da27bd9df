"""Funder impact extracts: what a funder downloads to report on what it funds.

For a selection (`spec.py`: partnerships, financial years, a funder's grants) an extract holds the
social value accounts, outcomes against targets, spend and grant inputs, SROI and cost per
outcome and imperative compliance (`tables.py`, defined column by column in `dictionary.py`),
with counts of people suppressed (`suppression.py`) and spreadsheet text made inert
(`safety.py`), as CSV, Parquet and one XLSX workbook (`csv_files.py`, `parquet_files.py`,
`workbook.py`), a method note (`method.py`), a Frictionless data package (`datapackage.py`) and
the grants in the 360Giving standard (`giving360.py`). `build.py` puts one extract together and
in place; `publish.py` the standard extract of every partnership, for the site. No Dagster here:
`pipelines/assets/extracts.py` and `socialvalue extract` are thin wrappers.
"""
