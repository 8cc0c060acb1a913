"""The one HTTP client of stratdoc: fetch a published file with timeouts and a size cap.

Everything that reads another network's files over the network goes through fetch(), so a
slow, missing or oversized file always ends in one FetchError line naming URL and cause.
file:// URLs and plain local paths are read from disk (a network's folder on this machine).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import requests

from stratdoc.core.errors import EnvironmentProblem
from stratdoc.core.i18n import _

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    etag: str | None
    last_modified: str | None
    not_modified: bool  # True on HTTP 304; body is b"" then


class FetchError(EnvironmentProblem):
    """A file could not be fetched: one line with the URL and the reason (exit 2)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(_("cannot fetch {url}: {reason}").format(url=url, reason=reason))
        self.url = url
        self.reason = reason


def fetch(
    url: str,
    *,
    timeout: float = 10.0,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 50_000_000,
) -> Fetched:
    """The body of *url* (http, https, file or a local path), at most *max_bytes* long.

    *timeout* bounds connecting and each read; with *etag* or *last_modified* from an
    earlier fetch, an unchanged file answers 304 and comes back with not_modified=True."""
    scheme = urlsplit(url).scheme.lower()
    if scheme in ("http", "https"):
        return _fetch_http(url, timeout, etag, last_modified, max_bytes)
    if scheme == "file":
        return _read_local(url, Path(unquote(urlsplit(url).path)), max_bytes)
    if scheme and len(scheme) > 1:  # a drive letter is no scheme
        raise FetchError(url, _("unsupported scheme {scheme}").format(scheme=repr(scheme)))
    return _read_local(url, Path(url), max_bytes)


def _too_large(max_bytes: int) -> str:
    return _("larger than {limit} bytes").format(limit=max_bytes)


def _fetch_http(
    url: str, timeout: float, etag: str | None, last_modified: str | None, max_bytes: int
) -> Fetched:
    headers = {"User-Agent": "stratdoc", "Accept-Encoding": "identity"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        with requests.get(url, headers=headers, timeout=(timeout, timeout), stream=True) as resp:
            if resp.status_code == 304:
                return Fetched(url, b"", etag, last_modified, True)
            if resp.status_code != 200:
                raise FetchError(
                    url,
                    _("HTTP {status} {reason}")
                    .format(status=resp.status_code, reason=resp.reason or "")
                    .strip(),
                )
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, _too_large(max_bytes))
            body = bytearray()
            for chunk in resp.iter_content(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(url, _too_large(max_bytes))
            return Fetched(
                url,
                bytes(body),
                resp.headers.get("ETag"),
                resp.headers.get("Last-Modified"),
                False,
            )
    except requests.Timeout:
        raise FetchError(url, _("no answer within {seconds} s").format(seconds=timeout)) from None
    except requests.ConnectionError as exc:
        raise FetchError(url, _("connection failed ({cause})").format(cause=_cause(exc))) from None
    except requests.RequestException as exc:
        raise FetchError(url, _cause(exc)) from None


def _cause(exc: BaseException) -> str:
    """The innermost reason of a requests error, e.g. 'Connection refused'."""
    seen = exc
    while (inner := seen.__cause__ or seen.__context__) is not None:
        seen = inner
    if isinstance(seen, OSError) and seen.strerror:
        return seen.strerror
    return str(seen) or type(seen).__name__


def _read_local(url: str, path: Path, max_bytes: int) -> Fetched:
    try:
        if path.stat().st_size > max_bytes:
            raise FetchError(url, _too_large(max_bytes))
        return Fetched(url, path.read_bytes(), None, None, False)
    except FileNotFoundError:
        raise FetchError(url, _("no such file")) from None
    except OSError as exc:
        raise FetchError(url, exc.strerror or str(exc)) from None
