"""The unit registry and its disk cache (an optimisation that must never change a result)."""

from __future__ import annotations

import pytest

from pipeline.units import _registry


def _pounds_in_kg(registry) -> float:
    return registry.Quantity(154, "lb").to("kg").magnitude


def test_registry_built_from_its_cache_converts_as_a_fresh_one(tmp_path):
    _registry(tmp_path)  # writes the cache
    assert list(tmp_path.glob("*.pickle")), "the definitions were not cached"
    assert _pounds_in_kg(_registry(tmp_path)) == pytest.approx(69.853, abs=1e-3)


def test_a_broken_cache_falls_back_to_parsing_the_definitions(tmp_path):
    _registry(tmp_path)
    for cached in tmp_path.glob("*.pickle"):  # as if another process were still writing it
        cached.write_bytes(cached.read_bytes()[:20])
    assert _pounds_in_kg(_registry(tmp_path)) == pytest.approx(69.853, abs=1e-3)


def test_a_cache_folder_that_cannot_be_written_is_not_an_error(tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("")
    assert _pounds_in_kg(_registry(blocker / "pint")) == pytest.approx(69.853, abs=1e-3)
