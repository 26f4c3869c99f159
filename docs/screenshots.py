"""Takes the README's screenshots of the Dagster UI: the asset lineage and the dose report.

    .venv/bin/python docs/screenshots.py   # needs /usr/bin/chromium (apt-get install chromium)

Uses the UI tests' tooling (``tests/ui/conftest.py``): the real ``dagster dev`` over a private
copy of ``seeds/`` and a throw-away instance, one run of every asset launched through it, and
Debian's headless Chromium driven by Playwright. Writes ``docs/img/asset_graph.png`` and
``docs/img/dose_report.png``.
"""

from __future__ import annotations

import signal
import sys
import tempfile
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from tests.ui.conftest import (PAGE_VIEWPORT, chromium, dagster_dev, launch_and_wait,  # noqa: E402
                               open_asset_graph, open_report_markdown)

IMG = PROJECT_ROOT / "docs" / "img"
# the whole graph fits at this size (its nodes drawn compact, with their names)
OVERVIEW_VIEWPORT = {"width": 1800, "height": 1900}
# compact nodes turn green once the UI has their materialization status
GREEN_NODES = "n => document.querySelectorAll('svg foreignObject [style*=\"background-green\"]').length >= n"


def main() -> int:
    # stop dagster dev's process group on `kill` as on Ctrl-C
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, dagster_dev(Path(tmp)) as server:
        status = launch_and_wait(server, launched_by="docs/screenshots.py")
        if status != "SUCCESS":
            print(f"run ended {status}:\n{server.log_tail()}", file=sys.stderr)
            return 1
        with chromium() as browser:
            page = browser.new_page(viewport=OVERVIEW_VIEWPORT)
            open_asset_graph(page, server)
            assets = len(server.graphql("{ assetNodes { id } }")["assetNodes"])
            page.wait_for_function(GREEN_NODES, arg=assets, timeout=60_000)
            page.screenshot(path=IMG / "asset_graph.png", animations="disabled")
            page = browser.new_page(viewport=PAGE_VIEWPORT)
            open_report_markdown(page, server)
            page.screenshot(path=IMG / "dose_report.png", animations="disabled")
    for name in ("asset_graph.png", "dose_report.png"):
        print(f"wrote {(IMG / name).relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
