"""The real ``dagster dev`` (webserver and daemon) for UI tests, and a headless Chromium.

``dagster_dev`` starts ``dagster dev -w workspace.yaml`` on a free local port with a temporary
``DAGSTER_HOME`` and ``MSC_SEEDS_DIR``/``MSC_WAREHOUSE`` pointing at a temporary copy of
``seeds/``, waits until the code location is loaded, and stops the whole process group
afterwards. ``launch_and_wait`` materializes every asset through that instance: the run is
queued over GraphQL and the daemon launches it, as when a user clicks "Materialize all"
(in one process: on 2 cores a process per step would triple the run's time).

The seeds sensor of a fresh instance requests a run at once; the test instance holds runs
requested by sensors and schedules in the queue (a tag concurrency limit of 0) and cancels
them after its own run, so tests wait for one run only and see it alone.
``docs/screenshots.py`` uses the same helpers. UI tests are marked ``ui``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.dagster_helpers import stop_dagster

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DAGSTER = PROJECT_ROOT / ".venv" / "bin" / "dagster"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
LOCATION = "msc_warehouse"
REPORT_ASSET = "dose_report"
GRAPH_VIEWPORT = {"width": 2400, "height": 2600}  # every node drawn in full (scale >= 0.6)
PAGE_VIEWPORT = {"width": 1600, "height": 1200}
STARTUP_TIMEOUT = 120
RUN_TIMEOUT = 240
STOP_GRACE = 20

LOCATION_QUERY = """{ workspaceOrError { __typename ... on Workspace { locationEntries {
  name loadStatus locationOrLoadError { __typename ... on PythonError { message } } } } } }"""
LAUNCH_RUN = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message } ... on InvalidSubsetError { message }
  ... on RunConfigValidationInvalid { errors { message } } } }"""
QUEUED_RUNS = """{ runsOrError(filter: {statuses: [QUEUED]}) {
  ... on Runs { results { runId } } } }"""
CANCEL_RUN = """mutation($runId: String!) { terminateRun(runId: $runId) { __typename } }"""
RUN_STATUS = """query($runId: ID!) { runOrError(runId: $runId) {
  __typename ... on Run { status } } }"""
NUX_SEEN = "mutation { setNuxSeen }"
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}
LAUNCHED_BY = "msc/launched_by"
INSTANCE_YAML = """\
# written by tests/ui/conftest.py for a throw-away instance
telemetry:
  enabled: false
run_queue:
  max_concurrent_runs: 1
  tag_concurrency_limits:  # automation's runs wait; the tests launch their own
    - key: dagster/sensor_name
      limit: 0
    - key: dagster/schedule_name
      limit: 0
"""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "ui: starts the real `dagster dev` and drives it (GraphQL, headless Chromium)")


@dataclass
class DagsterDev:
    url: str
    warehouse: Path
    log: Path

    def graphql(self, query: str, variables: dict | None = None, timeout: float = 30) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            payload = json.load(response)
        if payload.get("errors"):
            raise AssertionError(f"GraphQL errors: {payload['errors']}")
        return payload["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _location_loaded(server: DagsterDev) -> bool:
    try:
        data = server.graphql(LOCATION_QUERY, timeout=5)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False
    entries = {e["name"]: e for e in data["workspaceOrError"].get("locationEntries", [])}
    entry = entries.get(LOCATION)
    if not entry or entry["loadStatus"] != "LOADED" or not entry["locationOrLoadError"]:
        return False
    error = entry["locationOrLoadError"]
    if error["__typename"] == "PythonError":
        raise RuntimeError(f"code location {LOCATION} failed to load: {error['message']}")
    return error["__typename"] == "RepositoryLocation"


@contextmanager
def dagster_dev(workdir: Path) -> Iterator[DagsterDev]:
    """``dagster dev`` on a free port, over a private copy of seeds/ and a private instance."""
    workdir.mkdir(parents=True, exist_ok=True)
    seeds, home = workdir / "seeds", workdir / "dagster_home"
    shutil.copytree(PROJECT_ROOT / "seeds", seeds)
    home.mkdir()
    (home / "dagster.yaml").write_text(INSTANCE_YAML)
    warehouse = workdir / "warehouse" / "msc.duckdb"
    port = free_port()
    server = DagsterDev(url=f"http://127.0.0.1:{port}", warehouse=warehouse,
                        log=workdir / "dagster_dev.log")
    env = {**os.environ, "DAGSTER_HOME": str(home), "MSC_SEEDS_DIR": str(seeds),
           "MSC_WAREHOUSE": str(warehouse)}
    with server.log.open("wb") as log:
        process = subprocess.Popen(
            [str(DAGSTER), "dev", "-w", str(PROJECT_ROOT / "workspace.yaml"),
             "-h", "127.0.0.1", "-p", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not _location_loaded(server):
            if process.poll() is not None:
                raise RuntimeError(f"dagster dev exited ({process.returncode}):\n{server.log_tail()}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"code location not loaded in {STARTUP_TIMEOUT}s:\n"
                                   f"{server.log_tail()}")
            time.sleep(0.5)
        server.graphql(NUX_SEEN)  # the one-off "Join the community" dialog, as after "Skip"
        yield server
    finally:
        stop_dagster(process, STOP_GRACE)


def launch_and_wait(server: DagsterDev, launched_by: str = "tests/ui") -> str:
    """Queue a run of every asset and check; the daemon launches it. Returns its final status
    after cancelling the runs automation left in the queue."""
    params = {"selector": {"repositoryLocationName": LOCATION, "repositoryName": "__repository__",
                           "jobName": "materialize_warehouse"},
              "runConfigData": {},
              "executionMetadata": {"tags": [{"key": LAUNCHED_BY, "value": launched_by}]}}
    launched = server.graphql(LAUNCH_RUN, {"params": params})["launchRun"]
    if launched["__typename"] != "LaunchRunSuccess":
        raise AssertionError(f"launchRun: {launched}")
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        status = server.graphql(RUN_STATUS, {"runId": run_id})["runOrError"]["status"]
        if status in FINISHED:
            for run in server.graphql(QUEUED_RUNS)["runsOrError"]["results"]:
                server.graphql(CANCEL_RUN, {"runId": run["runId"]})
            return status
        if time.monotonic() > deadline:
            raise TimeoutError(f"run {run_id} still {status} after {RUN_TIMEOUT}s:\n"
                               f"{server.log_tail()}")
        time.sleep(1)


@contextmanager
def chromium() -> Iterator:
    """Debian's headless Chromium driven by Playwright (Playwright's own browser download is
    not used)."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: `./dev test` installs it (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# "Expand all groups" is pressed again only when the press changed nothing (it toggles)
EXPAND_TRIES = 4
EXPAND_WAIT_MS = 5_000


def open_asset_graph(page, server: DagsterDev) -> None:
    """Global asset lineage with every group expanded (the UI's "Expand all groups", ⌥E)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(f"{server.url}/asset-groups", wait_until="networkidle")
    page.get_by_text("Global asset lineage").wait_for()
    node = page.locator("svg foreignObject").get_by_text(REPORT_ASSET, exact=True)
    for _ in range(EXPAND_TRIES):
        page.keyboard.press("Alt+e")
        try:  # the expanded groups go into the URL as soon as the graph takes the key
            page.wait_for_url(lambda url: "expanded=" in url, timeout=EXPAND_WAIT_MS)
            break
        except PlaywrightTimeout:
            continue  # pressed before the graph listened for keys
    # the expanded groups are now in the URL: reload so the graph is laid out and fitted to
    # the window at once instead of panning there in an animation
    page.reload(wait_until="networkidle")
    node.wait_for()


def open_report_markdown(page, server: DagsterDev):
    """The dose report's page, with its Markdown metadata (chart and tables) opened."""
    page.goto(f"{server.url}/assets/{REPORT_ASSET}", wait_until="networkidle")
    row = page.locator("tr").filter(has=page.get_by_text("report", exact=True))
    row.get_by_text("[Show Markdown]").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("img").wait_for()
    page.wait_for_load_state("networkidle")
    return dialog


@pytest.fixture(scope="session")
def dagster_ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterDev]:
    with dagster_dev(tmp_path_factory.mktemp("dagster_dev")) as server:
        yield server


@pytest.fixture(scope="session")
def materialized_ui(dagster_ui: DagsterDev) -> DagsterDev:
    """The running instance after one run of every asset, launched through it."""
    status = launch_and_wait(dagster_ui)
    assert status == "SUCCESS", f"run ended {status}:\n{dagster_ui.log_tail()}"
    return dagster_ui


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
