#!/usr/bin/env bash
# Prepare everything SkillStation needs to run from this checkout:
#
#   1. check that python3 is 3.11 or newer and that the system libraries Qt loads at run
#      time and the fonts the PDF reports embed are installed (and say exactly which
#      Debian packages to install if not);
#   2. create the virtual environment .venv with `python3 -m venv`;
#   3. install the project into it with `pip install -e '.[test]'`, but only when
#      pyproject.toml changed since the last install (a stamp holding its hash is kept
#      inside .venv), so that running it again costs a fraction of a second.
#
# Usage: scripts/setup.sh [EXTRA ...]   e.g. `scripts/setup.sh dev` adds ruff and mypy.
# Another bash script may also source it and call skillstation_setup; a failure then ends
# that script too. Quiet when everything is in place; on failure it tells what
# is missing and how to get it, and shows pip's own output when an install fails.
#
# Environment:
#   PYTHON                     the interpreter to build .venv from (default: python3)
#   SKILLSTATION_SKIP_SYSTEM_CHECK=1   skip the check for Qt's system libraries (for
#                              systems whose libraries ldconfig does not list)

set -euo pipefail

# The checkout's root: the folder above the one holding this script.
SKILLSTATION_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$SKILLSTATION_ROOT/.venv"
STAMP="$VENV/.skillstation-install-stamp"

# Print the message (first argument "setup: ...", further arguments as lines of their
# own) to stderr and stop.
_fail() {
    printf 'setup: %s\n' "$1" >&2
    shift
    if (($#)); then
        printf '%s\n' "$@" >&2
    fi
    exit 1
}

_check_python() {
    local python="${PYTHON:-python3}"
    if ! command -v "$python" >/dev/null 2>&1; then
        _fail "$python was not found. SkillStation needs Python 3.11 or newer:" \
            "  sudo apt-get install python3 python3-venv"
    fi
    local version
    version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        _fail "SkillStation needs Python 3.11 or newer; $python is Python $version." \
            "  Debian 12, Ubuntu 24.04 and later ship a new enough python3; elsewhere install" \
            "  Python 3.11+ and run again with PYTHON=/path/to/python3.11."
    fi
    PYTHON_BIN="$python"
}

# The system libraries Qt loads (the PyPI wheels do not bundle them), with the Debian
# packages that provide them, are listed in scripts/qt-system-libraries.txt; a test keeps
# that list equal to what the installed Qt binaries really link.
QT_LIBRARY_LIST="$SKILLSTATION_ROOT/scripts/qt-system-libraries.txt"

# Print "library package" pairs from the list, without comments and blank lines.
_qt_library_pairs() {
    sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$QT_LIBRARY_LIST"
}

# The Debian package for a library file name, from the list ("" when not listed).
_qt_package_for() {
    _qt_library_pairs | awk -v lib="$1" '$1 == lib { print $2; exit }'
}

_fail_missing_packages() {
    local what="$1"
    shift
    local packages
    packages="$(printf '%s\n' "$@" | sort -u | paste -sd' ' -)"
    _fail "$what: $packages" "  sudo apt-get install $packages"
}

# Before installing: every listed library must be known to the dynamic linker.
_check_qt_libraries() {
    [[ "${SKILLSTATION_SKIP_SYSTEM_CHECK:-}" == 1 ]] && return 0
    local ldconfig
    ldconfig="$(PATH="$PATH:/sbin:/usr/sbin" command -v ldconfig || true)"
    # Without ldconfig (not a glibc system) there is no cheap, reliable way to ask.
    [[ -n "$ldconfig" ]] || return 0
    local known missing=() library package
    known="$("$ldconfig" -p 2>/dev/null || true)"
    while read -r library package; do
        # ldconfig -p prints "\tlibEGL.so.1 (libc6,x86-64) => /usr/lib/...".
        if ! grep -qF "	$library (" <<<"$known"; then
            missing+=("$package")
        fi
    done < <(_qt_library_pairs)
    if ((${#missing[@]})); then
        _fail_missing_packages "Qt needs system libraries that are not installed" "${missing[@]}"
    fi
}

# After installing: ask the dynamic linker what the installed X11 platform plugin cannot
# find, and name exactly those packages (or the library itself if a new Qt release links
# one the list does not know yet).
_check_qt_linkage() {
    [[ "${SKILLSTATION_SKIP_SYSTEM_CHECK:-}" == 1 ]] && return 0
    command -v ldd >/dev/null 2>&1 || return 0
    local plugin
    plugin="$(compgen -G "$VENV/lib/python3*/site-packages/PySide6/Qt/plugins/platforms/libqxcb.so" \
        | head -n 1 || true)"
    [[ -n "$plugin" ]] || return 0
    local missing=() unknown=() library package
    while read -r library; do
        package="$(_qt_package_for "$library")"
        if [[ -n "$package" ]]; then
            missing+=("$package")
        else
            unknown+=("$library")
        fi
    done < <(ldd "$plugin" 2>/dev/null | awk '$2 == "=>" && $3 == "not" { print $1 }')
    if ((${#unknown[@]})); then
        _fail "Qt's X11 platform needs libraries that are not installed: ${unknown[*]}" \
            "  find their Debian packages with: apt-file search ${unknown[0]}" \
            "${missing[@]/#/  also needed: }"
    fi
    if ((${#missing[@]})); then
        _fail_missing_packages "Qt's X11 platform needs system libraries that are not installed" \
            "${missing[@]}"
    fi
}

# The Unicode fonts the PDF reports embed (reports/fonts.py looks in the same places):
# pairs of "file name:Debian package". SKILLSTATION_FONT_DIR may hold them instead.
_REPORT_FONTS=(
    "DejaVuSans.ttf:fonts-dejavu-core"
    "wqy-microhei.ttc:fonts-wqy-microhei"
)

_check_fonts() {
    [[ "${SKILLSTATION_SKIP_SYSTEM_CHECK:-}" == 1 ]] && return 0
    local missing=() pair name dir found
    for pair in "${_REPORT_FONTS[@]}"; do
        name="${pair%%:*}"
        found=""
        for dir in "${SKILLSTATION_FONT_DIR:-}" /usr/share/fonts /usr/local/share/fonts; do
            if [[ -n "$dir" && -d "$dir" ]] && [[ -n "$(find "$dir" -name "$name" -print -quit 2>/dev/null)" ]]; then
                found=1
                break
            fi
        done
        [[ -n "$found" ]] || missing+=("${pair##*:}")
    done
    if ((${#missing[@]})); then
        _fail "the PDF reports need fonts that are not installed: ${missing[*]}" \
            "  sudo apt-get install ${missing[*]}"
    fi
}

_make_venv() {
    # A venv left half-made by an earlier failed attempt has no working python: rebuild it.
    if [[ -x "$VENV/bin/python" ]] \
        && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        return 0
    fi
    rm -rf "$VENV"
    local log
    log="$(mktemp)"
    if ! "$PYTHON_BIN" -m venv "$VENV" >"$log" 2>&1; then
        rm -rf "$VENV"
        # Debian and Ubuntu split venv and ensurepip out of the python3 package.
        if grep -qiE 'ensurepip|python3(\.[0-9]+)?-venv' "$log"; then
            rm -f "$log"
            _fail "python3 -m venv needs the Debian package python3-venv:" \
                "  sudo apt-get install python3-venv"
        fi
        cat "$log" >&2
        rm -f "$log"
        _fail "python3 -m venv failed (output above)."
    fi
    rm -f "$log"
    if ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
        rm -rf "$VENV"
        _fail "the new virtual environment has no pip. Install Debian's pip and venv support:" \
            "  sudo apt-get install python3-pip python3-venv"
    fi
}

_pyproject_hash() {
    "$VENV/bin/python" - "$SKILLSTATION_ROOT/pyproject.toml" <<'PY2'
import hashlib, sys
with open(sys.argv[1], "rb") as f:
    print(hashlib.sha256(f.read()).hexdigest())
PY2
}

# The stamp holds "<sha256 of pyproject.toml> <extras installed>", e.g. "ab12… dev,test".
_install() {
    local hash previous_hash="" previous_extras="" previous=()
    hash="$(_pyproject_hash)"
    if [[ -f "$STAMP" ]]; then
        read -r previous_hash previous_extras <"$STAMP" || true
    fi
    # Extras: always "test", plus those asked for, plus those an earlier install of the
    # same pyproject.toml brought (so `make lint` followed by `./scripts/test` does not
    # install again).
    if [[ "$hash" == "$previous_hash" ]]; then
        IFS=, read -ra previous <<<"$previous_extras"
    fi
    local extras
    extras="$(printf '%s\n' test "$@" "${previous[@]}" | sort -u | paste -sd, -)"
    if [[ "$hash" == "$previous_hash" && "$extras" == "$previous_extras" ]]; then
        return 0
    fi
    echo "setup: installing SkillStation and its dependencies into .venv ..." >&2
    local log
    log="$(mktemp)"
    rm -f "$STAMP"
    if ! (cd "$SKILLSTATION_ROOT" \
        && "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input \
            -e ".[$extras]") >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        _fail "pip install -e '.[$extras]' failed (pip's output above)."
    fi
    rm -f "$log"
    printf '%s %s\n' "$hash" "$extras" >"$STAMP"
}

skillstation_setup() {
    _check_python
    _check_qt_libraries
    _check_fonts
    _make_venv
    _install "$@"
    _check_qt_linkage
}

# Set up when executed; when sourced, only define the functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    skillstation_setup "$@"
fi
