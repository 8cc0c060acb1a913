"""federation.fetch against a real HTTP server on 127.0.0.1: body, 304, and one clear error."""

from __future__ import annotations

import pytest
from conftest import LocalServer
from stratdoc.federation.fetch import FetchError, fetch


def test_fetch_returns_body_and_validators_then_304_when_unchanged(
    http_server: LocalServer,
) -> None:
    (http_server.root / "needs.json").write_bytes(b'{"versions": {}}')
    first = fetch(http_server.url("needs.json"))
    assert first.body == b'{"versions": {}}'
    assert not first.not_modified and first.last_modified
    again = fetch(http_server.url("needs.json"), last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert http_server.requests == ["/needs.json", "/needs.json"]


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        (lambda s: s.errors.update({"/needs.json": 503}), "HTTP 503"),
        (lambda s: None, "HTTP 404"),
        (lambda s: s.delays.update({"/needs.json": 1.5}), "no answer within 0.3 s"),
        (lambda s: (s.root / "needs.json").write_bytes(b"x" * 2000), "larger than 1000 bytes"),
    ],
    ids=["status", "missing", "slow", "too-large"],
)
def test_fetch_fails_with_one_line_naming_url_and_cause(
    http_server: LocalServer, setup, reason: str
) -> None:
    setup(http_server)
    url = http_server.url("needs.json")
    with pytest.raises(FetchError) as caught:
        fetch(url, timeout=0.3, max_bytes=1000)
    assert str(caught.value).startswith(f"cannot fetch {url}: {reason}")
    assert "\n" not in str(caught.value) and caught.value.exit_code == 2


def test_fetch_names_a_refused_connection_and_a_missing_local_file(tmp_path) -> None:
    with pytest.raises(
        FetchError, match=r"127\.0\.0\.1:9/x: connection failed \(Connection refused"
    ):
        fetch("http://127.0.0.1:9/x", timeout=2)
    (tmp_path / "n.json").write_text("{}", encoding="utf-8")
    assert fetch((tmp_path / "n.json").as_uri()).body == b"{}"
    assert fetch(str(tmp_path / "n.json")).body == b"{}"
    with pytest.raises(FetchError, match="no such file"):
        fetch(str(tmp_path / "gone.json"))
