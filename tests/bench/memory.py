#!/usr/bin/python3
"""Memory benchmark: pagefeed with 10,000 sources of 50 items each.

Generates one small listing page per source (distinct titles and links) in
a temporary directory, starts the daemon on them (file:// URLs), waits until
every source has been polled, records the daemon's resident memory
(VmRSS from /proc/PID/status), then requests every source's .atom, .rss and
.json once over keep-alive connections (pushing every render through the
feed cache) and records it again.  Prints the figures; asserts nothing.

Environment (all optional):
  PAGEFEED           the binary (default: ./pagefeed of the build directory)
  BENCH_SOURCES      number of sources (default 10000)
  BENCH_ITEMS        items per page (default 50)
  BENCH_ITEM_WORDS   words in each item's summary (default 12)
  BENCH_CACHE_SIZE   the [server] cache_size value (default 64M); "none"
                     leaves the key out.  A binary that does not know the
                     key yet (configuration refused, exit 2) runs without
                     it, and the output says so.
  BENCH_POLL_TIMEOUT longest wait for all polls, in seconds (default 600)
  BENCH_CLIENTS      concurrent keep-alive client connections (default 4)
  BENCH_ENCODING     Accept-Encoding sent by the client (default: none)
  BENCH_KEEP=1       keep the temporary directory
Everything listens on 127.0.0.1 only and every wait is bounded.
"""
import http.client
import os
import sys
import threading
import time

sys.dont_write_bytecode = True       # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

NSOURCES = int(os.environ.get("BENCH_SOURCES", "10000"))
NITEMS = int(os.environ.get("BENCH_ITEMS", "50"))
ITEM_WORDS = int(os.environ.get("BENCH_ITEM_WORDS", "12"))
CACHE_SIZE = os.environ.get("BENCH_CACHE_SIZE", "64M")
POLL_TIMEOUT = float(os.environ.get("BENCH_POLL_TIMEOUT", "600"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))
ENCODING = os.environ.get("BENCH_ENCODING", "")
FORMATS = ("atom", "rss", "json")


def write_pages(pages):
    os.makedirs(pages)
    total = 0
    for i in range(NSOURCES):
        text = benchlib.listing_page(i, NITEMS, ITEM_WORDS)
        with open(os.path.join(pages, "p%05d.html" % i), "w") as f:
            f.write(text)
        total += len(text)
    return total


def config(state, pages, cache_size):
    out = ["[server]",
           "listen = 127.0.0.1:0",
           "state_dir = %s" % state,
           "allow_file_urls = yes",
           "interval = 1d",
           "host_delay = 0s",
           "max_items = %d" % max(NITEMS, 1)]
    if cache_size is not None:
        out.append("cache_size = %s" % cache_size)
    out.append("")
    for i in range(NSOURCES):
        out.append("[source s%05d]" % i)
        out.append("url = file://%s/p%05d.html" % (pages, i))
        out.append(benchlib.SELECTORS)
    return "\n".join(out)


def counts(health):
    c = {"ok": 0, "error": 0, "pending": 0}
    items = 0
    errors = []
    for s in health["sources"]:
        c[s["status"]] = c.get(s["status"], 0) + 1
        items += s.get("items") or 0
        if s["status"] == "error" and len(errors) < 3:
            errors.append("%s: %s" % (s["name"], s["last_error"]))
    return c, items, errors


def fetch_all(port, paths):
    """GETs every path once over CLIENTS keep-alive connections; returns
    (status counts, bytes received, seconds)."""
    statuses = {}
    nbytes = [0]
    lock = threading.Lock()
    hdrs = {"Accept-Encoding": ENCODING} if ENCODING else {}

    def worker(mine):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        local = {}
        got = 0
        for p in mine:
            for attempt in range(2):
                try:
                    conn.request("GET", p, headers=hdrs)
                    r = conn.getresponse()
                    body = r.read()
                    local[r.status] = local.get(r.status, 0) + 1
                    got += len(body)
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                    break
                except (OSError, http.client.HTTPException):
                    conn.close()        # reconnect once, then count it
                    if attempt == 1:
                        local["error"] = local.get("error", 0) + 1
        conn.close()
        with lock:
            for k, v in local.items():
                statuses[k] = statuses.get(k, 0) + v
            nbytes[0] += got

    t0 = time.time()
    threads = [threading.Thread(target=worker, args=(paths[i::CLIENTS],))
               for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses, nbytes[0], time.time() - t0


def file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def main():
    binary = benchlib.find_pagefeed()
    work = benchlib.workdir("memory")
    pages = os.path.join(work, "pages")
    state = os.path.join(work, "state")
    d = None
    try:
        t0 = time.time()
        page_bytes = write_pages(pages)
        print("# %d pages of %d items written in %.1f s (%.1f MiB, %.1f KiB a page) in %s"
              % (NSOURCES, NITEMS, time.time() - t0, page_bytes / 1048576.0,
                 page_bytes / 1024.0 / max(NSOURCES, 1), pages))

        cache = None if CACHE_SIZE.lower() in ("", "none", "no") else CACHE_SIZE
        d = benchlib.Daemon(binary, work, config(state, pages, cache))
        rc, out = d.check()
        cache_note = cache if cache else "(key not set)"
        if rc == 2 and cache is not None and "cache_size" in out:
            print("# this pagefeed does not know cache_size (config refused: %s); "
                  "running WITHOUT it" % out.strip().splitlines()[0])
            cache = None
            cache_note = "(unsupported by this binary: not set)"
            d = benchlib.Daemon(binary, work, config(state, pages, None))
            rc, out = d.check()
        if rc != 0:
            sys.exit("bench: configuration refused (exit %d):\n%s" % (rc, out[-4000:]))
        print("# " + out.strip().splitlines()[-1])
        sys.stdout.flush()

        t0 = time.time()
        d.start(timeout=300)
        pid = d.proc.pid
        rss_start = benchlib.rss_kib(pid)
        print("# listening after %.1f s, VmRSS %s" % (time.time() - t0,
                                                      benchlib.mib(rss_start)))
        sys.stdout.flush()

        end = t0 + POLL_TIMEOUT
        last_print = 0
        while True:
            try:
                c, items, errors = counts(d.health())
            except Exception as e:        # busy or restarting: try again
                c, items, errors = {"ok": 0, "error": 0, "pending": NSOURCES}, 0, [str(e)]
            now = time.time()
            done = c["pending"] == 0
            if done or now - last_print >= 10 or now >= end:
                print("# %5.0f s: %d ok, %d error, %d pending, %d items, VmRSS %s"
                      % (now - t0, c["ok"], c["error"], c["pending"], items,
                         benchlib.mib(benchlib.rss_kib(pid))))
                sys.stdout.flush()
                last_print = now
            if done or now >= end or d.proc.poll() is not None:
                break
            time.sleep(2)
        poll_secs = time.time() - t0
        if c["pending"]:
            print("# NOT all sources polled within %.0f s; figures below are partial"
                  % POLL_TIMEOUT)
        for e in errors:
            print("# error: " + e)
        time.sleep(1)       # let the last renders settle
        rss_polled = benchlib.rss_kib(pid)
        hwm_polled = benchlib.proc_status(pid, "VmHWM")

        paths = ["/feeds/s%05d.%s" % (i, f) for i in range(NSOURCES)
                 for f in FORMATS]
        statuses, nbytes, secs = fetch_all(d.port, paths)
        rss_served = benchlib.rss_kib(pid)
        hwm_served = benchlib.proc_status(pid, "VmHWM")
        print("# served %d feeds in %.1f s (%.0f req/s, %d clients%s): statuses %s, %.1f MiB"
              % (len(paths), secs, len(paths) / max(secs, 1e-9), CLIENTS,
                 ", Accept-Encoding: " + ENCODING if ENCODING else "",
                 " ".join("%s×%d" % (k, v) for k, v in sorted(statuses.items(),
                                                             key=str)),
                 nbytes / 1048576.0))
        # A second pass: what a steady state of readers costs.
        statuses2, _, secs2 = fetch_all(d.port, paths)
        rss_served2 = benchlib.rss_kib(pid)
        hwm_served2 = benchlib.proc_status(pid, "VmHWM")
        print("# second pass in %.1f s (%.0f req/s): statuses %s"
              % (secs2, len(paths) / max(secs2, 1e-9),
                 " ".join("%s×%d" % (k, v) for k, v in sorted(statuses2.items(),
                                                             key=str))))

        db = os.path.join(state, "pagefeed.db")
        db_size = file_size(db)
        wal_size = file_size(db + "-wal")
        print()
        rows = [
            ["sources", "%d" % NSOURCES],
            ["items stored", "%d (%d a page)" % (items, NITEMS)],
            ["cache_size", cache_note],
            ["poll time", "%.0f s" % poll_secs],
            ["VmRSS at start", benchlib.mib(rss_start)],
            ["VmRSS after polling", benchlib.mib(rss_polled) +
             " (peak %s)" % benchlib.mib(hwm_polled)],
            ["VmRSS after serving all feeds", benchlib.mib(rss_served) +
             " (peak %s)" % benchlib.mib(hwm_served)],
            ["VmRSS after a second pass", benchlib.mib(rss_served2) +
             " (peak %s)" % benchlib.mib(hwm_served2)],
            ["feed bytes served (one pass)", "%.1f MiB" % (nbytes / 1048576.0)],
            ["DB size", "%.1f MiB (+ %.1f MiB WAL)" % (db_size / 1048576.0,
                                                   wal_size / 1048576.0)],
        ]
        w = max(len(r[0]) for r in rows)
        for r in rows:
            print("%-*s  %s" % (w, r[0], r[1]))
        rc = d.stop()
        d = None
        if rc != 0:
            print("# pagefeed exited %s" % rc)
        return 0
    finally:
        if d:
            d.stop()
        benchlib.cleanup(work)


if __name__ == "__main__":
    sys.exit(main())
