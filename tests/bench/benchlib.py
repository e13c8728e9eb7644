"""Shared helpers for pagefeed's benchmarks (tests/bench/).

Listing pages generated on the fly, the real daemon started on 127.0.0.1
port 0 (the port read back from its log, as tests/pftest.py does), resident
memory from /proc, and small formatting helpers.  Nothing here asserts on
timing: the benchmarks print figures.
"""
import html
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def find_pagefeed():
    """$PAGEFEED, else the binary of the build directory we run from, else
    the one beside the sources."""
    p = os.environ.get("PAGEFEED")
    if p:
        return os.path.abspath(p)
    for cand in (os.path.join(os.getcwd(), "pagefeed"),
                 os.path.join(HERE, "..", "..", "pagefeed")):
        if os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    sys.exit("bench: no pagefeed binary (set PAGEFEED=/path/to/pagefeed)")


def workdir(name):
    """A fresh temporary directory; kept when BENCH_KEEP=1."""
    base = os.environ.get("BENCH_TMPDIR") or None
    return tempfile.mkdtemp(prefix="pagefeed-bench-%s-" % name, dir=base)


def cleanup(path):
    if os.environ.get("BENCH_KEEP") == "1":
        print("# kept %s" % path)
    else:
        shutil.rmtree(path, ignore_errors=True)


# A listing page: <ul class="news"><li> ... </li></ul>, one item per <li>.
SELECTORS = """item = ul.news > li
item.title = a.title
item.link = a.title @href
item.date = span.date
item.summary = p.summary
date_format = %Y-%m-%d
"""

def _vocabulary():
    """About 400 made-up words of 2 to 4 syllables, the same every run."""
    rnd = random.Random(4287)
    syl = ["ba", "ko", "ri", "tan", "mel", "su", "dor", "vi", "ne", "pra",
           "lu", "sta", "gen", "o", "ca", "ti", "mor", "el", "fa", "zu",
           "ber", "chi", "an", "wen", "il", "go", "res", "pe", "ul", "dy"]
    words = set()
    while len(words) < 400:
        words.add("".join(rnd.choice(syl) for _ in range(rnd.randint(2, 4))))
    return sorted(words)


_WORDS = _vocabulary()


def listing_page(page, nitems=50, summary_words=12):
    """An HTML listing with NITEMS items whose titles, links and summaries
    are distinct per PAGE (pseudo-random text, seeded by PAGE, so it
    compresses about as well as prose); SUMMARY_WORDS sets each item's
    size."""
    rnd = random.Random(page)
    out = ['<!DOCTYPE html>\n<html><head><meta charset="utf-8">',
           '<title>Bench listing %d</title></head><body>' % page,
           '<nav><a href="/">Home</a> <a href="/about">About</a></nav>',
           '<ul class="news">']
    for i in range(nitems):
        words = [rnd.choice(_WORDS) for _ in range(summary_words)]
        title = "Page %d item %d: %s %s %s" % (page, i, rnd.choice(_WORDS),
                                               rnd.choice(_WORDS),
                                               rnd.choice(_WORDS))
        day = 28 - (i % 28)
        month = 12 - (i // 28) % 12
        out.append(
            '<li><span class="date">2023-%02d-%02d</span> '
            '<a class="title" href="https://example.org/p%d/news/%d.html">%s</a>'
            '<p class="summary">%s.</p></li>'
            % (month, day, page, i, html.escape(title),
               html.escape(" ".join(words).capitalize())))
    out.append('</ul><footer>Footer text</footer></body></html>\n')
    return "\n".join(out)


class Daemon:
    """The real pagefeed on a config written here; stderr goes to a log."""

    def __init__(self, binary, work, config_text, name="pagefeed"):
        self.binary = binary
        self.work = work
        self.conf = os.path.join(work, name + ".conf")
        with open(self.conf, "w") as f:
            f.write(config_text)
        self.logpath = os.path.join(work, name + ".log")
        self.proc = None
        self.port = None

    def check(self):
        """(exit status, output) of pagefeed --check on the config."""
        r = subprocess.run([self.binary, "-c", self.conf, "--check"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=300)
        return r.returncode, r.stdout.decode("utf-8", "replace")

    def start(self, timeout=120):
        self.log = open(self.logpath, "w")
        self.proc = subprocess.Popen([self.binary, "-c", self.conf],
                                     stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        end = time.time() + timeout
        while time.time() < end:
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log_text())
            if m:
                self.port = int(m.group(1))
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        sys.exit("bench: pagefeed did not start; log:\n" + self.log_text()[-4000:])

    def log_text(self):
        with open(self.logpath, encoding="utf-8", errors="replace") as f:
            return f.read()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def get(self, path, headers=None, timeout=60):
        req = urllib.request.Request(self.url(path), headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def health(self):
        st, _, body = self.get("/health")
        return json.loads(body.decode("utf-8"))

    def stop(self):
        if self.proc is None:
            return None
        rc = stop_process(self.proc, (signal.SIGTERM,), 60)
        self.proc = None
        self.log.close()
        return rc


def stop_process(proc, signals=(signal.SIGTERM,), timeout=60):
    """Stops PROC: each of SIGNALS in turn, TIMEOUT seconds for each to
    work, then SIGKILL.  Returns its exit status."""
    for sig in signals:
        if proc.poll() is not None:
            break
        proc.send_signal(sig)
        try:
            return proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pass
    if proc.poll() is None:
        proc.kill()
    return proc.wait()


def rss_kib(pid):
    """VmRSS of PID in KiB (0 when unknown)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def proc_status(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0)


def table(rows, header):
    """Prints ROWS (lists of str) under HEADER as an aligned text table."""
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    def line(r):
        return "  ".join(str(c).rjust(w) if i > 1 else str(c).ljust(w)
                         for i, (c, w) in enumerate(zip(r, widths))).rstrip()
    print(line(header))
    print(line(["-" * w for w in widths]))
    for r in rows:
        print(line(r))
    sys.stdout.flush()


def parse_latency(text):
    """A wrk latency such as 1.23ms / 450.00us / 1.02s, in milliseconds."""
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if not m:
        return None
    v = float(m.group(1))
    return v * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]


def cpu_model():
    """(usable CPUs, the model name /proc/cpuinfo gives, or "?")."""
    ncpu = len(os.sched_getaffinity(0))
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return ncpu, model


def proc_cpu(pid, children=False):
    """utime + stime of PID in seconds (with CHILDREN, + cutime + cstime:
    the children it reaped), or None when it is gone."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            s = f.read()
    except OSError:
        return None
    fields = s[s.rindex(")") + 2:].split()
    t = int(fields[11]) + int(fields[12])
    if children:
        t += int(fields[13]) + int(fields[14])
    return t / float(os.sysconf("SC_CLK_TCK"))
