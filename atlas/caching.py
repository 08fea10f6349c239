"""Work shared by every session, computed once: memoised functions without stampede, and a one-time warm-up.

Streamlit reruns a page's whole script at each click, in one thread per session, and all sessions share
one process (one interpreter lock). What depends only on the published data must then be computed once,
not once per session and per rerun, and 20 sessions asking at the same moment for a value not yet there
must not compute it 20 times (a stampede): the first computes it, the others wait for it.

`shared` memoises a function of hashable arguments for the life of the process (the published data is
read-only while the app runs; Streamlit's own resource caches of the tables live as long). A hit is a
dictionary lookup (Streamlit's st.cache_resource hashes its arguments at every call, about 50 µs, which
adds up when a selectbox formats 300 options); a miss takes a lock for that key only, so two different
keys are computed at the same time and the same key once. `once` runs a function a single time per key,
however many threads ask at once.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd

T = TypeVar("T")
_MISSING = object()
_REGISTRY: list[Memo] = []


class Memo:
    """A memoised function (see `shared`): `fn(*args)` computed once per distinct arguments."""

    def __init__(self, fn: Callable[..., Any], maxsize: int | None = None, copy: bool = True):
        functools.update_wrapper(self, fn)
        self.fn = fn
        self.maxsize = maxsize
        self.copy = copy
        self.values: dict[Hashable, Any] = {}
        self.locks: dict[Hashable, threading.Lock] = {}
        self.guard = threading.Lock()  # protects `locks` and evictions
        self.misses = 0
        _REGISTRY.append(self)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        key = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        value = self.values.get(key, _MISSING)  # one atomic dict lookup: no lock on a hit
        if value is _MISSING:
            value = self._compute(key, args, kwargs)
        return _private(value) if self.copy else value

    def _compute(self, key: Hashable, args: tuple, kwargs: dict) -> Any:
        with self.guard:
            lock = self.locks.setdefault(key, threading.Lock())
        with lock:
            value = self.values.get(key, _MISSING)
            if value is not _MISSING:  # another thread computed it while this one waited
                return value
            value = self.fn(*args, **kwargs)
            with self.guard:
                self.misses += 1
                if self.maxsize is not None:
                    while len(self.values) >= self.maxsize:  # forget the oldest entry
                        self.values.pop(next(iter(self.values)))
                self.values[key] = value
                self.locks.pop(key, None)
        return value

    def cache_clear(self) -> None:
        with self.guard:
            self.values.clear()
            self.locks.clear()


def _private(value: Any) -> Any:
    """A frame or series the caller may change without changing the cached one (a shallow copy: pandas
    copies the data on write); lists, tuples and dicts copied with the frames they hold; other values as they
    are (treat them read-only)."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return value.copy(deep=False)
    if isinstance(value, list | tuple):
        return type(value)(_private(item) for item in value)
    if isinstance(value, dict):
        return {key: _private(item) for key, item in value.items()}
    return value


def shared(fn: Callable[..., T] | None = None, *, maxsize: int | None = None, copy: bool = True) -> Any:
    """Decorator: memoise a function of hashable arguments for every session of the process.

    maxsize bounds the number of entries (the oldest is forgotten first) for functions of many arguments;
    copy=False returns the cached object itself (for values nobody changes: tuples, strings, numbers).
    """
    if fn is None:
        return lambda f: Memo(f, maxsize, copy)
    return Memo(fn, maxsize, copy)


def clear_all() -> None:
    """Forget every memoised value (tests; a rebuilt data folder is otherwise read after a restart)."""
    for memo in _REGISTRY:
        memo.cache_clear()


class Once:
    """Runs `fn(key)` once per key, whatever the number of threads asking at the same time; a failed run
    (an exception) is retried by the next caller."""

    def __init__(self, fn: Callable[[Hashable], Any]):
        self.fn = fn
        self.done: set[Hashable] = set()
        self.lock = threading.Lock()

    def __call__(self, key: Hashable = None) -> bool:
        """True when this call ran the function."""
        if key in self.done:
            return False
        with self.lock:
            if key in self.done:
                return False
            self.fn(key)
            self.done.add(key)
            return True

    def reset(self) -> None:
        with self.lock:
            self.done.clear()
