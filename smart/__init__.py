"""SMART Pilot: SMART commercial objectives and the KPIs that steer a sales team to them.

The package never imports Streamlit: storage, ingest, analytics, objectives, charts, i18n and the CLI are
all usable (and tested) without a browser.
"""

__version__ = "0.1.0"
