"""A company whose every name is hostile Markdown or HTML, and how to tell whether a page showed it literally.

The demo company's exports with each rep, team, account, deal title, stage, lead source, objective title, owner
and theme, action, note, decision and file name swapped for text that Markdown would turn into bold, an image
fetched from another host, colour, LaTeX or HTML, plus ``None``, quotes and emoji. It goes in through the
importer a user's upload takes (and the objectives, actions and review notes through their own writers).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from smart.demo import REPS, STAGE_PROBABILITY, STAGES, WON_STAGE, generate_demo
from smart.ingest import import_file, save_stage_map
from smart.objectives import add_action
from smart.review import build_review, save_note
from smart.storage import Store

IMAGE_HOST = "198.51.100.7"
SOURCE = "crm"


def variants(name: str) -> tuple[str, ...]:
    """Eight ways to name something: bold, a remote image, colour, LaTeX, HTML, ``None``, quotes and emoji."""
    return (f"**{name}**", f"![{name}](http://{IMAGE_HOST}/{name}.png)", f":red[{name}]", f"${name}$",
            f"<img src={name} onerror=alert(1)>", "None", f"O'Brien \"{name}\"", f"Zoé 🚀 {name}")


def _combined(name: str) -> str:
    bold, image, colour, latex, tag, *_ = variants(name)
    return f"{bold} {image} {colour} {latex} {tag}"


REP_NAMES = dict(zip((rep.name for rep in REPS), variants("rep"), strict=True))
TEAM_NAMES = {"Grands comptes": _combined("team"), "PME": variants("crew")[6]}
STAGE_NAMES = dict(zip((*STAGES, WON_STAGE), variants("stage"), strict=False))
OBJECTIVE_TITLES = variants("objective")
OBJECTIVE_OWNERS = variants("boss")
THEMES = variants("theme")
ACTIONS = variants("action")[:5]
ACTION_OWNERS = variants("doer")[:5]
NOTE = variants("note")[0] + " said\n\n    " + " ".join(variants("note")[1:5])
DECISION = " ".join(variants("decision")[:5])
PAST_DECISION = " ".join(variants("followup")[:5])
FILE_NAMES = tuple(f"{name}.csv" for name in variants("file"))
KPI_NAME = _combined("kpi")

# What the tests name things they type or upload themselves (a title, a theme, a stage, a column).
TYPED = ("created", "upload")
NAMES = ("rep", "team", "crew", "stage", "source", "account", "deal", "objective", "boss", "theme", "action", "doer",
         "note", "decision", "followup", "file", "kpi", *TYPED)
# Every hostile text a page may show, the ``None`` ones aside (``None`` is nothing Markdown reads).
TOKENS = tuple(sorted({value for name in NAMES for value in variants(name) if value != "None"}))
REMOTE_IMAGES = tuple(f"http://{IMAGE_HOST}/{name}.png" for name in NAMES)
def _cycled(values: pd.Series, name: str, *, keep: bool = False) -> pd.Series:
    """Each distinct value of a column renamed to one of ``name``'s variants (followed by the value itself with
    ``keep``, so that accounts stay as many as they were), the same one in every export."""
    names = variants(name)
    codes = {value: names[index % len(names)] + (f" {value}" if keep else "")
             for index, value in enumerate(sorted(set(values) - {""}))}
    return values.map(lambda value: codes.get(value, value))


def _rewrite_csv(path: Path, renames: dict[str, object]) -> None:
    """Rename values in some columns of a French demo export, keeping its format (``;``, UTF-8 with BOM)."""
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for column, rename in renames.items():
        frame[column] = rename(frame[column]) if callable(rename) else frame[column].replace(rename)
    frame.to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def _hostile_objectives(path: Path) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["title"], frame["owner"], frame["theme"] = OBJECTIVE_TITLES[:5], OBJECTIVE_OWNERS[:5], THEMES[:5]
    first = frame.iloc[0]
    team = first.copy()
    team["title"], team["scope_type"], team["scope_value"] = OBJECTIVE_TITLES[5], "team", TEAM_NAMES["Grands comptes"]
    team["owner"], team["theme"], team["target"] = OBJECTIVE_OWNERS[5], THEMES[5], "10"
    rep = first.copy()
    rep["title"], rep["scope_type"], rep["scope_value"] = OBJECTIVE_TITLES[6], "rep", REP_NAMES["Camille Laurent"]
    rep["owner"], rep["theme"], rep["target"] = OBJECTIVE_OWNERS[6], THEMES[6], "10"
    rep_too = rep.copy()
    rep_too["title"], rep_too["scope_value"] = OBJECTIVE_TITLES[7], REP_NAMES["Julien Moreau"]
    rep_too["owner"], rep_too["theme"] = OBJECTIVE_OWNERS[7], THEMES[7]
    pd.concat([frame, pd.DataFrame([team, rep, rep_too])]).to_csv(path, index=False)


def _hostile_kpi(path: Path) -> None:
    frame = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    extra = frame[frame["Indicateur"] == "csat"].assign(Indicateur=KPI_NAME)
    pd.concat([frame, extra]).to_csv(path, sep=";", index=False, encoding="utf-8-sig")


def write_hostile_exports(folder: Path, today: dt.date) -> list[tuple[Path, str]]:
    """The demo's exports with hostile names, in import order, each with its kind."""
    files = generate_demo(folder, today=today)
    for path in files.deals_exports:
        _rewrite_csv(path, {"Commercial": REP_NAMES, "Équipe": TEAM_NAMES, "Étape": STAGE_NAMES,
                            "Société": lambda column: _cycled(column, "account", keep=True),
                            "Nom de l'affaire": lambda column: _cycled(column, "deal", keep=True),
                            "Origine": lambda column: _cycled(column, "source")})
    _rewrite_csv(files.leads, {"Commercial": REP_NAMES, "Origine": lambda column: _cycled(column, "source")})
    _hostile_kpi(files.kpi_history)
    _hostile_objectives(files.objectives)
    return [*((path, "deals") for path in files.deals_exports), (files.leads, "leads"), (files.kpi_history, "kpi"),
            (files.objectives, "objectives")]


def build_hostile_company(database: Path, folder: Path, today: dt.date) -> None:
    """Import the hostile exports (each under a hostile file name), then add actions, notes and decisions."""
    store = Store(database)
    try:
        stages = [(STAGE_NAMES[name], "open", order, STAGE_PROBABILITY[name])
                  for order, name in enumerate(STAGES, start=1)]
        save_stage_map(store, SOURCE, [*stages, (STAGE_NAMES[WON_STAGE], "won", len(STAGES) + 1, 1.0)])
        for number, (path, kind) in enumerate(write_hostile_exports(folder, today)):
            import_file(store, path, kind=kind, source=SOURCE, default_currency="EUR",
                        display_name=FILE_NAMES[number % len(FILE_NAMES)])
        for objective_id, (title, owner) in enumerate(zip(ACTIONS, ACTION_OWNERS, strict=True), start=1):
            add_action(store, objective_id, title, owner, today + dt.timedelta(days=3))
        last_week = today - dt.timedelta(days=7)
        save_note(store, last_week, "decision", PAST_DECISION, build_review(store, last_week), 1)
        figures = build_review(store, today)
        save_note(store, today, "note", NOTE, figures, 1)
        save_note(store, today, "decision", DECISION, figures, None)
    finally:
        store.close()


# Texts that Streamlit's Markdown turns into something else, one kind of syntax each, then texts it leaves alone
# that escaping must not spoil (tests/browser/markdown_probe.py).
LIVE_MARKDOWN = (
    "**bold** __strong__ _it_ *it* ~~struck~~ `code`",
    f"![image](http://{IMAGE_HOST}/case.png) [link](http://198.51.100.8/) <http://198.51.100.8/>",
    ":red[colour] :blue-background[ground] :small[small] :help[tip] :blue-badge[badge] :rainbow[bow]",
    "$x^2$ and $$y$$",
    "<img src=x onerror=alert(1)> <b>b</b> &lt;i&gt; R&amp;D &#x41;",
    ":material/home: :smile: :streamlit: :+1:",
    "http://198.51.100.9/p www.example.com bob@example.com",
    "a -> b <- c <-> d -- e >= f <= g ~= h",
    "line one\n\n    indented code\n# heading\n- item\n> quote\n1. one\n---",
    "| a | b |\n|---|---|\n| 1 | 2 |",
)
INERT_TEXT = ("[^1] \\ back\\slash * _ # + ! | { } ( ) [ ] :: ::: x", "None", "O'Brien \"Bob\" l'équipe", "Zoé 🚀 😀")
MARKDOWN_CASES = LIVE_MARKDOWN + INERT_TEXT
