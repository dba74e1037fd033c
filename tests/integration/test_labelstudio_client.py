"""ls push / ls pull without a Label Studio server: where the URL and key come from, and
that the API key never reaches the output or the logs, even when the server echoes it."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from annotation.labelstudio.client import MASK, Server, mask, server_from
from dataset.errors import InputError
from gwrcommit.cli import main
from tests.factories import rich_records, write_records

SECRET = "s3cr3t-token-0123456789abcdef"


class EchoingHandler(BaseHTTPRequestHandler):
    """A hostile server: refuses every request and quotes the Authorization header back
    in a header and in the body."""

    def _refuse(self) -> None:
        sent = self.headers.get("Authorization", "")
        body = json.dumps({"detail": "Invalid token.", "you_sent": sent}).encode()
        self.send_response(401)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-You-Sent", sent)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PATCH = _refuse

    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture()
def echoing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture()
def records_file(seed_document, tmp_path) -> Path:
    return write_records(tmp_path / "records.jsonl", rich_records(seed_document))


@pytest.fixture(autouse=True)
def no_server_environment(monkeypatch):
    monkeypatch.delenv("LABEL_STUDIO_URL", raising=False)
    monkeypatch.delenv("LABEL_STUDIO_API_KEY", raising=False)


def _assert_secret_absent(capsys, caplog) -> str:
    out = capsys.readouterr()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for text in (out.out, out.err, logged):
        assert SECRET not in text
    return out.err


def test_push_to_a_server_that_echoes_the_key(echoing_server, records_file, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    argv = ["ls", "push", str(records_file), "--url", echoing_server, "--api-key", SECRET]
    assert main(argv) == 2
    err = _assert_secret_absent(capsys, caplog)
    assert "401" in err and MASK in err, "the echoed key was masked, not dropped by chance"
    assert len(err.strip().splitlines()) == 1


def test_pull_with_the_key_from_the_environment(
    echoing_server, tmp_path, capsys, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("LABEL_STUDIO_URL", echoing_server)
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", SECRET)
    assert main(["ls", "pull", "-o", str(tmp_path / "passes")]) == 2
    err = _assert_secret_absent(capsys, caplog)
    assert MASK in err
    assert not (tmp_path / "passes").exists()


def test_an_unreachable_server(records_file, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    assert main(["ls", "push", str(records_file), "--url", url, "--api-key", SECRET]) == 2
    err = _assert_secret_absent(capsys, caplog)
    assert url in err


def test_the_url_and_key_are_required(records_file, capsys, monkeypatch):
    assert main(["ls", "push", str(records_file), "--api-key", SECRET]) == 2
    assert "LABEL_STUDIO_URL" in capsys.readouterr().err
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://127.0.0.1:9")
    assert main(["ls", "pull", "-o", "unused"]) == 2
    assert "LABEL_STUDIO_API_KEY" in capsys.readouterr().err


def test_server_settings(monkeypatch):
    monkeypatch.setenv("LABEL_STUDIO_URL", "http://env:8080/")
    monkeypatch.setenv("LABEL_STUDIO_API_KEY", "env-key")
    assert server_from(None, None) == Server("http://env:8080", "env-key")
    assert server_from("https://flag", "flag-key") == Server("https://flag", "flag-key")
    with pytest.raises(InputError, match="http"):
        server_from("localhost:8080", "k")
    assert SECRET not in repr(Server("http://x", SECRET))
    assert mask(f"Token {SECRET}!", SECRET) == f"Token {MASK}!"
