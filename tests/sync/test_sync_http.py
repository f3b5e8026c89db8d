"""The desktop's HTTP client for the sync server: HTTPS via the OS trust store, proxies, http only locally."""

from __future__ import annotations

import http.server
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from prm_desktop.sync.http import BadServerAddress, make_client, normalize_server_url


class _Hello(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - http.server API
        type(self).seen.append(self.path)
        body = b'{"status": "ok"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return


@contextmanager
def _serve(context: ssl.SSLContext | None = None) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    if context is not None:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def company_certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost, like a company's TLS-inspection root."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def test_addresses_plain_http_only_to_this_computer() -> None:
    assert normalize_server_url(" sync.example.com/ ") == "https://sync.example.com"
    assert normalize_server_url("http://localhost:8000") == "http://localhost:8000"
    assert normalize_server_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    with pytest.raises(BadServerAddress, match="https://"):
        normalize_server_url("http://sync.example.com")
    with pytest.raises(BadServerAddress):
        normalize_server_url("ftp://sync.example.com")
    with pytest.raises(BadServerAddress):
        make_client("http://10.0.0.5")


def test_https_checks_certificates_against_the_system_trust_store(company_certificate, monkeypatch) -> None:
    cert, key = company_certificate
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    with _serve(context) as port:
        with make_client(f"https://localhost:{port}") as client, pytest.raises(httpx.ConnectError, match="certif"):
            client.get("/health")  # an unknown root: refused
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the company root in the system's store (OpenSSL's path)
        with make_client(f"https://localhost:{port}") as client:
            assert client.get("/health").json() == {"status": "ok"}


def test_the_proxy_of_the_environment_is_used(monkeypatch) -> None:
    _Hello.seen = []
    with _serve() as proxy_port:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy_port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        with make_client("http://localhost:9") as client:  # nothing listens on port 9: only the proxy answers
            assert client.get("/health").status_code == 200
    assert _Hello.seen == ["http://localhost:9/health"]
