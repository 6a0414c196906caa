"""The extension's scripts and stylesheets: parts joined into the few files pages load."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

from bottomline.sphinxext import CSS_PARTS, STYLESHEET
from bottomline.sphinxext.search import JS_FILES, SCRIPT
from bottomline.sphinxext.shared import ASSETS_DIR, write_asset


def test_the_parts_are_joined_in_order_and_rewritten_only_when_changed(tmp_path: Path):
    builder = SimpleNamespace(outdir=tmp_path)
    assert write_asset(builder, SCRIPT, JS_FILES) == SCRIPT
    target = tmp_path / "_static" / SCRIPT
    text = target.read_text(encoding="utf-8")
    parts = [(ASSETS_DIR / name).read_text(encoding="utf-8") for name in JS_FILES]
    assert text == "".join(f"/* {n} */\n{p}\n" for n, p in zip(JS_FILES, parts, strict=True))
    os.utime(target, (1, 1))
    write_asset(builder, SCRIPT, JS_FILES)
    assert target.stat().st_mtime == 1  # unchanged: not rewritten
    target.write_text("stale", encoding="utf-8")
    write_asset(builder, SCRIPT, JS_FILES)
    assert target.read_text(encoding="utf-8") == text


def test_every_part_is_shipped_in_the_package():
    shipped = {path.name for path in ASSETS_DIR.iterdir()}
    assert {*JS_FILES, *CSS_PARTS, "bottomline-search.css"} == shipped
    assert STYLESHEET not in shipped and SCRIPT not in shipped  # made by the build
