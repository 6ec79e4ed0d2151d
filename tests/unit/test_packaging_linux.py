"""The Linux packaging's generated and declared parts: MIME type, man pages, copyright, search paths, launcher.

The chroot install test (packaging/smoke.py deb, run by packaging/ci.sh) checks the installed package end to
end; these check the pieces it is built from, fast and without root.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

from inspector.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_msg_mime_type_is_a_glob_and_an_ole_subclass_below_generic_ole_priority() -> None:
    root = ET.parse(LINUX / "email-header-inspector-mime.xml").getroot()
    (mtype,) = root.findall(f"{MIME_NS}mime-type")
    assert mtype.get("type") == "application/vnd.ms-outlook"
    assert [g.get("pattern") for g in mtype.findall(f"{MIME_NS}glob")] == ["*.msg"]
    assert [s.get("type") for s in mtype.findall(f"{MIME_NS}sub-class-of")] == ["application/x-ole-storage"]
    (magic,) = mtype.findall(f"{MIME_NS}magic")
    assert int(magic.get("priority", "50")) < 50  # never steals an extension-less Word/Excel file
    assert magic.find(f"{MIME_NS}match").get("value") == "\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"


def test_desktop_entry_claims_the_types_the_package_defines() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / "email-header-inspector.desktop", encoding="utf-8")
    types = [t for t in entry["Desktop Entry"]["MimeType"].split(";") if t]
    assert types == ["message/rfc822", "application/vnd.ms-outlook"]
    assert entry["Desktop Entry"]["Exec"].endswith("%f")


@pytest.mark.skipif(
    not (shutil.which("update-mime-database") and shutil.which("gio") and Path("/usr/share/mime/packages").is_dir()),
    reason="needs shared-mime-info and gio (libglib2.0-bin)",
)
def test_a_real_msg_file_gets_the_outlook_type_from_the_database(tmp_path: Path) -> None:
    """The system database plus our definition, compiled in a private folder: what the dpkg trigger does."""
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy("/usr/share/mime/packages/freedesktop.org.xml", packages)
    shutil.copy(LINUX / "email-header-inspector-mime.xml", packages / "email-header-inspector.xml")
    subprocess.run(["update-mime-database", str(tmp_path / "mime")], check=True, capture_output=True)
    msg = tmp_path / "reported.msg"
    shutil.copy(ROOT / "tests" / "fixtures" / "msg" / "sent-item.msg", msg)
    env = {**os.environ, "XDG_DATA_DIRS": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "nothing")}
    out = subprocess.run(
        ["gio", "info", "-a", "standard::content-type", str(msg)], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.rsplit("standard::content-type:", 1)[-1].strip() == "application/vnd.ms-outlook"


def test_man_pages_list_every_command_and_option(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(LINUX / "make_manpages.py"), str(tmp_path), "9.9.9", "2026-12-06"],
        check=True,
        capture_output=True,
    )
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name in ("inspector", "email-header-inspector"):
        page = (tmp_path / f"{name}.1").read_text(encoding="utf-8")
        assert page.startswith(".TH ") and "9.9.9" in page
        for cmd, sp in sub.choices.items():  # type: ignore[attr-defined]
            assert f".SS {name.replace('-', chr(92) + '-')} {cmd.replace('-', chr(92) + '-')}" in page
            for action in sp._actions:
                for opt in action.option_strings:
                    if opt not in ("-h", "--help") and action.help != "==SUPPRESS==":
                        assert opt.replace("-", "\\-") in page, (name, cmd, opt)
    assert "LAUNCHER" in (tmp_path / "email-header-inspector.1").read_text(encoding="utf-8")
    assert "LAUNCHER" not in (tmp_path / "inspector.1").read_text(encoding="utf-8")


def test_copyright_lists_every_component_file_pattern_and_licence() -> None:
    out = subprocess.run(
        [sys.executable, str(LINUX / "make_copyright.py"), "/usr/lib/email-header-inspector"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert out.startswith("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/")
    components = json.loads((ROOT / "packaging" / "licenses" / "components.json").read_text())["components"]
    for comp in components:
        for pattern in comp.get("linux_files", []):
            assert f"usr/lib/email-header-inspector/_internal/{pattern}" in out, pattern
        for name in comp["dep5"].replace(" and ", " or ").split(" or "):
            assert f"\nLicense: {name.strip()}\n" in out, name
    assert "\nLicense: LGPL-3 or GPL-2 or GPL-3\n" in out  # Qt is not "MIT" any more
    assert "/usr/share/common-licenses/LGPL-3" in out


def test_changelog_is_debian_format_and_names_the_current_version() -> None:
    from inspector import __version__

    first = (LINUX / "changelog").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(f"email-header-inspector ({__version__}) ")


@pytest.mark.skipif(not (shutil.which("patchelf") and shutil.which("readelf")), reason="needs patchelf and binutils")
def test_rpath_fix_drops_build_paths_and_keeps_origin(tmp_path: Path) -> None:
    rpath = load(LINUX / "rpath.py")
    ext = Path(sysconfig.get_paths()["stdlib"]) / "lib-dynload"
    lib = next(ext.glob("_json*.so"), None) or next(ext.glob("*.so"))
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    target = bundle / "_internal" / lib.name
    shutil.copy(lib, target)
    build_path = "/root/.pyenv/versions/3.11.7/lib"
    subprocess.run(["patchelf", "--set-rpath", f"{build_path}:$ORIGIN/../lib", str(target)], check=True)
    assert rpath.offending(bundle) == {target: [build_path]}
    assert rpath.fix(bundle) == 1
    assert rpath.offending(bundle) == {}
    assert rpath.search_paths(target)[0][1] == ["$ORIGIN/../lib"]


def test_installed_inspector_name_is_the_cli_and_the_app_name_is_the_launcher(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    launcher = load(ROOT / "packaging" / "launcher.py")
    msg = tmp_path / "reported.eml"
    msg.write_bytes(b"From: a@example.com\n\nx\n")
    gui_calls: list[list[str]] = []
    monkeypatch.setattr("inspector.cli.cmd_gui", lambda args: gui_calls.append([args.file]) or 0)
    monkeypatch.setattr(sys, "argv", ["/usr/bin/inspector"])
    assert launcher.main() == 2  # the CLI's usage, not a window
    assert "usage: inspector" in capsys.readouterr().err
    monkeypatch.setattr(sys, "argv", ["/usr/bin/email-header-inspector", str(msg)])
    launcher.main()
    assert gui_calls == [[str(msg)]]  # a double-click opens the window on the file
    assert launcher._command_name("C:\\Apps\\inspector.EXE".replace("\\", "/")) == "inspector"
