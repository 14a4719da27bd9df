"""Plotly figures for the pages: pure functions from a publishable frame (counts already
suppressed) to a figure.

Conventions every figure keeps:
- colours from the Okabe-Ito palette (safe for the common colour-vision deficiencies), and
  status shown by pattern and label as well as colour;
- every string from the data escaped for Plotly (`plotly_text`);
- a suppressed value is never drawn as a bar: a "c" marker stands in its place, so it cannot be
  mistaken for a true zero;
- data as plain lists, so the page's filters can pick points out: a trace whose points belong
  to different partnerships or years carries `customdata` rows starting [partnership, year] and
  `meta.arrays` naming the per-point arrays; a trace that belongs to one partnership or year
  says so in `meta`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboards.site.formatting import (
    blank,
    humanise,
    money,
    number,
    plotly_text,
    quarter_label,
    ratio,
    share,
)

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
             "#000000"]
GREY = "#8C8C8C"
STATUS_STYLE = {  # colour, pattern: read without colour too
    "met": ("#0072B2", ""), "within ceiling": ("#56B4E9", ""),
    "below target": ("#D55E00", "x"), "over ceiling": ("#E69F00", "x"),
    "not met": ("#D55E00", "x"), "no evidence": (GREY, "."), "no target": (GREY, "."),
}
# Light fills under dark text for the grid of statuses (each cell also says its status).
MATRIX_STYLE = {"met": "#56B4E9", "not met": "#E69F00", "no evidence": "#DDDDDD"}
SUPPRESSED_HOVER = "c: suppressed (a small number of people)<extra></extra>"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": FONT, "size": 14, "color": "#1d1d1f"},
    paper_bgcolor="#ffffff", plot_bgcolor="#ffffff", colorway=OKABE_ITO,
    margin={"l": 10, "r": 20, "t": 30, "b": 10},
    hoverlabel={"font": {"family": FONT, "size": 13}},
    legend={"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
    xaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#999999", "automargin": True},
    yaxis={"gridcolor": "#e5e5e5", "zerolinecolor": "#999999", "automargin": True},
    separators=".,",
))


def colours(ids: Iterable[str]) -> dict[str, str]:
    """A fixed colour per partnership (or category), in the order given."""
    return {key: OKABE_ITO[i % len(OKABE_ITO)] for i, key in enumerate(ids)}


def as_list(values: Iterable) -> list:
    """Plain values for JSON (None for missing), not arrays Plotly would pack as binary."""
    out = []
    for v in values:
        if blank(v):
            out.append(None)
        elif hasattr(v, "item"):
            out.append(v.item())
        else:
            out.append(v)
    return out


def to_json(fig: go.Figure) -> dict:
    """The figure as the plain data the page embeds."""
    data = fig.to_plotly_json()
    return {"data": data["data"], "layout": data["layout"]}


def _pattern(shape: str) -> dict:
    """White hatching over the bar's own colour (plotly.js would otherwise replace the colour
    with the pattern on a transparent ground)."""
    return {"shape": shape, "fillmode": "overlay", "fgcolor": "#ffffff", "solidity": 0.3}


def _new(height: int = 420, **layout) -> go.Figure:
    fig = go.Figure()
    fig.update_layout(template=TEMPLATE, height=height, **layout)
    return fig


def _points(arrays: Sequence[str]) -> dict:
    return {"arrays": list(arrays)}


def _keys(frame: pd.DataFrame, partnership: str = "partnership_id",
          year: str | None = "financial_year") -> list[list]:
    years = frame[year] if year else [None] * len(frame)
    return [[p, y] for p, y in zip(frame[partnership], years, strict=True)]


def _labels(frame: pd.DataFrame, name: str, year: str = "financial_year") -> list[str]:
    """Row labels: the name, with the year when the frame spans several."""
    several = year in frame and frame[year].nunique() > 1
    return [plotly_text(f"{n} ({y})" if several else n)
            for n, y in zip(frame[name], frame[year] if year in frame else [None] * len(frame),
                            strict=True)]


def value_ranges(frame: pd.DataFrame, value: str, low: str, high: str, *, axis_title: str,
                 money_axis: bool = True, reference: float | None = None) -> go.Figure:
    """One dot per partnership-year at its central estimate, with a bar from the low to the high
    sensitivity case. Columns: partnership_id, partnership_name, financial_year, the three value
    columns, weakest_evidence_grade."""
    frame = frame.sort_values(value, ascending=True)
    fmt = money if money_axis else ratio
    centre, lo, hi = (frame[c].astype(float) for c in (value, low, high))
    custom = [[*k, fmt(c), fmt(a), fmt(b), plotly_text(g or "none")]
              for k, c, a, b, g in zip(_keys(frame), centre, lo, hi,
                                       frame["weakest_evidence_grade"], strict=True)]
    fig = _new(height=120 + 60 * len(frame))
    fig.add_trace(go.Scatter(
        x=as_list(centre), y=_labels(frame, "partnership_name"), mode="markers",
        marker={"size": 13, "color": OKABE_ITO[0], "symbol": "diamond"},
        error_x={"type": "data", "symmetric": False, "array": as_list(hi - centre),
                 "arrayminus": as_list(centre - lo), "thickness": 3, "width": 8,
                 "color": OKABE_ITO[0]},
        customdata=custom, name="central estimate (bar: cautious to generous)",
        hovertemplate="%{y}<br>central %{customdata[2]}<br>cautious %{customdata[3]}, generous "
                      "%{customdata[4]}<extra></extra>",
        meta=_points(["x", "y", "customdata", "error_x.array", "error_x.arrayminus"])))
    if reference is not None:
        fig.add_vline(x=reference, line_dash="dash", line_color=GREY,
                      annotation_text=f"{reference:g} : 1", annotation_position="bottom right")
    fig.update_xaxes(title_text=axis_title, tickprefix="£" if money_axis else "",
                     tickformat=",.0f" if money_axis else ".1f", rangemode="tozero")
    fig.update_layout(showlegend=True, meta={"labels_above": True})
    return fig


def in_time_order(fig: go.Figure, periods: Iterable[str], title: str | None = None) -> None:
    """Draw the x axis (every x axis of small multiples) as categories in time order. Plotly
    orders categories by first appearance across traces, so a trace that starts in July puts
    July before April: a fixed category array is the only order it keeps. Period labels
    (`2024-04`, `2024-25 Q1`) sort as text in time order."""
    order = sorted({p for p in periods if isinstance(p, str)})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=order)
    if title:
        fig.update_xaxes(title_text=title)


def _c_markers(x: list, y: list, keys: list[list], partnership: str | None = None,
               **trace) -> go.Scatter:
    """A "c" where a suppressed value would have been drawn."""
    trace.setdefault("textposition", "top center")
    trace.setdefault("hovertemplate", SUPPRESSED_HOVER)
    return go.Scatter(
        x=x, y=y, mode="text", text=["<b>c</b>"] * len(x),
        textfont={"size": 18, "color": "#1d1d1f"},
        name="c = suppressed", customdata=keys,
        showlegend=False, cliponaxis=False,
        meta={**({"partnership": partnership} if partnership else {}),
              **_points(["x", "y", "text", "customdata"])}, **trace)


def status_shares(frame: pd.DataFrame, statuses: Sequence[str], *, axis_title: str) -> go.Figure:
    """Stacked bars of how many lines (outcome lines, or imperative assessments) have each
    status, per partnership-year, as shares. Columns: partnership_id, partnership_name,
    financial_year, status, n, share."""
    order = frame.drop_duplicates(["partnership_id", "financial_year"])
    labels = dict(zip(zip(order["partnership_id"], order["financial_year"], strict=True),
                      _labels(order, "partnership_name"), strict=True))
    fig = _new(height=150 + 55 * len(order), barmode="stack")
    for status in statuses:
        rows = frame[frame["status"] == status]
        if rows.empty:
            continue
        colour, pattern = STATUS_STYLE.get(status, (GREY, ""))
        fig.add_trace(go.Bar(
            x=as_list(rows["share"]), orientation="h", name=plotly_text(status),
            y=[labels[(p, y)] for p, y in zip(rows["partnership_id"], rows["financial_year"],
                                              strict=True)],
            marker={"color": colour, "pattern": _pattern(pattern)},
            customdata=[[*k, int(n)] for k, n in zip(_keys(rows), rows["n"], strict=True)],
            hovertemplate="%{y}<br>" + plotly_text(status) + ": %{customdata[2]} "
                          "(%{x:.0%})<extra></extra>",
            meta=_points(["x", "y", "customdata"])))
    fig.update_xaxes(title_text=axis_title, tickformat=".0%", range=[0, 1])
    fig.update_yaxes(categoryorder="array", categoryarray=list(labels.values()))
    fig.update_layout(meta={"labels_above": True})
    return fig


def shares_over_time(frame: pd.DataFrame, names: dict[str, str], palette: dict[str, str], *,
                     axis_title: str) -> go.Figure:
    """A line per partnership of a share by quarter. Columns: partnership_id, financial_year,
    quarter_key, share, n, of."""
    fig = _new(height=400)
    for pid, rows in frame.groupby("partnership_id", sort=False):
        fig.add_trace(go.Scatter(
            x=[quarter_label(q) for q in rows["quarter_key"]], y=as_list(rows["share"]),
            mode="lines+markers", name=plotly_text(names.get(pid, pid)),
            line={"color": palette.get(pid), "width": 3}, marker={"size": 8},
            customdata=[[*k, int(n), int(o)] for k, n, o in zip(_keys(rows), rows["n"],
                                                                rows["of"], strict=True)],
            hovertemplate="%{x}: %{y:.0%} (%{customdata[2]} of %{customdata[3]})"
                          "<extra>%{fullData.name}</extra>",
            meta={"partnership": pid, **_points(["x", "y", "customdata"])}))
    fig.update_yaxes(title_text=axis_title, tickformat=".0%", range=[0, 1.05])
    in_time_order(fig, [quarter_label(q) for q in frame["quarter_key"]],
                  title="quarter (financial year)")
    return fig


def council_shares(frame: pd.DataFrame, measures: dict[str, str]) -> go.Figure:
    """Grouped bars per council-year of shares of its spend (VCSE, local, to its partnerships).
    Columns: council_name, financial_year, partnerships (list of ids), and one share column per
    key of `measures` (column -> label)."""
    fig = _new(height=160 + 70 * len(frame), barmode="group")
    keys = [[p, y] for p, y in zip(frame["partnerships"], frame["financial_year"], strict=True)]
    labels = _labels(frame, "council_name")
    for i, (column, label) in enumerate(measures.items()):
        fig.add_trace(go.Bar(
            x=as_list(frame[column]), y=labels, orientation="h", name=plotly_text(label),
            marker_color=OKABE_ITO[i], text=[share(v) for v in frame[column]],
            textposition="outside", cliponaxis=False,
            customdata=keys, hovertemplate="%{y}: %{text} " + plotly_text(label) +
                                           "<extra></extra>",
            meta=_points(["x", "y", "text", "customdata"])))
    fig.update_xaxes(title_text="share of the council's spend over £500", tickformat=".0%",
                     range=[0, 1])
    fig.update_layout(meta={"labels_above": True}, uniformtext={"mode": "hide", "minsize": 11})
    return fig


def locality_shares(frame: pd.DataFrame, categories: dict[str, str]) -> go.Figure:
    """100% stacked bars per council-year: spend with local suppliers, with suppliers that are
    not local, and with suppliers whose locality is unknown (grey, hatched: not a finding).
    Columns: council_name, financial_year, partnerships, and a share column per key of
    `categories` (`not local` read from `not_local`)."""
    fig = _new(height=160 + 60 * len(frame), barmode="stack")
    keys = [[p, y] for p, y in zip(frame["partnerships"], frame["financial_year"], strict=True)]
    labels = _labels(frame, "council_name")
    style = {"local": (OKABE_ITO[2], ""), "not local": (OKABE_ITO[1], ""),
             "unknown": ("#BBBBBB", "/")}
    for key, label in categories.items():
        column = key.replace(" ", "_")
        colour, pattern = style.get(key, (GREY, ""))
        fig.add_trace(go.Bar(
            x=as_list(frame[column]), y=labels, orientation="h", name=plotly_text(label),
            marker={"color": colour, "pattern": _pattern(pattern)},
            text=[share(v, 0) for v in frame[column]], textposition="inside",
            insidetextanchor="middle", textangle=0, customdata=keys,
            hovertemplate="%{y}: %{text} " + plotly_text(label.lower()) + "<extra></extra>",
            meta=_points(["x", "y", "text", "customdata"])))
    fig.update_xaxes(title_text="share of the council's spend over £500", tickformat=".0%",
                     range=[0, 1])
    fig.update_layout(meta={"labels_above": True}, uniformtext={"mode": "hide", "minsize": 11})
    return fig


def radar(frame: pd.DataFrame, names: dict[str, str], palette: dict[str, str],
          mean: bool = False) -> go.Figure:
    """Self-assessment scores (0-5) on each principle or corrective, one shape per
    partnership and period; with `mean`, the mean of every partnership as a dashed shape.
    Columns: partnership_id, period, item_code, item_title, score, item_mean_all_partnerships."""
    fig = _new(height=640)
    axis = None
    for (pid, period), rows in frame.groupby(["partnership_id", "period"], sort=False):
        theta = [_wrap(f"{c} {plotly_text(t)}") for c, t in zip(rows["item_code"],
                                                               rows["item_title"], strict=True)]
        axis = axis or theta
        name = plotly_text(f"{names.get(pid, pid)} ({period})")
        fig.add_trace(go.Scatterpolar(
            r=[*as_list(rows["score"]), as_list(rows["score"])[0]], theta=[*theta, theta[0]],
            name=name, mode="lines+markers", line={"color": palette.get(pid), "width": 3},
            hovertemplate="%{theta}: %{r} of 5<extra>%{fullData.name}</extra>",
            meta={"partnership": pid, "year": period}))
        if mean:
            means = as_list(rows["item_mean_all_partnerships"])
            fig.add_trace(go.Scatterpolar(
                r=[*means, means[0]], theta=[*theta, theta[0]], mode="lines",
                name=f"mean of all partnerships ({period})",
                line={"color": GREY, "dash": "dash", "width": 2},
                hovertemplate="%{theta}: mean %{r:.2f} of 5<extra></extra>",
                meta={"year": period}))
    fig.update_layout(polar={"radialaxis": {"range": [0, 5], "dtick": 1, "angle": 90,
                                            "tickangle": 90},
                             "angularaxis": {"direction": "clockwise", "rotation": 90}},
                      legend={"y": 0, "yanchor": "top"}, height=700,
                      margin={"l": 130, "r": 130, "t": 80, "b": 110})
    return fig


def _wrap(text: str, width: int = 22) -> str:
    """Break a long axis label over lines (text already escaped)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def measures_over_time(cells: pd.DataFrame) -> go.Figure:
    """Small multiples, one per measure: the quantity reported each quarter (bars) against the
    target (diamonds). Columns: measure_code, outcome, unit, quarter_key, financial_year,
    partnership_id, quantity, quantity_suppressed, target."""
    measures = cells.drop_duplicates("measure_code")
    n = max(len(measures), 1)
    fig = make_subplots(rows=n, cols=1, shared_xaxes=True, vertical_spacing=0.25 / n + 0.02,
                        subplot_titles=[plotly_text(f"{o} ({u})") for o, u in
                                        zip(measures["outcome"], measures["unit"], strict=True)])
    fig.update_layout(template=TEMPLATE, height=60 + 190 * n, barmode="group", showlegend=True)
    for i, code in enumerate(measures["measure_code"], start=1):
        rows = cells[cells["measure_code"] == code]
        shown, hidden = rows[~rows["quantity_suppressed"]], rows[rows["quantity_suppressed"]]
        fig.add_trace(go.Bar(
            x=[quarter_label(q) for q in shown["quarter_key"]], y=as_list(shown["quantity"]),
            name="reported", marker_color=OKABE_ITO[0], showlegend=i == 1, legendgroup="q",
            customdata=[[*k, number(v)] for k, v in zip(_keys(shown), shown["quantity"],
                                                       strict=True)],
            hovertemplate="%{x}: %{customdata[2]} reported<extra></extra>",
            meta=_points(["x", "y", "customdata"])), row=i, col=1)
        targets = rows[rows["target"].notna()]
        fig.add_trace(go.Scatter(
            x=[quarter_label(q) for q in targets["quarter_key"]], y=as_list(targets["target"]),
            mode="markers", name="target (a ceiling, for a harm)", showlegend=i == 1,
            legendgroup="t",
            marker={"symbol": "diamond-open", "size": 12, "color": OKABE_ITO[5],
                    "line": {"width": 2}},
            customdata=_keys(targets), hovertemplate="%{x}: target %{y:,}<extra></extra>",
            meta=_points(["x", "y", "customdata"])), row=i, col=1)
        if len(hidden):
            fig.add_trace(_c_markers([quarter_label(q) for q in hidden["quarter_key"]],
                                     [0] * len(hidden), _keys(hidden)), row=i, col=1)
        fig.update_yaxes(rangemode="tozero", row=i, col=1)
    in_time_order(fig, [quarter_label(q) for q in cells["quarter_key"]])
    return fig


def stacked_values(frame: pd.DataFrame, stack: str, *, x: str = "quarter_key",
                   axis_title: str) -> go.Figure:
    """Present value per quarter stacked by `stack` (a theme, a source of money); harms go
    below zero. Columns: x, stack, financial_year, partnership_id, value, value_suppressed,
    and optionally value_partial: a bar showing only the part of its quarter that can be
    published, drawn hatched and said so on hover."""
    fig = _new(height=420, barmode="relative")
    if "value_partial" not in frame:
        frame = frame.assign(value_partial=False)
    for i, (key, rows) in enumerate(frame.groupby(stack, sort=True)):
        shown, hidden = rows[~rows["value_suppressed"]], rows[rows["value_suppressed"]]
        partial = [bool(p) for p in shown["value_partial"]]
        said = [money(v) + (" shown; outcomes that would reveal a small count are left out"
                            if p else "") for v, p in zip(shown["value"], partial, strict=True)]
        fig.add_trace(go.Bar(
            x=[quarter_label(q) for q in shown[x]], y=as_list(shown["value"]),
            name=plotly_text(humanise(key)), marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            marker_pattern_shape=["/" if p else "" for p in partial],
            customdata=[[*k, s] for k, s in zip(_keys(shown), said, strict=True)],
            hovertemplate="%{x}: %{customdata[2]}<extra>%{fullData.name}</extra>",
            meta=_points(["x", "y", "customdata", "marker.pattern.shape"])))
        if len(hidden):
            # On top of the quarter's visible stack, where the hidden part would have gone.
            tops = frame[~frame["value_suppressed"]].groupby(x)["value"].apply(
                lambda v: float(v[v > 0].sum()))
            fig.add_trace(_c_markers([quarter_label(q) for q in hidden[x]],
                                     [tops.get(q, 0.0) for q in hidden[x]], _keys(hidden),
                                     hovertemplate=plotly_text(humanise(key)) + ": " +
                                     SUPPRESSED_HOVER))
    fig.update_yaxes(title_text=axis_title, tickprefix="£", tickformat=",.0f")
    in_time_order(fig, [quarter_label(q) for q in frame[x]], title="quarter (financial year)")
    return fig


def partner_contributions(frame: pd.DataFrame, axis_title: str) -> go.Figure:
    """Per partner: the money it received (council spend and grants, in the quarters reported)
    beside the present value of its outcomes (with the low-high range). Columns: partner_name,
    partnership_id, financial_year, inputs_gbp, present_value_gbp (+ low, high, _suppressed)."""
    frame = frame.sort_values("inputs_gbp")
    labels = _labels(frame, "partner_name")
    keys = _keys(frame)
    fig = _new(height=160 + 70 * len(frame), barmode="group")
    fig.add_trace(go.Bar(
        x=as_list(frame["inputs_gbp"]), y=labels, orientation="h", name="money received",
        marker={"color": OKABE_ITO[1], "pattern": _pattern("/")},
        customdata=[[*k, money(v)] for k, v in zip(keys, frame["inputs_gbp"], strict=True)],
        hovertemplate="%{y}: received %{customdata[2]}<extra></extra>",
        meta=_points(["x", "y", "customdata"])))
    shown = ~frame["present_value_gbp_suppressed"]
    pv, lo, hi = (frame[c].astype(float) for c in
                  ("present_value_gbp", "present_value_low_gbp", "present_value_high_gbp"))
    fig.add_trace(go.Bar(
        x=as_list(pv.where(shown)), y=labels, orientation="h", name="social value of its outcomes",
        marker_color=OKABE_ITO[0],
        error_x={"type": "data", "symmetric": False, "array": as_list(hi - pv),
                 "arrayminus": as_list(pv - lo), "color": "#1d1d1f"},
        customdata=[[*k, money(v), money(a), money(b)] for k, v, a, b in
                    zip(keys, pv, lo, hi, strict=True)],
        hovertemplate="%{y}: value %{customdata[2]} (cautious %{customdata[3]}, generous "
                      "%{customdata[4]})<extra></extra>",
        meta=_points(["x", "y", "customdata", "error_x.array", "error_x.arrayminus"])))
    if (~shown).any():
        fig.add_trace(_c_markers([0] * int((~shown).sum()),
                                 [lab for lab, s in zip(labels, shown, strict=True) if not s],
                                 [k for k, s in zip(keys, shown, strict=True) if not s]))
    fig.update_xaxes(title_text=axis_title, tickprefix="£", tickformat=",.0f")
    fig.update_layout(meta={"labels_above": True})
    return fig


def money_flows(frame: pd.DataFrame) -> go.Figure:
    """A Sankey of money from its sources (the lead council, other funders) to each partner.
    Columns: source, partner_name, amount_gbp."""
    sources = list(dict.fromkeys(frame["source"]))
    partners = list(dict.fromkeys(frame["partner_name"]))
    nodes = sources + partners
    index = {name: i for i, name in enumerate(nodes)}
    fig = _new(height=140 + 45 * max(len(partners), len(sources)))
    fig.add_trace(go.Sankey(
        arrangement="snap", valueformat=",.0f", valuesuffix="",
        node={"label": [plotly_text(n) for n in nodes], "pad": 18, "thickness": 16,
              "color": [OKABE_ITO[1]] * len(sources) + [OKABE_ITO[0]] * len(partners),
              "hovertemplate": "%{label}: £%{value:,.0f}<extra></extra>"},
        link={"source": [index[s] for s in frame["source"]],
              "target": [index[p] for p in frame["partner_name"]],
              "value": as_list(frame["amount_gbp"]), "color": "rgba(0, 114, 178, 0.25)",
              "hovertemplate": "%{source.label} to %{target.label}: £%{value:,.0f}"
                               "<extra></extra>"}))
    return fig


def status_matrix(frame: pd.DataFrame, statuses: Sequence[str]) -> go.Figure:
    """A grid of partners (rows) by imperatives (columns), each cell's status in words and by
    colour. Columns: partner_name, imperative_title, status."""
    partners = list(dict.fromkeys(frame["partner_name"]))
    items = list(dict.fromkeys(frame["imperative_title"]))
    code = {s: i for i, s in enumerate(statuses)}
    grid = frame.pivot_table(index="partner_name", columns="imperative_title", values="status",
                             aggfunc="first").reindex(index=partners, columns=items)
    z = [[code.get(v) if isinstance(v, str) else None for v in row] for row in grid.values]
    text = [[{"met": "✓ met", "not met": "✗ not met"}.get(v, "? no evidence")
             if isinstance(v, str) else "" for v in row] for row in grid.values]
    n = max(len(statuses) - 1, 1)
    scale = []
    for i, s in enumerate(statuses):
        colour = MATRIX_STYLE.get(s, "#DDDDDD")
        scale += [[i / (n + 1), colour], [(i + 1) / (n + 1), colour]]
    fig = _new(height=160 + 48 * len(partners))
    fig.add_trace(go.Heatmap(
        z=z, x=[_wrap(plotly_text(i), 12) for i in items],
        y=[plotly_text(p) for p in partners], text=text, texttemplate="%{text}",
        textfont={"size": 12, "color": "#1d1d1f"}, colorscale=scale, zmin=-0.5,
        zmax=len(statuses) - 0.5, showscale=False, xgap=3, ygap=3,
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(side="top", tickangle=0, tickfont={"size": 12})
    return fig


def category_bars(frame: pd.DataFrame, *, label: str = "category", axis_title: str,
                  words: bool = True) -> go.Figure:
    """Horizontal bars of £ by category, with each bar's share of the whole; `words`: the
    categories are codes to write as words (not names, which are shown as given). Columns:
    label, amount_gbp, share, financial_year, partnerships (ids, for the filters)."""
    frame = frame.sort_values("amount_gbp")
    fig = _new(height=140 + 48 * len(frame))
    keys = [[p, y] for p, y in zip(frame.get("partnerships", [None] * len(frame)),
                                   frame["financial_year"], strict=True)]
    fig.add_trace(go.Bar(
        x=as_list(frame["amount_gbp"]),
        y=[plotly_text(humanise(c) if words else c) for c in frame[label]],
        orientation="h", marker_color=OKABE_ITO[0], showlegend=False,
        text=[f"{money(a)} ({share(s)})" for a, s in zip(frame["amount_gbp"], frame["share"],
                                                         strict=True)],
        textposition="outside", cliponaxis=False, customdata=keys,
        hovertemplate="%{y}: %{text}<extra></extra>",
        meta=_points(["x", "y", "text", "customdata"])))
    fig.update_xaxes(title_text=axis_title, tickprefix="£", tickformat=",.0f")
    fig.update_layout(margin={"r": 150}, meta={"labels_above": True})
    return fig


def stacked_months(frame: pd.DataFrame, axis_title: str) -> go.Figure:
    """£ paid each month, stacked by supplier class. Columns: month, supplier_class, amount_gbp,
    financial_year."""
    fig = _new(height=420, barmode="relative")
    classes = sorted(frame["supplier_class"].unique())
    for i, cls in enumerate(classes):
        rows = frame[frame["supplier_class"] == cls]
        fig.add_trace(go.Bar(
            x=[pd.Timestamp(m).strftime("%Y-%m") for m in rows["month"]],
            y=as_list(rows["amount_gbp"]), name=plotly_text(humanise(cls)),
            marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            customdata=[[None, y, money(a)] for y, a in zip(rows["financial_year"],
                                                           rows["amount_gbp"], strict=True)],
            hovertemplate="%{x}: %{customdata[2]}<extra>%{fullData.name}</extra>",
            meta=_points(["x", "y", "customdata"])))
    fig.update_yaxes(title_text=axis_title, tickprefix="£", tickformat=",.0f")
    in_time_order(fig, [pd.Timestamp(m).strftime("%Y-%m") for m in frame["month"]],
                  title="month paid")
    return fig


def stacked_counts(frame: pd.DataFrame, *, y: str, stack: str, axis_title: str) -> go.Figure:
    """Horizontal bars of counts per `y`, stacked by `stack` (e.g. quarantined rows per feed,
    by the rule they broke). Columns: y, stack, n."""
    fig = _new(height=160 + 44 * max(frame[y].nunique(), 1), barmode="stack")
    for i, (key, rows) in enumerate(frame.groupby(stack, sort=True)):
        fig.add_trace(go.Bar(
            x=as_list(rows["n"]), y=[plotly_text(v) for v in rows[y]], orientation="h",
            name=plotly_text(key), marker_color=OKABE_ITO[i % len(OKABE_ITO)],
            hovertemplate="%{y}: %{x} rows<extra>%{fullData.name}</extra>"))
    widest = frame.groupby(y)["n"].sum().max() if len(frame) else 0
    fig.update_xaxes(title_text=axis_title, tickformat=",d", rangemode="tozero",
                     dtick=1 if widest <= 10 else None)
    fig.update_layout(meta={"labels_above": True})
    return fig


def tornado(frame: pd.DataFrame, central: float) -> go.Figure:
    """How far each assumption, moved alone, moves the SROI: one bar per assumption from its
    lower to its higher SROI, widest at the top, the central SROI as a line; the study's named
    scenarios as diamonds. Columns: label, low, high (SROI), kind (tornado or scenario)."""
    moves = frame[frame["kind"] == "tornado"].assign(
        spread=lambda t: t["high"] - t["low"]).sort_values("spread")
    named = frame[frame["kind"] == "scenario"]
    fig = _new(height=160 + 44 * (len(moves) + len(named)))
    fig.add_trace(go.Bar(
        y=[plotly_text(x) for x in moves["label"]], x=as_list(moves["spread"]),
        base=as_list(moves["low"]), orientation="h", marker_color=OKABE_ITO[0],
        name="one assumption moved alone",
        text=[f"{lo:.2f} to {hi:.2f}" for lo, hi in zip(moves["low"], moves["high"],
                                                        strict=True)],
        textposition="outside", cliponaxis=False,
        hovertemplate="%{y}: SROI %{text}<extra></extra>",
        meta=_points(["x", "y", "base", "text"])))
    if len(named):
        fig.add_trace(go.Scatter(
            y=[plotly_text(x) for x in named["label"]], x=as_list(named["low"]),
            mode="markers", marker={"symbol": "diamond", "size": 12, "color": OKABE_ITO[5]},
            name="the study's named scenarios",
            hovertemplate="%{y}: SROI %{x:.2f}<extra></extra>", meta=_points(["x", "y"])))
    fig.add_vline(x=central, line_dash="dash", line_color=GREY,
                  annotation_text=f"central {central:.2f}", annotation_position="top")
    fig.update_xaxes(title_text="social value for every £1 put in (SROI)", tickformat=".1f")
    fig.update_layout(margin={"r": 120, "b": 110},
                      legend={"orientation": "h", "y": -0.3, "yanchor": "top"},
                      meta={"labels_above": True})
    return fig
