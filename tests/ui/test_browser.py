"""The Dagster UI in headless Chromium: the lineage graph and the dose report's page."""

from __future__ import annotations

import base64
import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from assets.definitions import build_definitions
from tests.ui.conftest import (GRAPH_VIEWPORT, PAGE_VIEWPORT, open_asset_graph,
                               open_report_markdown)

pytestmark = [pytest.mark.ui, pytest.mark.timeout(420)]

DATA_URI = re.compile(r'src="data:image/png;base64,([^"]+)"')


def _node_names() -> Counter:
    """What the graph labels each asset with: the last part of its key (warehouse/doses: doses)."""
    graph = build_definitions().resolve_asset_graph()
    return Counter(key.path[-1] for key in graph.get_all_asset_keys())


def test_asset_graph_shows_every_asset(materialized_ui, browser, artifacts):
    page = browser.new_page(viewport=GRAPH_VIEWPORT)
    open_asset_graph(page, materialized_ui)
    page.screenshot(path=artifacts / "asset_graph.png", animations="disabled")
    graph = page.locator("svg foreignObject")
    expected = _node_names()
    assert len(expected) > 10
    for name, count in expected.items():
        expect(graph.get_by_text(name, exact=True)).to_have_count(count)
    page.close()


def test_dose_report_page_shows_the_chart(materialized_ui, browser, artifacts):
    page = browser.new_page(viewport=PAGE_VIEWPORT)
    dialog = open_report_markdown(page, materialized_ui)
    page.screenshot(path=artifacts / "dose_report.png", animations="disabled")
    image = dialog.locator("img")
    expect(image).to_have_attribute("alt", "dose chart")
    assert image.evaluate("img => img.complete && img.naturalWidth") > 0
    shown = base64.b64decode(image.get_attribute("src").split(",", 1)[1])
    written = (materialized_ui.warehouse.parent / "report.html").read_text()
    assert shown == base64.b64decode(DATA_URI.search(written).group(1))
    expect(dialog.get_by_role("table")).to_contain_text("lupus nephritis")
    page.close()
