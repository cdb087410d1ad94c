"""Build: the engine's per-figure rule modules compiled with mypyc, pure Python otherwise.

Everything else is declared in setup.cfg. The modules in ``COMPILED`` are plain,
mypy-strict Python; mypyc turns them into C extensions that produce exactly the
same rows about 1.3x faster (benchmarks/throughput.py prints which engine ran).
The ``.py`` files ship beside the extensions and are what runs wherever no
extension was built:

- an editable install (``pip install -e .``) stays pure Python, so that an edit
  takes effect at once (``INDICATORS_COMPILE=1`` compiles it too: rebuild after
  every edit, or the extension silently runs the old code);
- ``INDICATORS_PURE=1`` never compiles;
- without mypyc or a C compiler, or when compiling fails, the build says why
  and installs the pure modules.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The modules that run per figure (the scan, the boundaries, subjects, measures,
# periods): what a profile of extract_text spends its Python time in. Compiled code
# boxes a tuple anew each time it leaves a native variable, so these modules compare
# tuples by value, never with ``is`` (tests/test_build.py checks the rows are the same).
COMPILED = [
    "extractors/figure.py",
    "extractors/find.py",
    "extractors/fold.py",
    "extractors/layout.py",
    "extractors/lexicon.py",
    "extractors/numerals.py",
    "extractors/quantity.py",
    "indicators/context.py",
    "indicators/measure.py",
    "indicators/parts.py",
    "indicators/period.py",
    "indicators/subject.py",
    "indicators/tables.py",
]
# Only the build commands compile: metadata queries (egg_info, dist_info) must stay quick.
_BUILDS = {"bdist_wheel", "build", "build_ext", "install", "editable_wheel", "develop"}
_EDITABLE = {"editable_wheel", "develop"}


def _say(message: str) -> None:
    print(f"indicators build: {message}", file=sys.stderr)


class _OptionalBuildExt(build_ext):  # type: ignore[misc]
    """Compiles the extensions; when any fails, builds none of them (the modules share one
    runtime library, so a partial build could not be imported) and keeps the pure modules."""

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # any compiler failure means: ship pure Python
            _say(f"compiling failed ({error}); installing the pure-Python engine")
            for path in self.get_outputs():
                if os.path.exists(path):
                    os.remove(path)
            self.extensions = []


def _ext_modules() -> list[Any]:
    commands = set(sys.argv[1:])
    if not commands & _BUILDS or os.environ.get("INDICATORS_PURE") == "1":
        return []
    if commands & _EDITABLE and os.environ.get("INDICATORS_COMPILE") != "1":
        return []  # an editable install runs the sources as they are edited
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        _say(f"no C compiler ({compiler}); installing the pure-Python engine")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        _say("mypyc is not installed; installing the pure-Python engine")
        return []
    try:
        # the build environment holds no third-party packages: their imports are Any here
        # (the project's own mypy run, in the tests, checks them strictly)
        return list(mypycify(["--config-file=", "--ignore-missing-imports", *COMPILED], group_name="indicators_engine"))
    except (Exception, SystemExit) as error:  # mypyc reports type errors by exiting
        _say(f"mypyc could not compile the engine ({error}); installing the pure-Python engine")
        return []


setup(ext_modules=_ext_modules(), cmdclass={"build_ext": _OptionalBuildExt})
