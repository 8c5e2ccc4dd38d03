#!/usr/bin/env bash
# Rebuild fonts/ (the fonts that jixiao embeds) from scratch.
#
#   scripts/prepare-fonts.sh            # rebuild fonts/ in this checkout
#   OUT=/tmp/f scripts/prepare-fonts.sh # build into another folder
#
# What it does (see fonts/README.md for the result):
#   1. `apt-get download` the pinned Debian packages into a temporary folder and
#      unpack them with `dpkg -x` (nothing is installed on the system);
#   2. installs the pinned fontTools from PyPI into a throw-away virtualenv;
#   3. copies the Fandol and Liberation fonts unmodified;
#   4. subsets the Simplified-Chinese face of the Noto Serif / Sans CJK
#      collections with pyftsubset (GBK + CJK Ext. A + symbols, see below);
#   5. checks names, weights and key characters, and writes the licence texts,
#      README.md and SHA256SUMS.
# The output is deterministic: two runs with the same package versions and the
# same fontTools version give byte-identical files.
#
# Needs: Debian (or derivative) with apt-get/dpkg, python3 with venv + pip,
# access to the Debian archive and PyPI. Root is only needed if the package
# lists have to be refreshed (`apt-get update`).
#
# Environment knobs:
#   OUT=DIR              output folder (default: <repo>/fonts)
#   ALLOW_OTHER_VERSIONS=1  take whatever version apt offers when a pinned
#                        version is gone from the archive (README records it)
#   INCLUDE_SIP=0        leave out the supplementary-plane ideographs
#                        (CJK Ext. B and later) that the Noto SC face maps
#                        (saves about 1 MB per Noto subset)
set -euo pipefail

# ---- pins ------------------------------------------------------------------
TEXLIVE_PKG=texlive-lang-chinese
TEXLIVE_VER=2022.20230122-1
NOTO_PKG=fonts-noto-cjk
NOTO_VER=1:20220127+repack1-1
LIBERATION_PKG=fonts-liberation2
LIBERATION_VER=2.1.5-1
LIBERATION_FALLBACK_PKG=fonts-liberation      # used only if fonts-liberation2 is absent
FONTTOOLS_VER=4.68.0
# ----------------------------------------------------------------------------

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-$REPO/fonts}
ALLOW_OTHER_VERSIONS=${ALLOW_OTHER_VERSIONS:-0}
case "$OUT" in
  /|"$REPO"|"$REPO/") echo "refusing to replace $OUT" >&2; exit 1 ;;
esac
INCLUDE_SIP=${INCLUDE_SIP:-1}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/jixiao-fonts.XXXXXX")
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT

log() { printf '[prepare-fonts] %s\n' "$*" >&2; }
die() { printf '[prepare-fonts] error: %s\n' "$*" >&2; exit 1; }

for tool in apt-get apt-cache dpkg-deb python3 sha256sum; do
  command -v "$tool" >/dev/null || die "'$tool' not found (this script needs Debian's apt/dpkg and python3)"
done

APT_OPTS=()
if [ "$(id -u)" = 0 ]; then
  # apt's sandbox user _apt cannot write into a 0700 temp dir; as root, skip it.
  APT_OPTS+=(-o APT::Sandbox::User=root)
fi

UPDATED=0
apt_refresh() {
  if [ "$UPDATED" = 0 ] && [ "$(id -u)" = 0 ]; then
    log "refreshing package lists (apt-get update)"
    apt-get update -qq >&2 || true
    UPDATED=1
    return 0
  fi
  return 1
}

# download PKG VERSION -> prints the .deb path
download() {
  local pkg=$1 ver=$2 deb
  mkdir -p "$WORK/debs"
  (cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >&2 2>/dev/null) \
    || { apt_refresh && (cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" -qq download "$pkg=$ver" >&2); } \
    || {
      if [ "$ALLOW_OTHER_VERSIONS" = 1 ]; then
        log "pinned $pkg=$ver not available; taking apt's candidate (ALLOW_OTHER_VERSIONS=1)"
        (cd "$WORK/debs" && apt-get "${APT_OPTS[@]}" -qq download "$pkg" >&2) || return 1
      else
        apt-cache policy "$pkg" >&2 || true
        log "$pkg=$ver cannot be downloaded. Run 'apt-get update' (as root), or set ALLOW_OTHER_VERSIONS=1 to use another version"
        return 1
      fi
    }
  deb=$(ls "$WORK/debs/${pkg}_"*.deb 2>/dev/null | head -n1)
  [ -n "$deb" ] || return 1
  printf '%s\n' "$deb"
}

has_candidate() {
  local c
  c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [ -n "$c" ] && [ "$c" != "(none)" ]
}

log "downloading Debian packages into $WORK/debs"
TEXLIVE_DEB=$(download "$TEXLIVE_PKG" "$TEXLIVE_VER") || die "could not download $TEXLIVE_PKG"
NOTO_DEB=$(download "$NOTO_PKG" "$NOTO_VER") || die "could not download $NOTO_PKG"
if has_candidate "$LIBERATION_PKG" || { apt_refresh && has_candidate "$LIBERATION_PKG"; }; then
  LIBERATION_DEB=$(download "$LIBERATION_PKG" "$LIBERATION_VER") || die "could not download $LIBERATION_PKG"
else
  log "$LIBERATION_PKG is not in the archive; falling back to $LIBERATION_FALLBACK_PKG"
  ALLOW_OTHER_VERSIONS=1
  LIBERATION_DEB=$(download "$LIBERATION_FALLBACK_PKG" "any") || die "could not download $LIBERATION_FALLBACK_PKG"
fi

for deb in "$TEXLIVE_DEB" "$NOTO_DEB" "$LIBERATION_DEB"; do
  name=$(dpkg-deb -f "$deb" Package)
  log "unpacking $(basename "$deb")"
  mkdir -p "$WORK/root/$name"
  dpkg -x "$deb" "$WORK/root/$name"
done

log "installing fontTools==$FONTTOOLS_VER into a virtualenv"
python3 -m venv "$WORK/venv" >&2 || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
"$WORK/venv/bin/python" -m pip install -q --disable-pip-version-check "fonttools==$FONTTOOLS_VER" >&2 \
  || die "pip install fonttools==$FONTTOOLS_VER failed"
PY="$WORK/venv/bin/python"

cat >"$WORK/build.py" <<'PYEOF'
"""Build the jixiao fonts folder. Called by scripts/prepare-fonts.sh."""
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys

from fontTools.ttLib import TTFont, TTCollection
import fontTools

WORK, STAGE = sys.argv[1], sys.argv[2]
DEBS = {k: sys.argv[i] for k, i in (("texlive", 3), ("noto", 4), ("liberation", 5))}
INCLUDE_SIP = sys.argv[6] == "1"
ROOT = os.path.join(WORK, "root")


def deb_field(deb, field):
    return subprocess.run(["dpkg-deb", "-f", deb, field], check=True,
                          capture_output=True, text=True).stdout.strip()


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


PKG = {}
for key, deb in DEBS.items():
    PKG[key] = {
        "name": deb_field(deb, "Package"),
        "version": deb_field(deb, "Version"),
        "source": deb_field(deb, "Source") or deb_field(deb, "Package"),
        "deb": os.path.basename(deb),
        "deb_sha256": sha256(deb),
        "root": os.path.join(ROOT, deb_field(deb, "Package")),
    }

LIB_DIR = ("usr/share/fonts/truetype/liberation2" if PKG["liberation"]["name"] == "fonts-liberation2"
           else "usr/share/fonts/truetype/liberation")
FANDOL_DIR = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
NOTO_DIR = "usr/share/fonts/opentype/noto"

# ---------------------------------------------------------------- char sets
def gb2312_chars():
    s = set()
    for b1 in range(0xA1, 0xFF):
        for b2 in range(0xA1, 0xFF):
            try:
                s.add(ord(bytes([b1, b2]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return s


def gbk_chars():
    s = set()
    for b1 in range(0x81, 0xFF):
        for b2 in range(0x40, 0xFF):
            if b2 == 0x7F:
                continue
            try:
                s.add(ord(bytes([b1, b2]).decode("gbk")))
            except UnicodeDecodeError:
                pass
    return s


GB2312 = gb2312_chars()
GBK = gbk_chars()
EXTA = set(range(0x3400, 0x4DC0))
# Python's gb2312 codec maps 0xA1A4 to U+30FB (・) where gbk gives U+00B7 (·); keep both.

# Blocks added to GBK (ranges are inclusive); the subsetter keeps only what the face has.
RANGES = [
    (0x0020, 0x007E, "ASCII"),
    (0x00A0, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x024F, "Latin Extended-A/B (pinyin tone letters)"),
    (0x02B0, 0x02FF, "Spacing Modifier Letters"),
    (0x0370, 0x03FF, "Greek"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Superscripts and Subscripts"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols (℃ №)"),
    (0x2150, 0x218F, "Number Forms (Ⅻ)"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2300, 0x23FF, "Miscellaneous Technical"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics (①⑴⒈)"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x2580, 0x259F, "Block Elements"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x2600, 0x26FF, "Miscellaneous Symbols (★☆)"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement"),
    (0x2F00, 0x2FDF, "Kangxi Radicals (text copied out of PDFs often contains them)"),
    (0x2FF0, 0x2FFF, "Ideographic Description Characters"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x31A0, 0x31BF, "Bopomofo Extended"),
    (0x31C0, 0x31EF, "CJK Strokes"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months (㈠㊣)"),
    (0x3300, 0x33FF, "CJK Compatibility (㎡ ㎏)"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs, whole block (GBK stops at U+9FA5)"),
    (0xFE10, 0xFE1F, "Vertical Forms"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFE50, 0xFE6F, "Small Form Variants"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
]
SIP_RANGE = (0x20000, 0x323AF, "CJK ideographs in planes 2-3 (Ext. B-H, compatibility supplement)")

WANTED = GBK | GB2312
for lo, hi, _ in RANGES + ([SIP_RANGE] if INCLUDE_SIP else []):
    WANTED.update(range(lo, hi + 1))
unicodes_file = os.path.join(WORK, "unicodes.txt")
with open(unicodes_file, "w") as f:
    f.write("\n".join("U+%04X" % u for u in sorted(WANTED)) + "\n")

LAYOUT_FEATURES = "kern,palt,halt,ccmp,liga,calt,mark,mkmk"
NAME_IDS = "0,1,2,3,4,5,6,7,8,9,11,13,14"
SUBSET_ARGS = [
    "--unicodes-file=unicodes.txt",
    "--layout-features=" + LAYOUT_FEATURES,
    "--name-IDs=" + NAME_IDS,
    "--name-languages=0x0409",
    "--notdef-outline",
]
PROBE = "䶮堃喆镕珺啰瞭㎡①℃№"

# ---------------------------------------------------------------- the files
FILES = [
    # out name, package key, path in package, face index or None, role, subset?
    ("FandolFang-Regular.otf", "texlive", FANDOL_DIR + "/FandolFang-Regular.otf", None,
     "仿宋 body text (正文)", False),
    ("FandolKai-Regular.otf", "texlive", FANDOL_DIR + "/FandolKai-Regular.otf", None,
     "楷体 (level-2 headings 二级标题)", False),
    ("FandolHei-Regular.otf", "texlive", FANDOL_DIR + "/FandolHei-Regular.otf", None,
     "黑体 (level-1 headings 一级标题)", False),
    ("FandolHei-Bold.otf", "texlive", FANDOL_DIR + "/FandolHei-Bold.otf", None,
     "黑体 bold (see the weight warning below)", False),
    ("NotoSerifCJKsc-Regular-subset.otf", "noto", NOTO_DIR + "/NotoSerifCJK-Regular.ttc", 2,
     "宋体 page numbers (页码); fallback for 仿宋/楷体/宋体 text", True),
    ("NotoSerifCJKsc-Bold-subset.otf", "noto", NOTO_DIR + "/NotoSerifCJK-Bold.ttc", 2,
     "小标宋-style title (公文标题, closest free match to 方正小标宋); bold fallback", True),
    ("NotoSansCJKsc-Regular-subset.otf", "noto", NOTO_DIR + "/NotoSansCJK-Regular.ttc", 2,
     "fallback for 黑体 headings", True),
    ("LiberationSerif-Regular.ttf", "liberation", LIB_DIR + "/LiberationSerif-Regular.ttf", None,
     "Latin letters and digits (西文、数字; Times New Roman metrics)", False),
    ("LiberationSerif-Bold.ttf", "liberation", LIB_DIR + "/LiberationSerif-Bold.ttf", None,
     "Latin letters and digits, bold", False),
]
LICENSE_OF = {"texlive": "LICENSE-Fandol.txt", "noto": "LICENSE-OFL-Noto.txt",
              "liberation": "LICENSE-OFL-Liberation.txt"}
LICENSE_NAME = {"texlive": "GPL-3.0-or-later WITH font exception",
                "noto": "OFL-1.1", "liberation": "OFL-1.1 (Reserved Font Names \"Liberation\", \"Tinos\")"}

os.makedirs(STAGE, exist_ok=True)
subset_cmds = {}
for out, key, rel, index, role, is_subset in FILES:
    src = os.path.join(PKG[key]["root"], rel)
    dst = os.path.join(STAGE, out)
    if not os.path.isfile(src):
        sys.exit("missing in package %s: %s" % (PKG[key]["name"], rel))
    if not is_subset:
        shutil.copyfile(src, dst)
        continue
    # Check that face `index` of the collection is the SC face.
    face = TTCollection(src, lazy=True).fonts[index]
    ps = face["name"].getDebugName(6)
    if not re.match(r"Noto(Serif|Sans)CJKsc-", ps or ""):
        sys.exit("face %d of %s is %r, not the SC face" % (index, rel, ps))
    args = [os.path.basename(src), "--font-number=%d" % index] + SUBSET_ARGS + ["--output-file=" + out]
    subset_cmds[out] = "pyftsubset " + " ".join(args)
    print("[prepare-fonts] subsetting %s face %d -> %s" % (os.path.basename(src), index, out),
          file=sys.stderr, flush=True)
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "pyftsubset"), src,
                    "--font-number=%d" % index] + [a.replace("unicodes.txt", unicodes_file) for a in SUBSET_ARGS]
                   + ["--output-file=" + dst], check=True)

# ---------------------------------------------------------------- inspect + check
TYPST_SUFFIXES = ["normal", "italic", "oblique", "slanted", "thin", "th", "hairline", "light", "lt",
                  "regular", "medium", "med", "md", "bold", "bd", "demi", "extb", "black", "blk", "bk",
                  "heavy", "narrow", "condensed", "cond", "cn", "cd", "compressed", "expanded", "exp",
                  "vf", "var", "variable"]
TYPST_MODIFIERS = ["extra", "ext", "ex", "x", "semi", "sem", "sm", "demi", "dem", "ultra"]


def typst_family(family):
    """Port of typst-library's typographic_family(): name ID 1 minus style suffixes."""
    family = family.strip().lstrip(".")
    trimmed = family.lower()
    length = None
    while length is None or len(trimmed) < length:
        length = len(trimmed)
        t = trimmed
        shortened = False
        while True:
            s = next((t[:-len(x)] for x in TYPST_SUFFIXES if t.endswith(x)), None)
            if s is None:
                break
            shortened, t = True, s
        if not shortened:
            break
        if t[-1:] in (" ", "-", "_"):
            trimmed = t = t[:-1]
        m = next((t[:-len(x)] for x in TYPST_MODIFIERS if t.endswith(x)), None)
        if m is not None and m[-1:] in (" ", "-", "_"):
            trimmed = m[:-1]
    return family[:length]


def name(font, nid):
    rec = font["name"].getName(nid, 3, 1, 0x409) or font["name"].getName(nid, 1, 0, 0)
    return rec.toUnicode() if rec else None


INFO = {}
for out, key, rel, index, role, is_subset in FILES:
    path = os.path.join(STAGE, out)
    font = TTFont(path, lazy=True)
    cmap = set(font.getBestCmap())
    gsub = set()
    if "GSUB" in font:
        gsub = {fr.FeatureTag for fr in font["GSUB"].table.FeatureList.FeatureRecord}
    gpos = set()
    if "GPOS" in font:
        gpos = {fr.FeatureTag for fr in font["GPOS"].table.FeatureList.FeatureRecord}
    info = {
        "id1": name(font, 1), "id2": name(font, 2), "id4": name(font, 4), "id6": name(font, 6),
        "id16": name(font, 16), "id17": name(font, 17), "version": name(font, 5),
        "copyright": name(font, 0),
        "weight": font["OS/2"].usWeightClass,
        "bold_bit": bool(font["OS/2"].fsSelection & 0x20),
        "outlines": "CFF" if "CFF " in font else ("TrueType" if "glyf" in font else "?"),
        "glyphs": font["maxp"].numGlyphs,
        "cmap": len(cmap),
        "gb2312": len(cmap & GB2312), "gbk": len(cmap & GBK), "exta": len(cmap & EXTA),
        "sip": sum(1 for u in cmap if u >= 0x20000),
        "probe_missing": "".join(c for c in PROBE if ord(c) not in cmap),
        "gbk_missing": sorted(GBK - cmap),
        "gb2312_missing": sorted(GB2312 - cmap),
        "features": sorted(gsub | gpos),
        "size": os.path.getsize(path), "sha256": sha256(path),
        "src_sha256": sha256(os.path.join(PKG[key]["root"], rel)),
    }
    info["typst_family"] = typst_family(info["id1"])
    info["fontdb_family"] = info["id16"] or info["id1"]
    font.close()
    INFO[out] = info
    if is_subset:
        errs = []
        if info["probe_missing"]:
            errs.append("missing " + info["probe_missing"])
        if "locl" in info["features"] or "vert" in info["features"]:
            errs.append("locl/vert kept")
        if info["outlines"] != "CFF":
            errs.append("not CFF")
        if not info["id1"].endswith("CJK SC") or not info["id6"]:
            errs.append("bad names %r %r" % (info["id1"], info["id6"]))
        src_face = TTCollection(os.path.join(PKG[key]["root"], rel), lazy=True).fonts[index]
        lost = (WANTED & set(src_face.getBestCmap())) - set(TTFont(path, lazy=True).getBestCmap())
        if lost:
            errs.append("%d requested code points of the source face were dropped" % len(lost))
        if errs:
            sys.exit("%s: %s" % (out, "; ".join(errs)))
    elif info["sha256"] != info["src_sha256"]:
        sys.exit("%s differs from the packaged file" % out)

# ---------------------------------------------------------------- licences
def read_text(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return f.read()


def dep5_block(text, field, value):
    """The raw text of the paragraph whose `field` starts with `value`."""
    for block in re.split(r"\n\s*\n", text.strip()):
        if re.match(r"^%s:\s*%s\s*$" % (re.escape(field), re.escape(value)), block.splitlines()[0]):
            return block
    sys.exit("no paragraph %s: %s" % (field, value))


def unfold(block):
    out = []
    for line in block.splitlines():
        if line.startswith(" "):
            line = line[1:]
            out.append("" if line.strip() == "." else line)
        else:
            out.append(line)
    return "\n".join(out)


RULE = "=" * 78 + "\n"


def write(name_, text):
    with open(os.path.join(STAGE, name_), "w", encoding="utf-8", newline="\n") as f:
        f.write(text.rstrip("\n") + "\n")


# Fandol
tl = PKG["texlive"]
tl_root = tl["root"]
doc = os.path.join(tl_root, "usr/share/doc/texlive-lang-chinese")
licenses = read_text(os.path.join(doc, "Licenses.gz"))
m = re.search(r"^fandol:.*\n(?:texmf-dist/.*\n)*", licenses, re.M)
if not m:
    sys.exit("fandol not listed in Licenses.gz")
fandol_licenses = m.group(0)
copyright_ = read_text(os.path.join(doc, "copyright"))
m1 = re.search(r"^In the case of gpl and lppl.*?statement\.", copyright_, re.M | re.S)
m2 = re.search(r"^A\. gpl \(GNU General Public License\)\n\n.*?\n", copyright_, re.M | re.S)
if not (m1 and m2):
    sys.exit("expected GPL passages not found in texlive-lang-chinese's copyright file")
fandol_readme = read_text(os.path.join(tl_root, "usr/share/doc/texlive-doc/fonts/fandol/README"))
fandol_copying = read_text(os.path.join(tl_root, "usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz"))
if "As a special exception, if you create a document which uses this font" not in fandol_copying:
    sys.exit("Fandol COPYING lacks the font exception")
write("LICENSE-Fandol.txt", f"""\
Fandol fonts: FandolFang-Regular.otf, FandolKai-Regular.otf, FandolHei-Regular.otf,
FandolHei-Bold.otf (shipped unmodified).

Copyright (font name table): {INFO['FandolFang-Regular.otf']['copyright']}
Authors: the Fandol team (Clerk Ma, Jie Su). Upstream: https://ctan.org/pkg/fandol

Licence: GNU General Public License version 3 or (at your option) any later
version, with the GPL font exception (full text of both below, as shipped in
the Debian package). The font exception means that a document (for example a
PDF made by jixiao) that embeds these fonts, or unaltered portions of them, is
not by that fact covered by the GPL.

Source: Debian package {tl['name']} {tl['version']} (source package {tl['source']}),
files /{FANDOL_DIR}/ and the licence texts quoted below.

{RULE}From /usr/share/doc/texlive-lang-chinese/Licenses.gz (the licence list of
the package; "gpl" is the Catalogue's name for the package's licence):

{fandol_licenses}
{RULE}From /usr/share/doc/texlive-lang-chinese/copyright, section 3 (the parts
that apply to the Fandol fonts):

{m1.group(0)}

{m2.group(0)}
{RULE}/usr/share/doc/texlive-doc/fonts/fandol/README:

{fandol_readme}
{RULE}/usr/share/doc/texlive-doc/fonts/fandol/COPYING.gz (GPL version 3, followed by
the font exception):

{fandol_copying}""")

# Noto
nt = PKG["noto"]
nt_copyright = read_text(os.path.join(nt["root"], "usr/share/doc/fonts-noto-cjk/copyright"))
files_star = dep5_block(nt_copyright, "Files", "*")
ofl = dep5_block(nt_copyright, "License", "SIL-1.1")
noto_outs = [o for o, k, *_ in FILES if k == "noto"]
noto_font_notices = "\n".join(
    f"  {o}:\n    copyright: {INFO[o]['copyright']}\n    version:   {INFO[o]['version']}" for o in noto_outs)
write("LICENSE-OFL-Noto.txt", f"""\
Noto Serif CJK SC and Noto Sans CJK SC (subsets): {', '.join(noto_outs)}

Copyright notices carried by the fonts (name ID 0; kept in the subsets):
{noto_font_notices}
"Noto is a trademark of Google Inc." (name ID 7)

Licence: SIL Open Font License 1.1 (text below). The fonts declare no Reserved
Font Name, so the subsets keep the family names "Noto Serif CJK SC" and
"Noto Sans CJK SC". The subsets are Modified Versions under the OFL: they
were made by jixiao's scripts/prepare-fonts.sh (glyph and feature subsetting
with fontTools, no outline changes) and are distributed under the OFL 1.1
only, like the originals.

Source: Debian package {nt['name']} {nt['version']} (source package {nt['source']}),
/{NOTO_DIR}/NotoSerifCJK-Regular.ttc, NotoSerifCJK-Bold.ttc and
NotoSansCJK-Regular.ttc, face index 2 (SC). Upstream: https://github.com/notofonts/noto-cjk

{RULE}From /usr/share/doc/fonts-noto-cjk/copyright:

{unfold(files_star)}

{unfold(ofl)}""")

# Liberation
lb = PKG["liberation"]
lb_copyright = read_text(os.path.join(lb["root"], "usr/share/doc", lb["name"], "copyright"))
lb_files = dep5_block(lb_copyright, "Files", "*")
write("LICENSE-OFL-Liberation.txt", f"""\
Liberation Serif: LiberationSerif-Regular.ttf, LiberationSerif-Bold.ttf (shipped unmodified).

Copyright notice carried by the fonts (name ID 0):
  {INFO['LiberationSerif-Regular.ttf']['copyright'].replace(chr(10), chr(10) + '  ')}
"{name(TTFont(os.path.join(STAGE, 'LiberationSerif-Regular.ttf'), lazy=True), 7)}"

Licence: SIL Open Font License 1.1, with the Reserved Font Name "Liberation"
(and "Arimo", "Tinos", "Cousine" for the Google-digitized data): a modified
version may not use these names. These files are unmodified.

Source: Debian package {lb['name']} {lb['version']} (source package {lb['source']}),
/{LIB_DIR}/. Upstream: https://github.com/liberationfonts/liberation-fonts

{RULE}From /usr/share/doc/{lb['name']}/copyright:

{unfold(lb_files)}""")

# ---------------------------------------------------------------- README
def mb(n):
    return "%.2f MB" % (n / 1e6)


PKG_OF = {o: PKG[k] for o, k, *_ in FILES}
PATH_OF = {o: "/" + r + ("" if i is None else " (face %d)" % i) for o, k, r, i, *_ in FILES}
ROLE_OF = {o: role for o, k, r, i, role, s in FILES}
SUBSET_OF = {o: s for o, k, r, i, role, s in FILES}
LIC_OF = {o: "%s, [%s](%s)" % (LICENSE_NAME[k], LICENSE_OF[k], LICENSE_OF[k]) for o, k, *_ in FILES}

total = sum(i["size"] for i in INFO.values())
lines = []
A = lines.append
A("# Embedded fonts")
A("")
A("Every font that jixiao embeds, where it comes from and what was done to it. This folder is")
A("the output of [`scripts/prepare-fonts.sh`](../scripts/prepare-fonts.sh) (README.md included):")
A("do not edit it by hand, change the script and run it again. The build is deterministic; a")
A("rebuild with the same package versions must reproduce the SHA-256 sums below")
A("(also in [SHA256SUMS](SHA256SUMS), checkable with `sha256sum -c SHA256SUMS` in this folder).")
A("")
A("## Roles and names")
A("")
A("Typst 0.15 registers a face under its name ID 1 (English) with style suffixes such as")
A("\"Regular\"/\"Bold\" trimmed, and takes the weight from OS/2 `usWeightClass`; fontdb (used by")
A("typst-kit for system fonts) uses name ID 16 when present, else name ID 1. Both columns are")
A("read from the committed files with fontTools.")
A("")
A("| file | role | Typst family | fontdb family | weight (usWeightClass) | name ID 1 / 2 / 16 | PostScript name (ID 6) |")
A("|---|---|---|---|---|---|---|")
for o, i in INFO.items():
    A("| `%s` | %s | `%s` | `%s` | %d%s | %s / %s / %s | `%s` |" % (
        o, ROLE_OF[o], i["typst_family"], i["fontdb_family"], i["weight"],
        " (fsSelection says bold)" if i["bold_bit"] and i["weight"] < 600 else "",
        i["id1"], i["id2"], i["id16"] or "—", i["id6"]))
A("")
hb = INFO["FandolHei-Bold.otf"]
if hb["weight"] < 600:
    A("**Weight warning: `FandolHei-Bold.otf` declares `usWeightClass` %d**, the same as" % hb["weight"])
    A("`FandolHei-Regular.otf`, although its fsSelection bold bit and subfamily \"Bold\" say bold.")
    A("Typst (and fontdb) therefore index both faces as `FandolHei` weight 400, and a lookup for")
    A("either weight gets whichever face was registered first. The file must stay unmodified (GPL,")
    A("see below), so the host has to correct the weight when it builds the font book: build the")
    A("`FontInfo` of that face with `FontInfo::new(data, index)` and set")
    A("`info.variant.weight = FontWeight::BOLD` before `FontBook::from_infos`, or leave the face out.")
    A("")
A("Typst has no synthetic bold: FandolFang and FandolKai have one weight only, so bold 仿宋/楷体")
A("needs a text stroke. Noto Serif CJK SC Bold (700) is the title face (小标宋-style).")
A("")
A("Suggested fallback chains: body `((name: \"Liberation Serif\", covers: \"latin-in-cjk\"),")
A("\"FandolFang R\", \"Noto Serif CJK SC\")`; 黑体 headings `(…, \"FandolHei\", \"Noto Sans CJK SC\")`;")
A("楷体 `(…, \"FandolKai\", \"Noto Serif CJK SC\")`.")
A("")
A("## Provenance")
A("")
A("All files come from Debian 12 (bookworm) main, downloaded with `apt-get download PKG=VERSION`")
A("and unpacked with `dpkg -x`.")
A("")
A("| package | version | source package | .deb | .deb SHA-256 |")
A("|---|---|---|---|---|")
for k in ("texlive", "noto", "liberation"):
    p = PKG[k]
    A("| `%s` | `%s` | `%s` | `%s` | `%s` |" % (p["name"], p["version"], p["source"], p["deb"], p["deb_sha256"]))
A("")
A("| file | package | path inside the package | modified | size | SHA-256 | licence |")
A("|---|---|---|---|---|---|---|")
for o, i in INFO.items():
    mod = ("**subset** (pyftsubset, see below; %d glyphs)" % i["glyphs"]) if SUBSET_OF[o] else "no (byte-identical)"
    A("| `%s` | `%s` %s | `%s` | %s | %d (%s) | `%s` | %s |" % (
        o, PKG_OF[o]["name"], PKG_OF[o]["version"], PATH_OF[o], mod, i["size"], mb(i["size"]),
        i["sha256"], LIC_OF[o]))
A("")
A("Total: %d bytes (%s)." % (total, mb(total)))
A("")
A("## Coverage (measured on the committed files)")
A("")
A("Code points of each set found in the font's cmap. GB2312 = the %d characters that Python's" % len(GB2312))
A("`gb2312` codec decodes (6763 hanzi + symbols), GBK = the %d characters that the `gbk` codec" % len(GBK))
A("decodes from all two-byte codes (its user-defined areas map to nothing), Ext. A = U+3400–U+4DBF")
A("(%d code points). \"Planes 2–3\" counts mapped ideographs above U+FFFF (Ext. B and later)." % len(EXTA))
A("Probe characters: %s." % " ".join(PROBE))
A("")
A("| file | GB2312 | GBK | CJK Ext. A | planes 2–3 | all mapped code points | probe characters missing |")
A("|---|---|---|---|---|---|---|")
for o, i in INFO.items():
    A("| `%s` | %d / %d | %d / %d | %d / %d | %d | %d | %s |" % (
        o, i["gb2312"], len(GB2312), i["gbk"], len(GBK), i["exta"], len(EXTA), i["sip"], i["cmap"],
        " ".join(i["probe_missing"]) or "none"))
A("")
for o, i in INFO.items():
    for label, miss in (("GB2312", i["gb2312_missing"]), ("GBK", i["gbk_missing"])):
        if miss and len(miss) <= 5:
            A("- `%s` lacks %s %s%s." % (o, label, ", ".join("U+%04X %s" % (u, chr(u)) for u in miss),
              " (absent from the source face too)" if SUBSET_OF[o] else ""))
A("")
A("U+2015 ― is what Python's `gb2312` codec gives for 0xA1AA, where `gbk` gives U+2014 —, which")
A("the Fandol fonts have. Noto CJK has no U+2252 ≒ in any face.")
A("")
A("## How the Noto subsets are made")
A("")
A("Input: face 2 (the SC face) of each `.ttc` collection. Tool: fontTools %s `pyftsubset`" % fontTools.version)
A("(deterministic; `head.modified` is not touched). Command, per face:")
A("")
A("```")
for o in noto_outs:
    A(subset_cmds[o])
A("```")
A("")
A("`unicodes.txt` (%d code points requested; the subsetter keeps those the face has) is:" % len(WANTED))
A("")
A("- every character of GBK (Python `gbk` codec, all two-byte codes 0x81–0xFE × 0x40–0xFE)")
A("  and of GB2312 (Python `gb2312` codec; it adds U+30FB ・, which it gives for 0xA1A4 where `gbk` gives U+00B7);")
for lo, hi, label in RANGES:
    A("- U+%04X–U+%04X %s;" % (lo, hi, label))
if INCLUDE_SIP:
    A("- U+%04X–U+%04X %s: all that the SC face maps" % SIP_RANGE)
    A("  (about 2,300; they include the characters of 通用规范汉字表 outside the BMP that the face has).")
A("")
A("Layout features kept: `%s` (no `locl`: it would pull in the Japanese, Korean and" % LAYOUT_FEATURES)
A("Traditional-Chinese glyph variants; no `vert`). Name records kept: English (0x409) name IDs")
A("%s, so the family stays \"Noto Serif CJK SC\" / \"Noto Sans CJK SC\" and the copyright," % NAME_IDS)
A("version and licence strings stay in the font. The outlines stay CFF (CID-keyed) with their")
A("hints; `.notdef` keeps its outline. Features present in the results: %s." % ", ".join(
    "`%s` %s" % (o, "/".join(INFO[o]["features"])) for o in noto_outs))
A("")
A("## Licences")
A("")
A("- Fandol (GPL-3.0-or-later with the GPL font exception): [LICENSE-Fandol.txt](LICENSE-Fandol.txt).")
A("  Shipped unmodified; a modified GPL font would need change notices. The font exception keeps")
A("  PDFs that embed the fonts free of the GPL; a program that embeds them is treated as GPL-3.")
A("- Noto Serif/Sans CJK (OFL-1.1, no Reserved Font Name): [LICENSE-OFL-Noto.txt](LICENSE-OFL-Noto.txt).")
A("  The subsets are OFL Modified Versions and stay under the OFL.")
A("- Liberation (OFL-1.1, Reserved Font Names \"Liberation\" and, for the Google-digitized data, \"Tinos\"):")
A("  [LICENSE-OFL-Liberation.txt](LICENSE-OFL-Liberation.txt).")
A("  Shipped unmodified, so the name may stay.")
write("README.md", "\n".join(lines))

with open(os.path.join(STAGE, "SHA256SUMS"), "w", newline="\n") as f:
    for o in sorted(os.listdir(STAGE)):
        if o != "SHA256SUMS":
            f.write("%s  %s\n" % (sha256(os.path.join(STAGE, o)), o))

for o, i in INFO.items():
    print("[prepare-fonts] %-36s %9d  %s  family=%r weight=%d" % (o, i["size"], i["sha256"][:16],
          i["typst_family"], i["weight"]), file=sys.stderr)
PYEOF

STAGE="$WORK/fonts"
"$PY" "$WORK/build.py" "$WORK" "$STAGE" "$TEXLIVE_DEB" "$NOTO_DEB" "$LIBERATION_DEB" "$INCLUDE_SIP"

# Replace the output folder only once everything has been built and checked.
chmod 0644 "$STAGE"/*
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
cp -R "$STAGE" "$OUT"
chmod 0755 "$OUT"
log "done: $OUT ($(du -sh "$OUT" | cut -f1))"
