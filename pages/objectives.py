"""Objectives: the list with progress and status, one objective's pace, SMART card and actions, and the
create form whose SMART checker reruns as the user types. Everyone sees the objectives of their scope; only those
who may write for an objective (a manager of its team, an admin) see the controls that change it."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

import ui
from smart import dimensions
from smart.access import WRITE_OBJECTIVES
from smart.analytics import DEFAULT_COHORT_WINDOW_DAYS, available_kpis, get_kpi, plan_for_scope, plan_kpis
from smart.analytics.plan import planned_between
from smart.charts.format import axis_format, localised
from smart.charts.objectives import pace_chart, status_chart
from smart.i18n import Translator
from smart.objectives import (
    Objective,
    ObjectiveError,
    Progress,
    add_action,
    add_proposed_actions,
    archive_objective,
    check,
    create_objective,
    list_actions,
    list_objectives,
    progress,
    proposed_action_keys,
    resolved_targets,
    revise_objective,
    revisions,
)
from smart.objectives.model import (
    CHECKPOINT_GRAINS,
    DIRECTIONS,
    OBJECTIVE_GRAINS,
    SCOPE_TYPES,
    TARGET_MODES,
    baseline_window,
    grain_periods,
    months_in,
    parse_typed_date,
)
from smart.objectives.pace import first_measured_day, pace_paths

LEVEL_ICONS = {"pass": ":material/check_circle:", "warning": ":material/warning:", "fail": ":material/cancel:"}
LEVEL_COLORS = {"pass": "green", "warning": "orange", "fail": "red"}


@st.cache_data(ttl=ui.CACHE_TTL_SECONDS, max_entries=64, show_spinner=False)
def cached_progress(db_path: str, objective: Objective, today: dt.date):
    """Progress of one objective; cleared with the other data caches after every write or import."""
    return progress(ui.get_store(), objective, today)


@st.cache_data(ttl=ui.CACHE_TTL_SECONDS, max_entries=64, show_spinner=False)
def cached_check(db_path: str, objective: Objective, lang: str, today: dt.date, known: Progress | None = None):
    """The SMART check; ``known`` is the objective's progress when the page has it already."""
    return check(ui.get_store(), objective, lang, today, progress=known)


@st.cache_data(ttl=ui.CACHE_TTL_SECONDS, max_entries=64, show_spinner=False)
def cached_pace(db_path: str, objective: Objective, result: Progress) -> tuple[pd.DataFrame, list[tuple[str, float]]]:
    """The pace chart's lines and the resolved targets over time (original first, current last)."""
    store = ui.get_store()
    return pace_paths(store, objective, result), resolved_targets(store, objective, result.baseline)


def fmt(t: Translator, kpi_id: str, value: float | None) -> str:
    return t.measure(get_kpi(kpi_id, ui.get_store()).unit, value)


def target_text(t: Translator, objective: Objective) -> str:
    """The target as stated: +15 % vs baseline, 200 per month, −20 days..."""
    kpi = get_kpi(objective.kpi, ui.get_store())
    value = objective.target_input
    if objective.target_mode == "relative_pct":
        text = t.signed_percent((value or 0) / 100)
    elif objective.target_mode == "points":
        text = t.points((value or 0) / 100)
    elif objective.target_mode == "delta":
        text = t.signed_measure(kpi.unit, value)
    else:
        text = t.measure(kpi.unit, value)
    if kpi.additive and objective.grain != "year":
        text += " " + t(f"objectives.grain.{objective.grain}")
    return text


def render_list(t: Translator, objectives: list[Objective], results: dict[int, Progress]) -> None:
    if not objectives:
        st.info(t("objectives.page.none"), icon=":material/flag:")
        return
    rows = []
    for o in objectives:
        p = results[o.id]
        rows.append({
            t("objective.title"): o.title,
            t("objective.kpi"): get_kpi(o.kpi, ui.get_store()).label(t.lang),
            t("objective.target"): fmt(t, o.kpi, p.target),
            t("objectives.col.actual"): fmt(t, o.kpi, p.actual),
            t("objectives.col.expected"): fmt(t, o.kpi, p.expected),
            t("objective.progress"): p.progress_ratio,
            t("objectives.col.probability"): t.percent(p.probability, 0),
            t("objective.status"): t(f"status.objective.{p.status}"),
            t("objective.deadline"): t.date(o.deadline),
        })
    ui.dataframe(pd.DataFrame(rows), key="objectives.table",
                 column_config={t("objective.progress"): ui.share_column(t("objective.progress"))})
    chart = pd.DataFrame([{"title": o.title, "progress": results[o.id].progress_ratio or 0.0,
                           "status": results[o.id].status,
                           "status_label": t(f"status.objective.{results[o.id].status}")} for o in objectives])
    st.altair_chart(localised(status_chart(chart, x_title=t("objective.progress")), t), width="stretch")


def render_card(t: Translator, objective: Objective, today: dt.date, key: str, known: Progress | None = None) -> None:
    """The SMART card: one column per letter, with its level, reason and suggestion."""
    report = cached_check(str(ui.get_store().path), objective, t.lang, today, known)
    columns = st.columns(5)
    for column, letter in zip(columns, report.letters, strict=True):
        with column.container(border=True, key=f"{key}.{letter.letter}"):
            st.markdown(f"**{letter.letter}** · {t(f'objectives.letter.{letter.letter}')}")
            st.badge(t(f"objectives.level.{letter.level}"), icon=LEVEL_ICONS[letter.level],
                     color=LEVEL_COLORS[letter.level])
            st.write(ui.plain(letter.reason))
            st.caption(ui.plain(letter.suggestion))


def metric_delta(t: Translator, unit: str, gap: float | None) -> str | None:
    """A gap for st.metric's delta, in the KPI's unit (a rate's in points)."""
    return None if gap is None else ui.metric_delta(t.signed_measure(unit, gap, compact=True))


def render_metrics(t: Translator, objective: Objective, p: Progress) -> None:
    unit = get_kpi(objective.kpi, ui.get_store()).unit
    cols = [*st.columns(3), *st.columns(3)]
    cols[0].metric(t("objective.target"), t.measure(unit, p.target, compact=True))
    cols[1].metric(t("objectives.col.actual"), t.measure(unit, p.actual, compact=True))
    cols[2].metric(t("objectives.col.expected"), t.measure(unit, p.expected, compact=True),
                   delta=metric_delta(t, unit, p.gap), delta_color="normal" if p.sign > 0 else "inverse")
    cols[3].metric(t("objectives.col.projection"), t.measure(unit, p.projection, compact=True))
    cols[4].metric(t("objectives.col.probability"), t.percent(p.probability, 0))
    with cols[5]:
        st.caption(t("objective.status"))
        ui.status_badge(t(f"status.objective.{p.status}"), p.status)
    st.caption(t("objectives.page.method", run_rate=fmt(t, objective.kpi, p.projection_run_rate),
                 forecast=fmt(t, objective.kpi, p.projection_forecast), low=fmt(t, objective.kpi, p.band_low),
                 high=fmt(t, objective.kpi, p.band_high)))
    render_cohort_cutoff(t, objective, p)
    if p.planned:
        st.caption(t("objectives.page.follows_plan"))
    elif objective.expected_path == "plan":
        st.caption(t("objectives.page.plan_missing"))


def render_no_target(t: Translator, objective: Objective) -> None:
    """Say why an objective has no target: its baseline period has no data (it is never shown as met on 0)."""
    assert objective.start_on is not None and objective.deadline is not None
    first, last = baseline_window(objective.start_on, objective.deadline)
    st.warning(t("objectives.page.no_target", period=t("period.range", start=t.date(first), end=t.date(last))),
               icon=":material/help:")


def render_cohort_cutoff(t: Translator, objective: Objective, p: Progress) -> None:
    """Say which leads a cohort conversion objective is measured on (the younger ones are still converting)."""
    assert objective.start_on is not None and objective.deadline is not None
    if not get_kpi(objective.kpi, ui.get_store()).cohort or p.today < objective.start_on or \
            p.measured_until >= objective.deadline:
        return
    if p.measured_until >= objective.start_on:
        st.caption(t("objectives.page.cohort_cutoff", date=t.date(p.measured_until), days=DEFAULT_COHORT_WINDOW_DAYS))
    else:
        st.caption(t("objectives.page.cohort_too_early", date=t.date(first_measured_day(objective.start_on)),
                     days=DEFAULT_COHORT_WINDOW_DAYS))


def render_pace(t: Translator, objective: Objective, p: Progress) -> None:
    kpi = get_kpi(objective.kpi, ui.get_store())
    paths, resolved = cached_pace(str(ui.get_store().path), objective, p)
    targets = [{"label": t("chart.target" if kind == "current" else "objectives.chart.original_target",
                           value=t.measure(kpi.unit, value)), "value": value, "kind": kind}
               for kind, value in resolved]
    labels = {s: t(f"objectives.chart.{s}") for s in ("actual", "expected", "projection")}
    title = kpi.label(t.lang) + (" " + t("objectives.chart.cumulative") if kpi.additive else "")
    chart = pace_chart(paths, pd.DataFrame(targets, columns=["label", "value", "kind"]), labels, y_title=title,
                       y_format=axis_format(kpi.unit))
    st.altair_chart(localised(chart, t), width="stretch")


def render_actions(t: Translator, objective: Objective, p: Progress, writable: bool) -> None:
    store = ui.get_store()
    st.subheader(t("objectives.actions.header"))
    actions = list_actions(store, objective.id)
    if actions.empty:
        st.caption(t("objectives.actions.none"))
    else:
        shown = pd.DataFrame({
            t("objectives.actions.what"): actions["title"],
            t("objectives.actions.owner"): actions["owner"].fillna(""),
            t("objectives.actions.due"): [t.date(d) if pd.notna(d) else "" for d in actions["due_on"]],
            t("objectives.actions.status"): [t(f"objectives.action_status.{s}") for s in actions["status"]],
            t("objectives.actions.added_by"): [ui.who(t, who) for who in actions["created_by"]],
            t("objectives.actions.added_on"): [t.date(pd.Timestamp(d).date()) if pd.notna(d) else ""
                                               for d in actions["created_at"]],
        })
        st.dataframe(shown, hide_index=True, width="stretch")
    if not writable:
        return
    proposals = proposed_action_keys(objective, p.status)
    if proposals:
        st.warning(t("objectives.actions.proposed_intro") + "\n\n" + "\n".join(f"- {t(k)}" for k in proposals),
                   icon=":material/lightbulb:")
        if st.button(t("objectives.actions.add_proposed"), key="objectives.actions.propose"):
            added = add_proposed_actions(store, objective, p.status, [t(k) for k in proposals],
                                         due_on=p.today + dt.timedelta(days=14), actor=ui.viewer())
            ui.clear_data_caches()
            st.toast(t("objectives.actions.added", count=len(added)), icon=":material/check:")
            st.rerun()
    with st.expander(t("objectives.actions.new"), icon=":material/add_task:"):
        what = st.text_input(t("objectives.actions.what"), key="objectives.action.title")
        owner = st.text_input(t("objectives.actions.owner"), key="objectives.action.owner")
        due = st.date_input(t("objectives.actions.due"), value=p.today + dt.timedelta(days=14),
                            key="objectives.action.due", format="DD/MM/YYYY")
        if st.button(t("objectives.actions.add"), key="objectives.action.add"):
            try:
                add_action(store, objective.id, what, owner or None, due, actor=ui.viewer())
            except ObjectiveError:
                st.error(t("objectives.actions.need_title"), icon=":material/error:")
            else:
                ui.clear_data_caches()
                st.rerun()


def render_revise(t: Translator, objective: Objective, writable: bool) -> None:
    store = ui.get_store()
    with st.expander(t("objectives.revise.header"), icon=":material/edit:"):
        if writable:
            revise_form(t, objective)
        history = revisions(store, objective.id)
        if not history.empty:
            st.dataframe(pd.DataFrame({
                t("objectives.revise.when"): [t.date(d) for d in history["revised_at"]],
                t("objectives.revise.field"): history["field"],
                t("objectives.revise.old"): history["old_value"].fillna(""),
                t("objectives.revise.new"): history["new_value"].fillna(""),
                t("objectives.revise.reason"): history["reason"],
                t("objectives.revise.by"): [ui.who(t, who) for who in history["revised_by"]],
            }), hide_index=True, width="stretch")


def revise_form(t: Translator, objective: Objective) -> None:
    """A new target or deadline, with the reason, for those who may write the objective."""
    st.caption(t("objectives.revise.help"))
    target = st.number_input(t("objectives.form.target"), value=float(objective.target_input or 0),
                             key="objectives.revise.target")
    deadline = st.date_input(t("objective.deadline"), value=objective.deadline,
                             key="objectives.revise.deadline", format="DD/MM/YYYY")
    baseline = st.number_input(t("objectives.form.baseline"), value=objective.baseline_input,
                               key="objectives.revise.baseline", placeholder=t("objectives.form.baseline_placeholder"),
                               help=t("objectives.form.baseline_help"))
    reason = st.text_input(t("objectives.revise.reason"), key="objectives.revise.reason")
    if not st.button(t("objectives.revise.save"), key="objectives.revise.save", type="primary"):
        return
    if not reason.strip():
        st.error(t("objectives.revise.need_reason"), icon=":material/error:")
        return
    try:
        changed = revise_objective(ui.get_store(), objective.id, reason, target_input=float(target),
                                   deadline=deadline, baseline_input=None if baseline is None else float(baseline),
                                   actor=ui.viewer())
    except ObjectiveError as error:
        st.error(t("objectives.error", message=ui.plain(error)), icon=":material/error:")
        return
    ui.clear_data_caches()
    st.session_state["objectives.flash"] = t("objectives.revise.saved", count=len(changed))
    st.rerun()


def _close_archive_dialog() -> None:
    st.session_state.pop("objectives.archive.open", None)


def confirm_archive(t: Translator, objective: Objective) -> None:
    """The confirmation stays open across reruns (a session flag) until confirmed, cancelled or dismissed."""
    @st.dialog(t("objectives.archive.header"), on_dismiss=_close_archive_dialog)
    def dialog() -> None:
        st.write(t("objectives.archive.confirm", title=ui.plain(objective.title)))
        with st.container(horizontal=True):
            if st.button(t("common.confirm"), type="primary", key="objectives.archive.confirm"):
                _close_archive_dialog()
                archive_objective(ui.get_store(), objective.id, t("objectives.archive.reason"), actor=ui.viewer())
                ui.clear_data_caches()
                st.session_state["objectives.flash"] = t("objectives.archive.done", title=ui.plain(objective.title))
                st.session_state["objectives.select_next"] = -1
                st.rerun()
            if st.button(t("common.cancel"), key="objectives.archive.cancel"):
                _close_archive_dialog()
                st.rerun()

    dialog()


def render_detail(t: Translator, objectives: list[Objective], results: dict[int, Progress], today: dt.date) -> None:
    if not objectives:
        st.info(t("objectives.page.none"), icon=":material/flag:")
        return
    ids = [o.id for o in objectives]
    by_id = {o.id: o for o in objectives}
    pending = st.session_state.pop("objectives.select_next", None)
    if pending is not None:
        st.session_state["objectives.detail.id"] = pending if pending in ids else ids[0]
    chosen = st.selectbox(t("objective.title"), ids, format_func=lambda i: by_id[i].title,
                          key="objectives.detail.id")
    objective = by_id[chosen]
    p = results[chosen]
    scope = t(f"objectives.scope.{objective.scope_type}") + (f" · {ui.plain(objective.scope_value)}"
                                                               if objective.scope_value else "")
    st.markdown(t("objectives.detail.summary", target=target_text(t, objective), scope=scope,
                  start=t.date(objective.start_on), deadline=t.date(objective.deadline),
                  owner=ui.plain(objective.owner or "–")))
    if p.status == "no_data":
        render_no_target(t, objective)
    render_metrics(t, objective, p)
    render_pace(t, objective, p)
    st.subheader(t("objectives.card.header"))
    render_card(t, objective, today, "objectives.card", p)
    writable = ui.may_write_for(objective.scope_type, objective.scope_value)
    if not writable and ui.may(WRITE_OBJECTIVES):
        st.caption(t("access.not_your_team"))
    render_actions(t, objective, p, writable)
    render_revise(t, objective, writable)
    if not writable:
        return
    if st.button(t("objectives.archive.button"), icon=":material/archive:", key="objectives.archive"):
        st.session_state["objectives.archive.open"] = objective.id
    if st.session_state.get("objectives.archive.open") == objective.id:
        confirm_archive(t, objective)


def plan_grain(start: dt.date, deadline: dt.date) -> str:
    """The grain a target taken from the plan is stated in: the whole window when it is a year or a quarter (or
    several), else per month."""
    months = months_in(start, deadline)
    if months % 12 == 0:
        return "year"
    return "quarter" if months % 3 == 0 else "month"


def plan_target(t: Translator, kpi_id: str, scope_type: str, scope_value: str | None, start: dt.date,
                deadline: dt.date) -> tuple[bool, float | None]:
    """The "Use the imported plan" choice, offered when the plan covers the objective's months for its KPI and
    scope: whether it is taken, and then the plan's total over the window (the objective's target)."""
    if kpi_id not in ui.compute(plan_kpis) or not start or not deadline or deadline <= start:
        return False, None
    plan = ui.compute(plan_for_scope, kpi_id, scope_type, scope_value, start, deadline)
    if plan is None:
        st.caption(t("objectives.form.plan_not_covering", start=t.date(start), deadline=t.date(deadline)))
        return False, None
    if not st.checkbox(t("objectives.form.use_plan"), key="objectives.new.use_plan",
                       help=t("objectives.form.use_plan_help")):
        return False, None
    total = planned_between(plan, start, deadline)
    unit = get_kpi(kpi_id, ui.get_store()).unit
    st.caption(t("objectives.form.plan_total", start=t.date(start), deadline=t.date(deadline),
                 total=t.measure(unit, total)))
    return True, total


def typed_date(t: Translator, label: str, key: str, default: dt.date) -> dt.date | None:
    """A day typed as 31/12/2026 in a text field that commits as the user types (a pause of 250 ms): a date
    picker commits only when it loses the focus, and the checker below stayed on the old date until then."""
    if key not in st.session_state:
        st.session_state[key] = default.strftime("%d/%m/%Y")
    text = st.text_input(label, key=key, live=True, placeholder=t("objectives.form.date_placeholder"))
    day = parse_typed_date(text)
    if day is None and text.strip():
        st.caption(t("objectives.form.date_invalid", value=ui.plain(text)))
    return day


def render_create(t: Translator, objectives: list[Objective], today: dt.date) -> None:
    """The create form: plain widgets (not an st.form) that commit as the user types or picks, so that the checker
    below reruns on every change. The right column is drawn first in the code (the plan's choice on the left needs
    its dates), not on the page."""
    store = ui.get_store()
    options = ui.compute(dimensions.filter_options)
    kpis = ui.compute(available_kpis)
    scope_types = tuple(s for s in SCOPE_TYPES if s != "company" or ui.may_write_for("company", None))
    left, right = st.columns(2)
    with left:
        title = st.text_input(t("objectives.form.title"), key="objectives.new.title", live=True,
                              placeholder=t("objectives.form.title_hint"))
        kpi_id = st.selectbox(t("objective.kpi"), kpis, key="objectives.new.kpi",
                              format_func=lambda k: get_kpi(k, store).label(t.lang))
        kpi = get_kpi(kpi_id, store)
        scope_type = st.segmented_control(t("objectives.form.scope"), scope_types, key="objectives.new.scope",
                                          default=scope_types[0], format_func=lambda s: t(f"objectives.scope.{s}"))
        scope_value = None
        if scope_type in ("team", "rep"):
            scope_value = st.selectbox(t(f"objectives.scope.{scope_type}"),
                                       options["team" if scope_type == "team" else "owner"],
                                       key=f"objectives.new.scope_value.{scope_type}")
    with right:
        grain = st.selectbox(t("objectives.form.grain"), OBJECTIVE_GRAINS, index=3, key="objectives.new.grain",
                             format_func=lambda g: t(f"objectives.grain.{g}"))
        start = typed_date(t, t("objectives.form.start"), "objectives.new.start",
                           dt.date(today.year, today.month, 1))
        deadline = typed_date(t, t("objective.deadline"), "objectives.new.deadline",
                              (pd.Timestamp(today) + pd.offsets.QuarterEnd(1)).date())
        checkpoint = st.selectbox(t("objectives.form.checkpoints"), CHECKPOINT_GRAINS, key="objectives.new.checkpoint",
                                  format_func=lambda g: t(f"objectives.checkpoint.{g}"))
        owner = st.text_input(t("objectives.form.owner"), key="objectives.new.owner", live=True)
        theme = st.text_input(t("objectives.form.theme"), key="objectives.new.theme", live=True)
        parents = [None] + [o.id for o in objectives]
        titles = {o.id: o.title for o in objectives}
        parent = st.selectbox(t("objectives.form.parent"), parents, key="objectives.new.parent",
                              format_func=lambda i: t("objectives.form.no_parent") if i is None else titles[i])
    with left:
        use_plan, plan_total = plan_target(t, kpi_id, scope_type or scope_types[0], scope_value, start, deadline)
        if use_plan:
            grain = plan_grain(start, deadline)
            direction, mode, target = "increase", "absolute", plan_total / grain_periods(start, deadline, grain)
        else:
            direction = st.selectbox(t("objectives.form.direction"), DIRECTIONS, key="objectives.new.direction",
                                     format_func=lambda d: t(f"objectives.direction.{d}"))
            mode = st.selectbox(t("objectives.form.mode"), TARGET_MODES, key="objectives.new.mode", index=1,
                                format_func=lambda m: t(f"objectives.mode.{m}"))
            target = st.number_input(t("objectives.form.target"), value=10.0, key="objectives.new.target")
        baseline = None if use_plan else st.number_input(
            t("objectives.form.baseline"), value=None, key="objectives.new.baseline",
            placeholder=t("objectives.form.baseline_placeholder"), help=t("objectives.form.baseline_help"))
        statistic = None
        if kpi.stats_allowed:
            statistic = st.radio(t("objectives.form.statistic"), ("mean", "median"), key="objectives.new.statistic",
                                 horizontal=True, format_func=lambda s: t(f"kpi.stat.{s}"))
    draft = Objective(title=title, kpi=kpi_id, target_input=target, start_on=start, deadline=deadline,
                      direction=direction, target_mode=mode, scope_type=scope_type or scope_types[0],
                      scope_value=scope_value, statistic=statistic, grain=grain, owner=owner or None,
                      theme=theme or None, parent_id=parent, checkpoint_grain=checkpoint,
                      expected_path="plan" if use_plan else "history",
                      baseline_input=None if baseline is None else float(baseline))
    st.subheader(t("objectives.card.live"))
    render_card(t, draft, today, "objectives.new.card")
    if st.button(t("objectives.form.create"), type="primary", key="objectives.new.create",
                 icon=":material/flag:"):
        try:
            new_id = create_objective(store, draft, actor=ui.viewer())
        except ObjectiveError as error:
            st.error(t("objectives.error", message=ui.plain(error)), icon=":material/error:")
            return
        ui.clear_data_caches()
        st.session_state["objectives.flash"] = t("objectives.form.created", title=ui.plain(title))
        st.session_state["objectives.select_next"] = new_id
        st.rerun()


def render() -> None:
    store = ui.get_store()
    today = ui.today()
    flash = st.session_state.pop("objectives.flash", None)
    if flash:
        st.success(flash, icon=":material/check:")
    objectives = ui.compute(list_objectives)
    results = {o.id: cached_progress(str(store.path), o, today) for o in objectives}
    writer = ui.may(WRITE_OBJECTIVES)
    if not writer:
        st.caption(t("access.read_only", role=t(f"access.role.{ui.viewer().role}")))
    names = [t("objectives.tab.list"), t("objectives.tab.detail"), *([t("objectives.tab.new")] if writer else [])]
    tabs = st.tabs(names)
    with tabs[0]:
        render_list(t, objectives, results)
    with tabs[1]:
        render_detail(t, objectives, results, today)
    if writer:
        with tabs[2]:
            render_create(t, objectives, today)


ui.require_frame()
t = ui.translator()
ui.page_header(t, "objectives")
ui.guarded(t, render)
