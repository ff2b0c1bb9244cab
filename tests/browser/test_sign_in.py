"""Sign-in end to end in real Chromium: the app served with sign-in configured against a local OpenID Connect provider
(``oidc-provider-mock``, started here on 127.0.0.1, whose authorize page lets the tester type who signs in), the
Streamlit identity cookie, sign-out, a person without an account, a sign-in that expires, and a rep who sees only
their own figures."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import duckdb
import pytest

from smart.access import LOCAL_ADMIN, add_user
from smart.analytics.catalogue import CATALOGUE
from smart.i18n import Translator
from smart.storage import Store
from tests.browser.conftest import screenshot, served_app, wait_for_app
from tests.conftest import DEMO_TODAY, shown
from tests.served import free_port

pytestmark = pytest.mark.browser
oidc_provider_mock = pytest.importorskip("oidc_provider_mock", reason="oidc-provider-mock is a test requirement")

EN = Translator("en")
COOKIE = "_streamlit_user"
COOKIE_SECRET = "a test cookie secret, long enough for HS256 signing"
ADMIN, REP, STRANGER = "ann@example.com", "hugo@example.com", "zoe@example.com"
REP_NAME = "Hugo Mercier"
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OpenID Connect provider on 127.0.0.1: any client id and secret, whoever the tester types."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, oidc_provider_mock.app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def signed_in_app(demo_db_file: Path, provider: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a copy of the demo with an admin and a rep, served from a working directory whose
    ``.streamlit/secrets.toml`` configures sign-in with the provider (nothing of this machine's own secrets read)."""
    from tests.browser.conftest import require_chromium

    require_chromium()
    folder = tmp_path_factory.mktemp("signed-in")
    source = folder / "source.duckdb"
    shutil.copy(demo_db_file, source)
    store = Store(source)
    add_user(store, ADMIN, "admin", name="Ann Admin", actor=LOCAL_ADMIN)
    add_user(store, REP, "rep", name=REP_NAME, reps=[REP_NAME], actor=LOCAL_ADMIN)
    store.close()
    port = free_port()
    work = folder / "work"
    (work / ".streamlit").mkdir(parents=True)
    (work / ".streamlit" / "secrets.toml").write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{COOKIE_SECRET}"
client_id = "smart-pilot-tests"
client_secret = "any secret will do"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    with served_app(source, folder, cwd=work, port=port, env={"HOME": str(folder / "home")}) as (url, _database):
        yield url


def sign_in(page, url: str, email: str) -> None:
    """Open the app, press its sign-in button, and say who one is on the provider's page."""
    page.goto(url)
    wait_for_app(page)
    assert page.locator("[data-testid='stMain'] h1").first.inner_text() == EN("signin.required.title")
    page.get_by_role("button", name=EN("signin.required.button")).click()
    authorize(page, email)


def authorize(page, email: str) -> None:
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url(lambda address: "/oauth2/" not in address and "oauth2callback" not in address,
                      timeout=30_000)
    wait_for_app(page)


def title(page) -> str:
    return page.locator("[data-testid='stMain'] h1").first.inner_text()


def sidebar_text(page) -> str:
    return page.locator("[data-testid='stSidebar']").inner_text()


def identity_cookie(page) -> dict | None:
    found = [cookie for cookie in page.context.cookies() if cookie["name"] == COOKIE]
    return found[0] if found else None


def signed_cookie(payload: dict, signed_at: float) -> str:
    """An identity cookie as Streamlit signs it (itsdangerous, its name as salt), signed at ``signed_at``."""
    from itsdangerous import URLSafeTimedSerializer

    serializer = URLSafeTimedSerializer(COOKIE_SECRET, salt=COOKIE)
    with mock.patch("itsdangerous.timed.time.time", return_value=signed_at):
        return serializer.dumps(json.dumps(payload))


def cookie_payload(page) -> dict:
    from itsdangerous import URLSafeTimedSerializer

    cookie = identity_cookie(page)
    assert cookie is not None
    return json.loads(URLSafeTimedSerializer(COOKIE_SECRET, salt=COOKIE).loads(cookie["value"]))


def replace_identity_cookie(page, url: str, value: str) -> None:
    page.context.clear_cookies(name=COOKIE)
    page.context.add_cookies([{"name": COOKIE, "value": value, "url": url}])


def rep_deals_won_this_year(database: Path) -> int:
    """The rep's deals won from 1 January to the demo's today, counted with pandas from the deals table."""
    conn = duckdb.connect(str(database), read_only=True)
    try:
        deals = conn.execute("SELECT owner, status, close_on FROM deals").df()
    finally:
        conn.close()
    close = deals["close_on"].dt.date
    mine = deals[(deals["owner"] == REP_NAME) & (deals["status"] == "won")
                 & (close >= dt.date(DEMO_TODAY.year, 1, 1)) & (close <= DEMO_TODAY)]
    return len(mine)


def test_a_rep_signs_in_and_sees_only_their_own_name_and_figures(signed_in_app: str, page,
                                                                  demo_db_file: Path) -> None:
    sign_in(page, signed_in_app, "Hugo@Example.com")  # the provider's spelling: accounts ignore case
    assert title(page) == EN("nav.overview")
    assert page.locator(ERRORS).count() == 0
    sidebar = sidebar_text(page)
    assert f"Signed in as {REP_NAME} · {EN('access.role.rep')}" in sidebar
    assert EN("nav.import") not in sidebar and EN("nav.users") not in sidebar
    assert EN("nav.overview") in sidebar and EN("nav.team") in sidebar
    owner_filter = page.locator("[data-testid='stSidebar'] [data-testid='stMultiSelect']").nth(1)
    owner_filter.click()
    options = page.get_by_role("option").all_inner_texts()
    assert options == [REP_NAME]
    page.keyboard.press("Escape")
    card = page.locator("[data-testid='stMetric']").filter(has_text=CATALOGUE["deals_won"].short_label("en"))
    expected = rep_deals_won_this_year(demo_db_file)
    assert 0 < expected
    assert card.locator("[data-testid='stMetricValue']").inner_text() == EN.measure("count", expected, compact=True)
    screenshot(page, "sign-in-rep-overview")


def test_signing_out_goes_back_to_the_sign_in_page(signed_in_app: str, page) -> None:
    sign_in(page, signed_in_app, ADMIN)
    assert "Signed in as Ann Admin · Admin" in sidebar_text(page)
    assert EN("nav.users") in sidebar_text(page)
    assert identity_cookie(page) is not None
    page.locator("[data-testid='stSidebar']").get_by_role("button", name=EN("access.signout")).click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)  # the provider ends its session too
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda address: "/oauth2/" not in address and "oauth2callback" not in address,
                      timeout=30_000)
    wait_for_app(page)
    assert title(page) == EN("signin.required.title")
    assert identity_cookie(page) is None
    page.reload()
    wait_for_app(page)
    assert title(page) == EN("signin.required.title")


def test_a_person_without_an_account_is_told_whom_to_ask(signed_in_app: str, page) -> None:
    sign_in(page, signed_in_app, STRANGER)
    assert title(page) == EN("access.no_account.title")
    body = shown(page.locator("[data-testid='stMain']").inner_text())
    assert EN("access.no_account.body", email=STRANGER, admins=ADMIN) in body
    assert page.locator("[data-testid='stSidebarNav']").count() == 0  # no page is offered
    assert page.locator("[data-testid='stMetric']").count() == 0
    screenshot(page, "sign-in-no-account")
    page.get_by_role("button", name=EN("access.signout")).click()
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda address: "/oauth2/" not in address and "oauth2callback" not in address,
                      timeout=30_000)
    wait_for_app(page)
    assert title(page) == EN("signin.required.title")


def test_without_its_identity_cookie_the_browser_is_asked_to_sign_in_again(signed_in_app: str, page) -> None:
    """What the browser does when the cookie's 30 days are over: it no longer sends it."""
    sign_in(page, signed_in_app, REP)
    assert title(page) == EN("nav.overview")
    page.context.clear_cookies(name=COOKIE)
    page.reload()
    wait_for_app(page)
    assert title(page) == EN("signin.required.title")


def test_an_identity_cookie_signed_too_long_ago_is_refused(signed_in_app: str, page) -> None:
    """What Streamlit does with a cookie older than its 30 days (and its one day of grace): it ignores it."""
    sign_in(page, signed_in_app, REP)
    payload = cookie_payload(page)
    assert payload["email"] == REP and payload["is_logged_in"] is True
    replace_identity_cookie(page, signed_in_app, signed_cookie(payload, time.time() - 32 * 86400))
    page.reload()
    wait_for_app(page)
    assert title(page) == EN("signin.required.title")
    replace_identity_cookie(page, signed_in_app, signed_cookie(payload, time.time() - 60))
    page.reload()
    wait_for_app(page)
    assert title(page) == EN("nav.overview")  # the same cookie, signed a minute ago, still opens the app


def test_a_sign_in_older_than_the_session_hours_asks_to_sign_in_again(signed_in_app: str, page) -> None:
    """SMART Pilot's own limit: a sign-in (the identity token's ``iat``) older than 24 hours, in a cookie that
    Streamlit still accepts, gets the expiry page; signing in again opens the app."""
    sign_in(page, signed_in_app, REP)
    payload = cookie_payload(page)
    assert time.time() - payload["iat"] < 3600
    two_days_ago = time.time() - 48 * 3600
    replace_identity_cookie(page, signed_in_app, signed_cookie({**payload, "iat": int(two_days_ago)}, time.time()))
    page.reload()
    wait_for_app(page)
    assert title(page) == EN("access.expired.title")
    assert page.locator("[data-testid='stMetric']").count() == 0
    screenshot(page, "sign-in-expired")
    page.get_by_role("button", name=EN("access.expired.button")).click()
    authorize(page, REP)
    assert title(page) == EN("nav.overview")
    assert time.time() - cookie_payload(page)["iat"] < 3600
