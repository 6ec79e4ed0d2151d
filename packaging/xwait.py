"""Wait for a top-level window to be mapped on an X server: the X event itself, no polling.

Used by packaging/measure.py and benchmarks/bench_startup.py to time "exec → main window shown". The old way
ran ``xwininfo`` every 3 ms, i.e. some 300 extra processes a second competing for the CPU with the app being
timed. Here one client selects SubstructureNotify on the root window *before* the app starts and blocks in
``select()`` on its socket until the server reports a MapNotify for a window with the wanted title (read
with XFetchName, which also catches a title set after mapping: PropertyNotify is selected on each new
top-level window). Plain ctypes over the system's libX11 (libx11-6), so it needs no extra package.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import time

MAP_NOTIFY = 19
CREATE_NOTIFY = 16
PROPERTY_NOTIFY = 28
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
PROPERTY_CHANGE_MASK = 1 << 22


class _XAnyEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),  # the parent (root) for Create/MapNotify; the window for PropertyNotify
        ("window", ctypes.c_ulong),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [("any", _XAnyEvent), ("pad", ctypes.c_long * 24)]


class MapWaiter:
    """Connects to `display` and starts listening at once; `wait()` returns when a titled window is mapped."""

    def __init__(self, display: str) -> None:
        name = ctypes.util.find_library("X11") or "libX11.so.6"
        self.x = ctypes.CDLL(name)
        self.x.XOpenDisplay.restype = ctypes.c_void_p
        self.x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x.XDefaultRootWindow.restype = ctypes.c_ulong
        self.x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self.x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        self.x.XPending.argtypes = [ctypes.c_void_p]
        self.x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        self.x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        self.x.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
        self.x.XFlush.argtypes = [ctypes.c_void_p]
        self.x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self.x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self.x.XInternAtom.restype = ctypes.c_ulong
        self.x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        self.x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.c_ulong,
            ctypes.c_long,
            ctypes.c_long,
            ctypes.c_int,
            ctypes.c_ulong,
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.POINTER(ctypes.c_ubyte)),
        ]
        self.x.XFree.argtypes = [ctypes.c_void_p]
        self.dpy = self.x.XOpenDisplay(display.encode())
        if not self.dpy:
            raise OSError(f"cannot open X display {display}")
        self.x.XSelectInput(self.dpy, self.x.XDefaultRootWindow(self.dpy), SUBSTRUCTURE_NOTIFY_MASK)
        self.x.XSync(self.dpy, 0)  # the selection is in force before the app is started
        self.fd = self.x.XConnectionNumber(self.dpy)
        self.net_wm_name = self.x.XInternAtom(self.dpy, b"_NET_WM_NAME", 0)
        self.utf8_string = self.x.XInternAtom(self.dpy, b"UTF8_STRING", 0)

    def _title(self, window: int) -> str:
        """The window's title: _NET_WM_NAME (UTF-8, what Qt sets for any title), else WM_NAME (Latin-1 only:
        XFetchName returns nothing for a title such as "x.eml — App" that Qt stores as compound text)."""
        actual, fmt = ctypes.c_ulong(), ctypes.c_int()
        count, after = ctypes.c_ulong(), ctypes.c_ulong()
        data = ctypes.POINTER(ctypes.c_ubyte)()
        ok = self.x.XGetWindowProperty(
            self.dpy, window, self.net_wm_name, 0, 1024, 0, self.utf8_string,
            ctypes.byref(actual), ctypes.byref(fmt), ctypes.byref(count), ctypes.byref(after), ctypes.byref(data),
        )  # fmt: skip
        if ok == 0 and data:
            try:
                if actual.value == self.utf8_string and fmt.value == 8 and count.value:
                    return ctypes.string_at(data, count.value).decode("utf-8", "replace")
            finally:
                self.x.XFree(data)
        raw = ctypes.c_char_p()
        if self.x.XFetchName(self.dpy, window, ctypes.byref(raw)) and raw.value is not None:
            return raw.value.decode("latin-1")
        return ""

    def wait(self, title: str, timeout: float) -> float | None:
        """time.perf_counter() when a mapped top-level window first carries `title`; None on timeout."""
        deadline = time.perf_counter() + timeout
        mapped: set[int] = set()
        ev = _XEvent()
        while True:
            while self.x.XPending(self.dpy):
                self.x.XNextEvent(self.dpy, ctypes.byref(ev))
                kind, win = ev.any.type, ev.any.window
                if kind == CREATE_NOTIFY:
                    self.x.XSelectInput(self.dpy, win, PROPERTY_CHANGE_MASK)
                    self.x.XFlush(self.dpy)
                elif kind == MAP_NOTIFY:
                    mapped.add(win)
                    if title in self._title(win):
                        return time.perf_counter()
                elif kind == PROPERTY_NOTIFY and ev.any.event in mapped and title in self._title(ev.any.event):
                    return time.perf_counter()
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            select.select([self.fd], [], [], left)

    def close(self) -> None:
        """Disconnect from the X server."""
        if self.dpy:
            self.x.XCloseDisplay(self.dpy)
            self.dpy = None
