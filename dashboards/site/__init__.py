"""The commissioners' dashboards: a static site built from the warehouse marts.

Pages (comparison, one per partnership, spend per council, data quality, method) are plain
HTML files with their data embedded, Plotly charts drawn by one local copy of plotly.js, and a
table view and text summary beside every chart, so the site works from a shared drive
(`file://`) as well as from a web server, with no network at all. Counts of people pass through
small-number suppression (`dashboards.site.people`) before any page sees them.

Dagster-free: `pipelines/assets/site.py` calls `publish.publish_site`.
"""
