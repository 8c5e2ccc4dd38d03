#!/usr/bin/env bash
# Tests the release binaries of scripts/dist.sh where they run (issue 21):
#
#   scripts/dist-test.sh [windows|linux|linux-arm64|all]      (default all)
#
# - windows: jixiao.exe under Debian's wine, in a folder whose name has Chinese characters and a
#   space: --version; a build of the seed byte-identical to the Linux binary's PDF; check with
#   findings, its Chinese output redirected to a file (the same bytes as on Linux); a GBK file
#   refused with its clear error; a Notepad file (byte-order mark, CRLF) built; init; serve
#   without a file answering (the start page's list, a report opened, its state).
#   Wine 8 lacks ProcessPrng in bcryptprimitives.dll, which Rust's std imports: the stand-in
#   DLL of scripts/dist/processprng.c is built with mingw and put beside the exe (test only).
# - linux: the static x86_64 binary: static, the seed built, serve answering.
# - linux-arm64: the static aarch64 binary under qemu-user builds the seed identically.
#
# The reference PDF is the Linux x86_64 binary's (built first when missing). Prints one line per
# check and exits 1 when any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

TARGET_DIR=${DIST_TARGET_DIR:-target/dist}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$ROOT/$TARGET_DIR" ;; esac
WORK="$TARGET_DIR/test"
SEED="$ROOT/inputs/yiyang-zuzhibu-2020.toml"
NAME="益阳 市委组织部2020"
LINUX_BIN="$TARGET_DIR/x86_64-unknown-linux-musl/release/jixiao"
ARM_BIN="$TARGET_DIR/aarch64-unknown-linux-musl/release/jixiao"
WIN_EXE="$TARGET_DIR/x86_64-pc-windows-gnu/release/jixiao.exe"
export LANG=C.UTF-8
unset LC_ALL LC_MESSAGES

DIST_WHO=dist-test
# shellcheck source=scripts/dist/packages.sh
source scripts/dist/packages.sh

failed=0
pass() { printf '  ok    %s\n' "$1"; }
fail() { printf '  FAIL  %s\n' "$1"; failed=$((failed + 1)); }
check() { # description, command…
    local what=$1
    shift
    if "$@"; then pass "$what"; else fail "$what"; fi
}

# The seed and its variants, written into folder $1: the seed as NAME.toml, a report with a
# J201 error, the seed in GBK, the seed as Notepad saves it (byte-order mark, CRLF).
inputs() {
    mkdir -p "$1"
    cp "$SEED" "$1/$NAME.toml"
    sed 's/^general = 1863.84/general = 1863.48/' "$SEED" >"$1/有错 报告.toml"
    iconv -c -f UTF-8 -t GBK "$SEED" >"$1/GBK 报告.toml"
    { printf '\xef\xbb\xbf'; sed 's/$/\r/' "$SEED"; } >"$1/记事本 报告.toml"
}

# The reference: what the Linux x86_64 binary makes of the inputs, in $WORK/reference.
reference() {
    [ -n "${REF_DONE:-}" ] && return 0
    [ -x "$LINUX_BIN" ] || scripts/dist.sh linux >&2
    local r="$WORK/reference"
    rm -rf "$r"
    inputs "$r"
    (
        cd "$r" || exit 1
        "$LINUX_BIN" build "$NAME.toml" >/dev/null 2>&1
        "$LINUX_BIN" build "记事本 报告.toml" >/dev/null 2>&1
        "$LINUX_BIN" check "有错 报告.toml" >check.out 2>&1
        echo "exit $?" >>check.out
        "$LINUX_BIN" check "GBK 报告.toml" >gbk.out 2>&1
        echo "exit $?" >>gbk.out
    )
    REF_DONE=1
}

# Whether the report $1 exists and loads (check exits 0 or 1, not 2).
loads() {
    [ -f "$1" ] || return 1
    "$LINUX_BIN" check "$1" >/dev/null 2>&1
    [ $? -ne 2 ]
}

# Waits for the first line of $1 (the address serve prints), up to $2 seconds.
address_in() {
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        if head -n 1 "$1" 2>/dev/null | grep -q '^http://'; then
            head -n 1 "$1" | tr -d '\r'
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# Checks a running serve without a file, whose address is $1: the list holds the seed, which
# then opens.
serve_answers() {
    local url=$1 token base
    token=${url#*token=}
    base=${url%%/\?*}
    # Each answer is read whole before grep looks at it (grep -q stops early, and under
    # pipefail curl's broken pipe would fail the check).
    local files opened state page
    files=$(curl -sf -H "X-Jixiao-Token: $token" "$base/api/files") &&
        opened=$(curl -sf -H "X-Jixiao-Token: $token" -H 'Content-Type: application/json' \
            -d "{\"name\":\"$NAME.toml\"}" "$base/api/open") &&
        state=$(curl -sf -H "X-Jixiao-Token: $token" "$base/api/state") &&
        page=$(curl -sf "$url") || return 1
    grep -q "\"name\":\"$NAME.toml\"" <<<"$files" &&
        grep -q '"ok":true' <<<"$opened" &&
        grep -q "\"name\":\"$NAME.toml\"" <<<"$state" &&
        grep -q '<html' <<<"$page"
}

# Ends every process of our wine prefix and waits until they are gone: a program started while
# the wineserver is still shutting down is killed with it.
stop_wine() {
    wineserver -k 2>/dev/null
    wineserver -w 2>/dev/null
}

test_windows() {
    echo "windows: $WIN_EXE under $(wine --version 2>/dev/null)"
    need_packages wine wine64 gcc-mingw-w64-x86-64 curl
    [ -f "$WIN_EXE" ] || scripts/dist.sh windows >&2
    reference
    local w="$WORK/windows/报告 文件夹"
    rm -rf "$WORK/windows"
    inputs "$w"
    cp "$WIN_EXE" "$w/jixiao.exe"
    x86_64-w64-mingw32-gcc -shared -O2 -s -o "$w/bcryptprimitives.dll" scripts/dist/processprng.c -ladvapi32
    export WINEPREFIX="$TARGET_DIR/wine" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b"
    [ -d "$WINEPREFIX/drive_c" ] || wineboot -i >/dev/null 2>&1
    stop_wine
    cd "$w" || return
    check "--version" test "$(wine ./jixiao.exe --version 2>/dev/null | tr -d '\r')" = "jixiao $(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
    local start end
    start=$(date +%s%N)
    wine ./jixiao.exe build "$NAME.toml" >build.out 2>&1
    end=$(date +%s%N)
    check "build of the seed ($(((end - start) / 1000000)) ms with wine's start-up)" test -f "$NAME.pdf"
    check "the PDF is byte-identical to the Linux one" cmp -s "$NAME.pdf" "$WORK/reference/$NAME.pdf"
    wine ./jixiao.exe check "有错 报告.toml" >check.out 2>&1
    echo "exit $?" >>check.out
    check "check with findings: exit 1, UTF-8 Chinese in the redirected file" grep -q '^错误\[J201\]' check.out
    check "check's output is the Linux binary's, byte for byte" cmp -s check.out "$WORK/reference/check.out"
    wine ./jixiao.exe check "GBK 报告.toml" >gbk.out 2>&1
    echo "exit $?" >>gbk.out
    check "a GBK file gets its clear error (as on Linux)" cmp -s gbk.out "$WORK/reference/gbk.out"
    grep -q 'UTF-8' gbk.out || fail "the GBK error names UTF-8"
    wine ./jixiao.exe build "记事本 报告.toml" >notepad.out 2>&1
    check "a Notepad file (BOM, CRLF) builds the same PDF as on Linux" cmp -s "记事本 报告.pdf" "$WORK/reference/记事本 报告.pdf"
    wine ./jixiao.exe init "2021年度 新报告.toml" >init.out 2>&1
    check "init writes a report that loads" loads "2021年度 新报告.toml"
    # serve without a file: the start page of this folder.
    wine ./jixiao.exe serve --no-open >serve.out 2>serve.err &
    local url
    if url=$(address_in serve.out 60); then
        check "serve answers: the start page lists the reports, opens one" serve_answers "$url" .
    else
        fail "serve printed no address: $(cat serve.err)"
    fi
    stop_wine
    wait 2>/dev/null
    check "serve told how to stop" grep -q '按 Ctrl+C 或关闭这个窗口结束' serve.err
    # A double-click: `start` gives the exe a console of its own, as Explorer does. With no
    # arguments it serves its own folder and opens the default browser (cmd /c start → wine's
    # winebrowser → xdg-open → $BROWSER, here a script that notes the address).
    local browser="$WORK/windows/browser.sh" url_file="$WORK/windows/browser.url"
    printf '#!/bin/sh\necho "$1" >"%s"\n' "$url_file" >"$browser"
    chmod +x "$browser"
    BROWSER="$browser" wine start /unix "$w/jixiao.exe" >/dev/null 2>&1
    local i=0
    while [ ! -s "$url_file" ] && [ $i -lt 300 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if [ -s "$url_file" ]; then
        check "double-click: the start page of the exe's folder opens in the browser" serve_answers "$(cat "$url_file")" .
    else
        fail "double-click: no browser was opened"
    fi
    stop_wine
    cd "$ROOT" || return
}

test_linux() {
    echo "linux: $LINUX_BIN"
    need_packages curl file
    [ -x "$LINUX_BIN" ] || scripts/dist.sh linux >&2
    reference
    check "static and stripped" sh -c "file -L '$LINUX_BIN' | grep -q 'static.*stripped'"
    check "the seed builds" test -f "$WORK/reference/$NAME.pdf"
    check "check with findings exits 1" grep -q '^exit 1$' "$WORK/reference/check.out"
    if [ -x "$ROOT/target/release/jixiao" ]; then
        local d="$WORK/linux-host"
        rm -rf "$d"
        inputs "$d"
        (cd "$d" && "$ROOT/target/release/jixiao" build "$NAME.toml" >/dev/null 2>&1)
        if cmp -s "$d/$NAME.pdf" "$WORK/reference/$NAME.pdf"; then
            pass "same PDF as target/release/jixiao (glibc)"
        else
            echo "  note  target/release/jixiao makes another PDF (built from another state of the tree?)"
        fi
    fi
    local d="$WORK/linux/报告 文件夹"
    rm -rf "$WORK/linux"
    inputs "$d"
    (cd "$d" && exec "$LINUX_BIN" serve --no-open >serve.out 2>serve.err) &
    local pid=$! url
    if url=$(address_in "$d/serve.out" 30); then
        check "serve answers: the start page lists the reports, opens one" serve_answers "$url" "$d"
    else
        fail "serve printed no address"
    fi
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

test_arm64() {
    echo "linux-arm64: $ARM_BIN under qemu-user"
    need_packages qemu-user file
    [ -x "$ARM_BIN" ] || scripts/dist.sh linux-arm64 >&2
    reference
    check "static aarch64, stripped" sh -c "file -L '$ARM_BIN' | grep -q 'aarch64.*static.*stripped'"
    local d="$WORK/arm64/报告 文件夹" start end
    rm -rf "$WORK/arm64"
    inputs "$d"
    cd "$d" || return
    check "--version" sh -c "qemu-aarch64 '$ARM_BIN' --version | grep -q '^jixiao '"
    start=$(date +%s%N)
    qemu-aarch64 "$ARM_BIN" build "$NAME.toml" >build.out 2>&1
    end=$(date +%s%N)
    check "the seed builds under qemu ($(((end - start) / 1000000)) ms, emulated)" test -f "$NAME.pdf"
    check "the PDF is byte-identical to the x86_64 one" cmp -s "$NAME.pdf" "$WORK/reference/$NAME.pdf"
    qemu-aarch64 "$ARM_BIN" check "有错 报告.toml" >check.out 2>&1
    echo "exit $?" >>check.out
    check "check's output is the x86_64 binary's" cmp -s check.out "$WORK/reference/check.out"
    cd "$ROOT" || return
}

which=${1:-all}
case "$which" in
    windows) test_windows ;;
    linux) test_linux ;;
    linux-arm64) test_arm64 ;;
    all) test_linux; test_windows; test_arm64 ;;
    *) echo "dist-test: unknown target $which (windows, linux, linux-arm64, all)" >&2; exit 2 ;;
esac
if [ "$failed" -gt 0 ]; then
    echo "dist-test: $failed check(s) failed"
    exit 1
fi
echo "dist-test: all passed"
