-- marts.feed_health: one row per feed (a council's spend, a partnership's outcome returns, each
-- register): the last file and successful load, the latest period loaded and the one now due, the
-- share of rows quarantined and why (JSON), and any file refused; for spend collected from a
-- council's portal, the latest period the portal has published and when it was last checked.
-- Written from `_feeds`, the rows warehouse/health.py works out (deadlines need the calendar).
create or replace table marts.feed_health as
select dataset, scope, status, last_file, last_success_at, latest_period, due_period,
       next_deadline, on_time, rows_read, rows_quarantined, quarantine_rate, quarantine_reasons,
       files_refused, last_refusal, latest_period_at_source, source_checked_at
from _feeds
