#!/usr/bin/env python3
"""Fails when a module imports another module of this package that its target does not declare
directly in Package.swift. SwiftPM's --explicit-target-dependency-import-check accepts a module
reached through another dependency; the layering wants every edge written down.

    python3 Scripts/check-imports.py      (from the package root; reads `swift package dump-package`)
"""
import json
import pathlib
import re
import subprocess
import sys

manifest = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True,
                                     capture_output=True, text=True).stdout)
targets = {target["name"]: target for target in manifest["targets"]}
import_line = re.compile(
    r"^[ \t]*(?:@testable[ \t]+)?import[ \t]+(?:(?:struct|class|enum|protocol|func|var|let|typealias)[ \t]+)?(\w+)",
    re.MULTILINE)


def declared(target):
    names = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                names.add(dependency[kind][0])
    return names


def folder(target):
    if target.get("path"):
        return pathlib.Path(target["path"])
    return pathlib.Path("Tests" if target["type"] == "test" else "Sources") / target["name"]


problems = {}
for name, target in sorted(targets.items()):
    allowed = declared(target)
    for source in sorted(folder(target).rglob("*.swift")):
        for module in sorted(set(import_line.findall(source.read_text()))):
            if module in targets and module != name and module not in allowed:
                problems.setdefault((name, module), source)
for (name, module), source in sorted(problems.items()):
    print(f"{source}: imports {module}; add \"{module}\" to the dependencies of target {name} in Package.swift")
print(f"check-imports: {len(problems)} undeclared module dependencies in {len(targets)} targets")
sys.exit(1 if problems else 0)
