#!/usr/bin/env python3
"""Wall time of `avv generate --batch` in turns with the file-system baseline.

On a shared machine a batch's wall time moves by half within minutes, so one run says
little. This script runs each configuration in turns, round after round, with
`fs-baseline.py` (the same folders and files, nothing computed) beside them, and prints
every run and the medians: a configuration is faster only if it is faster in most rounds.

    Scripts/batch-wall.py CUSTOMERS.csv BASE.json [--rounds 3] [--out /dev/shm/avv-wall]
        [--run NAME=AVV_BINARY[:JOBS]]...

Each `--run` names an `avv` binary and, after a colon, its `--jobs` (default: the binary's
own default, twice the cores). Without `--run`: `../.build/release/avv`. Outputs go to a
folder below `--out` (tmpfs by default, so that the disk's own swings stay out), which is
emptied before and after each run.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def timed(command):
    """Runs `command`; returns (wall s, user s, sys s). Exits with the command's output
    if it fails."""
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.stderr.write(output.decode(errors="replace"))
        sys.exit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime, usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("customers")
    parser.add_argument("base")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default="/dev/shm/avv-wall")
    parser.add_argument("--templates", default=os.path.join(HERE, "..", "..", "Templates"))
    parser.add_argument("--date", default="2026-11-22")
    parser.add_argument("--run", action="append", default=[], metavar="NAME=AVV[:JOBS]")
    args = parser.parse_args()

    runs = []
    for spec in args.run or ["avv=" + os.path.join(HERE, "..", "..", ".build", "release", "avv")]:
        name, _, rest = spec.partition("=")
        binary, _, jobs = rest.partition(":")
        if not name or not os.access(binary, os.X_OK):
            sys.exit(f"--run {spec}: expected NAME=AVV_BINARY[:JOBS] with an executable binary")
        runs.append((name, binary, jobs))
    with open(args.customers, encoding="utf-8") as f:
        customers = sum(1 for _ in f) - 1

    results = {name: [] for name, _, _ in runs}
    results["fs-baseline"] = []
    print(f"{customers} customers, {args.rounds} rounds; wall / user / sys in seconds")
    for round_number in range(1, args.rounds + 1):
        for name, binary, jobs in runs:
            out = os.path.join(args.out, name)
            shutil.rmtree(out, ignore_errors=True)
            command = [binary, "generate", args.base, "--batch", args.customers, "--templates", args.templates,
                       "--out", out, "--date", args.date] + (["--jobs", jobs] if jobs else [])
            figures = timed(command)
            shutil.rmtree(out, ignore_errors=True)
            results[name].append(figures)
            print(f"round {round_number}  {name:16} {figures[0]:7.2f} {figures[1]:7.2f} {figures[2]:7.2f}", flush=True)
        out = os.path.join(args.out, "fs-baseline")
        shutil.rmtree(out, ignore_errors=True)
        figures = timed([sys.executable, os.path.join(HERE, "fs-baseline.py"), str(customers), out])
        shutil.rmtree(out, ignore_errors=True)
        results["fs-baseline"].append(figures)
        print(f"round {round_number}  {'fs-baseline':16} {figures[0]:7.2f} {figures[1]:7.2f} {figures[2]:7.2f}", flush=True)

    print("median")
    for name, figures in results.items():
        walls, users, systems = zip(*figures)
        print(f"  {name:16} {statistics.median(walls):7.2f} {statistics.median(users):7.2f} "
              f"{statistics.median(systems):7.2f}   (wall {min(walls):.2f}–{max(walls):.2f})")


if __name__ == "__main__":
    main()
