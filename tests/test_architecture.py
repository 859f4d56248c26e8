"""The import structure holds: every module of app/ imports on its own, and only the app factory
loads the views (the contracts between the layers are checked by `make lint`: lint-imports)."""

from __future__ import annotations

import json
import subprocess
import sys

from app.config import PROJECT_ROOT

#: Run in a fresh interpreter: import each module alone (the app's modules forgotten before each)
#: and report what failed and which app modules each one pulled in.
PROBE = r"""
import importlib, json, pathlib, sys, traceback
root = pathlib.Path("app")
modules = sorted(
    ".".join(path.with_suffix("").parts[:-1] if path.name == "__init__.py" else path.with_suffix("").parts)
    for path in root.rglob("*.py")
)
report = {}
for name in modules:
    for loaded in [m for m in sys.modules if m == "app" or m.startswith("app.")]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except Exception:
        report[name] = {"error": traceback.format_exc(limit=3)}
        continue
    report[name] = {"loaded": sorted(m for m in sys.modules if m.startswith("app."))}
print(json.dumps(report))
"""


def probe() -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def is_view(module: str) -> bool:
    return module.rsplit(".", 1)[-1].endswith("views")


def test_every_module_imports_alone_and_only_the_factory_loads_views():
    report = probe()
    assert len(report) > 80
    failed = {name: entry["error"] for name, entry in report.items() if "error" in entry}
    assert failed == {}
    pulling_in_views = {
        name: [m for m in entry["loaded"] if is_view(m) and m != name]
        for name, entry in report.items()
        if name != "app" and not is_view(name)
    }
    assert {name: views for name, views in pulling_in_views.items() if views} == {}
