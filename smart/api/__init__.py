"""The HTTP API the served app exposes next to its pages, and the command line's way through it (``--server``).

One process, the server, owns the database file (DuckDB lets one process hold it); everything else talks to it.
``routes`` are the API's routes (plain Starlette: this package never imports Streamlit), mounted by the top-level
``server.py`` into ``st.App`` with a lifespan (``lifespan.ServerResources``) that opens the store once and starts
the daily backup. ``tokens`` keeps the API's bearer tokens (hashed) and tells who a request acts as; ``tokens_cli``
is ``python -m smart tokens``. ``output`` is what a command prints, made by one function that both the command line
and the API call, so that both print the very same bytes; ``client`` sends a command to a server and prints its
answer as the command would have, exit code included.
"""
