# Sourced by the demonstration scripts (lifecycle.sh, umsetzungsbericht.sh): a fresh clone
# of this repository in $work/strategie (the current folder afterwards), in which throwaway
# SSH keys for the six seats and the project office replace the placeholder keys of
# governance/roster.toml, and the commit of them is pinned as the trust root; then `as`,
# `vote` and `adopt` sign with them, and `propose` merges a partner's proposal. Expects $here (this repository), $work and $stratdoc; with
# $review_proposals set, `propose` also prints each proposal's review before the merge.
git clone -q "$here" "$work/strategie"
cd "$work/strategie"
git config user.name "Projektbüro TRAIBER.NRW" && git config user.email "buero@example.org"
seats="buw bergische-ihk igm-rs bsw aa-sw automotiveland"
git config gpg.format ssh
mkdir -p "$work/keys"
for who in $seats projektbuero; do  # each delegate: ssh-keygen -t ed25519, then propose the .pub line
  ssh-keygen -q -t ed25519 -N "" -C "demo-$who" -f "$work/keys/$who"
  sed -i "s|\"ssh-ed25519 [A-Za-z0-9+/=]* PLATZHALTER-$who-ersetzen\"|\"$(cat "$work/keys/$who.pub")\"|" \
    governance/roster.toml
done
if grep -q "^keys = .*PLATZHALTER" governance/roster.toml; then echo "a placeholder key is left" >&2; exit 1; fi
git commit -q -m "Signierschlüssel der Sitze und des Projektbüros eingetragen" -- governance/roster.toml
"$stratdoc" pin  # this commit, with the real keys, is the trust root

as() { git config user.signingkey "$work/keys/$1"; }  # sign as seat or office $1

vote() {  # VERSION VOTE SEAT...
  local version="$1" kind="$2" member
  shift 2
  for member in "$@"; do as "$member"; "$stratdoc" vote "$version" --member "$member" --vote "$kind"; done
}

adopt() {  # VERSION: an Umlaufverfahren in which every seat agrees, closed by the project
  # office's Eingangsvermerk (allowed before the deadline once every seat voted), then released
  as projektbuero
  "$stratdoc" call "$1" --procedure umlauf --deadline "$(date -u -d '+14 days' +%F)"
  vote "$1" zustimmung $seats
  as projektbuero
  "$stratdoc" close "$1"
  "$stratdoc" release "$1"
}

propose() {  # PARTNER FILE SED-EXPRESSION MESSAGE: a partner's change on its branch, merged
  sed -i "$3" "$2"
  git add "$2"
  "$stratdoc" propose --partner "$1" --message "$4"
  git checkout -q -- strategy
  branch="$(git for-each-ref --sort=-creatordate --format='%(refname:short)' refs/heads/vorschlag | head -1)"
  if [ -n "${review_proposals:-}" ]; then "$stratdoc" review "$branch" --base main; fi
  git merge -q --no-ff -m "Vorschlag $branch übernommen" "$branch"
}
