"""Collecting spend files from councils' portals, against a real HTTP server on 127.0.0.1.

The portal (tests/portal_server.py) serves a CKAN `package_show` API, a page of links and
addresses that follow a pattern by month, with real files as payloads: Wakefield Council's
lines split into monthly files, and Harrogate Borough Council's August 2022 file
(tests/fixtures/real-spend/, OGL v3.0). Collections run through the same `collect_spend` and
`ingest_spend` Dagster jobs as the command line and the UI.
"""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg
import pytest
from typer.testing import CliRunner

from basics.duck import records
from pipelines.intake.collect import collect_and_load, collect_spend
from socialvalue.cli import app
from sources.landing import landed_files
from sources.portals.http import Politeness
from tests.portal_server import Portal, ckan_package, links_page, running_portal
from warehouse.connection import read_only

FIXTURES = Path(__file__).parent / "fixtures" / "real-spend"
WAKEFIELD = FIXTURES / "wakefield"
HARROGATE = FIXTURES / "harrogate"
FAST = Politeness(timeout=2, attempts=3, backoff=0.01, pause=0)
CKAN_API = "/api/3/action/package_show?id=wakefield-council-spend-over-500-pounds"
MONTH_NAMES = {"2022-01": "January", "2022-02": "February", "2022-03": "March"}


@pytest.fixture
def portal(monkeypatch):
    # The portal is on this machine: a proxy set for the outside world must not be asked.
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    with running_portal() as p:
        yield p


@pytest.fixture
def quick(home):
    """Collections by the command line and Dagster ask without pauses (the defaults wait a
    second between requests to one host, and seconds before a retry)."""
    (home.config / "collect.yaml").write_text(
        "timeout_seconds: 2\nattempts: 3\nbackoff_seconds: 0.01\npause_seconds: 0\n")
    return home


def profile(home, slug: str, source: str, extra: str = "") -> None:
    (home.config / "councils" / f"{slug}.yaml").write_text(
        f"name: {slug.title()} Council\n{extra}source:\n{source}", encoding="utf-8")


# Wakefield's lines carry two dates; the payment date is the one each line's month is of.
PAYMENT_DATE = "columns:\n  date: Payment Date\n"


def wakefield_profile(home, source: str) -> None:
    profile(home, "wakefield", source, extra=PAYMENT_DATE)


class Publisher:
    """A Wakefield portal of one kind: publishes monthly files the way that kind does."""

    def __init__(self, portal: Portal, kind: str):
        self.portal, self.kind, self.months = portal, kind, []

    def source(self) -> str:
        if self.kind == "ckan":
            return f"  kind: ckan\n  url: {self.portal.url(CKAN_API)}\n"
        if self.kind == "links":
            return f"  kind: links\n  url: {self.portal.url('/council/spending')}\n"
        return (f"  kind: pattern\n  url: {self.portal.url('/spend/{yyyy}/spend-{mm}.csv')}\n"
                "  from: 2022-01\n  to: 2022-03\n")

    def path(self, month: str) -> str:
        if self.kind == "pattern":
            return f"/spend/{month[:4]}/spend-{month[5:]}.csv"
        return f"/download/wakefield-spend-{month}.csv"

    def publish(self, month: str) -> None:
        self.portal.publish(self.path(month), (WAKEFIELD / f"{month}.csv").read_bytes())
        self.months += [] if month in self.months else [month]
        if self.kind == "ckan":
            resources = [(f"Spend over £500 {MONTH_NAMES[m]} 2022", "CSV", self.path(m))
                         for m in self.months]
            resources.append(("About this data", "PDF", "/download/about.pdf"))
            self.portal.publish_json(CKAN_API, ckan_package(self.portal, resources))
        elif self.kind == "links":
            self.portal.publish("/council/spending", links_page(self.portal, [
                (f"{MONTH_NAMES[m]} 2022 (CSV)", self.path(m)) for m in self.months]),
                content_type="text/html")


def loads(home, status: str | None = None) -> list[dict]:
    with read_only(home.warehouse) as con:
        return records(con, "select * from meta.loads where dataset = 'spend' and "
                            "($1 is null or status = $1) order by started_at", [status])


def loaded_months(home, council: str) -> dict[str, int]:
    with read_only(home.warehouse) as con:
        return dict(con.execute(
            "select period_key, count(*) from staging.council_spend where council = ? "
            "group by all order by 1", [council]).fetchall())


def lines_in(month: str) -> int:
    return len((WAKEFIELD / f"{month}.csv").read_text(encoding="utf-8").splitlines()) - 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ckan", "links", "pattern"])
def test_first_collection_loads_every_month_the_next_asks_only_conditionally_and_a_new_month_loads(
        quick, portal, kind):
    site = Publisher(portal, kind)
    site.publish("2022-01")
    site.publish("2022-02")
    wakefield_profile(quick, site.source())

    first = collect_and_load(["wakefield"])
    assert sorted(r["periods"][0] for r in first["files"]) == ["2022-01", "2022-02"]
    assert {r["status"] for r in first["files"]} == {"loaded"}
    for r in first["files"]:
        month = r["periods"][0]
        assert r["rows_read"] == lines_in(month) == r["rows_loaded"] + r["rows_quarantined"]
        assert r["path"] == portal.url(site.path(month))   # lineage: the address
    held = loaded_months(quick, "wakefield")
    assert set(held) == {"2022-01", "2022-02"}
    assert sum(held.values()) == sum(r["rows_loaded"] for r in first["files"])
    with read_only(quick.warehouse) as con:
        lineage = records(con, "select source_path, file_name from meta.loads where status = "
                               "'loaded' order by file_name")
    assert [r["source_path"] for r in lineage] == [portal.url(site.path(m))
                                                   for m in ("2022-01", "2022-02")]
    manifests = landed_files("spend", "wakefield")
    assert {m.url for m in manifests} == {portal.url(site.path(m)) for m in ("2022-01",
                                                                              "2022-02")}
    assert all(m.fetched_at and m.landed_at >= m.fetched_at for m in manifests)
    asked = portal.take_requests()
    assert sorted(r.path for r in asked if r.status == 200 and r.path.endswith(".csv")) == \
        sorted(site.path(m) for m in ("2022-01", "2022-02"))
    assert not any(r.path.endswith(".pdf") for r in asked)  # not a spreadsheet: not asked for
    assert all("socialvalue/" in r.headers["user-agent"] for r in asked)

    second = collect_and_load(["wakefield"])
    assert second["files"] == []
    asked = portal.take_requests()
    assert asked, "the portal was asked whether anything changed"
    for r in asked:
        # Every file and listing already received is asked about conditionally and answered
        # 304 without a body; the pattern's month not yet published is asked for and not there.
        assert (r.conditional and r.status == 304 and r.body_bytes == 0) or (
            kind == "pattern" and r.path == site.path("2022-03") and r.status == 404), r
    assert {f["outcome"] for f in second["fetches"] if f["role"] == "file"} == (
        {"unchanged", "not_published"} if kind == "pattern" else {"unchanged"})

    site.publish("2022-03")
    third = collect_and_load(["wakefield"])
    assert [(r["periods"], r["status"]) for r in third["files"]] == [(["2022-03"], "loaded")]
    bodies = [r for r in portal.take_requests() if r.status == 200]
    assert [r.path for r in bodies if r.path.endswith(".csv")] == [site.path("2022-03")]
    assert set(loaded_months(quick, "wakefield")) == {"2022-01", "2022-02", "2022-03"}
    assert len(loads(quick, "loaded")) == 3  # January and February were not loaded again


def test_the_command_line_collects_and_says_what_it_asked_for(quick, portal):
    site = Publisher(portal, "ckan")
    site.publish("2022-01")
    portal.publish("/download/gone.csv", b"")
    del portal.routes["/download/gone.csv"]       # listed, but not there
    package = ckan_package(portal, [("Spend over £500 January 2022", "CSV", site.path("2022-01")),
                                    ("Spend over £500 February 2022", "CSV",
                                     "/download/gone.csv")])
    portal.publish_json(CKAN_API, package)
    wakefield_profile(quick, site.source())
    result = CliRunner().invoke(app, ["collect", "spend", "--council", "wakefield", "--json"])
    assert result.exit_code == 1, result.output          # something was refused
    out = json.loads(result.stdout)
    by_url = {f["url"]: f for f in out["fetches"]}
    assert by_url[portal.url("/download/gone.csv")]["outcome"] == "refused"
    assert "HTTP 404" in by_url[portal.url("/download/gone.csv")]["message"]
    [loaded] = out["files"]
    assert loaded["status"] == "loaded" and loaded["periods"] == ["2022-01"]

    again = CliRunner().invoke(app, ["collect", "spend", "--council", "wakefield"])
    assert "unchanged" in again.stdout and "Nothing new to load" in again.stdout
    assert len(loads(quick, "refused")) == 1  # the same 404 is not recorded again


def test_a_council_without_a_source_is_one_clear_line(quick):
    (quick.config / "councils" / "gateshead.yaml").write_text("name: Gateshead Council\n")
    result = CliRunner().invoke(app, ["collect", "spend", "--council", "gateshead"])
    assert result.exit_code == 1
    assert "has no `source:`" in result.stderr and "Traceback" not in result.output


def test_harrogates_page_of_links_with_two_bodies_a_month(quick, portal):
    """Harrogate's page linked each month's file twice, one per body (the council's, Brimhams
    Active's), at addresses with no suffix: `match:` picks the council's."""
    page = [("2022 August supplier spend for Harrogate Borough Council CSV file",
             "/downloads/file/4587/2022-august-supplier-spend-for-harrogate-borough-council-csv-"
             "file"),
            ("2022 August supplier spend for Brimhams Active CSV file",
             "/downloads/file/4586/2022-august-supplier-spend-for-brimhams-active-csv-file"),
            ("Spending policy (PDF)", "/downloads/file/12/policy.pdf")]
    portal.publish("/downloads/download/198/expenditure", links_page(portal, page),
                   content_type="text/html")
    portal.publish(page[0][1], (HARROGATE / "2022-08.csv").read_bytes(),
                   content_type="application/octet-stream")
    # Brimhams Active's file: not collected, so any payload; a real file stands in for it.
    portal.publish(page[1][1], (WAKEFIELD / "2022-01.csv").read_bytes())
    profile(quick, "harrogate", f"  kind: links\n"
            f"  url: {portal.url('/downloads/download/198/expenditure')}\n"
            "  match: harrogate borough council\n")
    result = collect_and_load(["harrogate"])
    [loaded] = result["files"]
    assert loaded["status"] == "loaded" and loaded["periods"] == ["2022-08"]
    assert loaded["rows_read"] == 1873 == loaded["rows_loaded"]
    assert [r.path for r in portal.take_requests() if r.path != page[0][1]] == [
        "/downloads/download/198/expenditure"]       # neither Brimhams' file nor the PDF


def test_a_second_file_for_a_month_is_refused_and_stays_refused(home, portal):
    """Two files for one month (two bodies' files, a CSV and its XLSX copy): the first is
    received, the second refused, at this collection and the next, never replacing the first."""
    portal.publish("/spend", links_page(portal, [("August 2022 (CSV)", "/a/2022-08.csv"),
                                                 ("August 2022, another body (CSV)",
                                                  "/b/2022-08-other.csv")]),
                   content_type="text/html")
    portal.publish("/a/2022-08.csv", (HARROGATE / "2022-08.csv").read_bytes())
    lines = (HARROGATE / "2022-08.csv").read_bytes().splitlines(keepends=True)
    portal.publish("/b/2022-08-other.csv", b"".join(lines[:40]))
    profile(home, "harrogate", f"  url: {portal.url('/spend')}\n")
    for _ in range(2):
        collect_spend(["harrogate"], politeness=FAST)
        assert [m.file.name.split("-", 1)[1] for m in landed_files("spend", "harrogate")] == [
            "2022-08.csv"]
    assert len(loads(home, "refused")) == 1
    message = loads(home, "refused")[0]["message"]
    assert f"as does 2022-08.csv from {portal.url('/a/2022-08.csv')}" in message
    assert "match:" in message


def test_a_corrected_file_at_a_new_address_replaces_the_month_once_the_old_one_goes(
        home, portal):
    site = Publisher(portal, "ckan")
    site.publish("2022-01")
    wakefield_profile(home, site.source())
    collect_spend(["wakefield"], politeness=FAST)
    # The council uploads a corrected January as a new resource and removes the old one.
    corrected = (WAKEFIELD / "2022-01.csv").read_bytes().splitlines(keepends=True)[:-1]
    portal.publish("/download/wakefield-spend-2022-01-v2.csv", b"".join(corrected))
    portal.publish_json(CKAN_API, ckan_package(portal, [
        ("Spend over £500 January 2022 (corrected)", "CSV",
         "/download/wakefield-spend-2022-01-v2.csv")]))
    [c] = collect_spend(["wakefield"], politeness=FAST)
    assert [(m.periods, m.url) for m in c.landed] == [
        (["2022-01"], portal.url("/download/wakefield-spend-2022-01-v2.csv"))]


# Refusals: each a clear reason on the data quality page (meta.loads), nothing landed or loaded


def refusal_of(home, portal, source: str, council: str = "wakefield",
               extra: str = PAYMENT_DATE) -> dict:
    profile(home, council, source, extra)
    [c] = collect_spend([council], politeness=FAST)
    assert not c.landed and not landed_files("spend", council)
    [refused] = loads(home, "refused")
    assert refused["scope"] == council and refused["rows_loaded"] == 0
    assert not loaded_months(home, council)
    return refused


def test_a_catalogue_that_changed_shape_is_refused(home, portal):
    portal.publish_json(CKAN_API, {"success": True, "result": {"name": "spend", "files": []}})
    refused = refusal_of(home, portal, f"  kind: ckan\n  url: {portal.url(CKAN_API)}\n")
    assert refused["source_path"] == portal.url(CKAN_API)
    assert "no list of resources" in refused["message"]


def test_a_catalogue_answering_with_a_web_page_is_refused(home, portal):
    portal.publish(CKAN_API, "<!DOCTYPE html><html><body>Maintenance</body></html>",
                   content_type="text/html")
    refused = refusal_of(home, portal, f"  kind: ckan\n  url: {portal.url(CKAN_API)}\n")
    assert "did not answer with CKAN's JSON (an HTML page)" in refused["message"]


def test_a_page_that_links_to_no_spreadsheet_any_more_is_refused(home, portal):
    portal.publish("/spending", links_page(portal, [("Our new transparency portal",
                                                     "/transparency")]),
                   content_type="text/html")
    refused = refusal_of(home, portal, f"  kind: links\n  url: {portal.url('/spending')}\n")
    assert "links to no CSV or XLSX file" in refused["message"]


def test_a_missing_file_is_refused_and_asked_for_again_next_time(home, portal):
    site = Publisher(portal, "links")
    site.publish("2022-01")
    del portal.routes[site.path("2022-01")]
    refused = refusal_of(home, portal, site.source())
    assert refused["message"].endswith("is not there (HTTP 404 Not Found)")
    assert refused["source_path"] == portal.url(site.path("2022-01"))
    portal.take_requests()
    site.publish("2022-01")                      # the council puts the file back
    [c] = collect_spend(["wakefield"], politeness=FAST)
    assert [m.periods for m in c.landed] == [["2022-01"]]


def test_a_redirect_to_a_login_page_is_refused(home, portal):
    portal.publish("/spending", links_page(portal, [("January 2022 (CSV)", "/files/jan.csv")]),
                   content_type="text/html")
    portal.redirect("/files/jan.csv", "/account/login?next=/files/jan.csv")
    portal.answer("/account/login?next=/files/jan.csv", 200,
                  "<html><body><form><input name=user><input type=password name=pw></form>"
                  "</body></html>")
    refused = refusal_of(home, portal, f"  url: {portal.url('/spending')}\n")
    assert "redirected to" in refused["message"] and "a login page" in refused["message"]


def test_an_html_error_page_saved_as_csv_is_refused_kept_and_not_fetched_again(home, portal):
    portal.publish("/spending", links_page(portal, [("January 2022 (CSV)", "/files/jan.csv")]),
                   content_type="text/html")
    portal.publish("/files/jan.csv", "<!DOCTYPE html>\n<html><head><title>Error</title></head>"
                   "<body>Sorry, something went wrong.</body></html>", content_type="text/csv")
    refused = refusal_of(home, portal, f"  url: {portal.url('/spending')}\n")
    assert refused["file_name"] == "jan.csv"
    assert "is a web page (HTML), not a spend file" in refused["message"]
    [kept] = (home.refused / "spend" / "wakefield").glob("*jan.csv")
    assert "Sorry, something went wrong" in kept.read_text()
    assert "was refused: nothing in it was loaded" in Path(f"{kept}.error.txt").read_text()
    portal.take_requests()
    collect_spend(["wakefield"], politeness=FAST)
    asked = {r.path: r for r in portal.take_requests()}
    assert asked["/files/jan.csv"].conditional and asked["/files/jan.csv"].status == 304
    assert len(loads(home, "refused")) == 1


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "streamed"])
def test_a_file_over_the_size_limit_is_refused_without_reading_past_it(home, portal, declared):
    portal.publish("/spending", links_page(portal, [("January 2022 (CSV)", "/files/jan.csv")]),
                   content_type="text/html")
    portal.publish("/files/jan.csv", (WAKEFIELD / "2022-01.csv").read_bytes(), length=declared)
    refused = refusal_of(home, portal, f"  url: {portal.url('/spending')}\n  max_mb: 0.01\n")
    assert "larger than the limit of 10 KB" in refused["message"]
    assert not list((home.tmp / "collect").rglob("*.csv"))


def test_a_busy_portal_is_asked_again_after_a_pause(home, portal):
    site = Publisher(portal, "links")
    site.publish("2022-01")
    portal.routes[site.path("2022-01")].fail_first = 2            # 503 twice, then the file
    wakefield_profile(home, site.source())
    [c] = collect_spend(["wakefield"], politeness=FAST)
    assert [m.periods for m in c.landed] == [["2022-01"]]
    assert [r.status for r in portal.take_requests() if r.path == site.path("2022-01")] == [
        503, 503, 200]


def test_a_portal_that_stays_down_is_refused_after_its_tries(home, portal):
    site = Publisher(portal, "links")
    site.publish("2022-01")
    portal.routes[site.path("2022-01")].fail_first = 10
    refused = refusal_of(home, portal, site.source())
    assert "answered HTTP 503 (Service Unavailable) (tried 3 times)" in refused["message"]


def test_a_portal_that_does_not_answer_in_time_is_refused(home, portal):
    site = Publisher(portal, "links")
    site.publish("2022-01")
    portal.routes[site.path("2022-01")].delay = 1.5
    wakefield_profile(home, site.source())
    slow = Politeness(timeout=0.5, attempts=2, backoff=0.01, pause=0)
    [c] = collect_spend(["wakefield"], politeness=slow)
    [refused] = c.refused
    assert refused.message.endswith("did not answer within 0.5 s (tried 2 times)")
    assert not c.landed


def test_a_redirect_off_the_web_is_refused(home, portal):
    portal.publish("/spending", links_page(portal, [("January 2022 (CSV)", "/files/jan.csv")]),
                   content_type="text/html")
    portal.redirect("/files/jan.csv", "file:///etc/passwd")
    refused = refusal_of(home, portal, f"  url: {portal.url('/spending')}\n")
    assert "file:///etc/passwd is not an http(s) address" in refused["message"]


def test_a_file_refused_for_its_profile_is_received_once_the_profile_is_put_right(home, portal):
    """A profile naming a header the file does not have: the file is refused at the door and
    kept. Once the profile is put right, the next collection receives it from the copy kept,
    without fetching it again."""
    site = Publisher(portal, "links")
    site.publish("2022-01")
    refused = refusal_of(home, portal, site.source(), extra="columns:\n  date: Date Paid\n")
    assert "maps date to 'Date Paid'" in refused["message"]
    assert refused["source_path"] == portal.url(site.path("2022-01"))
    portal.take_requests()
    wakefield_profile(home, site.source())
    [c] = collect_spend(["wakefield"], politeness=FAST)
    assert [m.periods for m in c.landed] == [["2022-01"]]
    assert [(r.conditional, r.status) for r in portal.take_requests()
            if r.path == site.path("2022-01")] == [(True, 304)]


@pytest.mark.parametrize("source, complaint", [
    ("  url: ftp://example.gov.uk/spend.csv\n", "must be an http:// or https:// address"),
    ("  url: file:///etc/passwd\n", "must be an http:// or https:// address"),
    ("  kind: pattern\n  url: https://example.gov.uk/spend.csv\n", "needs the period in it"),
    ("  url: https://example.gov.uk/spend-{yyyy}-{week}.csv\n", "unknown placeholders"),
    ("  url: https://example.gov.uk/spend\n  format: csv\n", "unknown keys ['format']"),
    ("  kind: ckan\n  url: https://example.gov.uk/spend\n", "not a CKAN dataset address"),
    ("  url: https://example.gov.uk/spend\n  match: '(unclosed'\n", "not a valid regular"),
    ("  url: https://example.gov.uk/{yyyy}-{mm}.csv\n  from: April\n", "must be a month"),
])
def test_a_source_that_cannot_be_used_is_refused_with_what_to_write(quick, source, complaint):
    profile(quick, "wakefield", source)
    result = CliRunner().invoke(app, ["collect", "spend", "--council", "wakefield"])
    assert result.exit_code == 1 and complaint in result.stderr, result.output
    assert "wakefield.yaml" in result.stderr


def test_a_ckan_dataset_page_is_read_through_its_api(home):
    from sources.spend.profiles import get_profile

    profile(home, "wakefield", "  https://datamillnorth.org/dataset/wakefield-spend\n".replace(
        "  https", "  url: https"))
    assert get_profile("wakefield").portal.url == (
        "https://datamillnorth.org/api/3/action/package_show?id=wakefield-spend")
    assert get_profile("wakefield").portal.kind == "ckan"


# Dagster: the daily schedule's job collects, the sensor loads what it received


@pytest.mark.slow
def test_the_collect_job_and_sensor_load_what_the_portal_published(quick, portal):
    from pipelines.definitions import defs
    from pipelines.launch import dagster_instance, run_job
    from pipelines.sensors import load_collected_spend

    site = Publisher(portal, "pattern")
    site.publish("2022-01")
    site.publish("2022-02")
    wakefield_profile(quick, site.source())
    schedule = defs.get_repository_def().get_schedule_def("daily_spend_collection")
    assert schedule.job_name == "collect_spend" and schedule.cron_schedule == "0 6 * * *"
    with dagster_instance() as instance:
        run = defs.resolve_job_def("collect_spend").execute_in_process(instance=instance)
        assert run.success
        assert instance.has_dynamic_partition("council", "wakefield")
        event = instance.get_records_for_run(run.run_id).records[-1].event_log_entry
        context = dg.build_run_status_sensor_context(
            sensor_name="load_collected_spend", dagster_instance=instance,
            dagster_run=instance.get_run_by_id(run.run_id),
            dagster_event=event.dagster_event)
        requests = load_collected_spend(context)
    assert [(r.tags["dagster/asset_partition_range_start"],
             r.tags["dagster/asset_partition_range_end"]) for r in requests] == [
        ("wakefield|2022-01", "wakefield|2022-01"), ("wakefield|2022-02", "wakefield|2022-02")]
    assert {r.tags["socialvalue/council"] for r in requests} == {"wakefield"}
    assert not loaded_months(quick, "wakefield")        # received, not loaded yet
    for r in requests:
        start, end = (r.tags["dagster/asset_partition_range_start"],
                      r.tags["dagster/asset_partition_range_end"])
        assert run_job("ingest_spend", partition_range=(start, end)).success
    assert set(loaded_months(quick, "wakefield")) == {"2022-01", "2022-02"}


# Feed health: late at source, or collected but not loaded


def test_feed_health_tells_late_at_source_from_collected_but_not_loaded(home, portal):
    import datetime as dt

    from pipelines.assets.health import council_cadences
    from pipelines.intake import run_spend_months
    from warehouse.connection import writer
    from warehouse.health import feed_health

    site = Publisher(portal, "pattern")
    site.publish("2022-01")
    site.publish("2022-02")
    wakefield_profile(home, site.source())
    collect_spend(["wakefield"], politeness=FAST)          # received, not loaded
    with writer(home.warehouse) as con:
        [councils] = [c for c in council_cadences(con) if c["council"] == "wakefield"]
    assert councils["collected"] is True

    def status(today: dt.date, collected: bool = True) -> dict:
        with writer(home.warehouse) as con:
            [feed] = [f for f in feed_health(con, [{**councils, "collected": collected}], today)
                      if f["dataset"] == "spend"]
        return feed

    # On 10 April 2022, February's file is due (30 days after the month): it was collected.
    early = status(dt.date(2022, 4, 10))
    assert (early["status"], early["due_period"], early["latest_period"]) == (
        "collected, not loaded", "2022-02", None)
    assert early["latest_period_at_source"] == "2022-02"
    assert all(o.success for o in run_spend_months("wakefield", ["2022-01", "2022-02"]))
    assert status(dt.date(2022, 4, 10))["status"] == "ok"
    # On 10 May, March is due; the portal, checked since, has not published it.
    late = status(dt.date(2022, 5, 10))
    assert (late["status"], late["due_period"], late["latest_period"],
            late["latest_period_at_source"]) == ("late at source", "2022-03", "2022-02",
                                                 "2022-02")
    assert late["source_checked_at"] is not None
    # A council not collected from a portal is just late: nobody asked its portal.
    assert status(dt.date(2022, 5, 10), collected=False)["status"] == "late"
    # Once the portal publishes March and it is collected, it is collected but not loaded.
    site.publish("2022-03")
    collect_spend(["wakefield"], politeness=FAST)
    assert status(dt.date(2022, 5, 10))["status"] == "collected, not loaded"


def test_the_data_quality_page_lists_what_a_collection_refused(home, portal):
    from dashboards.site.publish import publish_site

    portal.publish("/spending", links_page(portal, [("January 2022 (CSV)", "/files/jan.csv")]),
                   content_type="text/html")
    portal.answer("/files/jan.csv", 200, "<html><body>Page not found</body></html>")
    refusal_of(home, portal, f"  url: {portal.url('/spending')}\n")
    with read_only(home.warehouse) as con:
        publish_site(con, home.config, home.site)
    page = (home.site / "quality.html").read_text(encoding="utf-8")
    assert "jan.csv" in page
    # The page says what kind of refusal it was; the message itself stays with the analyst.
    assert "the portal sent a web page or document, not a spend file" in page


def test_a_broken_workbook_is_refused_with_the_readers_reason(home, portal):
    portal.publish("/spending", links_page(portal, [("January 2022 (XLSX)", "/files/jan")]),
                   content_type="text/html")
    portal.publish("/files/jan", b"PK\x03\x04" + b"not really a workbook" * 40,
                   content_type="application/octet-stream")
    refused = refusal_of(home, portal, f"  url: {portal.url('/spending')}\n")
    assert refused["file_name"] == "jan.xlsx"        # named for what its bytes say it is
    assert "not a readable Excel workbook" in refused["message"]
    assert refused["message"].endswith(f"(fetched from {portal.url('/files/jan')})")


def test_the_user_agent_names_the_project_and_the_contact_given(quick, portal):
    (quick.config / "collect.yaml").write_text(
        "contact: https://data.example-council.gov.uk/open-data\npause_seconds: 0\n")
    site = Publisher(portal, "links")
    site.publish("2022-01")
    wakefield_profile(quick, site.source())
    collect_spend(["wakefield"])
    agents = {r.headers["user-agent"] for r in portal.take_requests()}
    [agent] = agents
    assert agent.startswith("socialvalue/")
    assert "+https://data.example-council.gov.uk/open-data" in agent
    (quick.config / "collect.yaml").write_text("contact: \"me\\r\\nX-Evil: 1\"\n")
    result = CliRunner().invoke(app, ["collect", "spend"])
    assert result.exit_code == 1 and "must be one line of plain text" in result.stderr
