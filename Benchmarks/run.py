#!/usr/bin/env python3
"""Times ssot-migrate against its peers on the same synthetic monorepo, in the same run.

    python3 Benchmarks/run.py                 # default tree (8,000 files), 3 warm runs each
                                              # (the migration and grep alternate, run by run)
    python3 Benchmarks/run.py --scaling       # also 1x, 2x, 4x the default size
    python3 Benchmarks/run.py --libcst        # also LibCST's RenameCommand (slow: ~7 min per
                                              # 1,000 files on 2 cores; runs on --libcst-files)

Prints wall and CPU seconds (median of --runs warm runs) and peak RSS for:
  ssot-migrate --all --dry-run                 (the whole five-phase migration)
  ssot-migrate --phase 3 --dry-run             (one move: Benchmarks/single-move.json)
  ssot-migrate --check ONE_FILE                (what a pre-commit hook given one file runs)
  ast-grep run -p 'await create_websocket_manager($A)' -r 'WebSocketManager(user_context=$A)'
  grep -rlF <trigger words>                    (the floor: reading the bytes at all)
  python -m libcst.tool codemod rename.RenameCommand (with --libcst)
and the ratios. Missing peers are reported, not fatal.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BINARY = os.path.join(ROOT, ".build", "release", "ssot-migrate")
TRIGGERS = ["create_websocket_manager", "WebSocketManager", "UnifiedWebSocketManager", "websocket_manager_factory"]
# A module of the default tree whose factory import a test imports from it (a kept import): its
# results depend on other files, as a PATH run's must.
ONE_FILE = "netra_backend/app/admin/adapters/v2/event_router.py"


def tree(files, seed=1):
    out = os.path.join(HERE, "out", f"monorepo-{files}")
    if not os.path.exists(os.path.join(out, "MANIFEST.json")):
        subprocess.run([sys.executable, os.path.join(HERE, "generate_monorepo.py"), "--out", out, "--files", str(files),
                        "--seed", str(seed), "--force"], check=True, stdout=subprocess.DEVNULL)
    return out


def run_once(command, cwd=None):
    """Wall and CPU seconds and peak RSS (MB) of one run of `command`. The wall time comes from
    the monotonic clock around the run and the CPU time from its rusage (`wait4`, which counts
    the reaped grandchild); `/usr/bin/time` is there for the peak RSS only (a forked child's own
    `ru_maxrss` starts at this Python's size). Its `%e` truncates to hundredths, which cut up to
    6% off grep's ~0.17 s and less off the migration's, and so inflated their ratio."""
    with tempfile.NamedTemporaryFile(mode="r") as report, open(os.devnull, "wb") as null:
        start = time.perf_counter()
        child = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", report.name] + command, cwd=cwd, stdout=null, stderr=null)
        _, _, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = 0  # reaped by wait4: Popen must not wait again
        rss = report.read().split()[-1]
    return wall, usage.ru_utime + usage.ru_stime, int(rss) / 1024


def summary(samples):
    """Median wall and CPU seconds and the max peak RSS of `run_once` samples."""
    return (statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples), max(s[2] for s in samples))


def measure(command, runs, cwd=None, warmups=1):
    """Median wall and CPU seconds and the max peak RSS (MB) over `runs` runs after warm-ups."""
    samples = [run_once(command, cwd) for _ in range(warmups + runs)][warmups:]
    return summary(samples)


def measure_interleaved(commands, runs, warmups=1):
    """`measure` for several commands whose runs alternate (a, b, a, b, ...): the shared VM's speed
    drifts by a third within minutes, and runs of one command done one after the other all land
    in one phase of that drift while the other command's land in another. Also returns the
    median of the per-round ratios of each command's wall time to the last command's."""
    samples = [[] for _ in commands]
    for i in range(warmups + runs):
        for k, command in enumerate(commands):
            sample = run_once(command)
            if i >= warmups:
                samples[k].append(sample)
    results = [summary(ss) for ss in samples]
    floor = samples[-1]
    ratios = [statistics.median(a[0] / max(b[0], 1e-3) for a, b in zip(ss, floor)) for ss in samples]
    return results, ratios


def row(name, result):
    wall, cpu, rss = result
    print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=8000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scaling", action="store_true")
    parser.add_argument("--libcst", action="store_true")
    parser.add_argument("--libcst-files", type=int, default=1000)
    args = parser.parse_args()

    subprocess.run(["swift", "build", "-c", "release", "--product", "ssot-migrate"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    path = tree(args.files)
    manifest = json.load(open(os.path.join(path, "MANIFEST.json")))
    lines = manifest.get("lines", 0)
    print(f"tree: {path}: {manifest.get('generated_files')} modules, {lines:,} lines, {manifest.get('bytes', 0) / 1e6:.0f} MB")
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}")
    print()
    print("| command | wall s | CPU s | peak RSS MB |")
    print("| --- | --- | --- | --- |")
    results = {}
    # The migration and its floor alternate, so that both see the same moments of the VM.
    grep = ["grep", "-rlF"] + sum((["-e", t] for t in TRIGGERS), []) + [path]
    (results["all"], results["grep"]), (ratio_all, _) = measure_interleaved(
        [[BINARY, "--all", "--dry-run", "--root", path], grep], args.runs)
    row("ssot-migrate --all --dry-run", results["all"])
    results["move"] = measure([BINARY, "--phase", "3", "--dry-run", "--codemod", os.path.join(HERE, "single-move.json"), "--root", path], args.runs)
    row("ssot-migrate --phase 3 --dry-run (single move)", results["move"])
    one = os.path.join(path, ONE_FILE)
    if os.path.exists(one):
        results["one-file"] = measure([BINARY, "--check", "--root", path, one], args.runs)
        row(f"ssot-migrate --check {ONE_FILE} (one file)", results["one-file"])
    else:
        print(f"| ssot-migrate --check ONE_FILE | {ONE_FILE} is not in this tree | | |")
    row("grep -rlF (trigger words)", results["grep"])
    sg = ast_grep()
    if sg:
        results["ast-grep"] = measure([sg, "run", "-p", "await create_websocket_manager($A)", "-r", "WebSocketManager(user_context=$A)",
                                       "--lang", "python", path], args.runs)
        row("ast-grep run -p/-r (one pattern, prints the rewrite)", results["ast-grep"])
    else:
        print("| ast-grep | missing (pip install ast-grep-cli) | | |")
    if args.libcst:
        small = tree(args.libcst_files)
        copy = tempfile.mkdtemp()
        shutil.copytree(small, copy, dirs_exist_ok=True)
        results["libcst"] = measure([sys.executable, "-m", "libcst.tool", "codemod", "rename.RenameCommand",
                                     "--old_name=netra_backend.app.websocket_core.unified_manager.UnifiedWebSocketManager",
                                     "--new_name=netra_backend.app.websocket_core.websocket_manager.WebSocketManager",
                                     "-j", str(os.cpu_count()), copy], 1, warmups=0)
        row(f"LibCST RenameCommand ({args.libcst_files} modules)", results["libcst"])
        results["move-small"] = measure([BINARY, "--phase", "3", "--dry-run", "--codemod", os.path.join(HERE, "single-move.json"), "--root", small], args.runs)
        row(f"ssot-migrate single move ({args.libcst_files} modules)", results["move-small"])
        shutil.rmtree(copy, ignore_errors=True)
    print()
    print(f"ratio --all --dry-run / grep: {results['all'][0] / results['grep'][0]:.1f}x of the medians, "
          f"{ratio_all:.1f}x median of the {args.runs} alternating rounds")
    if "ast-grep" in results:
        print(f"ast-grep one pattern / ssot-migrate whole migration: {results['ast-grep'][0] / results['all'][0]:.1f}x")
    if "libcst" in results:
        print(f"LibCST rename / ssot-migrate single move (same {args.libcst_files} modules): {results['libcst'][0] / results['move-small'][0]:.0f}x")
    if args.scaling:
        print()
        print("| size | modules | lines | wall s | s per M lines | peak RSS MB |")
        print("| --- | --- | --- | --- | --- | --- |")
        # The sizes alternate run by run, as the migration and grep do: measured one after the
        # other, a fast moment of the VM for 1x and a slow one for 4x made "4x the tree" look like
        # 6x the time. The ratio is the median of the rounds' ratios to the 1x run.
        factors = (4, 2, 1)
        paths = [tree(args.files * factor) for factor in factors]
        results, ratios = measure_interleaved([[BINARY, "--all", "--dry-run", "--root", p] for p in paths], args.runs)
        for factor, p, (wall, cpu, rss), ratio in reversed(list(zip(factors, paths, results, ratios))):
            m = json.load(open(os.path.join(p, "MANIFEST.json")))
            print(f"| {factor}x | {m['generated_files']} | {m['lines']:,} | {wall:.2f} ({ratio:.2f}x) | {wall / (m['lines'] / 1e6):.2f} | {rss:.0f} |")


def ast_grep():
    """ast-grep's binary: `ast-grep`, or `sg` when that is ast-grep (on Linux `sg` is usually
    shadow-utils' switch-group command)."""
    for name in ("ast-grep", "sg"):
        path = shutil.which(name)
        if not path:
            continue
        try:
            version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        if "ast-grep" in version:
            return path
    return None


def cpu_model():
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
