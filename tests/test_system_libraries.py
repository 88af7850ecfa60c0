"""The system libraries Qt needs, checked against what the installed Qt really links.

``scripts/qt-system-libraries.txt`` is the one list of the libraries the PyPI wheels of
PySide6 do not bundle, with the Debian package of each. ``scripts/setup.sh`` names the
missing packages from it, ``.ci/run`` installs them, and the README prints them. A new
Qt release that links one more library must fail here, not on a user's fresh machine.
"""

from __future__ import annotations

import os
import shutil
import stat
import struct
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
LIST = REPO / "scripts" / "qt-system-libraries.txt"
SETUP = REPO / "scripts" / "setup.sh"


def _listed() -> dict[str, str]:
    """The list as {library file name: Debian package}."""
    pairs: dict[str, str] = {}
    for line in LIST.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            library, package = line.split()
            pairs[library] = package
    return pairs


# --------------------------------------------------------------------------- ELF


def elf_needed(path: Path) -> list[str]:
    """The DT_NEEDED entries of a 64-bit little-endian ELF file: the libraries it asks the
    dynamic linker for by name (what ``readelf -d`` prints as NEEDED)."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)
    ]
    needed: list[str] = []
    for _name, sh_type, _flags, _addr, offset, size, link, *_rest in sections:
        if sh_type != 6:  # SHT_DYNAMIC
            continue
        strtab_offset = sections[link][4]
        for entry in range(offset, offset + size, 16):
            tag, value = struct.unpack_from("<qQ", data, entry)
            if tag == 0:  # DT_NULL ends the table
                break
            if tag == 1:  # DT_NEEDED: an offset into the string table
                start = strtab_offset + value
                needed.append(data[start : data.index(b"\0", start)].decode())
    return needed


def test_elf_needed_reads_a_known_binary() -> None:
    """The reader finds what ``readelf`` would: the Python extension of QtCore asks for
    the Qt core library and the C library."""
    import PySide6

    core = next(Path(PySide6.__file__).parent.glob("QtCore.*.so"))
    needed = elf_needed(core)
    assert "libQt6Core.so.6" in needed
    assert "libc.so.6" in needed
    with pytest.raises(ValueError, match="not a 64-bit"):
        elf_needed(LIST)


def _qt_external_libraries() -> dict[str, set[str]]:
    """Every library outside the wheels that the station's Qt modules, the off-screen and
    X11 platforms and the X11 OpenGL integrations need, directly or through a Qt library
    of the wheel: {library: the Qt files that need it}."""
    import PySide6

    pyside = Path(PySide6.__file__).parent
    inside = [pyside / "Qt" / "lib", pyside, pyside.parent / "shiboken6"]
    plugins = pyside / "Qt" / "plugins"
    roots = [next(pyside.glob(f"{module}.*.so")) for module in ("QtCore", "QtGui", "QtWidgets")]
    roots += [plugins / "platforms" / "libqxcb.so", plugins / "platforms" / "libqoffscreen.so"]
    roots += sorted((plugins / "xcbglintegrations").glob("*.so"))
    external: dict[str, set[str]] = {}
    seen: set[Path] = set()
    stack = list(roots)
    while stack:
        binary = stack.pop()
        if binary in seen:
            continue
        seen.add(binary)
        for library in elf_needed(binary):
            bundled = next(
                (folder / library for folder in inside if (folder / library).exists()), None
            )
            if bundled is not None:
                stack.append(bundled)
            elif not library.startswith("ld-linux"):  # the dynamic linker itself
                external.setdefault(library, set()).add(binary.name)
    return external


def test_every_library_qt_links_is_listed() -> None:
    listed = _listed()
    external = _qt_external_libraries()
    assert "libxcb-icccm.so.4" in external, "the X11 plugin was not walked"
    missing = {library: sorted(by) for library, by in external.items() if library not in listed}
    assert not missing, (
        f"add these to {LIST.relative_to(REPO)} with their Debian packages: {missing}"
    )


def _debian_package_of(library: str) -> str | None:
    """The installed Debian package that holds the library, from dpkg's own records."""
    found = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    for line in found.splitlines():
        fields = line.split()
        if fields and fields[0] == library and "=>" in fields:
            path = Path(fields[-1])
            for candidate in {path, path.resolve()}:
                # Debian's merged /usr: dpkg may record either /lib/... or /usr/lib/...
                names = {str(candidate), str(candidate).replace("/usr/lib/", "/lib/", 1)}
                for name in names:
                    owner = subprocess.run(
                        ["dpkg", "-S", name], capture_output=True, text=True, check=False
                    )
                    if owner.returncode == 0:
                        return owner.stdout.split(":", 1)[0].strip()
    return None


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("dpkg") is None, reason="not a Debian system: no dpkg to ask")
def test_listed_packages_are_the_ones_that_provide_the_libraries() -> None:
    wrong = {}
    for library, package in _listed().items():
        owner = _debian_package_of(library)
        assert owner is not None, f"{library} is not installed (install {package})"
        # Ubuntu 24.04 renamed some library packages with a "t64" suffix; the old name
        # still installs them.
        if owner.removesuffix("t64") != package:
            wrong[library] = (package, owner)
    assert not wrong, f"listed package differs from the installed owner: {wrong}"


# --------------------------------------------------------------------------- the messages


def _fake_command(folder: Path, name: str, script: str) -> None:
    path = folder / name
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def _run_setup_function(
    function: str, folder: Path, venv: Path | None = None
) -> subprocess.CompletedProcess[str]:
    script = f'source "{SETUP}"; ' + (f'VENV="{venv}"; ' if venv else "") + function
    env = {**os.environ, "PATH": f"{folder}:{os.environ['PATH']}"}
    env.pop("SKILLSTATION_SKIP_SYSTEM_CHECK", None)
    return subprocess.run(
        ["bash", "-c", script], capture_output=True, text=True, env=env, check=False
    )


def test_setup_names_exactly_the_missing_packages(tmp_path: Path) -> None:
    """With two libraries unknown to the dynamic linker, the check names their packages
    and nothing else."""
    known = "".join(
        f"\t{library} (libc6,x86-64) => /usr/lib/{library}\\n"
        for library in _listed()
        if library not in ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    )
    _fake_command(tmp_path, "ldconfig", f'printf "{known}"\n')
    done = _run_setup_function("_check_qt_libraries", tmp_path)
    assert done.returncode == 1
    assert "not installed: libxcb-icccm4 libxcb-keysyms1\n" in done.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in done.stderr

    everything = "".join(
        f"\t{library} (libc6,x86-64) => /usr/lib/{library}\\n" for library in _listed()
    )
    _fake_command(tmp_path, "ldconfig", f'printf "{everything}"\n')
    assert _run_setup_function("_check_qt_libraries", tmp_path).returncode == 0


def test_setup_asks_the_installed_plugin_what_it_cannot_find(tmp_path: Path) -> None:
    """After installing, ldd's "not found" lines are turned into package names; a library
    the list does not know is named itself, with how to find its package."""
    venv = tmp_path / "venv"
    plugin = (
        venv / "lib" / "python3.11" / "site-packages" / "PySide6" / "Qt" / "plugins" / "platforms"
    )
    plugin.mkdir(parents=True)
    (plugin / "libqxcb.so").touch()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_command(
        bin_dir,
        "ldd",
        'printf "\\tlibxcb-keysyms.so.1 => not found\\n\\tlibc.so.6 => /lib/libc.so.6 (0x1)\\n"\n',
    )
    done = _run_setup_function("_check_qt_linkage", bin_dir, venv)
    assert done.returncode == 1
    assert (
        "Qt's X11 platform needs system libraries that are not installed: libxcb-keysyms1"
        in done.stderr
    )

    _fake_command(bin_dir, "ldd", 'printf "\\tlibxcb-new-thing.so.7 => not found\\n"\n')
    done = _run_setup_function("_check_qt_linkage", bin_dir, venv)
    assert done.returncode == 1
    assert "libxcb-new-thing.so.7" in done.stderr
    assert "apt-file search libxcb-new-thing.so.7" in done.stderr


def test_ci_and_readme_install_the_listed_packages() -> None:
    packages = set(_listed().values())
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "qt-system-libraries.txt" in ci, ".ci/run must install from the list"
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    line = next(
        line
        for line in readme.splitlines()
        if "apt-get install" in line and "libxcb-cursor0" in line
    )
    in_readme = set(line.split("apt-get install", 1)[1].strip(" `").split())
    assert in_readme == packages
