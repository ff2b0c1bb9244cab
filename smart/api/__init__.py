"""The HTTP API the served app exposes next to its pages, and the command line's way through it (``--server``).

One process, the server, owns the database file (DuckDB lets one process hold it); everything else talks to it.
``routes`` are the API's routes (plain Starlette: this package never imports Streamlit), mounted by the top-level
``server.py`` into ``st.App`` with a lifespan (``lifespan.ServerResources``) that opens the store once and starts
the daily backup. ``tokens`` keeps the API's bearer tokens (hashed) and tells who a request acts as; ``tokens_cli``
is ``python -m smart tokens``. ``output`` is what a command prints, made by one function that both the command line
and the API call, so that both print the very same bytes; ``client`` sends a command to a server and prints its
answer as the command would have, exit code included.

The pages and ``server.py`` take what they need from here, imported on first use (``smart.lazy``): the command line
imports this package for ``--server`` alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from smart.lazy import lazy_exports

if TYPE_CHECKING:
    from smart.api.lifespan import ServerResources
    from smart.api.routes import Api, ApiContext
    from smart.api.tokens import ApiToken, TokenError, create_token, list_tokens, revoke_token

_EXPORTS = {
    "lifespan": ("ServerResources",),
    "routes": ("Api", "ApiContext"),
    "tokens": ("ApiToken", "TokenError", "create_token", "list_tokens", "revoke_token"),
}
__getattr__ = lazy_exports(__name__, _EXPORTS)

__all__ = ["Api", "ApiContext", "ApiToken", "ServerResources", "TokenError", "create_token", "list_tokens",
    "revoke_token"]
