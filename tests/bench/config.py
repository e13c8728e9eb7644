#!/usr/bin/python3
"""Configuration benchmark: how long `pagefeed --check` takes to read a
file of many [source] sections, and the memory it holds then.

Each count gets a file of that many sources, each with its own url and two
keys of its own (interval and a selector shared by all), as a large
deployment generated from a list would write it.  `--check` loads, checks
and frees the whole configuration, the same path the daemon takes at start
and on SIGHUP.  Wall seconds and the child's peak RSS (wait4's ru_maxrss)
are printed with the cost per source; nothing is asserted.

Environment (optional):
  PAGEFEED              the binary (default: ./pagefeed of the build dir)
  BENCH_CONFIG_SOURCES  source counts (default "10000 100000 1000000")
"""
import os
import resource
import subprocess
import sys
import time

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

COUNTS = [int(s) for s in os.environ.get(
    "BENCH_CONFIG_SOURCES", "10000 100000 1000000").split()]


def write_config(path, n, state):
    with open(path, "w") as f:
        f.write("[server]\nlisten = 127.0.0.1:0\nstate_dir = %s\n"
                "interval = 1h\n\n" % state)
        for i in range(n):
            f.write("[source s%07d]\nurl = http://127.0.0.1:9/p/%07d.html\n"
                    "interval = %dm\nitem = ul.news > li\n"
                    "item.title = a\n\n" % (i, i, 30 + i % 60))


def check(pagefeed, path):
    """(exit status, wall seconds, peak RSS in KiB) of --check on PATH."""
    t0 = time.monotonic()
    proc = subprocess.Popen([pagefeed, "--check", "-c", path],
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        print("# --check failed: %s" % err.strip()[:500])
    return proc.returncode, wall, usage.ru_maxrss


def main():
    pagefeed = benchlib.find_pagefeed()
    work = benchlib.workdir("config")
    rows = []
    try:
        state = os.path.join(work, "state")
        os.makedirs(state)
        for n in COUNTS:
            path = os.path.join(work, "pagefeed.conf")
            write_config(path, n, state)
            size = os.path.getsize(path)
            rc, wall, rss = check(pagefeed, path)
            rows.append([str(n), "%.1f MB" % (size / 1e6), str(rc),
                         "%.2f" % wall, "%.1f" % (wall * 1e6 / n),
                         benchlib.mib(rss), "%.2f" % (rss * 1024.0 / n / 1024)])
            os.unlink(path)
    finally:
        benchlib.cleanup(work)
    print("# %d CPUs, %s; pagefeed --check on N [source] sections"
          % benchlib.cpu_model())
    benchlib.table(rows, ["sources", "file", "exit", "wall s",
                          "us/source", "peak RSS", "KiB/source"])
    print("# the same path as start-up and SIGHUP: a reload of a file this "
          "big blocks the loop for the wall time shown")


if __name__ == "__main__":
    main()
