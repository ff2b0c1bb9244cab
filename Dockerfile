# SMART Pilot for a team: the app, served by Streamlit on port 8501 behind a TLS reverse proxy (compose.yaml).
# Everything the app writes lives in the /data volume: the database (SMART_DB), the original of every import
# (/data/uploads) and the nightly backups (/data/backups). Sign-in is configured by a secrets.toml mounted
# read-only at /app/.streamlit/secrets.toml; without it `serve` refuses 0.0.0.0 and exits, saying why (no data is
# ever served to the network without sign-in). See docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    SMART_DB=/data/smart.duckdb \
    SMART_BACKUP_DIR=/data/backups \
    SMART_BACKUP_AT=02:30 \
    SMART_BACKUP_KEEP=14 \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    TZ=UTC

# tzdata: the nightly backup runs at SMART_BACKUP_AT in the time zone TZ names.
RUN apt-get update \
    && apt-get install --yes --no-install-recommends tzdata \
    && rm -rf /var/lib/apt/lists/*

# The app runs as an unprivileged user that owns /data and nothing else.
RUN groupadd --system --gid 10001 smart \
    && useradd --system --uid 10001 --gid smart --create-home --home-dir /home/smart --shell /usr/sbin/nologin smart

WORKDIR /app
COPY requirements.txt ./
RUN pip install --requirement requirements.txt
COPY . .
# The demo company's exports are written into data/demo/ on a first start with an empty database.
RUN mkdir -p /data /app/data/demo && chown smart:smart /data /app/data/demo

VOLUME ["/data"]
USER smart
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]
CMD ["python", "-m", "smart", "serve", "--address", "0.0.0.0", "--port", "8501"]
