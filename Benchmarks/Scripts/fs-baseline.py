#!/usr/bin/env python3
"""What the file system alone costs a batch: the folders and files of N customers, as
`avv generate --batch` lays them out, written with nothing computed.

    Scripts/fs-baseline.py N OUT [SAMPLE_FOLDER]

For each customer: a folder, and in it a hidden temporary folder holding each file of
SAMPLE_FOLDER (default ../Output/examples/intellekta, German files only: both documents as
HTML and text and the manifest), renamed to the contract folder's name, as OutputWriter
writes a new contract folder in a batch (no fsync per file); then one sync of the file
system at the end. Prints wall, user and system seconds. OUT must not exist.

Run it just before or after a batch into the same file system: on shared virtual machines
the cost of creating files moves by several times within minutes (and right after a large
`rm -rf`), so a batch's wall time is only comparable with a baseline taken beside it.
"""
import os
import sys
import time

if len(sys.argv) < 3:
    sys.exit(__doc__)
count, out = int(sys.argv[1]), sys.argv[2]
sample = sys.argv[3] if len(sys.argv) > 3 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "Output", "examples", "intellekta")
files = []
for name in sorted(os.listdir(sample)):
    if ".de." in name:
        with open(os.path.join(sample, name), "rb") as handle:
            files.append((name, handle.read()))
if os.path.exists(out):
    sys.exit(f"{out} exists; give a new folder")

start, before = time.time(), os.times()
os.makedirs(out)
for index in range(count):
    customer = os.path.join(out, f"kunde-{index:05d}")
    os.mkdir(customer)
    staging = os.path.join(customer, f".w-2026-{index:05d}.avv-{os.getpid()}-{index:x}.tmp")
    os.mkdir(staging)
    for name, contents in files:
        descriptor = os.open(os.path.join(staging, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        os.write(descriptor, contents)
        os.close(descriptor)
    os.rename(staging, os.path.join(customer, f"w-2026-{index:05d}"))
os.sync()
after = time.time(), os.times()
size = sum(len(contents) for _, contents in files)
print(f"{count} customers, {count * len(files)} files of {size} bytes per customer: "
      f"{after[0] - start:.2f} s wall, {after[1].user - before.user:.2f} s user, "
      f"{after[1].system - before.system:.2f} s sys")
