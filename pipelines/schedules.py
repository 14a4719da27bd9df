"""Schedules: the monthly and quarterly rhythm of publication checks."""

import dagster as dg

from pipelines.jobs import check_feeds, collect_spend

# Councils publish spend within a month of each month's end: on the 2nd, last month's file
# should be in.
monthly_spend_check = dg.ScheduleDefinition(
    name="monthly_spend_publication_check", job=check_feeds, cron_schedule="0 7 2 * *",
    execution_timezone="Europe/London", default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Each month: which councils' spend files for last month are late or refused.")

# Outcome returns are due 30 days after each financial-year quarter (June, September,
# December, March) ends: check on the 1st of the month after the deadline month.
quarterly_outcomes_check = dg.ScheduleDefinition(
    name="quarterly_outcome_returns_check", job=check_feeds, cron_schedule="0 7 1 2,5,8,11 *",
    execution_timezone="Europe/London", default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Each quarter: which partnerships' outcome returns are late or refused.")

# Councils publish each month's file on no fixed day: ask their portals every morning. A file
# already received costs one conditional request (answered 304 Not Modified) or none at all.
daily_spend_collection = dg.ScheduleDefinition(
    name="daily_spend_collection", job=collect_spend, cron_schedule="0 6 * * *",
    execution_timezone="Europe/London", default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Each morning: fetch new spend files from the portals named in council "
                "profiles (`source:`); the load_collected_spend sensor loads them.")

schedules = [monthly_spend_check, quarterly_outcomes_check, daily_spend_collection]
