"""Upload a CRM export on the Import page in real headless Chromium, check the preview, import, see the log."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import require_chromium, screenshot, served_app, wait_for_app

pytestmark = pytest.mark.browser
ERRORS = "[data-testid='stException'], [data-testid='stAlertContentError']"
DEALS = ("Deal ID,Deal Name,Deal Stage,Amount,Create Date,Close Date,Deal Owner\n"
         "BR1,Browser upload,Closed Won,1200,2025-01-02,2025-02-03,ann@x.com\n"
         "BR2,Second,Contract Sent,oops,2025-01-05,2025-03-01,bob@x.com\n")


@pytest.fixture(scope="module")
def import_app(demo_db_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The app on its own copy of the demo database, so that this upload does not change other tests' data."""
    require_chromium()
    with served_app(demo_db_file, tmp_path_factory.mktemp("import-served")) as served:
        yield served


def _upload(page, address: str, upload: Path) -> None:
    """Open the Import page at ``address``, upload the file and wait for its preview (five counts), error-free."""
    page.goto(address)
    wait_for_app(page)
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(upload))
    page.locator("[data-testid='stMetric']").nth(4).wait_for(timeout=60_000)
    wait_for_app(page)
    assert page.locator(ERRORS).count() == 0


def test_upload_preview_and_import_in_chromium(import_app, page, tmp_path: Path) -> None:
    url, _database = import_app
    upload = tmp_path / "browser_deals.csv"
    upload.write_text(DEALS)
    _upload(page, f"{url}/import", upload)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert [m.split()[-1] for m in metrics] == ["2", "1", "0", "0", "1"]  # rows, new, updated, unchanged, rejected
    screenshot(page, "import-preview")
    page.get_by_text("First rows as they will be stored").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "import-sample")
    sample = page.locator("[data-testid='stDataFrame']").first.locator("[role='gridcell']").all_inner_texts()
    assert {"BR1", "Won", "New"} <= set(sample)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_text("Import #").first.wait_for(timeout=60_000)
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "import-done")
    page.goto(f"{url}/import_log")
    wait_for_app(page)
    page.get_by_text("Click an import").wait_for(timeout=30_000)  # the log lists at least this import
    assert page.locator(ERRORS).count() == 0
    screenshot(page, "import-log")


def test_a_french_preview_says_why_rows_are_rejected_in_french(import_app, page, tmp_path: Path) -> None:
    url, _database = import_app
    upload = tmp_path / "affaires_fr.csv"
    upload.write_text(DEALS.replace("BR1", "FR1").replace("BR2", "FR2") + "FR1,Twice,Closed Won,900,2025-01-02,"
                      "2025-02-03,ann@x.com\n")
    _upload(page, f"{url}/import?lang=fr", upload)
    page.get_by_text("Lignes rejetées").wait_for(timeout=30_000)
    assert page.get_by_text("séparateur virgule").count() == 1
    screenshot(page, "import-preview-fr")
    # The grids draw on a canvas: their cells are read through the accessible tables kept beside them.
    cells = " ".join(page.locator("[data-testid='stDataFrame'] [role='gridcell']").all_inner_texts())
    assert "montant illisible" in cells
    assert "le même identifiant aux lignes 2, 4 avec des valeurs différentes" in cells
    page.get_by_text("Correspondance des colonnes").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "import-mapping-fr")
    editor = page.locator("[data-testid='stDataFrame']").filter(has_text="Colonne du fichier")
    assert {"Identifiant CRM", "Date de clôture", "Close Date"} <= set(editor.locator("[role='gridcell']")
                                                                     .all_inner_texts())
    page.get_by_text("Étapes : statut et ordre dans l'entonnoir").click()
    page.get_by_text("Compte comme").first.wait_for(state="attached", timeout=30_000)
    page.wait_for_timeout(500)
    page.get_by_text("Étapes : statut et ordre dans l'entonnoir").evaluate("e => e.scrollIntoView({block: 'start'})")
    screenshot(page, "import-stages-fr")
