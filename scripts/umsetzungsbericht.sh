#!/usr/bin/env bash
# Acceptance of the Umsetzungsbericht on a fresh clone: Fassung 1.0 is released, the
# Bergische IHK and the Bergische Universität propose two status changes and one measured
# value, which are merged, and 1.1 is released. Then the 1.1 editions (HTML and PDF) and
# `stratdoc monitor --format json` must show the same changes with dates and organisations.
# Signs with throwaway keys (scripts/gremium.sh), like scripts/lifecycle.sh.
#   scripts/umsetzungsbericht.sh [WORKDIR]     (after make)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
stratdoc="$here/.venv/bin/stratdoc"
python="$here/.venv/bin/python"
work="${1:-$(mktemp -d)}"

source "$here/scripts/gremium.sh"

adopt 1.0 >/dev/null
propose AK_BERGISCHE_IHK strategy/handlungsfelder/fachkraefte-quantitativ.md \
  '0,/:status: in Planung/s//:status: in Umsetzung/' "Elternprogramm gestartet" >/dev/null
propose AK_BUW strategy/handlungsfelder/wissenstransfer.md \
  '0,/:status: in Planung/s//:status: in Umsetzung/' "Transfermaßnahme gestartet" >/dev/null
propose AK_BUW strategy/indikatoren.md \
  '/:id: KPI_TRANSFERPROJEKTE/,/:misst:/s/^:misst:/:messwerte: 2025: 7\n:misst:/' \
  "Erste Zählung der Transferprojekte" >/dev/null
adopt 1.1 >/dev/null
"$stratdoc" monitor --format json > monitor.json
edition=_build/editions/1.1
pdftotext -layout "$edition"/pdf/*.pdf pdf.txt  # poppler-utils (group preview)
"$python" - "$edition" <<'PY'
import json, pathlib, re, sys
edition = pathlib.Path(sys.argv[1])
data = json.loads(pathlib.Path("monitor.json").read_text(encoding="utf-8"))
page = (edition / "html" / "umsetzungsbericht.html").read_text(encoding="utf-8")
pdf = re.sub(r"\s+", " ", pathlib.Path("pdf.txt").read_text(encoding="utf-8"))
names = data["organisations"]
rows = [(m["id"], c) for m in data["measures"] for c in m["changes"] if c["attributed"]]
wanted = [(i, c) for i, c in rows if c["organisation"] in ("AK_BERGISCHE_IHK", "AK_BUW")]
assert len(wanted) == 2, wanted
for need, c in wanted:
    day = "{2}.{1}.{0}".format(*c["date"].split("-"))
    cell = f"{day}: {c['old']} → {c['new']}"
    assert cell in page, (need, cell)
    assert names[c["organisation"]] in page
    assert day in pdf and names[c["organisation"]].split()[0] in pdf, (need, day)
    print(f"{need}: {cell} ({names[c['organisation']]}) in HTML, PDF and monitor")
kpi = next(k for k in data["indicators"] if k["id"] == "KPI_TRANSFERPROJEKTE")
assert kpi["messwerte"] == {"2025": 7.0} and kpi["changes"][-1]["organisation"] == "AK_BUW"
assert "Messwerte 2025: 7" in page and "Kooperationsprojekte zwischen Hochschulen" in pdf
assert data["fassungen"] == ["1.0", "1.1"]  # HEAD is the tag of 1.1: no draft column
assert "Verglichen werden Fassung 1.0 und Fassung 1.1" in page
print("KPI_TRANSFERPROJEKTE: 2025: 7 (AK_BUW) charted in HTML and PDF")
PY
echo "umsetzungsbericht ok in $work/strategie"
