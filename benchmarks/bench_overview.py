"""`stratdoc overview` over many synthetic networks, from folders and over HTTP.

    python benchmarks/bench_overview.py [--networks 30] [--measures 300]

Each network gets a needs.json (sphinx-needs 9's shape: measures, action fields, actors)
and a monitoring.json (three Fassungen), with texts drawn from German compounds so the
similarity search has real work. Half the networks are read from folders, half from a
server on 127.0.0.1 that answers ETag / If-None-Match. Measured: the first build (goal
<= 60 s), peak memory, and a rebuild after one network of each kind changed, which must
read exactly that network's changed file (counted, not timed).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import random
import resource
import tempfile
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from stratdoc.federation.overview import networks, site, sources

STEMS = (
    "Weiterbildung Fachkräfte Zulieferer Wasserstoff Elektromobilität Umform Oberflächen "
    "Kreislauf Standort Berufs Innovations Digital Batterie Leichtbau Gießerei Werkzeug "
    "Netzwerk Kompetenz Transfer Gründungs Flächen Energie Logistik Ausbildungs Betriebs "
    "Hochschul Cluster Beratungs Qualifizierungs Forschungs"
).split()
TAILS = "verbund zentrum offensive netzwerk plattform beratung programm agentur labor".split()
STATUS = ["nicht begonnen", "in Planung", "in Umsetzung", "umgesetzt", "verstetigt"]
KINDS = ["Wirtschaftsförderung", "IHK", "Gewerkschaft", "Hochschule", "Unternehmen"]
FIELDS = ["Fachkräfte", "Standort", "Innovation", "Internationalisierung", "Vernetzung"]
FASSUNGEN = ["1.0", "1.1", "2.0"]


def _words(rng: random.Random, count: int) -> str:
    return " ".join(
        rng.choice(STEMS) + rng.choice(TAILS) if rng.random() < 0.5 else rng.choice(STEMS)
        for _ in range(count)
    )


def write_network(folder: Path, short: str, measures: int, others: list[str], seed: int) -> None:
    rng = random.Random(seed)
    needs: dict[str, dict[str, object]] = {}
    for i, title in enumerate(FIELDS):
        needs[f"HF_{i}"] = {"id": f"HF_{i}", "type": "handlungsfeld", "title": title}
    for i in range(30):
        needs[f"AK_{i}"] = {
            "id": f"AK_{i}",
            "type": "akteur",
            "title": f"Organisation {i} {short}",
            "art": KINDS[i % len(KINDS)],
        }
    history = []
    for i in range(measures):
        mid = f"MA_{i:04d}"
        links = [f"{rng.choice(others)}:MA_{rng.randrange(measures):04d}"] if i % 50 == 0 else []
        needs[mid] = {
            "id": mid,
            "type": "massnahme",
            "title": _words(rng, 4).capitalize(),
            "content": _words(rng, 30).capitalize() + ".",
            "status": rng.choice(STATUS),
            "beitrag_zu": [f"HF_{i % len(FIELDS)}"],
            "federfuehrung": [f"AK_{i % 30}"],
            "abgestimmt_mit": links,
            # the many empty fields sphinx-needs writes for every need
            **{f"feld_{k}": None for k in range(40)},
        }
        history.append(
            {"id": mid, "status": {f: rng.choice(STATUS) for f in FASSUNGEN}, "changes": []}
        )
    folder.mkdir(parents=True, exist_ok=True)
    body = {"current_version": "", "project": short, "versions": {"": {"needs": needs}}}
    (folder / "needs.json").write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    monitoring = {"fassungen": FASSUNGEN, "edition": {"date": "2026-11-01"}, "measures": history}
    (folder / "monitoring.json").write_text(json.dumps(monitoring), encoding="utf-8")


class EtagHandler(SimpleHTTPRequestHandler):
    """Static files with a strong ETag (SHA-256 of the body) and If-None-Match → 304."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().send_head()
        body = path.read_bytes()
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def served(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(EtagHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def build(
    listed: list[networks.Network], cache: Path, out: Path
) -> tuple[float, dict[str, int], bool]:
    start = time.perf_counter()
    retrieved = sources.retrieve_all(listed, cache)
    written = site.write_site(retrieved, out, cache)
    elapsed = time.perf_counter() - start
    assert not [p for r in retrieved for p in r.problems], "a network failed"
    assert written.measures == sum(len(r.summary["measures"]) for r in retrieved if r.summary)
    reads = {r.network.short_name: r.reads for r in retrieved if r.reads}
    return elapsed, reads, written.similarity_computed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--networks", type=int, default=30)
    parser.add_argument("--measures", type=int, default=300)
    args = parser.parse_args()
    shorts = [f"N{i:02d}" for i in range(args.networks)]
    with tempfile.TemporaryDirectory(prefix="bench-overview-") as tmp:
        root = Path(tmp)
        for i, short in enumerate(shorts):
            write_network(root / "www" / short, short, args.measures, shorts, seed=i)
        with served(root / "www") as base:
            listed = [
                networks.Network(s, s, f"Region {s}", folder=root / "www" / s)
                if i % 2 == 0
                else networks.Network(
                    s,
                    s,
                    f"Region {s}",
                    needs_url=f"{base}/{s}/needs.json",
                    monitoring_url=f"{base}/{s}/monitoring.json",
                )
                for i, s in enumerate(shorts)
            ]
            size = sum(p.stat().st_size for p in (root / "www").rglob("*.json"))
            print(f"{args.networks} networks x {args.measures} measures, {size / 1e6:.0f} MB JSON")
            first, reads, _ = build(listed, root / "cache", root / "site")
            print(f"first build: {first:.1f} s, {sum(reads.values())} files read")
            again, reads, computed = build(listed, root / "cache", root / "site")
            print(f"rebuild, nothing changed: {again:.1f} s, files read: {reads}")
            print(f"  similarity recomputed: {computed}")
            assert not reads and not computed
            for short in shorts[:2]:  # one from a folder, one over HTTP
                write_network(root / "www" / short, short, args.measures, shorts, seed=99)
            changed, reads, computed = build(listed, root / "cache", root / "site")
            print(f"rebuild, {shorts[0]} (folder) and {shorts[1]} (HTTP) changed: {changed:.1f} s,")
            print(f"  files read: {reads}, similarity recomputed: {computed}")
            assert reads == {shorts[0]: 2, shorts[1]: 2}, reads
            needs = root / "www" / shorts[2] / "needs.json"  # a folder network
            data = json.loads(needs.read_text(encoding="utf-8"))
            for need in data["versions"][""]["needs"].values():
                if need["type"] == "massnahme":
                    need["status"] = "verstetigt"
            needs.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
            status_only, reads, computed = build(listed, root / "cache", root / "site")
            print(f"rebuild, only {shorts[2]}'s statuses changed: {status_only:.1f} s,")
            print(f"  files read: {reads}, similarity recomputed: {computed}")
            assert reads == {shorts[2]: 1} and not computed
            page = (root / "site" / "massnahmen.html").stat().st_size
            print(f"massnahmen.html: {page / 1e6:.1f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak:.0f} MB")
    print("goal: first build <= 60 s:", "met" if first <= 60 else "MISSED")


if __name__ == "__main__":
    main()
