#!/usr/bin/env bash
# The Debian packages of one group of system-packages.txt: checked, and installed if asked.
#
#   scripts/system-packages.sh editions|tests|preview [--check|--install|--list]
#
# --check (default)  exit 0 when every package of the group is installed; otherwise one
#                    line naming the missing ones and exit 2
# --install          the missing ones in one `apt-get install`, announced in one line, as
#                    root or through passwordless sudo; where apt-get cannot be used, the
#                    line of --check and exit 2
# --list             the group's packages, one a line
#
# Every group includes `editions`. A package counts as installed when dpkg says so, or
# when an installed package provides it (NodeSource's nodejs provides npm).
# SYSTEM_PACKAGES names another list (the tests use it).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
list="${SYSTEM_PACKAGES:-$here/system-packages.txt}"
group="${1:-}"
mode="${2:---check}"
me="system-packages"

usage() {
    echo "usage: scripts/system-packages.sh editions|tests|preview [--check|--install|--list]" >&2
    exit 2
}
[ -n "$group" ] || usage
case "$mode" in --check | --install | --list) ;; *) usage ;; esac

mapfile -t wanted < <(awk -v g="$group" \
    '!/^[[:space:]]*(#|$)/ && ($1 == "editions" || $1 == g) { print $2 }' "$list")
if ! grep -Eq "^[[:space:]]*$group[[:space:]]" "$list"; then
    echo "$me: no group '$group' in $list" >&2
    exit 2
fi

if [ "$mode" = --list ]; then
    printf '%s\n' "${wanted[@]}"
    exit 0
fi

if ! command -v dpkg-query >/dev/null; then
    echo "$me: not a Debian system (no dpkg-query), not checked; $group needs: ${wanted[*]}" >&2
    exit 0
fi

missing_packages() {
    # installed packages and what they provide, one name a line
    local have
    have="$(dpkg-query -W -f='${Status}\t${Package}\t${Provides}\n' 2>/dev/null |
        awk -F'\t' '$1 == "install ok installed" {
            print $2; n = split($3, p, /, */)
            for (i = 1; i <= n; i++) { sub(/ .*/, "", p[i]); if (p[i] != "") print p[i] }
        }')"
    local package
    for package in "${wanted[@]}"; do
        grep -qxF "$package" <<<"$have" || printf '%s ' "$package"
    done
}

missing="$(missing_packages)"
missing="${missing% }"
[ -z "$missing" ] && exit 0

refuse() {
    echo "$me: $group needs the Debian packages $missing; install them: sudo apt-get install $missing" >&2
    exit 2
}
[ "$mode" = --install ] || refuse

if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
else
    refuse
fi
command -v apt-get >/dev/null || refuse

echo "$me: ${sudo[*]:+${sudo[*]} }apt-get install -y --no-install-recommends $missing"
# a fresh machine has no package lists (or old ones): read them first
"${sudo[@]}" apt-get update -qq >/dev/null
# shellcheck disable=SC2086  # one word per package
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
missing="$(missing_packages)"
missing="${missing% }"
[ -z "$missing" ] || refuse
