"""Where shipped resources live: the source tree, or the PyInstaller bundle."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The `resources/` folder (brand table, popular domains, confusables, icons, samples)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file inside `resources/`."""
    return resources_dir().joinpath(*parts)


#: The folder name of the app's own cache (under the platform's cache folder).
CACHE_FOLDER = "email-header-inspector"


def user_cache_dir() -> Path:
    """The user's cache folder for this app (derived data only: safe to delete at any time).

    ``INSPECTOR_CACHE_DIR`` when set; else ``%LOCALAPPDATA%`` on Windows, ``~/Library/Caches`` on macOS and
    ``$XDG_CACHE_HOME`` (default ``~/.cache``) elsewhere, with `CACHE_FOLDER` below it.
    """
    override = os.environ.get("INSPECTOR_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / CACHE_FOLDER / "cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / CACHE_FOLDER
    xdg = os.environ.get("XDG_CACHE_HOME")
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base_dir / CACHE_FOLDER


#: The environment variable that moves the user's data folder (tests, portable installs).
DATA_DIR_ENV = "INSPECTOR_DATA_DIR"
#: The sender-history store's file name inside the user's data folder.
HISTORY_FILE = "sender-history.sqlite3"


def user_data_dir() -> Path:
    """The folder for the user's own data (the sender history), per platform; not created here.

    Unlike the cache, this is not derived data: deleting it forgets what was learnt. ``$INSPECTOR_DATA_DIR``
    when set; Windows ``%LOCALAPPDATA%`` (the history never roams to other machines; the cache is its
    ``cache`` sub-folder); macOS ``~/Library/Application Support``; elsewhere ``$XDG_DATA_HOME`` (default
    ``~/.local/share``), with `CACHE_FOLDER`'s name below it.
    """
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / CACHE_FOLDER
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / CACHE_FOLDER
    xdg = os.environ.get("XDG_DATA_HOME")
    base_dir = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base_dir / CACHE_FOLDER


def default_history_path() -> Path:
    """Where the sender history lives unless the user chose another file (`--history`, the GUI's settings)."""
    return user_data_dir() / HISTORY_FILE


def history_for_analysis(chosen: str | os.PathLike[str] | None) -> str | None:
    """The sender-history store an analysis reads: one rule for the command line and the GUI.

    The file the user chose (``--history FILE``, the GUI's "Store file"), even when it does not exist: the
    report then says "No sender history yet: … does not exist", which someone who named a file should read.
    Else the default store when it exists. Else none: a user who never learnt any mail gets "no history store
    was used", whichever front end ran the analysis (the GUI used to name the missing default file, so the
    same message gave two different reports). Learning and "remember this sender" write the default store
    whether or not it exists yet (`default_history_path`).
    """
    text = str(chosen).strip() if chosen is not None else ""
    if text:
        return text
    default = default_history_path()
    return str(default) if default.is_file() else None
