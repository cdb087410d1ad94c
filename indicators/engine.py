"""Which engine runs: the per-figure modules compiled by mypyc (setup.py) or pure Python."""

from __future__ import annotations

import importlib.util
import pkgutil
from importlib.machinery import EXTENSION_SUFFIXES

_PACKAGES = ("extractors", "indicators")


def compiled_modules() -> list[str]:
    """The modules of both packages that load from a compiled extension (none in an
    editable or pure-Python install); found without importing them.

    >>> set(compiled_modules()) <= {f"{p}.{m.name}" for p in _PACKAGES for m in pkgutil.iter_modules(importlib.import_module(p).__path__)}
    True
    """
    out = []
    for package in _PACKAGES:
        spec = importlib.util.find_spec(package)
        for module in pkgutil.iter_modules(spec.submodule_search_locations if spec else []):
            found = importlib.util.find_spec(f"{package}.{module.name}")
            if found is not None and found.origin and found.origin.endswith(tuple(EXTENSION_SUFFIXES)):
                out.append(found.name)
    return sorted(out)


def engine() -> str:
    """The engine in one phrase, for ``--version`` and the benchmarks.

    >>> engine().startswith(("compiled", "pure Python"))
    True
    """
    modules = compiled_modules()
    return f"compiled (mypyc, {len(modules)} modules)" if modules else "pure Python"
