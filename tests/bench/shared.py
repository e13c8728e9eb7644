#!/usr/bin/python3
"""Shared-store benchmark: 1, 2 and 3 pagefeed instances on one PostgreSQL
database on this machine, and 1 instance with store = sqlite as the anchor.

Per setup, a fresh database (and fresh state_dirs), the same
BENCH_SOURCES sources, each reading a listing page of 50 items (about
14 KB, benchlib.listing_page) from a local fixture server: nginx when
installed, else polls.py's Python server.  Every instance gets the same
configuration but for listen and state_dir (README: "Many machines: a
shared PostgreSQL store"), interval = 1h, so that the first round is the
only one and a second request of a page is a duplicated poll.  The
instances are started together.

  1. polls: the first full round, requests counted from the fixture
     server's access log (polls.py's Requests).  Wall seconds from the
     round's first request to its last (the server's timestamps), polls/s,
     the CPU seconds (utime + stime, /proc/PID/stat) of all pagefeed
     processes and of the PostgreSQL server (the postmaster and all its
     children, with the children it reaped: cutime + cstime) from just
     before the first request until, after the last, their CPU has rested
     for a second (replicas copying what the others wrote included), and
     polls per CPU-second of both together.  Then, after the serving part
     too, how many sources were requested more than once or not at all
     (each must be requested exactly once), how the polls split over the
     instances (/metrics pagefeed_polls_total), and how many feeds
     (/feeds/NAME.atom of every source) are not served with the same ETag
     by every instance.
  2. serving: wrk against /feeds/NAME.atom of one source on every running
     instance at once (one wrk per instance, BENCH_SECONDS each,
     BENCH_CONNECTIONS split across them): requests/s in all and the worst
     instance's p99 latency.

Prints one table, a row per setup.  On one machine the instances share its
cores: the figures show what coordination costs, not added capacity.
Prints figures; asserts nothing.

Environment (all optional):
  PAGEFEED            the binary (default: ./pagefeed of the build directory)
  BENCH_SOURCES       sources (default 2000)
  BENCH_PAGES         distinct pages at most (default 10000; source i reads
                      page i % BENCH_PAGES under its own URL)
  BENCH_INSTANCES     instance counts on PostgreSQL (default "1 2 3")
  BENCH_SQLITE        "no" leaves out the store = sqlite anchor row
  BENCH_STORE_LEASE   [server] store_lease (default: the key is not set, 2m)
  BENCH_POLL_TIMEOUT  longest wait for round 1, seconds (default 600)
  BENCH_SECONDS       duration of each wrk run (default 10)
  BENCH_CONNECTIONS   wrk connections in all, split (default 64)
  BENCH_THREADS       wrk threads in all, at least one a wrk (default 2)
  BENCH_SERVER        "nginx" or "python" (default: nginx when installed)
  BENCH_NGINX         the nginx binary (default: nginx on PATH, /usr/sbin/nginx)
  BENCH_WRK           the wrk binary (default: wrk on PATH)
  BENCH_KEEP=1        keep the temporary directory
Everything listens on 127.0.0.1 (PostgreSQL on a Unix socket only,
tests/pglib.py), every wait is bounded, every process started is stopped.
"""
import http.client
import os
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True       # nothing written beside the sources
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(1, os.path.dirname(HERE))            # tests/: pglib
import benchlib  # noqa: E402
import polls  # noqa: E402
from pglib import PgError, PgServer  # noqa: E402


def env_int(name, default):
    try:
        return int(os.environ.get(name, "").strip() or default)
    except ValueError:
        sys.exit("bench: %s must be a number" % name)


NSOURCES = max(1, env_int("BENCH_SOURCES", 2000))
PAGES = max(1, env_int("BENCH_PAGES", 10000))
INSTANCES = [int(x) for x in
             os.environ.get("BENCH_INSTANCES", "1 2 3").split() if x.isdigit()
             and int(x) > 0]
SQLITE = os.environ.get("BENCH_SQLITE", "yes").strip().lower() not in (
    "no", "0", "false")
STORE_LEASE = os.environ.get("BENCH_STORE_LEASE", "").strip()
POLL_TIMEOUT = float(env_int("BENCH_POLL_TIMEOUT", 600))
SECONDS = max(1, env_int("BENCH_SECONDS", 10))
CONNECTIONS = max(1, env_int("BENCH_CONNECTIONS", 64))
THREADS = max(1, env_int("BENCH_THREADS", 2))
CLK = float(os.sysconf("SC_CLK_TCK"))
FEED = "s%06d" % 0                   # the feed wrk asks for
BASE_URL = "http://feeds.bench.test/"   # the same on every instance
QUIET_SECONDS = 1.0                  # this long with ...
QUIET_CPU = 0.03                     # ... at most this much CPU: round over
QUIET_MAX = 60.0


def startup_spread():
    """Seconds the daemon spreads its start-up polls over
    (SOURCE_STARTUP_SPREAD_MS in src/source.c; 5 s when not found)."""
    try:
        with open(os.path.join(HERE, "..", "..", "src", "source.c")) as f:
            m = re.search(r"#define\s+SOURCE_STARTUP_SPREAD_MS\s+(\d+)",
                          f.read())
        if m:
            return int(m.group(1)) / 1000.0
    except OSError:
        pass
    return 5.0


def source_path(i):
    if i < PAGES:
        return "/p/" + polls.page_name(i)
    return "/p/%s?s=%d" % (polls.page_name(i % PAGES), i)


# ---------------------------------------------------------------------------
# CPU from /proc

def child_pids(pid):
    out = []
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                    out += [int(p) for p in f.read().split()]
            except OSError:
                pass
    except OSError:
        pass
    return out


class PgCpu:
    """The CPU of one PostgreSQL server: the postmaster (DATA/postmaster.pid)
    with what it reaped, and its live children."""

    def __init__(self, datadir):
        self.pid = None
        try:
            with open(os.path.join(datadir, "postmaster.pid")) as f:
                self.pid = int(f.readline().strip())
        except (OSError, ValueError):
            pass

    def cpu(self):
        if self.pid is None:
            return 0.0
        total = benchlib.proc_cpu(self.pid, children=True) or 0.0
        for c in child_pids(self.pid):
            total += benchlib.proc_cpu(c) or 0.0
        return total

    def nprocs(self):
        return 0 if self.pid is None else 1 + len(child_pids(self.pid))


def machine_cpu():
    """CPU seconds the whole machine spent busy (/proc/stat: all but idle
    and iowait), all cores together."""
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
    except (OSError, ValueError):
        return 0.0
    return (sum(v[:8]) - v[3] - v[4]) / CLK


def children_cpu():
    """CPU seconds of this process's reaped children (wrk)."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def pf_cpu(ds):
    return sum(benchlib.proc_cpu(d.proc.pid, children=True) or 0.0
               for d in ds if d.proc is not None)


# ---------------------------------------------------------------------------
# HTTP

def port_open(port, timeout=1.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def http_get(port, path, timeout=10):
    """(status, headers lower-cased, body) of a GET over a fresh connection;
    (None, {}, b"") when it fails."""
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path),
                                    timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, \
                r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, b""
    except (OSError, urllib.error.URLError):
        return None, {}, b""


def wrk_all(wrk, ports, path):
    """One wrk per port, all at once, CONNECTIONS split across them; returns
    (requests/s in all, worst p99 ms, errors text, per-port results)."""
    n = len(ports)
    procs = []
    try:
        for i, port in enumerate(ports):
            conns = CONNECTIONS // n + (1 if i < CONNECTIONS % n else 0)
            conns = max(1, conns)
            threads = max(1, min(conns, THREADS // n))
            cmd = [wrk, "-t%d" % threads, "-c%d" % conns, "-d%ds" % SECONDS,
                   "--timeout", "5s", "--latency",
                   "http://127.0.0.1:%d%s" % (port, path)]
            procs.append((port, conns, threads, subprocess.Popen(
                cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL)))
        res = []
        end = time.time() + SECONDS + 60
        for port, conns, threads, p in procs:
            try:
                out, _ = p.communicate(timeout=max(1, end - time.time()))
            except subprocess.TimeoutExpired:
                p.kill()
                out, _ = p.communicate()
            out = out.decode("utf-8", "replace")
            r = {"port": port, "conns": conns, "threads": threads,
                 "rps": None, "p99": None, "errors": [], "out": out}
            m = re.search(r"Requests/sec:\s+([\d.]+)", out)
            if m:
                r["rps"] = float(m.group(1))
            m = re.search(r"^\s+99%\s+(\S+)", out, re.M)
            if m:
                r["p99"] = benchlib.parse_latency(m.group(1))
            m = re.search(r"Socket errors: (.*)", out)
            if m:
                r["errors"].append("socket " + m.group(1).strip())
            m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            if m:
                r["errors"].append("non-2xx/3xx %s" % m.group(1))
            res.append(r)
    finally:
        for _, _, _, p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    if any(r["rps"] is None for r in res):
        return None, None, "wrk failed", res
    p99s = [r["p99"] for r in res if r["p99"] is not None]
    errs = "; ".join("%d: %s" % (r["port"], ", ".join(r["errors"]))
                     for r in res if r["errors"])
    return (sum(r["rps"] for r in res), max(p99s) if p99s else None, errs,
            res)


# ---------------------------------------------------------------------------

def config(state, port, fport, store):
    out = ["[server]",
           "listen = 127.0.0.1:%d" % port,
           "state_dir = %s" % state,
           "store = %s" % store]
    if STORE_LEASE and store != "sqlite":
        out.append("store_lease = %s" % STORE_LEASE)
    out += ["base_url = %s" % BASE_URL,
            "interval = 1h",
            "host_delay = 0s",
            "host_concurrency = 64",
            "max_items = 50",
            "log_level = warning",
            ""]
    base = "http://127.0.0.1:%d" % fport
    for i in range(NSOURCES):
        out.append("[source s%06d]" % i)
        out.append("url = " + base + source_path(i))
        out.append(benchlib.SELECTORS)
    return "\n".join(out)


def feed_etags(port, names):
    """{name: (status, ETag)} of /feeds/NAME.atom over one keep-alive
    connection."""
    out = {}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for name in names:
            try:
                conn.request("GET", "/feeds/%s.atom" % name)
                r = conn.getresponse()
                r.read()
                out[name] = (r.status, r.getheader("ETag"))
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port,
                                                  timeout=30)
                out[name] = (None, None)
    finally:
        conn.close()
    return out


def first_difference(a, b):
    """The first line where bodies A and B differ, as "A-line | B-line"."""
    la = a.decode("utf-8", "replace").splitlines()
    lb = b.decode("utf-8", "replace").splitlines()
    for x, y in zip(la, lb):
        if x != y:
            i = next(k for k in range(min(len(x), len(y)) + 1)
                     if k == min(len(x), len(y)) or x[k] != y[k])
            lo = max(0, i - 60)
            return "%r | %r" % (x[lo:i + 60], y[lo:i + 60])
    return "(one body is longer: %d and %d lines)" % (len(la), len(lb))


def repeat_gaps(logpath):
    """For the URLs asked for more than once in the access log: the seconds
    from each one's first request to each later one, and the times of
    those first requests."""
    times = {}
    with open(logpath, "rb") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[2].startswith(b"/p/"):
                times.setdefault(parts[2], []).append(float(parts[0]))
    gaps, firsts = [], []
    for ts in times.values():
        if len(ts) > 1:
            firsts.append(ts[0])
            gaps += [t - ts[0] for t in ts[1:]]
    return gaps, firsts


def say(text):
    print("# " + text.replace("\n", "\n#   "))
    sys.stdout.flush()


def log_tail(d, n=3000):
    try:
        return d.log_text()[-n:]
    except OSError:
        return "(no log)"


def run_setup(label, ninst, store, pg, binary, work, fx_kind, nginx_bin, wrk):
    """One setup: NINST instances on STORE; returns its row (a dict) or
    None."""
    sdir = os.path.join(work, label.replace(" ", "-"))
    os.makedirs(sdir)
    os.chmod(sdir, 0o755)
    logpath = os.path.join(sdir, "access.log")
    if fx_kind == "nginx":
        fx = polls.NginxFixture(nginx_bin, sdir, work, logpath)
    else:
        fx = polls.PythonFixture(sdir, work, logpath)
    reqs = polls.Requests(logpath)
    ds = []
    row = {"label": label, "n": ninst}
    pgcpu = None
    try:
        if not fx.start("etag"):
            return None
        for k in range(ninst):
            idir = os.path.join(sdir, "i%d" % (k + 1))
            os.makedirs(idir)
            port = polls.free_port()
            d = polls.Daemon(binary, idir, config(
                os.path.join(idir, "state"), port, fx.port, store))
            d.port = port
            ds.append(d)
        rc, out = ds[0].check()
        if rc != 0:
            lines = out.strip().splitlines()
            say("%s: this pagefeed refuses the configuration (exit %d), "
                "skipped:\n%s" % (label, rc, "\n".join(
                    l.replace(ds[0].conf, "pagefeed.conf")
                    for l in lines[:3])))
            return None
        if pg is not None:
            pgcpu = PgCpu(pg.datadir)

        def cpu_now():
            return (time.time(), pf_cpu(ds),
                    pgcpu.cpu() if pgcpu else 0.0, machine_cpu())

        pre = cpu_now()
        t_start = time.time()
        for d in ds:                 # together: none gets a head start
            d.start()
        # Round 1: until its first request (the last sample before it opens
        # the round), then until every source was asked for.
        base = cpu_now()
        end = t_start + POLL_TIMEOUT
        while reqs.n(1) == 0 and time.time() < end and \
                all(d.alive() for d in ds):
            base = cpu_now()
            time.sleep(0.02)
            reqs.update()
        if reqs.n(1) == 0:
            say("%s: no request reached the server in time; logs:\n%s" % (
                label, "\n".join(log_tail(d, 1500) for d in ds)))
            return None
        say("%s: first request %.1f s after start; start-up until then: "
            "pagefeed %.2f CPU s, PostgreSQL %.2f CPU s"
            % (label, base[0] - t_start, base[1] - pre[1], base[2] - pre[2]))
        last_print = time.time()
        while reqs.n(1) < NSOURCES and time.time() < end and \
                all(d.alive() for d in ds):
            time.sleep(0.05)
            reqs.update()
            if time.time() - last_print >= 10:
                last_print = time.time()
                say("%s: %d of %d sources polled, %.0f s since start"
                    % (label, reqs.n(1), NSOURCES, time.time() - t_start))
        complete = reqs.n(1) >= NSOURCES
        dead = [d for d in ds if not d.alive()]
        if dead:
            say("%s: %d instance(s) exited during round 1; log:\n%s"
                % (label, len(dead), log_tail(dead[0])))
        # The last pages are still being read, the replicas copy what the
        # others wrote: until the CPU of all of them rests.
        hist = [cpu_now()]
        q_end = time.time() + QUIET_MAX
        while time.time() < q_end:
            time.sleep(0.1)
            reqs.update()
            hist.append(cpu_now())
            now = hist[-1]
            old = [h for h in hist if now[0] - h[0] >= QUIET_SECONDS]
            if old and (now[1] + now[2]) - (old[-1][1] + old[-1][2]) \
                    <= QUIET_CPU:
                break
        fin = hist[-1]
        r1 = reqs.rounds[1]
        wall = (r1["last"] - r1["first"]) if r1["n"] > 1 else None
        row.update({
            "polls": r1["n"], "complete": complete, "wall": wall,
            "pf_cpu": fin[1] - base[1],
            "pg_cpu": (fin[2] - base[2]) if pgcpu else None,
            "window": fin[0] - base[0],
            "pg_procs": pgcpu.nprocs() if pgcpu else 0})
        after_round = dict(reqs.seen)
        say("%s: round 1: %d polls%s, statuses %s, %.1f MiB of bodies, wall "
            "%s s; over %.1f s pagefeed %.2f CPU s, PostgreSQL %s CPU s "
            "(%d processes), the rest of the machine (nginx, this script, "
            "others) %.2f"
            % (label, r1["n"], "" if complete else " (INCOMPLETE)",
               " ".join("%s×%d" % kv for kv in sorted(r1["status"].items())),
               r1["bytes"] / 1048576.0, polls.fmt(wall, "%.1f"),
               row["window"], row["pf_cpu"],
               polls.fmt(row["pg_cpu"], "%.2f"), row["pg_procs"],
               max(0.0, (fin[3] - base[3]) - row["pf_cpu"] -
                   (row["pg_cpu"] or 0.0))))

        # Who polled: each instance's own polls (/metrics), read after the
        # round's CPU was.
        split = []
        for d in ds:
            m = polls.read_metrics(d.port, timeout=60)
            split.append(sum(m["results"].values()) if "results" in m
                         else None)
        row["split"] = "/".join("?" if s is None else str(s) for s in split)

        # Serving: the same feed from every instance, once each serves it
        # (the replicas have it) with the same ETag.
        path = "/feeds/%s.atom" % FEED
        etags = {}
        conv_end = time.time() + 10
        while time.time() < conv_end:
            etags = {}
            for d in ds:
                st, h, body = http_get(d.port, path)
                etags[d.port] = (st, h.get("etag"), len(body))
            if all(v[0] == 200 for v in etags.values()) and \
                    len(set(v[1] for v in etags.values())) == 1:
                break
            time.sleep(0.2)
        say("%s: %s from %d instance(s): %s" % (
            label, path, len(ds), ", ".join(
                "%s %s %d bytes" % (v[0], v[1], v[2])
                for v in etags.values())))
        if len(set(v[1] for v in etags.values())) > 1:
            say("%s: the instances still serve different bytes after 10 s"
                % label)
        row["rps"] = row["p99"] = None
        row["serr"] = ""
        if wrk is None:
            pass
        elif not all(v[0] == 200 for v in etags.values()):
            say("%s: not every instance serves %s: serving not measured"
                % (label, path))
        else:
            c0, m0, w0 = cpu_now(), machine_cpu(), children_cpu()
            rps, p99, errs, res = wrk_all(wrk, [d.port for d in ds], path)
            c1, m1, w1 = cpu_now(), machine_cpu(), children_cpu()
            ours = (c1[1] - c0[1]) + (c1[2] - c0[2]) + (w1 - w0)
            say("%s: while wrk ran (%.1f s): pagefeed %.2f CPU s, PostgreSQL "
                "%s, wrk %.2f, the rest of the machine %.2f"
                % (label, c1[0] - c0[0], c1[1] - c0[1],
                   polls.fmt(c1[2] - c0[2] if pgcpu else None, "%.2f"),
                   w1 - w0, max(0.0, (m1 - m0) - ours)))
            for r in res:
                say("%s: wrk -t%d -c%d -d%ds on port %d: %s req/s, p99 %s ms%s"
                    % (label, r["threads"], r["conns"], SECONDS, r["port"],
                       polls.fmt(r["rps"], "%.0f"),
                       polls.fmt(r["p99"], "%.2f"),
                       ", " + "; ".join(r["errors"]) if r["errors"] else ""))
                if r["rps"] is None:
                    say("wrk said:\n" + r["out"].strip())
            row.update({"rps": rps, "p99": p99, "serr": errs})

        # Duplicates: every source requested exactly once, counted now
        # (after serving too: a late second poll shows).
        reqs.update()
        counts = [reqs.seen.get(source_path(i).encode(), 0)
                  for i in range(NSOURCES)]
        row["dup"] = sum(1 for c in counts if c > 1)
        row["missed"] = sum(1 for c in counts if c == 0)
        row["requests"] = sum(counts)
        late = sum(reqs.seen.values()) - sum(after_round.values())
        say("%s: %d requests of %d sources: %d polled more than once, %d not "
            "at all%s; polls by instance %s"
            % (label, row["requests"], NSOURCES, row["dup"], row["missed"],
               " (%d of the requests came after round 1's CPU was read)"
               % late if late else "", row["split"]))
        if row["dup"]:
            gaps, firsts = repeat_gaps(logpath)
            t1 = r1["first"]
            say("%s: the repeated requests came %.2f to %.2f s (median %.2f) "
                "after their source's first; those first requests %.1f to "
                "%.1f s into the round"
                % (label, min(gaps), max(gaps), sorted(gaps)[len(gaps) // 2],
                   min(firsts) - t1, max(firsts) - t1))
        if reqs.other:
            say("%s: other requests: %s" % (label, dict(reqs.other)))
        # Does every instance serve every feed with the same bytes?
        row["differ"] = None
        if len(ds) > 1:
            names = ["s%06d" % i for i in range(NSOURCES)]
            tags = [feed_etags(d.port, names) for d in ds]
            differ = [nm for nm in names
                      if len(set(t[nm] for t in tags)) > 1 or
                      tags[0][nm][0] != 200]
            row["differ"] = len(differ)
            dupset = set("s%06d" % i for i in range(NSOURCES)
                         if counts[i] > 1)
            say("%s: /feeds/NAME.atom of all %d sources from every instance: "
                "%d differ (status or ETag)%s"
                % (label, NSOURCES, len(differ),
                   "; %d of them among the sources polled more than once"
                   % len(dupset.intersection(differ)) if differ else ""))
            if differ:
                nm = differ[0]
                bodies = [http_get(d.port, "/feeds/%s.atom" % nm)[2]
                          for d in ds]
                for k in range(1, len(ds)):
                    if bodies[k] != bodies[0]:
                        say("%s: %s, instance 1 | instance %d: %s"
                            % (label, nm, k + 1,
                               first_difference(bodies[0], bodies[k])))
                        break
        for d in ds:
            text = log_tail(d, 200000)
            bad = [l for l in text.splitlines()
                   if re.search(r"\b(error|warning)\b", l, re.I) and
                   "is under a temporary directory" not in l]
            if bad:
                say("%s: %s: %d warning/error lines, the last: %s"
                    % (label, os.path.basename(os.path.dirname(d.conf)),
                       len(bad), bad[-1]))
        return row
    finally:
        for d in ds:
            try:
                rc = d.stop()
                if rc not in (0, None):
                    say("%s: pagefeed exited %s" % (label, rc))
            except Exception as e:          # go on stopping the others
                say("%s: stopping pagefeed: %s" % (label, e))
        fx.stop()
        reqs.close()
        if os.environ.get("BENCH_KEEP") != "1":
            for k in range(ninst):
                shutil.rmtree(os.path.join(sdir, "i%d" % (k + 1), "state"),
                              ignore_errors=True)


def machine():
    return benchlib.cpu_model()


def main():
    binary = benchlib.find_pagefeed()
    nginx_bin, fx_kind = polls.fixture_kind()
    wrk = os.environ.get("BENCH_WRK") or shutil.which("wrk")
    if not wrk:
        say("wrk is not installed (apt-get install wrk): serving not measured")
    ncpu, model = machine()
    say("machine: %d cores (%s), load average %s" % (
        ncpu, model, " ".join("%.2f" % x for x in os.getloadavg())))
    why = PgServer.unavailable()
    if why:
        say("no PostgreSQL server: %s; only the sqlite row is measured" % why)
    setups = []
    if SQLITE:
        setups.append(("sqlite", 1, None))
    if not why:
        for n in INSTANCES:
            setups.append(("postgresql %d" % n, n, "pg"))
    work = benchlib.workdir("shared")
    os.chmod(work, 0o755)        # nginx's worker and postgres run as others
    pg = None
    rows = []
    try:
        npages = min(PAGES, NSOURCES)
        t0 = time.time()
        nbytes = polls.write_pages(os.path.join(work, "p"), npages)
        say("%d sources, %d pages of %d items written in %.1f s (%.1f KiB a "
            "page); fixture server %s; interval 1h (one round)"
            % (NSOURCES, npages, polls.NITEMS, time.time() - t0,
               nbytes / 1024.0 / npages, fx_kind))
        if any(s[2] for s in setups):
            t0 = time.time()
            try:
                pg = PgServer(work).start()
                say("PostgreSQL %s started in %.1f s (tests/pglib.py: Unix "
                    "socket only, fsync=off, synchronous_commit=off)"
                    % (os.path.basename(os.path.dirname(pg.bindir)),
                       time.time() - t0))
            except PgError as e:
                say("PostgreSQL did not start: %s" % e)
                pg = None
                setups = [s for s in setups if not s[2]]
        for i, (label, n, kind) in enumerate(setups):
            store = "sqlite"
            if kind:
                db = pg.createdb("bench%d" % i)
                store = pg.url(db)
            row = run_setup(label, n, store, pg if kind else None, binary,
                            work, fx_kind, nginx_bin, wrk)
            if kind and os.environ.get("BENCH_KEEP") != "1":
                try:
                    pg.psql("postgres", 'DROP DATABASE "%s"' % db, timeout=120)
                except PgError as e:
                    say("dropping %s: %s" % (db, e))
            if row:
                rows.append(row)
        if not rows:
            say("no figures")
            return 0
        print()
        out = []
        for r in rows:
            cpu = r["pf_cpu"] + (r["pg_cpu"] or 0.0)
            pps = r["polls"] / r["wall"] if r["wall"] else None
            out.append([
                r["label"], "%d" % r["n"],
                "%d%s" % (r["polls"], "" if r["complete"] else "!"),
                polls.fmt(r["wall"], "%.1f"), polls.fmt(pps, "%.0f"),
                "%.1f" % r["window"],
                "%.2f" % r["pf_cpu"], polls.fmt(r["pg_cpu"], "%.2f"),
                polls.fmt(r["polls"] / cpu if cpu > 0 else None, "%.0f"),
                "%d" % r["dup"], "%d" % r["missed"],
                polls.fmt(r.get("differ"), "%d"), r["split"],
                polls.fmt(r["rps"], "%.0f"), polls.fmt(r["p99"], "%.2f")])
        benchlib.table(out, ["setup", "inst", "polls", "wall s", "polls/s",
                             "busy s", "pagefeed CPU s", "postgres CPU s",
                             "polls/CPU-s", "dup", "missed", "differ",
                             "polls by inst",
                             "req/s", "p99 ms"])
        errs = ["%s: %s" % (r["label"], r["serr"]) for r in rows if r["serr"]]
        if errs:
            print("# wrk errors: " + "; ".join(errs))
        print("# %d sources of 50 items (~14 KB pages), round 1 of each "
              "setup; wall s: its first request to its last; busy s: from "
              "the first request until pagefeed and PostgreSQL rest (the "
              "window of the CPU figures); polls/CPU-s counts pagefeed and "
              "PostgreSQL together; "
              "dup / missed: sources requested more than once / never; "
              "differ: feeds not served with the same bytes (ETag) by "
              "every instance; "
              "serving: GET /feeds/%s.atom from every instance at once, %d "
              "connections in all, %d s; p99 of the worst instance"
              % (NSOURCES, FEED, CONNECTIONS, SECONDS))
        spread = startup_spread()
        print("# the daemon spreads its start-up polls over %g s "
              "(SOURCE_STARTUP_SPREAD_MS): round 1 lasts at least that, so "
              "polls/s is at most %d / %g = %.0f here; polls/CPU-s is not "
              "bounded by it" % (spread, NSOURCES, spread, NSOURCES / spread))
        print("# machine: %d cores, %s. On one machine the figures show the "
              "cost of coordination, not added capacity: the instances (and "
              "PostgreSQL, nginx and wrk) share the %d cores."
              % (ncpu, model, ncpu))
        return 0
    finally:
        if pg is not None:
            try:
                pg.stop()
            except PgError as e:
                say("stopping PostgreSQL: %s" % e)
        benchlib.cleanup(work)


if __name__ == "__main__":
    sys.exit(main())
