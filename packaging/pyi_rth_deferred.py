"""PyInstaller run-time hook: PyInstaller's stock hooks for the standard library, run when they are needed.

Why: PyInstaller runs ``pyi_rth_inspect``, ``pyi_rth_pkgutil`` and ``pyi_rth_multiprocessing`` at every start,
before the app's first line, and each imports what it adjusts: ``inspect`` with ``zipfile`` (and through it
bz2, lzma, shutil), ``pkgutil``, ``multiprocessing`` with ``multiprocessing.spawn``, ``subprocess`` and
``pickle``. ``inspector --version`` and a single ``inspector analyze`` need none of that but ``inspect``
(~25 ms of imports at every start of the frozen app: it was slower than the same command from source).
packaging/inspector.spec takes those three hooks out of the start-up scripts, bundles each one unchanged as a
module (``MODULE_PREFIX`` + hook name), and adds this hook, which runs each stock hook's own code at the
moment its adjustment can first matter:

- ``pyi_rth_multiprocessing`` (frozen ``freeze_support`` for spawned children, the resource tracker and the
  forkserver; ``ORIGINAL_DIR``) and ``pyi_rth_pkgutil`` (``pkgutil.iter_modules`` over the bundle): right
  after ``multiprocessing`` / ``pkgutil`` is first imported, before the importing code gets the module back;
- ``pyi_rth_inspect`` (``inspect.getsourcefile`` for bundled modules): at the first call of
  ``inspect.getsourcefile``, not at the import of ``inspect``, which ``dataclasses`` imports at every start;
- the bootstrap module ``pyimod03_ctypes`` (``ctypes.CDLL`` and friends look in the bundle): its ``install()``
  imported ``ctypes`` (with ``_ctypes`` and libffi) at every start; the spec gives the bootstrap a stand-in
  that does nothing (packaging/pyimod03_ctypes_deferred.py) and bundles the stock module, whose ``install()``
  runs here right after ``ctypes`` is first imported.

The run-time hooks run in the ``__main__`` namespace of the frozen app, so everything here lives in one
class that is deleted afterwards (as PyInstaller's own hooks do); the constants stay readable for the spec and
the tests (packaging/frozen_modules.py reads them with ``ast``: this file is never imported there).
"""

from __future__ import annotations

from types import ModuleType

#: Stock run-time hook → (the module whose first import runs it, the function whose first call runs it instead,
#: or "" for the import itself).
DEFERRED = {
    "pyi_rth_multiprocessing": ("multiprocessing", ""),
    "pyi_rth_pkgutil": ("pkgutil", ""),
    "pyi_rth_inspect": ("inspect", "getsourcefile"),
}
#: Stock bootstrap module → the module whose first import runs its ``install()``.
DEFERRED_BOOTSTRAP = {"pyimod03_ctypes": "ctypes"}
#: The module name a deferred stock hook or bootstrap module is bundled under (packaging/inspector.spec).
MODULE_PREFIX = "_inspector_deferred_"


class _DeferredHooks:
    """First on ``sys.meta_path`` while a watched module is not imported yet: finds it with the other finders
    and wraps its loader, so the stock hook runs right after the module's body. One dict look-up per import;
    it leaves ``sys.meta_path`` once every watched module is imported."""

    #: In an action: import the bundled stock module and call its ``install()``.
    INSTALL = "install()"

    class Loader:
        """Runs the real loader, then the hooks' `after_import`; the module keeps the real loader as its own."""

        def __init__(self, loader: object, hooks: object) -> None:  # hooks: the _DeferredHooks
            self.loader = loader
            self.hooks = hooks

        def create_module(self, spec: object) -> object:
            return self.loader.create_module(spec)  # type: ignore[attr-defined]

        def exec_module(self, module: ModuleType) -> None:
            module.__loader__ = self.loader
            if module.__spec__ is not None:
                module.__spec__.loader = self.loader  # type: ignore[assignment]
            self.loader.exec_module(module)  # type: ignore[attr-defined]
            self.hooks.after_import(module)  # type: ignore[attr-defined]

    def __init__(self, deferred: dict[str, tuple[str, str]], bootstrap: dict[str, str], prefix: str) -> None:
        self.prefix = prefix
        # module name -> [(stock hook, function name or "" or INSTALL)], emptied as the modules are imported
        self.actions: dict[str, list[tuple[str, str]]] = {}
        for hook, (module_name, attr) in deferred.items():
            self.actions.setdefault(module_name, []).append((hook, attr))
        for name, module_name in bootstrap.items():
            self.actions.setdefault(module_name, []).append((name, self.INSTALL))

    def install(self) -> None:
        """Adjust what is imported already; watch the rest."""
        import sys

        for name in list(self.actions):
            if name in sys.modules:
                self.after_import(sys.modules[name])
        if self.actions:
            sys.meta_path.insert(0, self)

    def find_spec(self, name: str, path: object = None, target: object = None) -> object:
        """The spec the other finders give for a watched module, with its loader wrapped; None otherwise."""
        if name not in self.actions:
            return None
        import sys

        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                if hasattr(spec.loader, "exec_module"):
                    spec.loader = self.Loader(spec.loader, self)
                return spec
        return None

    def after_import(self, module: ModuleType) -> None:
        """Run (or arm) the stock hooks of a module whose body has just run."""
        import sys

        for hook, attr in self.actions.pop(module.__name__, ()):
            if attr == self.INSTALL:
                self.run_stock(hook).install()
            elif attr:
                self.on_first_call(module, attr, hook)
            else:
                self.run_stock(hook)
        if not self.actions:  # a new list: never change the one an import in progress may be reading
            sys.meta_path = [f for f in sys.meta_path if f is not self]

    def run_stock(self, hook: str) -> ModuleType:
        """Run a stock hook (its code is the body of the module it is bundled as); that module."""
        from importlib import import_module

        return import_module(self.prefix + hook)

    def on_first_call(self, module: ModuleType, attr: str, hook: str) -> None:
        """Replace `module.attr` by a stand-in that puts the original back, runs `hook` (which wraps the
        original), and calls whatever the hook left there; later calls go straight to that."""
        import _thread

        stock = getattr(module, attr)
        lock = _thread.RLock()
        run_stock = self.run_stock

        def first_call(*args: object, **kwargs: object) -> object:
            with lock:
                if getattr(module, attr) is first_call:
                    setattr(module, attr, stock)
                    run_stock(hook)
            return getattr(module, attr)(*args, **kwargs)

        first_call.__name__ = getattr(stock, "__name__", attr)
        first_call.__qualname__ = getattr(stock, "__qualname__", attr)
        first_call.__doc__ = getattr(stock, "__doc__", None)
        first_call.__wrapped__ = stock  # type: ignore[attr-defined]
        setattr(module, attr, first_call)


_DeferredHooks(DEFERRED, DEFERRED_BOOTSTRAP, MODULE_PREFIX).install()
del _DeferredHooks
