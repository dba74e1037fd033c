"""Push tasks to and pull annotations from a running Label Studio server (label-studio-sdk).

The API key is a secret: it is never printed or logged, and every error message that
leaves this module has it masked, whatever the server or the HTTP library put in it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from dataset.errors import InputError

URL_VARIABLE = "LABEL_STUDIO_URL"
KEY_VARIABLE = "LABEL_STUDIO_API_KEY"
MASK = "***"
IMPORT_BATCH = 500
EXPORT_TITLE = "gwrcommit ls pull"
ERROR_BODY_CHARS = 300

T = TypeVar("T")


@dataclass(frozen=True)
class Server:
    url: str
    api_key: str

    def __repr__(self) -> str:  # never show the key, even in a traceback or a debugger
        return f"Server(url={self.url!r}, api_key={MASK!r})"


def server_from(url: str | None, api_key: str | None) -> Server:
    """The server from the flags, else from LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY."""
    url = url or os.environ.get(URL_VARIABLE)
    api_key = api_key or os.environ.get(KEY_VARIABLE)
    if not url:
        raise InputError(f"no Label Studio URL: pass --url or set {URL_VARIABLE}")
    api_key = (api_key or "").strip()  # a key pasted with its line end still works
    if not api_key:
        raise InputError(f"no Label Studio API key: pass --api-key or set {KEY_VARIABLE}")
    if not api_key.isascii() or not api_key.isprintable() or " " in api_key:
        raise InputError(  # never echo the key itself
            f"the Label Studio API key holds a space, a control or a non-ASCII character; "
            f"check --api-key or {KEY_VARIABLE}"
        )
    if not url.startswith(("http://", "https://")):
        raise InputError(f"Label Studio URL {url!r} should start with http:// or https://")
    return Server(url.rstrip("/"), api_key)


def mask(text: str, secret: str) -> str:
    return text.replace(secret, MASK) if secret else text


def _describe(error: Exception) -> str:
    from label_studio_sdk.core.api_error import ApiError

    if isinstance(error, ApiError):  # its str() carries the response headers: keep it short
        body = str(error.body)
        if len(body) > ERROR_BODY_CHARS:
            body = body[:ERROR_BODY_CHARS] + "…"
        return f"the server answered {error.status_code}: {body}"
    return f"{type(error).__name__}: {error}"


@contextmanager
def masked_logging(secret: str) -> Iterator[None]:
    """Mask the secret in every log record made meanwhile, whichever library logs it
    (httpcore's debug log quotes response headers, which a server may echo a key in)."""
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        message = record.getMessage()
        if secret and secret in message:
            record.msg, record.args = mask(message, secret), None
        return record

    logging.setLogRecordFactory(factory)
    try:
        yield
    finally:
        logging.setLogRecordFactory(previous)


@contextmanager
def talking_to(server: Server, doing: str) -> Iterator[None]:
    """Turn any failure while talking to the server into a one-line InputError with the
    key masked (an exception's text may quote a request, a header or a URL)."""
    import httpx
    from label_studio_sdk.core.api_error import ApiError

    try:
        yield
    except (ApiError, httpx.HTTPError, OSError, ValueError) as error:
        message = f"{doing} at {server.url}: {_describe(error)}"
        raise InputError(" ".join(mask(message, server.api_key).split())) from None


def connect(server: Server) -> Any:
    from label_studio_sdk import LabelStudio

    return LabelStudio(base_url=server.url, api_key=server.api_key, timeout=120)


def _call(server: Server, doing: str, action: Callable[[], T]) -> T:
    with talking_to(server, doing):
        return action()


# ---------------------------------------------------------------- projects


@dataclass(frozen=True)
class ProjectRef:
    id: int
    title: str
    created: bool


def find_project(server: Server, client: Any, title: str) -> int | None:
    def lookup() -> list[int]:
        return [p.id for p in client.projects.list(title=title) if p.title == title]

    found = _call(server, f"looking up project {title!r}", lookup)
    if len(found) > 1:
        raise InputError(
            f"{len(found)} projects are titled {title!r} on {server.url} (ids "
            f"{', '.join(map(str, found))}): rename all but one"
        )
    return found[0] if found else None


def ensure_project(server: Server, client: Any, title: str, label_config: str) -> ProjectRef:
    """Create the project, or bring an existing one's labelling config up to date."""
    project_id = find_project(server, client, title)
    if project_id is None:
        project = _call(
            server,
            f"creating project {title!r}",
            lambda: client.projects.create(
                title=title,
                label_config=label_config,
                description="GWRCommit annotation: commitments in government work reports",
            ),
        )
        return ProjectRef(project.id, title, True)
    _call(
        server,
        f"updating the labelling config of project {title!r}",
        lambda: client.projects.update(project_id, label_config=label_config),
    )
    return ProjectRef(project_id, title, False)


def require_project(server: Server, client: Any, title: str) -> int:
    project_id = find_project(server, client, title)
    if project_id is None:
        raise InputError(f"no project titled {title!r} on {server.url}; run gwrcommit ls push")
    return project_id


# ---------------------------------------------------------------- push


@dataclass(frozen=True)
class PushResult:
    project: ProjectRef
    imported: int
    already_there: int


def existing_unit_ids(server: Server, client: Any, project_id: int) -> set[str]:
    def collect() -> set[str]:
        ids = set()
        for task in client.tasks.list(project=project_id, fields="task_only"):
            unit_id = (task.data or {}).get("unit_id")
            if unit_id:
                ids.add(unit_id)
        return ids

    return _call(server, "listing the project's tasks", collect)


def push(server: Server, title: str, label_config: str, tasks: list[dict[str, Any]]) -> PushResult:
    """Create or update the project, then import the tasks whose unit is not there yet
    (pushing again never duplicates a task)."""
    with masked_logging(server.api_key):
        client = connect(server)
        project = ensure_project(server, client, title, label_config)
        present = set() if project.created else existing_unit_ids(server, client, project.id)
        new = [task for task in tasks if task["data"]["unit_id"] not in present]
        for start in range(0, len(new), IMPORT_BATCH):
            batch = new[start : start + IMPORT_BATCH]
            _call(
                server,
                f"importing tasks {start + 1}-{start + len(batch)}",
                lambda batch=batch: client.projects.import_tasks(project.id, request=batch),
            )
    return PushResult(project, len(new), len(tasks) - len(new))


# ---------------------------------------------------------------- pull


def _export_status(snapshot: Any) -> str:
    status = getattr(snapshot, "status", None)
    return getattr(status, "value", status) or "unknown"


def pull_export(
    server: Server, title: str, timeout: float = 300.0, poll: float = 1.0
) -> tuple[int, list[dict[str, Any]]]:
    """The project's annotated tasks as Label Studio's JSON export, through an export
    snapshot (created, polled until completed, then downloaded)."""
    with masked_logging(server.api_key):
        return _pull_export(server, title, timeout, poll)


def _pull_export(
    server: Server, title: str, timeout: float, poll: float
) -> tuple[int, list[dict[str, Any]]]:
    import json

    from label_studio_sdk.types import LseTaskFilterOptionsRequest

    client = connect(server)
    project_id = require_project(server, client, title)
    snapshot = _call(
        server,
        "creating an export snapshot",
        lambda: client.projects.exports.create(
            project_id,
            title=EXPORT_TITLE,
            task_filter_options=LseTaskFilterOptionsRequest(only_with_annotations=True),
        ),
    )
    deadline = time.monotonic() + timeout
    while _export_status(snapshot) != "completed":
        if _export_status(snapshot) == "failed":
            raise InputError(f"export snapshot {snapshot.id} of project {title!r} failed")
        if time.monotonic() > deadline:
            raise InputError(
                f"export snapshot {snapshot.id} of project {title!r} not ready after "
                f"{timeout:.0f} s (status {_export_status(snapshot)})"
            )
        time.sleep(poll)
        snapshot = _call(
            server,
            "polling the export snapshot",
            lambda pk=snapshot.id: client.projects.exports.get(project_id, export_pk=pk),
        )
    data = _call(
        server,
        "downloading the export snapshot",
        lambda: b"".join(
            client.projects.exports.download(project_id, snapshot.id, export_type="JSON")
        ),
    )
    try:
        return project_id, json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"the export snapshot of {title!r} is not JSON ({error})") from None
