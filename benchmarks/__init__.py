"""Benchmarks of the ingest path: see benchmarks/ingest.py and benchmarks/RESULTS.md."""
