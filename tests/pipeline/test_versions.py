"""Code versions: which pipeline modules a module's version covers."""

from __future__ import annotations

from pipeline.versions import _imports

SOURCE = '''
"""import pipeline.ingest (a docstring, not an import)"""
from pipeline.text import MappedText


def late():
    try:
        from pipeline import clean
    except ImportError:
        with open("x") as fh:
            import pipeline.memo
    return [x for x in "from pipeline import batch"]


class Holder:
    if True:
        from pipeline.extract import doses
'''


def test_imports_are_found_at_any_depth_and_only_in_import_statements():
    assert _imports("pipeline.probe", SOURCE) == {
        "pipeline.text", "pipeline", "pipeline.clean", "pipeline.memo", "pipeline.extract",
        "pipeline.extract.doses"}
