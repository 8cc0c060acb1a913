#!/usr/bin/env bash
# The whole lifecycle on a fresh clone of this repository, with only documented commands:
# Fassung 1.0 adopted and released, two partner proposals merged, 1.1 adopted and released,
# both verified, and verify failing after one byte of an artifact changes.
# Usage: scripts/lifecycle.sh [WORKDIR]   (needs `make` run once; uses the placeholder
# identities of governance/roster.toml, which is what they are for in a demo)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
stratdoc="$here/.venv/bin/stratdoc"
work="${1:-$(mktemp -d)}"
git clone -q "$here" "$work/strategie"
cd "$work/strategie"
git config user.name "Projektbüro TRAIBER.NRW" && git config user.email "buero@example.org"

vote_all() {  # VERSION: every seat votes (the shipped rule allows the Umlaufverfahren)
  while IFS='|' read -r member name email; do
    GIT_AUTHOR_NAME="$name" GIT_AUTHOR_EMAIL="$email" \
    GIT_COMMITTER_NAME="$name" GIT_COMMITTER_EMAIL="$email" \
      "$stratdoc" vote "$1" --member "$member" --vote zustimmung
  done <<'SEATS'
buw|Vertretung BUW|buw-vertretung@example.org
bergische-ihk|Vertretung Bergische IHK|ihk-vertretung@example.org
igm-rs|Vertretung IG Metall|igm-vertretung@example.org
bsw|Vertretung BSW|bsw-vertretung@example.org
aa-sw|Vertretung Agentur für Arbeit|aa-vertretung@example.org
automotiveland|Vertretung automotiveland.nrw|al-vertretung@example.org
SEATS
}

propose() {  # PARTNER FILE SED-EXPRESSION MESSAGE
  sed -i "$3" "$2"
  git add "$2"
  "$stratdoc" propose --partner "$1" --message "$4"
  git checkout -q -- strategy
  branch="$(git for-each-ref --sort=-creatordate --format='%(refname:short)' refs/heads/vorschlag | head -1)"
  "$stratdoc" review "$branch" --base main
  git merge -q --no-ff -m "Vorschlag $branch übernommen" "$branch"
}

vote_all 1.0
"$stratdoc" status
"$stratdoc" release 1.0
propose AK_BERGISCHE_IHK strategy/handlungsfelder/fachkraefte-quantitativ.md \
  's/gemeinsam und sichtbarer/gemeinsam, früher und sichtbarer/' "Nachwuchswerbung früher ansetzen"
propose AK_BUW strategy/handlungsfelder/wissenstransfer.md \
  '0,/:status: in Planung/s//:status: in Umsetzung/' "Transfermaßnahme gestartet"
vote_all 1.1
"$stratdoc" release 1.1
"$stratdoc" verify 1.0
"$stratdoc" verify 1.1
pdf="$(ls _build/editions/1.1/pdf/*.pdf 2>/dev/null | head -1 || true)"
victim="${pdf:-_build/editions/1.1/html/index.html}"
printf 'X' | dd of="$victim" bs=1 seek=200 conv=notrunc status=none
if "$stratdoc" verify 1.1; then echo "verify missed a changed byte in $victim" >&2; exit 1; fi
echo "lifecycle ok in $work/strategie"
