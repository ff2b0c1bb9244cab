"""The pages as each role sees them (AppTest, sign-in configured, ``st.user`` set as the provider would): the cache
shared by every session keys each figure by whose it is, the pages a role may not open are neither offered nor
shown, the controls that write are hidden from those who may not write, who made each write is shown, the Users
page, and what a signed-in person without an account, or with a sign-in too old, gets."""

from __future__ import annotations

import datetime as dt
import io
import time
from collections.abc import Callable

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from smart.access import SESSION_HOURS_ENV, find_user
from smart.analytics import get_kpi
from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from smart.ingest import import_file, undo_import
from smart.storage import Store
from tests.access.conftest import ADMIN, MANAGER, REP, REP_NAME, TEAM_MANAGER
from tests.conftest import DEMO_TODAY, REPO_ROOT, capture_csv_downloads, shown

EN = Translator("en")


def metric(at: AppTest, label: str) -> str:
    (found,) = [m for m in at.metric if m.label == label]
    return found.value


def page_titles(at: AppTest) -> list[str]:
    return [title.value for title in at.title]


def offered_pages(at: AppTest) -> set[str]:
    """The pages the frame registered for this session: AppTest refuses to switch to any other page file."""
    offered = set()
    for path in sorted((REPO_ROOT / "pages").glob("*.py")):
        try:
            at.switch_page(f"pages/{path.name}")
        except ValueError as refused:
            assert "Could not find a navigation page" in str(refused)
        else:
            offered.add(path.stem)
    return offered


def rep_deals_won(raw_tables: dict[str, pd.DataFrame], owners: tuple[str, ...] | None = None) -> int:
    deals = raw_tables["deals"]
    won = deals[(deals["status"] == "won") & (deals["close_on"] >= dt.date(DEMO_TODAY.year, 1, 1))
                & (deals["close_on"] <= DEMO_TODAY)]
    return len(won if owners is None else won[won["owner"].isin(owners)])


def test_two_sessions_as_two_users_share_no_cached_figure(app_as: Callable[..., AppTest],
                                                          raw_tables: dict[str, pd.DataFrame]) -> None:
    """The cache outlives sessions and is shared by all: the rep's session, run after the admin's, must not get
    the admin's figures from it, nor the admin the rep's."""
    company, mine = rep_deals_won(raw_tables), rep_deals_won(raw_tables, (REP_NAME,))
    assert company != mine
    card = CATALOGUE["deals_won"].short_label("en")
    admin = app_as(ADMIN)
    assert not admin.exception and metric(admin, card) == EN.measure("count", company, compact=True)
    rep = app_as(REP)
    assert not rep.exception and metric(rep, card) == EN.measure("count", mine, compact=True)
    assert rep.sidebar.multiselect[1].options == [REP_NAME]
    assert len(admin.sidebar.multiselect[1].options) == raw_tables["reps"]["owner"].nunique()
    again = app_as(ADMIN)
    assert metric(again, card) == EN.measure("count", company, compact=True)


@pytest.mark.parametrize(("email", "extra"), [(ADMIN, {"import", "import_log", "users"}), (MANAGER, set()),
                                              (TEAM_MANAGER, set()), (REP, set())])
def test_each_role_is_offered_the_pages_it_may_open(app_as: Callable[..., AppTest], email: str,
                                                    extra: set[str]) -> None:
    at = app_as(email)
    assert not at.exception
    assert offered_pages(at) == {"overview", "objectives", "review", "conversion", "cycle", "variance", "team",
                                 *extra}
    assert at.sidebar.button(key="account.logout").label == EN("access.signout")
    removes = [button for button in at.button if button.key == "demo.remove"]
    assert len(removes) == (1 if email == ADMIN else 0)


def test_a_rep_reads_their_objectives_and_writes_nothing(app_as: Callable[..., AppTest]) -> None:
    at = app_as(REP, "objectives")
    assert not at.exception
    assert [tab.label for tab in at.tabs] == [EN("objectives.tab.list"), EN("objectives.tab.detail")]
    assert at.caption[1].value == EN("access.read_only", role=EN("access.role.rep"))
    assert list(at.dataframe[0].value[EN("objective.title")]) == ["Hugo +10 %"]
    assert at.selectbox(key="objectives.detail.id").options == ["Hugo +10 %"]
    keys = {widget.key for widget in [*at.button, *at.text_input, *at.number_input]}
    assert not keys & {"objectives.archive", "objectives.revise.save", "objectives.action.add",
                       "objectives.new.create", "objectives.revise.target"}


def test_a_team_manager_steers_their_team(app_as: Callable[..., AppTest]) -> None:
    at = app_as(TEAM_MANAGER, "objectives")
    assert not at.exception
    assert at.selectbox(key="objectives.detail.id").options == ["Hugo +10 %", "PME +10 %"]
    assert {"objectives.archive", "objectives.revise.save", "objectives.action.add"} <= {b.key for b in at.button}
    assert at.segmented_control(key="objectives.new.scope").options == [EN("objectives.scope.team"),
                                                                        EN("objectives.scope.rep")]
    at.text_input(key="objectives.action.title").input("Weekly pipeline call")
    at.button(key="objectives.action.add").click().run()
    assert not at.exception
    actions = at.dataframe[1].value
    assert list(actions[EN("objectives.actions.what")]) == ["Weekly pipeline call"]
    assert list(actions[EN("objectives.actions.added_by")]) == [TEAM_MANAGER]


def test_the_revisions_say_who_revised(app_as: Callable[..., AppTest]) -> None:
    at = app_as(MANAGER, "objectives")
    at.number_input(key="objectives.revise.target").set_value(25.0)
    at.text_input(key="objectives.revise.reason").input("A stronger market")
    at.button(key="objectives.revise.save").click().run()
    assert not at.exception
    history = [frame.value for frame in at.dataframe if EN("objectives.revise.by") in frame.value.columns]
    assert len(history) == 1
    assert list(history[0][EN("objectives.revise.by")]) == [MANAGER]
    assert list(history[0][EN("objectives.revise.reason")]) == ["A stronger market"]


def test_review_notes_are_written_by_managers_and_say_who(app_as: Callable[..., AppTest]) -> None:
    rep = app_as(REP, "review")
    assert not rep.exception and len(rep.text_area) == 0
    at = app_as(MANAGER, "review")
    at.text_area(key="review.body").input("Push the PME pipeline")
    submit = [b for b in at.button if b.label == EN("review.page.save")]
    assert submit, "the note form's submit button"
    submit[0].click().run()
    assert not at.exception
    notes = [shown(md.value) for md in at.markdown if "Push the PME pipeline" in md.value]
    assert notes == [f"**{EN('review.kind.note')}** — Push the PME pipeline"]
    assert [c for c in at.caption if shown(c.value).startswith(f"{MANAGER}, ")]
    again = app_as(REP, "review")
    assert not [md for md in again.markdown if "Push the PME pipeline" in md.value]  # the company's review, not his


def test_the_import_log_says_who_imported_and_who_undid(app_as: Callable[..., AppTest], tmp_path) -> None:
    header = "Deal ID,Deal Name,Owner,Stage,Amount,Close Date,Create Date\n"
    files = []
    for crm_id in ("X1", "X2"):
        files.append(tmp_path / f"deals-{crm_id}.csv")
        files[-1].write_text(f"{header}{crm_id},New deal,Hugo Mercier,Won,1200,2026-10-01,2026-09-01\n",
                             encoding="utf-8")
    store = Store(app_as.database)
    ann = find_user(store, ADMIN)
    kept, undone = (import_file(store, path, kind="deals", actor=ann).import_id for path in files)
    undo_import(store, undone, actor=ann)
    store.close()
    at = app_as(ADMIN, "import_log")
    assert not at.exception
    log = at.dataframe[0].value.set_index("id")
    assert (log.loc[undone, "imported_by"], log.loc[undone, "undone_by"]) == (ADMIN, ADMIN)
    assert (log.loc[kept, "imported_by"], log.loc[kept, "undone_by"]) == (ADMIN, "")
    assert set(log.drop(index=[kept, undone])["imported_by"]) == {EN("access.local")}  # the demo


def test_a_signed_in_person_without_an_account_is_told_whom_to_ask(app_as: Callable[..., AppTest]) -> None:
    at = app_as("zoe@example.com", lang="fr")
    t = Translator("fr")
    assert not at.exception
    assert page_titles(at) == [t("access.no_account.title")]
    assert [shown(w.value) for w in at.warning] == [t("access.no_account.body", email="zoe@example.com",
                                                      admins=ADMIN)]
    assert [b.label for b in at.button] == [t("access.signout")]
    assert len(at.metric) == 0 and len(at.sidebar.multiselect) == 0


def test_an_unverified_email_is_no_account(app_as: Callable[..., AppTest]) -> None:
    at = app_as(REP, claims={"email_verified": False})
    assert page_titles(at) == [EN("access.no_account.title")]
    assert [shown(w.value) for w in at.warning] == [EN("access.no_account.unverified", email=REP)]


def test_nobody_signed_in_gets_the_sign_in_page_only(app_as: Callable[..., AppTest]) -> None:
    at = app_as(None)
    assert page_titles(at) == [EN("signin.required.title")] and len(at.metric) == 0
    assert offered_pages(at) == {"overview"}  # the one page a navigation needs, hidden and never run


def test_a_sign_in_older_than_the_session_hours_asks_to_sign_in_again(app_as: Callable[..., AppTest],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    two_days_ago = int(time.time()) - 48 * 3600
    at = app_as(REP, claims={"iat": two_days_ago})
    assert page_titles(at) == [EN("access.expired.title")] and len(at.metric) == 0
    signed = dt.datetime.fromtimestamp(two_days_ago, tz=dt.UTC).date()
    assert at.info[0].value == EN("access.expired.body", date=EN.date(signed), hours=EN.number(24))
    assert [b.label for b in at.button] == [EN("access.expired.button"), EN("access.signout")]
    monkeypatch.setenv(SESSION_HOURS_ENV, "72")
    assert page_titles(app_as(REP, claims={"iat": two_days_ago}))[0] == EN("nav.overview")
    monkeypatch.setenv(SESSION_HOURS_ENV, "a day")
    refused = app_as(REP)
    assert [shown(e.value) for e in refused.error] == [
        f"{SESSION_HOURS_ENV}='a day' is not a number of hours (e.g. 24, or 0.5 for half an hour)"]


def test_an_admin_adds_changes_and_removes_users_on_the_users_page(app_as: Callable[..., AppTest]) -> None:
    at = app_as(ADMIN, "users")
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["email"]) == [ADMIN, MANAGER, TEAM_MANAGER, REP]
    assert list(table["reps"])[-1] == f"{REP_NAME}, hugo.mercier"
    assert set(table["created_by"]) == {EN("access.local")}
    at.text_input(key="users.add.email").input("Nina@Example.com")
    at.selectbox(key="users.add.role").set_value("rep")
    at.button[[b.label for b in at.button].index(EN("users.form.add"))].click().run()
    assert [e.value for e in at.error] == [EN("users.error.rep_names")]
    at.multiselect(key="users.add.reps").set_value(["Léa Fontaine"])
    at.text_input(key="users.add.email").input("Nina@Example.com")
    at.selectbox(key="users.add.role").set_value("rep")
    at.button[[b.label for b in at.button].index(EN("users.form.add"))].click().run()
    assert not at.exception and [shown(s.value) for s in at.success] == [EN("users.added", email="nina@example.com")]
    nina = at.dataframe[0].value.set_index("email").loc["nina@example.com"]
    assert (nina["role"], nina["reps"], nina["created_by"]) == (EN("access.role.rep"), "Léa Fontaine", ADMIN)

    at.selectbox(key="users.edit.pick").set_value(MANAGER).run()
    at.selectbox(key=f"users.edit.{MANAGER}.team").set_value("PME")
    at.button[[b.label for b in at.button].index(EN("users.form.save"))].click().run()
    assert not at.exception and [shown(s.value) for s in at.success] == [EN("users.saved", email=MANAGER)]
    marc = at.dataframe[0].value.set_index("email").loc[MANAGER]
    assert (marc["team"], marc["updated_by"]) == ("PME", ADMIN)

    at.selectbox(key="users.edit.pick").set_value("nina@example.com").run()
    at.button(key="users.remove").click().run()
    assert shown(at.markdown[-1].value) == EN("users.remove.confirm", email="nina@example.com")
    at.button(key="users.remove.confirm").click().run()
    assert not at.exception and [shown(s.value) for s in at.success] == [EN("users.removed", email="nina@example.com")]
    assert "nina@example.com" not in list(at.dataframe[0].value["email"])


def test_the_users_page_keeps_the_last_admin(app_as: Callable[..., AppTest]) -> None:
    at = app_as(ADMIN, "users")
    at.selectbox(key="users.edit.pick").set_value(ADMIN).run()
    at.selectbox(key=f"users.edit.{ADMIN}.role").set_value("manager")
    at.button[[b.label for b in at.button].index(EN("users.form.save"))].click().run()
    assert [shown(e.value) for e in at.error] == [EN("users.error.last_admin", email=ADMIN)]
    assert at.dataframe[0].value.set_index("email").loc[ADMIN, "role"] == EN("access.role.admin")


def test_a_reps_team_table_and_its_download_hold_their_row_only(app_as: Callable[..., AppTest],
                                                                raw_tables: dict[str, pd.DataFrame],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """What the page shows and what its CSV download holds: the rep's own row, their revenue a pandas sum."""
    downloads = capture_csv_downloads(monkeypatch)
    at = app_as(REP, "team")
    assert not at.exception
    assert list(at.dataframe[0].value["owner"]) == [REP_NAME]
    deals = raw_tables["deals"]
    won = deals[(deals["owner"] == REP_NAME) & (deals["status"] == "won")
                & (deals["close_on"] >= dt.date(DEMO_TODAY.year, 1, 1)) & (deals["close_on"] <= DEMO_TODAY)]
    tables = [pd.read_csv(io.BytesIO(data)) for data in downloads]
    (table,) = [table for table in tables if get_kpi("sales_cycle_days").short_label("en", "median") in table.columns]
    assert list(table[EN("deal.owner")]) == [REP_NAME]
    assert table[get_kpi("revenue").short_label("en")].iloc[0] == pytest.approx(won["amount"].sum())
