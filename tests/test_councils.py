"""Every UK local authority is known out of the box; a profile is an optional override."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sources.spend.profiles import (
    AmbiguousCouncil,
    BadProfile,
    UnknownCouncil,
    get_profile,
    load_profiles,
    profile_problems,
)
from sources.spend.register import authorities


@pytest.mark.parametrize("named", ["manchester", "Manchester", "MAN", "man", "E08000003",
                                   "GB-LAE-MAN", "Manchester City Council"])
def test_a_council_is_known_by_its_slug_code_gss_code_or_org_id(home, named):
    profile = get_profile(named)
    assert (profile.slug, profile.name, profile.org_id, profile.gss_code) == (
        "manchester", "Manchester City Council", "GB-LAE-MAN", "E08000003")
    assert profile.source == "register"


@pytest.mark.parametrize("named, slug", [
    ("newcastle-upon-tyne", "newcastle-upon-tyne"), ("north-tyneside", "north-tyneside"),
    ("bradford", "bradford"), ("NET", "newcastle-upon-tyne"), ("west sussex", "west-sussex"),
    ("wakefield", "wakefield"), ("sheffield", "sheffield"),
])
def test_councils_without_a_profile(home, named, slug):
    assert get_profile(named).slug == slug


def test_the_register_holds_every_uk_authority_current_and_abolished():
    every = authorities().values()
    english = [a for a in every if a.nation == "England"]
    assert len(english) == 380 and sum(a.current for a in english) == 332
    assert {a.nation for a in every} == {"England", "Scotland", "Wales", "Northern Ireland"}
    assert len({a.slug for a in every}) == len(list(every))  # one slug each


def test_an_abolished_council_is_still_known(home):
    harrogate = get_profile("harrogate")
    assert harrogate.ended == "2023-04-01" and harrogate.register_code == "HAG"
    # Its successor and the county it replaced both keep a name of their own.
    assert get_profile("north-yorkshire").register_code == "NYE"
    assert get_profile("NYK").slug == "north-yorkshire-county-council"


def test_an_ambiguous_name_is_refused_with_the_candidates(home):
    with pytest.raises(AmbiguousCouncil) as refused:
        get_profile("newcastle")
    message = str(refused.value)
    assert "newcastle-upon-tyne: Newcastle City Council (NET" in message
    assert "newcastle-under-lyme: Newcastle-under-Lyme Borough Council (NEC" in message


def test_an_unknown_name_says_how_to_add_a_body_that_is_not_a_council(home):
    with pytest.raises(UnknownCouncil) as refused:
        get_profile("tfl")
    assert "config/councils/tfl.yaml" in str(refused.value) and "name:" in str(refused.value)


def test_a_name_only_profile_makes_any_public_body_known(home):
    (home.config / "councils" / "tfl.yaml").write_text("name: Transport for London\n")
    profile = get_profile("tfl")
    assert (profile.slug, profile.name, profile.org_id) == ("tfl", "Transport for London", None)


def test_a_profile_named_after_a_council_adds_to_the_register(home):
    (home.config / "councils" / "bradford.yaml").write_text(
        "name: Bradford Council\nlocal_postcode_areas: [BD]\ncadence: quarterly\n")
    profile = get_profile("BRD")
    assert (profile.name, profile.local_postcode_areas, profile.cadence) == (
        "Bradford Council", ("BD",), "quarterly")
    assert (profile.org_id, profile.gss_code) == ("GB-LAE-BRD", "E08000032")  # from the register


def test_a_council_in_the_register_needs_no_name_in_its_profile(home):
    # A profile that only says where the council publishes: the register names the council.
    (home.config / "councils" / "wakefield.yaml").write_text(
        "source: https://example.org/spend/{yyyy}-{mm}.csv\n")
    profile = get_profile("wakefield")
    assert (profile.name, profile.org_id) == ("Wakefield Metropolitan District Council",
                                              "GB-LAE-WKF")
    assert profile.portal is not None
    # A body the register does not know still needs its name.
    (home.config / "councils" / "my-trust.yaml").write_text("cadence: monthly\n")
    with pytest.raises(BadProfile, match="not a council in the register needs at least"):
        get_profile("my-trust")


def test_a_badly_named_profile_stops_only_its_own_council(home):
    folder = home.config / "councils"
    (folder / "West Sussex.yaml").write_text("name: West Sussex County Council\n")
    (folder / "kent.yaml").write_text("name: [unclosed\n")
    # Every other council, with or without a profile, is unaffected.
    assert get_profile("oldham").name == "Oldham Council"
    assert get_profile("bradford").slug == "bradford"
    assert "oldham" in load_profiles()
    # The council the file was meant for is told what is wrong with it.
    with pytest.raises(BadProfile, match=r"rename it west-sussex\.yaml"):
        get_profile("west-sussex")
    with pytest.raises(BadProfile, match="not valid YAML"):
        get_profile("kent")
    assert len(profile_problems()) == 2


def test_an_unknown_or_ambiguous_council_is_one_line_on_the_command_line(home, tmp_path):
    from socialvalue.cli import app

    path = tmp_path / "spend.csv"
    path.write_text("Payment Date,Supplier,Amount\n01/04/2024,Acme Ltd,10.00\n")
    out = CliRunner().invoke(app, ["ingest", "spend", str(path), "--council", "newcastle"])
    assert out.exit_code == 1
    assert "could be any of 3 authorities" in out.output and "Traceback" not in out.output
    out = CliRunner().invoke(app, ["ingest", "spend", str(path), "--council", "atlantis"])
    assert out.exit_code == 1 and "not the name or code of a UK local authority" in out.output


def test_councils_with_data_are_watched_and_an_abolished_one_owes_nothing_after_it_ended(
        home, tmp_path):
    import datetime as dt

    from pipelines.assets.health import council_cadences
    from tests.spend_files import load, write_csv
    from warehouse.connection import writer
    from warehouse.health import feed_health

    path = write_csv(tmp_path, "harrogate-2023-03.csv", [
        "Payment Date,Supplier Name,Net Amount", "15/03/2023,Nidd Valley CIC,900.00"])
    assert load(home, path, "harrogate").status == "loaded"
    with writer(home.warehouse) as con:
        watched = {c["council"]: c for c in council_cadences(con)}
        feeds = {f["scope"]: f for f in feed_health(con, list(watched.values()),
                                                     dt.date(2026, 11, 23))
                 if f["dataset"] == "spend"}
    # The sample councils' profiles and the council with data; not the whole register.
    assert set(watched) == {"croydon", "harrogate", "leicestershire", "oldham", "plymouth"}
    assert watched["harrogate"]["name"] == "Harrogate Borough Council"
    assert (feeds["harrogate"]["due_period"], feeds["harrogate"]["on_time"]) == ("2023-03", True)
