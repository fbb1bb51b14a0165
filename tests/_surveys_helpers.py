"""Shared helpers of the tests/test_surveys_*.py files (small models, zip surgery)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from criteria.model import Dependency, Factor, Group, Model, Strategy


def small_model(evaluation: str = "ratings", network: bool = False, version: str = "1") -> Model:
    """A small SWOT model: 4 groups, 3+3+2+3 factors, 3 strategies (fast to write and read)."""
    groups = (
        Group("S", "Strengths", "نقاط قوت"),
        Group("W", "Weaknesses", "نقاط ضعف"),
        Group("O", "Opportunities", "فرصت‌ها"),
        Group("T", "Threats", "تهدیدها"),
    )
    sizes = {"S": 3, "W": 3, "O": 2, "T": 3}
    factors = tuple(
        Factor(f"{g}{k}", g, f"{g} factor {k}", f"عامل {g}{k}") for g, n in sizes.items() for k in range(1, n + 1)
    )
    strategies = tuple(Strategy(f"P{k}", f"Strategy {k}", f"راهبرد {k}") for k in range(1, 4))
    dependencies = (Dependency("O", "S"), Dependency("T", "S"), Dependency("S", "W")) if network else ()
    return Model(
        id="small-swot", version=version, title_en="Small SWOT", title_fa="سوات کوچک",
        goal_en="Choose a strategy", goal_fa="انتخاب راهبرد", groups=groups, factors=factors,
        strategies=strategies, evaluation=evaluation, dependencies=dependencies,
    )


def rewrite_zip(src: Path, dst: Path, changes: dict, extra: dict | None = None) -> Path:
    """Copy an xlsx, transforming parts: ``{name: callable(bytes) -> bytes}``; ``extra`` adds parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename in changes:
                data = changes[info.filename](data)
            zout.writestr(info.filename, data)
        for name, data in (extra or {}).items():
            zout.writestr(name, data)
    return dst


def sheet_part(path: Path, sheet_name: str) -> str:
    """The zip part name of a worksheet, by its (visible or hidden) name."""
    import re

    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', workbook)
    if rid is None:
        rid = re.search(rf'<sheet[^>]*r:id="([^"]+)"[^>]*name="{re.escape(sheet_name)}"', workbook)
    target = re.search(rf'<Relationship[^>]*Id="{rid.group(1)}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid.group(1)}"', rels)
    name = target.group(1).lstrip("/")
    return name if name.startswith("xl/") else f"xl/{name}"
