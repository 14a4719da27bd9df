"""Shared basics: where the data folder is, facts about a file, periods, DuckDB helpers, typed
cells, limits and progress. Imports nothing else of the project."""
