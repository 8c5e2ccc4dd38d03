#!/usr/bin/env bash
# Release archives of jixiao for a clerk's PC (issue 21):
#
#   scripts/dist.sh windows|linux|linux-arm64|all [more targets…]
#   scripts/dist.sh test [windows|linux|linux-arm64|all]     (scripts/dist-test.sh)
#
# writes into dist/ (never committed):
#   jixiao-VERSION-windows-x86_64.zip    jixiao.exe (x86_64-pc-windows-gnu, linked by mingw)
#   jixiao-VERSION-linux-x86_64.tar.gz   jixiao, static (x86_64-unknown-linux-musl)
#   jixiao-VERSION-linux-aarch64.tar.gz  jixiao, static (aarch64-unknown-linux-musl)
#   jixiao-VERSION-source.tar.gz         the source of this commit (GPL: it goes with them)
# each with a short Chinese 使用说明.txt, LICENSE and the fonts' licences; the binaries are
# stripped. It installs what it needs: the rustup targets and Debian packages (mingw, musl,
# the aarch64 cross gcc), nothing else.
#
# What is built is the last commit (HEAD, or DIST_COMMIT, e.g. a tag), exported into
# DIST_TARGET_DIR/src with git archive: the binaries are exactly the source archive, whatever is
# being edited in the working tree.
# The cross builds use their own target folder (DIST_TARGET_DIR, default target/dist), so a
# build of 10-20 minutes never holds the lock of target/, which `cargo build --release` and
# the tests use. Build times are appended to dist/build-times.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET_DIR=${DIST_TARGET_DIR:-target/dist}
case "$TARGET_DIR" in /*) ;; *) TARGET_DIR="$PWD/$TARGET_DIR" ;; esac
SRC="$TARGET_DIR/src"
COMMIT=$(git rev-parse "${DIST_COMMIT:-HEAD}^{commit}")
OUT=${DIST_OUT:-dist}
VERSION=$(git show "$COMMIT:Cargo.toml" | sed -n 's/^version = "\(.*\)"$/\1/p' | head -n 1)

DIST_WHO=dist
# shellcheck source=scripts/dist/packages.sh
source scripts/dist/packages.sh

need_target() {
    rustup target list --installed | grep -qx "$1" || rustup target add "$1"
}

triple_of() {
    case "$1" in
        windows) echo x86_64-pc-windows-gnu ;;
        linux) echo x86_64-unknown-linux-musl ;;
        linux-arm64) echo aarch64-unknown-linux-musl ;;
        *) echo "dist: unknown target $1 (windows, linux, linux-arm64, all)" >&2; exit 2 ;;
    esac
}

# HEAD's files in $SRC (again only when HEAD moved).
export_source() {
    if [ "$(cat "$SRC/.commit" 2>/dev/null)" != "$COMMIT" ]; then
        rm -rf "$SRC"
        mkdir -p "$SRC"
        git archive "$COMMIT" | tar -x -C "$SRC"
        echo "$COMMIT" >"$SRC/.commit"
    fi
}

# The compiled, stripped binary of one target (built when missing or out of date).
build() {
    local name=$1 triple
    triple=$(triple_of "$name")
    need_target "$triple"
    case "$name" in
        windows) need_packages gcc-mingw-w64-x86-64 ;;
        linux) need_packages musl-tools ;;
        linux-arm64) need_packages gcc-aarch64-linux-gnu ;;
    esac
    local start end
    start=$(date +%s)
    # The linkers: mingw for Windows; for the musl targets Rust links its own static musl
    # (crt objects and libc.a of the rustup target) with a gcc of the right architecture. C
    # code of build scripts (psm's assembly) is compiled by the same compilers.
    env CARGO_TARGET_DIR="$TARGET_DIR" \
        CARGO_PROFILE_RELEASE_STRIP=symbols \
        CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc \
        CC_x86_64_unknown_linux_musl=musl-gcc \
        CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER=aarch64-linux-gnu-gcc \
        CC_aarch64_unknown_linux_musl=aarch64-linux-gnu-gcc \
        AR_aarch64_unknown_linux_musl=aarch64-linux-gnu-ar \
        cargo build --release --locked --manifest-path "$SRC/Cargo.toml" --target "$triple" >&2
    end=$(date +%s)
    mkdir -p "$OUT"
    echo "$(date -u +%FT%TZ) $triple $((end - start)) s ${COMMIT:0:12}" >>"$OUT/build-times.txt"
}

binary_of() {
    local triple
    triple=$(triple_of "$1")
    case "$1" in
        windows) echo "$TARGET_DIR/$triple/release/jixiao.exe" ;;
        *) echo "$TARGET_DIR/$triple/release/jixiao" ;;
    esac
}

# The folder that goes into an archive: the binary, 使用说明.txt, the licences.
stage() {
    local name=$1 dir=$2 binary
    binary=$(binary_of "$name")
    rm -rf "$dir"
    mkdir -p "$dir/fonts-licenses"
    if [ "$name" = windows ]; then
        cp "$binary" "$dir/jixiao.exe"
        # Notepad reads UTF-8 with a byte-order mark on every Windows version; CRLF lines.
        { printf '\xef\xbb\xbf'; sed "s/{{VERSION}}/$VERSION/g" "$SRC"/scripts/dist/使用说明-windows.txt; } |
            sed 's/$/\r/' >"$dir/使用说明.txt"
        sed 's/$/\r/' "$SRC"/LICENSE >"$dir/LICENSE.txt"
    else
        cp "$binary" "$dir/jixiao"
        chmod 755 "$dir/jixiao"
        sed "s/{{VERSION}}/$VERSION/g" "$SRC"/scripts/dist/使用说明-linux.txt >"$dir/使用说明.txt"
        cp "$SRC"/LICENSE "$dir/LICENSE"
    fi
    cp "$SRC"/fonts/README.md "$SRC"/fonts/LICENSE-*.txt "$dir/fonts-licenses/"
}

# A zip whose names carry the UTF-8 flag (Explorer shows 使用说明.txt, not mojibake), with
# fixed times and in a fixed order.
zip_dir() {
    python3 - "$1" "$2" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
base = os.path.dirname(os.path.abspath(src))
with zipfile.ZipFile(out + ".part", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for f in sorted(files):
            path = os.path.join(root, f)
            info = zipfile.ZipInfo(os.path.relpath(path, base), date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if f.endswith(".exe") else 0o644) << 16
            with open(path, "rb") as fh:
                z.writestr(info, fh.read())
os.replace(out + ".part", out)
PY
}

tar_dir() {
    local src=$1 out=$2
    tar -C "$(dirname "$src")" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime='2020-01-01 00:00:00Z' -cf - "$(basename "$src")" | gzip -n -9 >"$out.part"
    mv "$out.part" "$out"
}

package() {
    local name=$1 arch dir archive
    case "$name" in
        windows) arch=windows-x86_64 ;;
        linux) arch=linux-x86_64 ;;
        linux-arm64) arch=linux-aarch64 ;;
    esac
    dir="$TARGET_DIR/stage/jixiao-$VERSION-$arch"
    stage "$name" "$dir"
    if [ "$name" = windows ]; then
        archive="$OUT/jixiao-$VERSION-$arch.zip"
        zip_dir "$dir" "$archive"
    else
        archive="$OUT/jixiao-$VERSION-$arch.tar.gz"
        tar_dir "$dir" "$archive"
    fi
    printf 'dist: %s  (binary %s bytes, archive %s bytes)\n' "$archive" \
        "$(stat -c %s "$(binary_of "$name")")" "$(stat -c %s "$archive")"
}

source_archive() {
    mkdir -p "$OUT"
    git archive --format=tar --prefix="jixiao-$VERSION/" "$COMMIT" | gzip -n -9 >"$OUT/jixiao-$VERSION-source.tar.gz"
    echo "dist: $OUT/jixiao-$VERSION-source.tar.gz (${COMMIT:0:12})"
}

if [ $# -eq 0 ]; then
    sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
if [ "$1" = test ]; then
    shift
    exec scripts/dist-test.sh "$@"
fi
names=()
for arg in "$@"; do
    case "$arg" in
        all) names+=(linux windows linux-arm64) ;;
        *) triple_of "$arg" >/dev/null && names+=("$arg") ;;
    esac
done
need_packages python3 gzip
mkdir -p "$OUT"
if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
    echo "dist: note: uncommitted changes in the working tree are not in the binaries (they are built from ${COMMIT:0:12})" >&2
fi
export_source
for name in "${names[@]}"; do
    build "$name"
    package "$name"
done
source_archive
