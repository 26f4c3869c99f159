"""Benchmark of the pipeline on synthetic corpora: prints figures, asserts nothing.

    .venv/bin/python -m bench.run_benchmark --sizes 1000,10000 [--seed 7] [--keep]

For each corpus size (pages made by ``bench.generate_corpus``) it measures, each in a fresh
child process so that wall time and peak RSS belong to that one piece of work:

* cold build: ``msc materialize`` (the real Definitions, a real Dagster run with every check)
  into an empty warehouse and a temporary DAGSTER_HOME; wall time, documents/s, peak RSS.
  The fixed overhead of one run is the same build of an empty and a one-page seeds folder.
* stages: the ``pipeline.batch`` steps the assets wrap (ingest, clean, extract, harmonize,
  publish) timed directly, without Dagster, on the same corpus; the difference from the cold
  build is what Dagster, Parquet hand-offs and the asset checks cost.
* incremental add: one new page is dropped into the published corpus and the time until its
  document and trial rows are queryable is measured, either by running ``msc materialize``
  again (``--incremental materialize``) or by leaving it to the seeds sensor of a running
  ``dagster-daemon`` (``--incremental sensor``).
* ``--profile N``: cProfile of clean + extract over the first N pages, top functions by
  cumulative time.

Peak RSS comes from ``os.wait4`` (the child's ``ru_maxrss``, which includes anything the child
itself waited for). What does not belong here: generating pages (``generate_corpus.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import duckdb

from bench.generate_corpus import generate_page, write_corpus

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
CODE = ROOT  # the project tree the children run (a snapshot with --snapshot)
SNAPSHOT_IGNORE = shutil.ignore_patterns(".git", ".venv", ".tools", ".dagster_home", "warehouse", "__pycache__",
                                         ".pytest_cache", ".hypothesis", "test-artifacts", "node_modules")
MSC = ["-c", "import sys; from cli.main import main; sys.exit(main())"]
STAGES = ("ingest", "clean", "extract", "harmonize", "publish")


# --- child processes ---------------------------------------------------------------------------

def run_child(cmd: list[str], env: dict[str, str] | None = None, log: Path | None = None) -> dict:
    """Run ``cmd`` to completion: wall seconds, CPU seconds (with its worker processes), peak
    RSS of the largest single process (``ru_maxrss``), peak summed RSS of the child and all its
    descendants (sampled), exit code and output."""
    out = open(log, "w") if log else subprocess.PIPE  # noqa: SIM115 - closed below
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=CODE, env=env, stdout=out, stderr=subprocess.STDOUT, text=True)
    sampler = TreeRss(proc.pid)
    sampler.start()
    captured = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    sampler.stop()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if log:
        out.close()
        captured = log.read_text(errors="replace")
    return {"wall_s": wall, "peak_rss_mb": usage.ru_maxrss / 1024, "tree_rss_mb": sampler.peak_mb,
            "rc": proc.returncode, "cpu_s": usage.ru_utime + usage.ru_stime, "output": captured}


class TreeRss(threading.Thread):
    """Samples the summed VmRSS of a process and its descendants (worker pools) every 0.25 s.
    Shared copy-on-write pages of forked workers count once per process, so this is an upper
    bound; ``ru_maxrss`` is the lower one."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.25):
            self.peak_mb = max(self.peak_mb, sum(_rss_mb(p) for p in _tree(self.pid)))

    def stop(self) -> None:
        self._done.set()
        self.join()


def _tree(root: int) -> list[int]:
    parent = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(c for c, p in parent.items() if p == pid)
    return out


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


BYTECODE_CACHE: Path | None = None  # set by main(): where children keep compiled bytecode


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    if BYTECODE_CACHE:
        # with PYTHONDONTWRITEBYTECODE every process recompiles ~1900 modules (~10 s CPU);
        # a cache in the workdir gives the figures a normal installation has
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(BYTECODE_CACHE)
    env.update(extra)
    env["PYTHONPATH"] = str(CODE) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def materialize(seeds: Path, warehouse: Path, dagster_home: Path, log: Path | None = None) -> dict:
    dagster_home.mkdir(parents=True, exist_ok=True)
    env = child_env(DAGSTER_HOME=str(dagster_home))
    res = run_child([sys.executable, *MSC, "materialize", "--seeds", str(seeds), "--warehouse", str(warehouse)],
                    env=env, log=log)
    res["reason"] = "" if res["rc"] == 0 else (res["output"].strip().splitlines() or ["?"])[-1][:160]
    return res


def stages_child(seeds: Path, warehouse: Path) -> None:
    """(child) Time each ``pipeline.batch`` step on ``seeds``; print one JSON line."""
    from pipeline import batch
    from pipeline.ingest import DEFAULT_MAX_BYTES
    from pipeline.warehouse import publish

    import resource

    times: dict[str, float] = {}
    cpu: dict[str, float] = {}
    rss: dict[str, float] = {}

    def cpu_now() -> float:  # this process and its reaped worker processes
        own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    def step(name, fn, *args):
        t0, c0 = time.perf_counter(), cpu_now()
        out = fn(*args)
        times[name] = time.perf_counter() - t0
        cpu[name] = cpu_now() - c0
        rss[name] = _vm_hwm_mb()
        return out

    raw = step("ingest", batch.read_seeds, seeds, DEFAULT_MAX_BYTES)
    cleaned = step("clean", batch.clean_documents, raw)
    facts = step("extract", batch.extract_documents, cleaned)
    doses = step("harmonize", batch.harmonize_doses, facts["dose_mentions"], facts["trial_facts"], facts["evidence"])
    frames = {
        "documents": batch.published_documents(raw, facts["document_facts"]),
        "document_zones": facts["document_zones"], "trials": facts["trial_facts"],
        "trial_registrations": facts["registrations"], "doses": doses,
        "adverse_events": facts["adverse_event_mentions"], "outcomes": facts["outcome_mentions"],
        "evidence": facts["evidence"],
    }
    step("publish", publish, frames, warehouse)
    print(json.dumps({"times": times, "cpu": cpu, "hwm_mb": rss, "rows": {k: v.height for k, v in frames.items()}}))


def profile_child(seeds: Path, n: int, out: Path) -> None:
    """(child) cProfile clean + extract over the first ``n`` pages; print the top functions."""
    import cProfile
    import pstats

    import polars as pl

    from pipeline import batch
    from pipeline.ingest import DEFAULT_MAX_BYTES

    raw = batch.read_seeds(seeds, DEFAULT_MAX_BYTES).head(n)
    batch.extract_documents(batch.clean_documents(raw.head(1)))  # warm caches (vocab, regexes)
    prof = cProfile.Profile()
    prof.enable()
    cleaned = batch.clean_documents(raw)
    batch.extract_documents(cleaned)
    prof.disable()
    prof.dump_stats(out)
    stats = pstats.Stats(prof)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in stats.stats.items():
        if str(ROOT) in file or func.startswith("<method") or "re/" in file:
            rows.append((cumtime, tottime, ncalls, f"{Path(file).relative_to(ROOT) if str(ROOT) in file else Path(file).name}:{line}({func})"))
    rows.sort(reverse=True)
    print(f"profile of clean+extract over {raw.height} pages: {total:.2f} s, {total / max(raw.height, 1) * 1000:.0f} ms/page")
    print(f"{'cum s':>8} {'own s':>8} {'calls':>9}  function")
    for cum, own, calls, name in rows[:30]:
        print(f"{cum:8.2f} {own:8.2f} {calls:9d}  {name}")
    by_own = sorted(rows, key=lambda r: r[1], reverse=True)[:12]
    print("\ntop by own time:")
    for cum, own, calls, name in by_own:
        print(f"{cum:8.2f} {own:8.2f} {calls:9d}  {name}")
    del pl


def _vm_hwm_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- incremental add ---------------------------------------------------------------------------

def rows_of(warehouse: Path, source_file: str) -> tuple[int, int]:
    """(documents, trials) rows of one seed file in the published warehouse (0, 0 if unreadable)."""
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return 0, 0
    try:
        d = con.execute("SELECT count(*) FROM documents WHERE source_file = ?", [source_file]).fetchone()[0]
        t = con.execute("SELECT count(*) FROM trials JOIN documents USING (doc_id) WHERE source_file = ?",
                        [source_file]).fetchone()[0]
        return d, t
    except duckdb.Error:
        return 0, 0
    finally:
        con.close()


def wait_for_rows(warehouse: Path, source_file: str, timeout: float, poll: float = 0.2) -> float | None:
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if rows_of(warehouse, source_file)[0]:
            return time.perf_counter() - t0
        time.sleep(poll)
    return None


def incremental_materialize(seeds: Path, warehouse: Path, dagster_home: Path, seed: int, index: int,
                            exclude: frozenset[str]) -> dict:
    page = fresh_page(seed, index, exclude, warehouse)
    t0 = time.perf_counter()
    (seeds / page.file_name).write_text(page.text, encoding="utf-8")
    res = materialize(seeds, warehouse, dagster_home)
    found = rows_of(warehouse, page.file_name)
    res["latency_s"] = time.perf_counter() - t0 if found[0] else None
    res["rows"] = found
    return res


# seconds between two passes of Dagster's sensor daemon (its MIN_INTERVAL_LOOP_TIME)
SENSOR_LOOP_S = 5


def incremental_sensor(seeds: Path, warehouse: Path, dagster_home: Path, seed: int, index: int,
                       interval: int, timeout: float, workdir: Path, exclude: frozenset[str],
                       samples: int = 1) -> dict:
    """Start ``dagster-daemon`` on the workspace, let its first sensor tick and run settle, then
    add one page and wait for its rows, ``samples`` times (one page after another, each once
    the run before is over, after a random pause). A sample's latency depends on where in the
    daemon's 5 s sensor loop the page lands, so several give the spread; ``latency_s`` is
    their median. The daemon
    is stopped by its own process group."""
    env = child_env(DAGSTER_HOME=str(dagster_home), MSC_SEEDS_DIR=str(seeds), MSC_WAREHOUSE=str(warehouse),
                    **({"MSC_SENSOR_INTERVAL": str(interval)} if interval else {}))
    # the Dagster settings of the code measured, as `msc ui` would write them before its daemon
    # starts (the home may have been built by an earlier version)
    settings = run_child([sys.executable, "-c", "from cli.main import ensure_dagster_home; ensure_dagster_home()"],
                         env=env)
    if settings["rc"] != 0:
        raise RuntimeError(f"could not write the Dagster settings: {settings['output'][-400:]}")
    log = open(workdir / "daemon.log", "w")  # noqa: SIM115 - closed below
    daemon = subprocess.Popen([str(VENV_BIN / "dagster-daemon"), "run", "-w", str(CODE / "workspace.yaml")],
                              cwd=CODE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        # the daemon visits sensors every 5 s whatever their interval
        settled = _wait_for_idle(dagster_home, max(interval or 0, SENSOR_LOOP_S), timeout)
        latencies, rows = [], []
        # a page lands at a random point of the daemon's loop: right after the last run, it
        # would land at the same point every time, as far from the next look as the run ends
        phases = random.Random(seed)
        breakdown = []
        for _ in range(samples):
            probe = cpu_seconds()  # while the daemon is idle: this sample's machine speed
            time.sleep(phases.uniform(0, SENSOR_LOOP_S))
            page = fresh_page(seed, index, exclude, warehouse)
            written_at = time.time()
            (seeds / page.file_name).write_text(page.text, encoding="utf-8")
            latencies.append(wait_for_rows(warehouse, page.file_name, timeout))
            rows.append(rows_of(warehouse, page.file_name))
            _wait_for_idle(dagster_home, 0, 300)  # let the run finish its last steps
            if latencies[-1] is None:
                break
            breakdown.append(run_phases(dagster_home, written_at) | {"cpu_probe": probe})
        ok = None not in latencies
        return {"latency_s": statistics.median(latencies) if ok else None, "samples": latencies,
                "breakdown": breakdown, "rows": rows, "settled": settled,
                "reason": "" if ok else f"not published within {timeout:.0f} s (see {workdir / 'daemon.log'})"}
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        try:
            daemon.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(daemon.pid, signal.SIGKILL)
            daemon.wait()
        log.close()


# the phases of an added page's way to the warehouse, as the Dagster instance recorded them
PHASES = {
    "sensor_wait": "file written until the sensor's look that saw it (0 when the sensor was "
                   "watching the folder as it was written)",
    "tick": "that look until the run was created (the folder standing still, the look, the run request)",
    "run_start": "run created until its first step began (planned events, the run's process "
                 "starting, importing Dagster and loading the code)",
    "steps": "first step until the warehouse was swapped (its first warehouse/* materialization)",
}


def run_phases(dagster_home: Path, written_at: float) -> dict[str, float | None]:
    """Seconds spent in each of :data:`PHASES` by the last run, for a page written at
    ``written_at`` (epoch seconds); None where the instance holds no record of a phase."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        record = instance.get_run_records(limit=1)[0]
        run_id, created = record.dagster_run.run_id, record.create_timestamp.timestamp()
        events = [e for e in instance.all_logs(run_id) if e.is_dagster_event]
        first_step = min((e.timestamp for e in events
                          if e.dagster_event.event_type_value == "STEP_START"), default=None)
        swapped = min((e.timestamp for e in events
                       if e.dagster_event.event_type_value == "ASSET_MATERIALIZATION"
                       and e.dagster_event.asset_key.path[0] == "warehouse"), default=None)
        ticks = [t for state in instance.all_instigator_state()
                 for t in instance.get_ticks(state.instigator_origin_id, state.selector_id, limit=5)
                 if run_id in t.run_ids]
    tick = ticks[0].timestamp if ticks else None

    def span(start: float | None, end: float | None) -> float | None:
        return None if start is None or end is None else end - start
    # a tick that was watching the folder (assets.automation) began before the file was written
    looked = None if tick is None else max(tick, written_at)
    return {"sensor_wait": span(written_at, looked), "tick": span(looked, created),
            "run_start": span(created, first_step), "steps": span(first_step, swapped)}


def _wait_for_idle(dagster_home: Path, interval: int, timeout: float) -> bool:
    """Until the sensor has had time to tick twice and no run has been queued or in progress
    for one more interval (the daemon's first tick sees every seed as new and starts a run);
    False on timeout."""
    import dagster as dg

    active = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
              dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
    t0 = time.perf_counter()
    idle_since = None
    with dg.DagsterInstance.from_config(str(dagster_home)) as instance:
        while time.perf_counter() - t0 < timeout:
            time.sleep(1)
            busy = instance.get_runs_count(filters=dg.RunsFilter(statuses=active)) > 0
            now = time.perf_counter()
            idle_since = None if busy else (idle_since or now)
            if now - t0 >= 2 * interval + 10 and idle_since and now - idle_since >= interval + 5:
                return True
    return False


def fresh_page(seed: int, index: int, exclude: frozenset[str], warehouse: Path):
    """The first page from ``index`` on that the warehouse does not hold yet."""
    while True:
        page = generate_page(seed, index, exclude)
        if not rows_of(warehouse, page.file_name)[0]:
            return page
        index += 1


# --- report ------------------------------------------------------------------------------------

CPU_PROBE_LOOPS = 10_000_000

def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    mem = next((int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0) / 1024 ** 2
    try:
        commit = subprocess.run(["git", "log", "-1", "--format=%h %s"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()[:60]
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit, dirty = "?", ""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"machine: {os.cpu_count()} cores ({cpu}), {mem:.1f} GB RAM, Python {platform.python_version()}, "
            f"load average at start {load}, {cpu_probe()}\n"
            f"code: {commit}{' (+ uncommitted changes)' if dirty else ''}")


def cpu_seconds() -> float:
    """How fast one core runs plain Python right now (seconds for CPU_PROBE_LOOPS additions,
    median of three): a shared virtual machine's cores can run at half speed for minutes when
    its neighbours are busy, which no load average shows. Compare figures only between runs
    whose probes agree."""
    def loop() -> float:
        t0, total = time.perf_counter(), 0
        for i in range(CPU_PROBE_LOOPS):
            total += i
        return time.perf_counter() - t0
    return statistics.median(loop() for _ in range(3))


def cpu_probe() -> str:
    return f"CPU probe {cpu_seconds():.2f} s ({CPU_PROBE_LOOPS:,} additions)"


def print_breakdown(latencies: list[float | None], breakdown: list[dict[str, float | None]]) -> None:
    """Each sample's phases (:data:`PHASES`) and CPU probe, and the median of each phase."""
    if not breakdown:
        return
    print("  where each sample's time went, in seconds:")
    for name, meaning in PHASES.items():
        print(f"    {name}: {meaning}")
    print("    " + " ".join(f"{h:>11}" for h in ("total", *PHASES, "cpu_probe")))
    for total, phases in zip(latencies, breakdown):
        print("    " + " ".join(fmt(x, '11.2f', f"{'-':>11}") for x in (total, *phases.values())))
    medians = [statistics.median(v) if (v := [b[k] for b in breakdown if b[k] is not None]) else None
               for k in (*PHASES, "cpu_probe")]
    print("    " + f"{'median':>11} " + " ".join(fmt(x, '11.2f', f"{'-':>11}") for x in medians), flush=True)


def fmt(x, spec=".1f", none="-"):
    return none if x is None else format(x, spec)


def warehouse_counts(warehouse: Path) -> dict[str, int]:
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error:
        return {}
    try:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ("documents", "trials", "doses")}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,10000", help="comma-separated corpus sizes (pages)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", action="store_true", help="keep the corpora, warehouses and logs")
    ap.add_argument("--workdir", type=Path, help="where to work (default: a temporary folder)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: overhead,cold,stages,incremental")
    ap.add_argument("--incremental", choices=("materialize", "sensor"), default="materialize")
    ap.add_argument("--sensor-interval", type=int, default=None,
                    help="MSC_SENSOR_INTERVAL for --incremental sensor (default: the project's)")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds to wait for a sensor-driven publish")
    ap.add_argument("--samples", type=int, default=3,
                    help="pages added one after another with --incremental sensor (the median is reported)")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="profile clean+extract over N pages")
    ap.add_argument("--exclude-condition", action="append", default=[], metavar="NAME",
                    help="generate no study of this condition (to get around a known extraction bug)")
    ap.add_argument("--workers", type=int, help="MSC_WORKERS for the children (default: the pipeline's)")
    ap.add_argument("--snapshot", action="store_true",
                    help="run a copy of the project tree taken at start, so that edits made meanwhile "
                         "neither mix into the figures nor change the code version (memo misses)")
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="keep PYTHONDONTWRITEBYTECODE for the children if it is set")
    ap.add_argument("--stages-child", nargs=2, type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stages_child:
        stages_child(*args.stages_child)
        return 0
    if args.profile_child:
        profile_child(Path(args.profile_child[0]), int(args.profile_child[1]), Path(args.profile_child[2]))
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s]
    skip = set(filter(None, args.skip.split(",")))
    work = args.workdir or Path(tempfile.mkdtemp(prefix="msc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    args.exclude = frozenset(args.exclude_condition)
    global BYTECODE_CACHE, CODE
    if args.snapshot:
        CODE = work / "code"
        shutil.rmtree(CODE, ignore_errors=True)
        shutil.copytree(ROOT, CODE, ignore=SNAPSHOT_IGNORE, symlinks=True)
    if not args.no_bytecode_cache:
        BYTECODE_CACHE = work / "pycache"
    if args.workers:
        os.environ["MSC_WORKERS"] = str(args.workers)
    print(machine())
    print(f"code run: {CODE}  workdir: {work}  seed: {args.seed}  excluded conditions: {sorted(args.exclude) or 'none'}  "
          f"MSC_WORKERS: {os.environ.get('MSC_WORKERS', 'default')}  "
          f"bytecode: {'cached in workdir' if BYTECODE_CACHE else os.environ.get('PYTHONDONTWRITEBYTECODE') and 'recompiled by every process' or 'default'}\n",
          flush=True)
    try:
        if "overhead" not in skip:
            print("fixed overhead of one run (msc materialize: process start, Definitions, Dagster run, checks)")
            print(f"{'seeds':>10} {'wall s':>8} {'CPU s':>7} {'peak RSS MB':>12}  result")  # noqa: E501
            for label, n in (("empty", 0), ("1 page", 1)):
                seeds = work / f"overhead_{n}" / "seeds"
                seeds.mkdir(parents=True, exist_ok=True)
                write_corpus(seeds, n, args.seed, exclude=args.exclude)
                r = materialize(seeds, work / f"overhead_{n}" / "wh" / "msc.duckdb", work / f"overhead_{n}" / "dh")
                print(f"{label:>10} {r['wall_s']:8.1f} {r['cpu_s']:7.1f} {r['peak_rss_mb']:12.0f}  "
                      f"{'ok' if r['rc'] == 0 else 'FAILED: ' + r['reason']}", flush=True)
            print()
        measured = {n: bench_size(n, args, work, skip) for n in sizes}
        print(targets(measured))
        print(f"at the end: {cpu_probe()}")
        if args.profile:
            seeds = work / f"corpus_{sizes[0] if sizes else 0}" / "seeds"
            if not seeds.is_dir():
                write_corpus(seeds, args.profile, args.seed, exclude=args.exclude)
            # one process, so that cProfile sees the work (no worker pool)
            r = run_child([sys.executable, "-m", "bench.run_benchmark", "--profile-child", str(seeds),
                           str(args.profile), str(work / "extract.prof")], env=child_env(MSC_WORKERS="1"))
            print(r["output"])
    finally:
        if not args.keep and not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
    return 0


# the targets: (what, corpus size it is measured at, measurement key, limit, unit, at most?)
TARGETS = (
    ("cold build end to end", 10_000, "cold_s", 60.0, "s", True),
    ("extraction, steady state", None, "extract_docs_s", 500.0, "pages/s", False),
    ("peak RSS of the largest process", 100_000, "peak_rss_mb", 1536.0, "MB", True),
    ("one page added until queryable", 10_000, "incremental_s", 10.0, "s", True),
)


def targets(measured: dict[int, dict[str, float]]) -> str:
    """The targets against what this run measured (printed, never asserted)."""
    lines = ["targets (measured by this run; a target whose size was not run is not measured):"]
    for what, size, key, limit, unit, at_most in TARGETS:
        sizes = [size] if size else sorted(measured, reverse=True)
        found = next(((n, measured[n][key]) for n in sizes
                      if n in measured and measured[n].get(key) is not None), None)
        bound = f"{'≤' if at_most else '≥'} {limit:g} {unit}" + (f" at {size:,} pages" if size else "")
        if found is None:
            lines.append(f"  {what:34} {bound:28} not measured")
            continue
        n, value = found
        met = value <= limit if at_most else value >= limit
        lines.append(f"  {what:34} {bound:28} {value:9.1f} {unit:8} at {n:,} pages: "
                     f"{'met' if met else 'NOT met'}")
    return "\n".join(lines)


def bench_size(n: int, args, work: Path, skip: set[str]) -> dict[str, float]:
    """Run every measurement at ``n`` pages; returns the figures the targets are read from."""
    found: dict[str, float] = {}
    base = work / f"corpus_{n}"
    seeds = base / "seeds"
    t0 = time.perf_counter()
    if not seeds.is_dir() or len(list(seeds.iterdir())) != n:
        shutil.rmtree(seeds, ignore_errors=True)
        n_bytes = write_corpus(seeds, n, args.seed, exclude=args.exclude)
    else:
        n_bytes = sum(p.stat().st_size for p in seeds.iterdir())
    print(f"== {n} pages ({n_bytes / 1e6:.1f} MB, generated in {time.perf_counter() - t0:.1f} s)", flush=True)
    warehouse, dagster_home = base / "warehouse" / "msc.duckdb", base / "dagster_home"
    if "cold" not in skip:
        shutil.rmtree(base / "warehouse", ignore_errors=True)
        shutil.rmtree(dagster_home, ignore_errors=True)
        r = materialize(seeds, warehouse, dagster_home, log=base / "cold.log")
        counts = warehouse_counts(warehouse) if r["rc"] == 0 else {}
        if r["rc"] == 0:
            found.update(cold_s=r["wall_s"], peak_rss_mb=r["peak_rss_mb"])
        print(f"cold build (msc materialize): {r['wall_s']:.1f} s wall, {r['cpu_s']:.1f} s CPU, "
              f"{n / r['wall_s']:.1f} docs/s, peak RSS {r['peak_rss_mb']:.0f} MB (all processes {r['tree_rss_mb']:.0f} MB), "
              + ("rows " + ", ".join(f"{k} {v}" for k, v in counts.items()) if r["rc"] == 0
                 else f"FAILED: {r['reason']}"), flush=True)
    if "stages" not in skip:
        r = run_child([sys.executable, "-m", "bench.run_benchmark", "--stages-child", str(seeds),
                       str(base / "stages" / "msc.duckdb")], env=child_env())
        try:
            data = json.loads(r["output"].strip().splitlines()[-1])
        except (ValueError, IndexError):
            print(f"stages FAILED: {r['output'][-400:]}")
        else:
            t, c = data["times"], data["cpu"]
            total = sum(t.values())
            found["extract_docs_s"] = n / t["extract"] if t["extract"] else None
            print(f"stages without Dagster ({n / total:.1f} docs/s, peak RSS {r['peak_rss_mb']:.0f} MB "
                  f"(all processes {r['tree_rss_mb']:.0f} MB), "
                  f"{r['wall_s']:.1f} s with process start):")
            print("  " + " ".join(f"{s:>10}" for s in (*STAGES, "total")))
            print("  " + " ".join(f"{t[s]:9.1f}s" for s in STAGES) + f" {total:9.1f}s")
            print("  " + " ".join(f"{c[s]:9.1f}s" for s in STAGES) + f" {sum(c.values()):9.1f}s   (CPU)")
            print("  " + " ".join(f"{100 * t[s] / total:9.1f}%" for s in STAGES))
            print("  " + " ".join(f"{data['hwm_mb'][s]:7.0f} MB" for s in STAGES) + "   (peak RSS after each stage)")
            print("  " + " ".join(f"{1000 * t[s] / max(n, 1):7.1f}ms" for s in STAGES) + "   (per page)")
    if "incremental" not in skip:
        if not warehouse.exists():
            print("incremental add: skipped, no cold build to add to")
        elif args.incremental == "materialize":
            r = incremental_materialize(seeds, warehouse, dagster_home, args.seed, n, args.exclude)
            found["incremental_s"] = r["latency_s"]
            print(f"incremental add of 1 page to {n} published (msc materialize): "
                  f"{fmt(r['latency_s'])} s until queryable, peak RSS {r['peak_rss_mb']:.0f} MB, rows {r['rows']}"
                  + ("" if r["rc"] == 0 else f" FAILED: {r['reason']}"), flush=True)
        else:
            r = incremental_sensor(seeds, warehouse, dagster_home, args.seed, n, args.sensor_interval,
                                   args.timeout, base, args.exclude, args.samples)
            found["incremental_s"] = r["latency_s"]
            print(f"incremental add of 1 page to {n} published (sensor, interval {args.sensor_interval or 'default'}): "
                  f"{fmt(r['latency_s'])} s until queryable (median of "
                  f"{', '.join(fmt(x) for x in r['samples'])} s), rows {r['rows']}"
                  + ("" if r["settled"] else " (daemon had not settled)") + (f" {r['reason']}" if r["reason"] else ""),
                  flush=True)
            print_breakdown(r["samples"], r["breakdown"])
        # the added page stays out of the corpus for the next measurement
        for p in seeds.iterdir():
            if int(p.name.split("_")[0]) >= n:
                p.unlink()
    print(flush=True)
    return found


if __name__ == "__main__":
    sys.exit(main())
