"""The HTTP API: what the command line runs through the server, as routes beside the app's pages.

Every route answers with the very output the command prints (``smart.api.output``: the same function makes both),
acting as the user of the bearer token the request carries (``smart.api.tokens``): their role decides what they
may do, their scope what they may see. Under ``/api/v1``:

- ``POST /import``: a multipart upload (the file as ``file``, and the command's options as fields: ``kind``,
  ``profile``, ``map`` and ``id`` (repeated), ``id_per_row``, ``dates`` (``dayfirst``/``monthfirst``), ``decimal``,
  ``currency``, ``sheet``, ``as_of``, ``source``, ``dry_run``, ``format`` (``json`` by default, or ``text``)):
  what ``import --format json`` prints. ``POST /import/ID/undo`` (``format``): what ``import --undo ID`` prints.
- ``GET /kpi``: the KPI list; ``GET /kpi/ID`` (``from``, ``to``, ``grain``, ``by``, ``stat``, ``owner`` and
  ``team`` repeated, ``format``: ``json`` by default, ``csv`` or ``table``): what ``kpi ID`` prints; the notes it
  prints on stderr are in the ``X-Smart-Notes`` header (a JSON list).
- ``GET /objectives``, ``GET /objectives/status``, ``GET /objectives/ID/check`` (``format``, ``lang``, ``today``).
- ``GET /review`` (``week``, ``format``: ``pdf`` or ``html``, ``lang``): the weekly review's file; the day it
  reviews in ``X-Smart-Review-Date``.
- ``POST /backup`` (``keep``, ``format``): a backup into the server's backups folder, as ``backup`` prints it.
- ``GET /me``: who the token acts as.

A refusal answers ``{"error": "...", "exit_code": 2}``: the line the command prints after ``error:`` and its exit
code, with the HTTP status 400 (bad input), 401 (no token, an unknown or revoked one), 403 (not allowed), 404 (no
such route), 413 (a file over the import limit) or 503 (the server cannot open its database now); an unexpected
failure answers 500 with exit code 1 and is logged with its traceback. Every answer carries ``X-Smart-Api: 1``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, overload

from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from smart import clock
from smart.access import MANAGE_DATA, AccessDeniedError, User, UserError, require
from smart.analytics.catalogue import STATS
from smart.analytics.cli import kpi_output
from smart.analytics.filters import GRAINS
from smart.analytics.kpi_sql import BY_COLUMNS
from smart.api.client import API_HEADER, API_PREFIX, NOTES_HEADER, REVIEW_DATE_HEADER
from smart.api.output import Output, media_type
from smart.api.tokens import ApiToken, Caller, TokenError, authenticate, note_use
from smart.backup.cli import backup_output
from smart.backup.schedule import BackupSettingError, backups_to_keep, settings_from_environment
from smart.cli import EXIT_BAD_INPUT, EXIT_FAILURE, CommandError
from smart.clock import ClockSettingError
from smart.i18n import LANGUAGES, Translator
from smart.ingest.cli import import_output, undo_output
from smart.ingest.errors import ImportFileError
from smart.ingest.profiles import KINDS, PROFILES
from smart.ingest.sniff import DEFAULT_MAX_BYTES
from smart.ingest.uploads import upload_copy
from smart.objectives.cli import objectives_output
from smart.review.cli import review_file
from smart.review.export import FORMATS as REVIEW_FORMATS
from smart.storage import StorageError, Store

logger = logging.getLogger(__name__)
ENGLISH = Translator("en")

OUTPUT_FORMATS = ("table", "csv", "json")
# What a multipart request may add to the file it carries (its boundaries and fields).
MULTIPART_ALLOWANCE = 1 << 20


class RequestTooLargeError(CommandError):
    """An upload over the import limit, refused before it is read."""


class DatabaseUnavailableError(CommandError):
    """The server cannot open its database now: said without the file's path nor the process holding it (the caller
    is not authenticated yet: its token is in that database); the server's log and pages say the rest."""


@dataclass(frozen=True)
class ApiContext:
    """What the routes need from the server: its store (opened on demand: another process may hold the file for a
    while), what to do after a write (clear the pages' caches), and how the server is exposed
    (``smart.serve.exposure``: the API answers nothing on an address others reach with nobody signed in)."""

    store: Callable[[], Store]
    on_write: Callable[[], None] = lambda: None
    exposure: Callable[[], str] = lambda: "local"


class Params:
    """A request's query or form values, read as the command's options; CommandError for a value that is not one,
    or a name the route does not take."""

    def __init__(self, values: Any, known: Iterable[str]) -> None:
        self.values = values
        unknown = sorted(set(values.keys()) - set(known))
        if unknown:
            takes = ", ".join(sorted(known)) or "none"
            raise CommandError(f"unknown parameter {unknown[0]!r}; this route takes {takes}")

    @overload
    def text(self, name: str, default: str) -> str: ...

    @overload
    def text(self, name: str, default: None = None) -> str | None: ...

    def text(self, name: str, default: str | None = None) -> str | None:
        """The value of ``name`` (trimmed), or ``default`` when it is absent or blank."""
        value = self.values.get(name)
        if isinstance(value, UploadFile):
            raise CommandError(f"{name}: a value is expected, not a file")
        return value.strip() if isinstance(value, str) and value.strip() else default

    def many(self, name: str) -> list[str]:
        return [value for value in self.values.getlist(name) if isinstance(value, str) and value.strip()]

    @overload
    def choice(self, name: str, choices: Iterable[str], default: str) -> str: ...

    @overload
    def choice(self, name: str, choices: Iterable[str], default: None = None) -> str | None: ...

    def choice(self, name: str, choices: Iterable[str], default: str | None = None) -> str | None:
        """The value of ``name``, one of ``choices``, or ``default``; CommandError for another value."""
        value = self.text(name, default)
        options = tuple(choices)
        if value is not None and value not in options:
            raise CommandError(f"{name}: {value!r} is not one of {', '.join(options)}")
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        try:
            return dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise CommandError(f"{name}: {value!r} is not an ISO date (YYYY-MM-DD)") from None

    def flag(self, name: str) -> bool:
        value = (self.text(name) or "false").lower()
        if value not in ("true", "1", "yes", "false", "0", "no"):
            raise CommandError(f"{name}: {value!r} is not true or false")
        return value in ("true", "1", "yes")


class Api:
    """The API's routes over one server's store."""

    def __init__(self, context: ApiContext) -> None:
        self.context = context

    def routes(self) -> list[Route]:
        prefix = API_PREFIX
        return [
            Route(f"{prefix}/me", self.me, methods=["GET"]),
            Route(f"{prefix}/import", self.import_file, methods=["POST"]),
            Route(f"{prefix}/import/{{import_id:int}}/undo", self.undo, methods=["POST"]),
            Route(f"{prefix}/kpi", self.kpi_list, methods=["GET"]),
            Route(f"{prefix}/kpi/{{kpi_id}}", self.kpi, methods=["GET"]),
            Route(f"{prefix}/objectives", self.objectives_list, methods=["GET"]),
            Route(f"{prefix}/objectives/status", self.objectives_status, methods=["GET"]),
            Route(f"{prefix}/objectives/{{objective_id:int}}/check", self.objective_check, methods=["GET"]),
            Route(f"{prefix}/review", self.review, methods=["GET"]),
            Route(f"{prefix}/backup", self.backup, methods=["POST"]),
            # Anything else under /api/ is no route of ours: without this, Streamlit's single-page fallback would
            # answer it with the app's HTML page.
            Route("/api/{rest:path}", self.no_route, methods=["GET", "POST", "PUT", "PATCH", "DELETE"]),
        ]

    # ------------------------------------------------------------------------------------------ the routes
    def me(self, request: Request) -> Response:
        def work(_store: Store, user: User, _params: Params) -> Output:
            body = {"email": user.email, "name": user.name, "role": user.role, "reps": list(user.reps),
                    "team": user.team}
            return Output(json.dumps(body, ensure_ascii=False) + "\n", media_type=media_type("json"))

        return self._answer(request, work, ())

    def kpi_list(self, request: Request) -> Response:
        def work(store: Store, user: User, _params: Params) -> Output:
            return kpi_output(store, argparse.Namespace(list=True), user)

        return self._answer(request, work, ())

    def kpi(self, request: Request) -> Response:
        def work(store: Store, user: User, params: Params) -> Output:
            args = argparse.Namespace(
                list=False, kpi_id=request.path_params["kpi_id"], start=params.date("from"), end=params.date("to"),
                grain=params.choice("grain", GRAINS, "month"), by=params.choice("by", BY_COLUMNS),
                stat=params.choice("stat", STATS), owner=params.many("owner"), team=params.many("team"),
                format=params.choice("format", OUTPUT_FORMATS, "json"))
            return kpi_output(store, args, user)

        return self._answer(request, work, ("from", "to", "grain", "by", "stat", "owner", "team", "format"))

    def objectives_list(self, request: Request) -> Response:
        return self._objectives(request, "list")

    def objectives_status(self, request: Request) -> Response:
        return self._objectives(request, "status")

    def objective_check(self, request: Request) -> Response:
        return self._objectives(request, "check", request.path_params["objective_id"])

    def _objectives(self, request: Request, action: str, objective_id: int | None = None) -> Response:
        def work(store: Store, user: User, params: Params) -> Output:
            args = argparse.Namespace(action=action, objective_id=objective_id, today=params.date("today"),
                                      format=params.choice("format", OUTPUT_FORMATS, "json"),
                                      lang=params.choice("lang", LANGUAGES, "en"))
            return objectives_output(store, args, user)

        return self._answer(request, work, ("format", "lang", "today"))

    def undo(self, request: Request) -> Response:
        def work(store: Store, user: User, params: Params) -> Output:
            args = argparse.Namespace(undo=request.path_params["import_id"],
                                      format=params.choice("format", ("text", "json"), "json"))
            return undo_output(store, args, user)

        return self._answer(request, work, ("format",))

    def review(self, request: Request) -> Response:
        def work(store: Store, user: User, params: Params) -> Response:
            review_on = params.date("week") or clock.today()
            fmt = params.choice("format", REVIEW_FORMATS, "pdf")
            data = review_file(store, review_on, fmt, params.choice("lang", LANGUAGES, "en"), user)
            return Response(data, media_type=media_type(fmt), headers={
                REVIEW_DATE_HEADER: review_on.isoformat(),
                "Content-Disposition": f'attachment; filename="review-{review_on.isoformat()}.{fmt}"'})

        return self._answer(request, work, ("week", "format", "lang"))

    def backup(self, request: Request) -> Response:
        def work(store: Store, user: User, params: Params) -> Output:
            try:
                settings = settings_from_environment()
                keep_text = params.text("keep")
                keep = backups_to_keep(keep_text, "keep") if keep_text else settings.keep
            except BackupSettingError as error:
                raise CommandError(f"backup: {error}") from None
            return backup_output(store, settings.folder, keep, params.choice("format", ("text", "json"), "json"), user)

        return self._answer(request, work, ("keep", "format"))

    async def import_file(self, request: Request) -> Response:
        """The upload is read only once its token may import, and only when its size is within the import limit;
        the file is then imported from a private temporary copy (``upload_copy``), under the name it was sent
        with."""
        try:
            self._refuse_when_exposed()
            secret = _bearer(request)
            store = await run_in_threadpool(self._store)
            caller = await run_in_threadpool(authenticate, store, secret)
            require(caller.user, MANAGE_DATA)
            _refuse_too_large(request)
            async with request.form(max_files=1, max_fields=200) as form:
                params = Params(form, ("file", *IMPORT_FIELDS))
                upload = form.get("file")
                if not isinstance(upload, UploadFile):
                    raise CommandError("import: send the file as the multipart field 'file'")
                args = import_args(params)
                name = upload.filename or "upload"

                def run() -> Output:
                    upload.file.seek(0)
                    with upload_copy(upload.file, name) as path:
                        return import_output(store, path, args, caller.user, display_name=name)

                output = await run_in_threadpool(run)
        except Exception as error:  # every failure is answered, never a traceback to the client
            return _failure(error)
        return self._finish(output, store, caller)

    async def no_route(self, request: Request) -> Response:
        return _error_response(404, f"no route {request.method} {request.url.path}: the API's routes are under "
                                    f"{API_PREFIX}/ (see the README)", EXIT_BAD_INPUT)

    # ------------------------------------------------------------------------------------------ plumbing
    def _answer(self, request: Request, work: Callable[[Store, User, Params], Output | Response],
                known: Iterable[str]) -> Response:
        """Authenticate the request, run ``work`` as its user, answer its output, or the failure as the command
        line says it."""
        try:
            self._refuse_when_exposed()
            secret = _bearer(request)
            store = self._store()
            caller = authenticate(store, secret)
            result = work(store, caller.user, Params(request.query_params, known))
        except Exception as error:  # every failure is answered, never a traceback to the client
            return _failure(error)
        return self._finish(result, store, caller)

    def _finish(self, result: Output | Response, store: Store, caller: Caller) -> Response:
        if isinstance(result, Output):
            if result.wrote:
                self.context.on_write()
            response = Response(result.body.encode("utf-8"), media_type=f"{result.media_type}; charset=utf-8",
                                headers={NOTES_HEADER: json.dumps(list(result.notes))})
        else:
            response = result
        response.headers[API_HEADER] = "1"
        response.background = BackgroundTask(_note_use, store, caller.token)
        return response

    def _refuse_when_exposed(self) -> None:
        if self.context.exposure() == "refused":
            raise AccessDeniedError("this server listens on an address other machines reach, with no sign-in "
                                    "configured: it serves nothing, the API included (serve it with python -m smart "
                                    "serve)")

    def _store(self) -> Store:
        try:
            return self.context.store()
        except StorageError as error:
            what = ENGLISH(error.title_key)
            raise DatabaseUnavailableError(f"the server cannot use its database now ({what[0].lower()}{what[1:]}); "
                                           "its log and its pages say why and what to do: try again once that is "
                                           "fixed") from error


def _bearer(request: Request) -> str:
    """The token's secret a request carries (``Authorization: Bearer SECRET``); TokenError when it carries none."""
    scheme, _, secret = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise TokenError("no API token: send the header Authorization: Bearer TOKEN (SMART_TOKEN for python -m smart "
                         "--server)", "tokens.error.none")
    return secret.strip()


IMPORT_FIELDS = ("kind", "profile", "map", "id", "id_per_row", "dates", "decimal", "currency", "sheet", "as_of",
                 "source", "dry_run", "format")


def import_args(params: Params) -> argparse.Namespace:
    """The ``import`` command's arguments an upload's fields give."""
    id_columns, per_row = params.many("id"), params.flag("id_per_row")
    if id_columns and per_row:
        raise CommandError("import: choose the id once: --map crm_id=COLUMN, --id COLUMN or --id-per-row")
    dates = params.choice("dates", ("dayfirst", "monthfirst"))
    return argparse.Namespace(
        kind=params.choice("kind", ("auto", *KINDS), "auto"), profile=params.choice("profile", ("auto", *PROFILES),
                                                                                    "auto"),
        map=params.many("map"), id_columns=id_columns, id_per_row=per_row,
        date_order={"dayfirst": "dmy", "monthfirst": "mdy"}.get(dates or ""),
        decimal=params.choice("decimal", ("dot", "comma")), dry_run=params.flag("dry_run"), sheet=params.text("sheet"),
        as_of=params.date("as_of"), source=params.text("source"), currency=params.text("currency"),
        format=params.choice("format", ("text", "json"), "json"), undo=None,
    )


def _refuse_too_large(request: Request) -> None:
    """Refuse an upload larger than an import may read (``SMART_IMPORT_MAX_MB``) before reading it."""
    try:
        length = int(request.headers.get("content-length", "0"))
    except ValueError:
        length = 0
    if length > DEFAULT_MAX_BYTES + MULTIPART_ALLOWANCE:
        raise RequestTooLargeError(f"import: the upload is {round(length / 1e6)} MB; this server imports files up to "
                              f"{round(DEFAULT_MAX_BYTES / 1e6)} MB (SMART_IMPORT_MAX_MB)")


def _note_use(store: Store, token: ApiToken) -> None:
    """After answering: record when the token was last used (a write, at most once a minute per token)."""
    try:
        note_use(store, token)
    except (StorageError, OSError) as error:
        logger.warning("Could not record the use of API token #%s: %s", token.id, error)


# What each failure answers: its HTTP status and the exit code the command line gives.
_STATUSES: tuple[tuple[type[BaseException], int], ...] = (
    (TokenError, 401), (AccessDeniedError, 403), (RequestTooLargeError, 413), (DatabaseUnavailableError, 503),
    (CommandError, 400),
    (ImportFileError, 400), (UserError, 400), (StorageError, 503), (ClockSettingError, 500),
)


def _failure(error: Exception) -> Response:
    for kind, status in _STATUSES:
        if isinstance(error, kind):
            return _error_response(status, " ".join(str(error).split()), getattr(error, "exit_code", EXIT_BAD_INPUT))
    logger.error("The API failed on a request", exc_info=error)
    return _error_response(500, f"the server failed ({type(error).__name__}); its log says why", EXIT_FAILURE)


def _error_response(status: int, message: str, exit_code: int) -> Response:
    headers = {API_HEADER: "1"}
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return Response(json.dumps({"error": message, "exit_code": exit_code}, ensure_ascii=False).encode("utf-8"),
                    status_code=status, media_type="application/json; charset=utf-8", headers=headers)
