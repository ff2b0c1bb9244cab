"""The served app: the pages (``app.py``) and the HTTP API (``smart.api``) in one process, which owns the database.

``python -m smart serve`` runs ``streamlit run server.py``: Streamlit finds the ``st.App`` named ``app`` below and
serves, through its ASGI server, every page of ``app.py`` and the API's routes under ``/api/v1/``. The lifespan
opens the store once, the one the pages use too (``smart.storage.shared_store``), and starts the daily backup;
everything else talks to this process: the pages, the command line with ``--server``, the backup. A write through
the API clears the pages' cached readings, so that the next run of any page shows it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import streamlit as st

from smart import serve
from smart.api import Api, ApiContext, ServerResources


def clear_page_caches() -> None:
    """After a write through the API, the pages' cached readings must not serve figures from before it."""
    import ui  # once Streamlit's runtime runs (ui's cached readers bind to its caches)

    ui.clear_data_caches()


resources = ServerResources()
api = Api(ApiContext(store=resources.store, on_write=clear_page_caches,
                     exposure=lambda: serve.exposure(st.get_option("server.address"))))


@asynccontextmanager
async def lifespan(_app: st.App) -> AsyncIterator[dict[str, Any]]:
    import ui

    ui.configure_logging()
    resources.start()
    try:
        yield {"resources": resources}
    finally:
        resources.stop()


app = st.App(Path(__file__).parent / "app.py", routes=api.routes(), lifespan=lifespan)
