#!/usr/bin/env bash
# The whole lifecycle on a fresh clone of this repository, with only documented commands:
# throwaway SSH keys for the six seats and the project office replace the placeholder keys
# of governance/roster.toml; Fassung 1.0 is adopted in an Umlaufverfahren by all seats, closed
# by the project office's Eingangsvermerk and released; two partner proposals are merged; 1.1 is adopted in a Sitzung with four of six
# seats voting and released; both verify, and verify fails after one byte of an artifact
# changes and when an unsigned vote is slipped in.
# Usage: scripts/lifecycle.sh [WORKDIR]   (needs `make` run once)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
stratdoc="$here/.venv/bin/stratdoc"
work="${1:-$(mktemp -d)}"
review_proposals=1
source "$here/scripts/gremium.sh"

adopt 1.0
propose AK_BERGISCHE_IHK strategy/handlungsfelder/fachkraefte-quantitativ.md \
  's/gemeinsam und sichtbarer/gemeinsam, früher und sichtbarer/' "Nachwuchswerbung früher ansetzen"
propose AK_BUW strategy/handlungsfelder/wissenstransfer.md \
  '0,/:status: in Planung/s//:status: in Umsetzung/' "Transfermaßnahme gestartet"
as projektbuero
"$stratdoc" call 1.1 --procedure sitzung --date "$(date -u +%F)"
vote 1.1 zustimmung buw bergische-ihk igm-rs
vote 1.1 enthaltung aa-sw
"$stratdoc" status
as projektbuero
"$stratdoc" release 1.1
"$stratdoc" verify 1.0
"$stratdoc" verify 1.1
pdf="$(ls _build/editions/1.1/pdf/*.pdf 2>/dev/null | head -1 || true)"
victim="${pdf:-_build/editions/1.1/html/index.html}"
printf 'X' | dd of="$victim" bs=1 seek=200 conv=notrunc status=none
if "$stratdoc" verify 1.1; then echo "verify missed a changed byte in $victim" >&2; exit 1; fi
# a forged vote: the right author name, no signature; status names why it does not count
git switch -q -c faelschung
mkdir -p governance/votes/1.2
sed -e 's/^member = .*/member = "bsw"/' -e 's/^fassung = .*/fassung = "1.2"/' \
  "$(ls governance/votes/1.1/*-buw.toml | head -1)" > governance/votes/1.2/20990101T000000000000-bsw.toml
git add governance/votes/1.2
git -c user.name="Vertretung BSW" commit -q -m "Stimme bsw zu Fassung 1.2: zustimmung"
# the reason in English whatever the locale, to match it here
STRATDOC_LANGUAGE=en "$stratdoc" status --format json | grep -q '"reason": "unsigned commit' \
  || { echo "status counted an unsigned vote" >&2; exit 1; }
git switch -q main
# a dropped vote: a signed Ablehnung for 1.2 that a reset removed from main but a branch holds
as projektbuero
"$stratdoc" call 1.2 --procedure sitzung --date "$(date -u +%F)"
vote 1.2 ablehnung bsw
git branch -q gesichert
git reset -q --hard HEAD~1
STRATDOC_LANGUAGE=en "$stratdoc" status --format json | grep -q 'is in refs/heads/gesichert but missing from this vote log' \
  || { echo "status missed a signed vote dropped from the log" >&2; exit 1; }
echo "lifecycle ok in $work/strategie"
