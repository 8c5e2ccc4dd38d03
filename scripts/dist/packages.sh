# Sourced by scripts/dist.sh and scripts/dist-test.sh: installs the Debian packages that are not
# installed yet, with one `apt-get update` first. DIST_WHO names the script in its message.
sudo=""
if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
apt_updated=""

need_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "${DIST_WHO:-dist}: installing ${missing[*]}" >&2
    if [ -z "$apt_updated" ]; then
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
