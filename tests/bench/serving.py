#!/usr/bin/python3
"""Serving benchmark: wrk against pagefeed's /feeds/NAME.atom (plain, gzip,
304) at 64 and 256 connections and, when nginx is installed, against one
nginx worker serving the very same bytes in the same run.

Prints requests/s, p99 latency and the ratio pagefeed/nginx.  Goal (issue
17): pagefeed at least 1.0x one nginx worker's requests/s in every case,
with a p99 latency no worse than nginx's.  Nothing
is asserted: load generator and servers share the machine's cores, so the
figures are noisy (compare ratios from one run).

Environment (all optional):
  PAGEFEED          the binary (default: ./pagefeed of the build directory)
  BENCH_SECONDS     duration of each wrk run (default 10)
  BENCH_CONNECTIONS connection counts (default "64 256")
  BENCH_THREADS     wrk threads (default 1 when pinned, else 2)
  BENCH_PIN         1 (the default on 2 or more CPUs): the server under test
                    on CPU 0, wrk on CPU 1, so that neither takes the
                    other's core and the p99 measures the server, not the
                    scheduler; 0: wherever the kernel puts them
  BENCH_CASES       subset of "plain gzip 304" (default all three)
  BENCH_NGINX       nginx binary, or "no" to skip it (default: nginx on PATH)
  BENCH_WRK         wrk binary (default: wrk on PATH)
  BENCH_ITEM_WORDS  words in each item's summary (default 70: a ~45 KB feed)
  BENCH_ITEMS       items in the feed (default 50; 8 and BENCH_ITEM_WORDS=10
                    make the small feed of issue 17, about 4 KB)
  BENCH_REPEAT      runs of each cell; the table shows the median (default 1)
  BENCH_KEEP=1      keep the temporary directory
Everything listens on 127.0.0.1 only; every run is bounded by BENCH_SECONDS.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.dont_write_bytecode = True       # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "64 256").split()]
PIN = os.environ.get("BENCH_PIN",
                     "1" if (os.cpu_count() or 1) >= 2 else "0") == "1"
THREADS = int(os.environ.get("BENCH_THREADS", "1" if PIN else "2"))
CASES = os.environ.get("BENCH_CASES", "plain gzip 304").split()
ITEM_WORDS = int(os.environ.get("BENCH_ITEM_WORDS", "70"))
ITEMS = int(os.environ.get("BENCH_ITEMS", "50"))
REPEAT = max(1, int(os.environ.get("BENCH_REPEAT", "1")))
NAME = "bench"
PATH = "/feeds/%s.atom" % NAME


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def http_get(port, path, headers=None):
    """(status, headers dict lower-cased, body) over a plain socket, so that
    nothing (urllib) adds or rewrites headers."""
    req = "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nConnection: close\r\n" % (
        path, port)
    for k, v in (headers or {}).items():
        req += "%s: %s\r\n" % (k, v)
    req += "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(req.encode("latin-1"))
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    hdrs = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return status, hdrs, body


class Nginx:
    CONF = """worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    etag on;
    gzip off;
    gzip_static on;
    gzip_vary on;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {docroot};
        location /feeds/ {{
            types {{ }}
            default_type "application/atom+xml; charset=utf-8";
        }}
    }}
}}
"""

    def __init__(self, binary, work, docroot):
        self.binary = binary
        self.work = work
        self.port = free_port()
        os.makedirs(os.path.join(work, "nginx-tmp"), exist_ok=True)
        self.conf = os.path.join(work, "nginx.conf")
        with open(self.conf, "w") as f:
            f.write(self.CONF.format(work=work, port=self.port, docroot=docroot))
        self.proc = None

    def start(self):
        self.log = open(os.path.join(self.work, "nginx.out"), "w")
        # -p: prefix for relative paths; -e: the startup error log (1.19.5+).
        self.proc = subprocess.Popen(
            [self.binary, "-p", self.work, "-e",
             os.path.join(self.work, "nginx-error.log"), "-c", self.conf],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        end = time.time() + 20
        while time.time() < end:
            if self.proc.poll() is not None:
                break
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return True
            except OSError:
                time.sleep(0.05)
        self.stop()
        err = ""
        for p in ("nginx.out", "nginx-error.log"):
            try:
                with open(os.path.join(self.work, p)) as f:
                    err += f.read()
            except OSError:
                pass
        print("# nginx did not start; skipping it:\n# " +
              err.strip().replace("\n", "\n# "))
        return False

    def stop(self):
        if self.proc is None:
            return
        # SIGQUIT: nginx's graceful stop; then SIGTERM, then SIGKILL.
        benchlib.stop_process(self.proc, (signal.SIGQUIT, signal.SIGTERM), 10)
        self.proc = None
        self.log.close()


def pin(pid, cpu):
    """Pins PID and its children (nginx's worker) to CPU."""
    try:
        os.sched_setaffinity(pid, {cpu})
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            for child in f.read().split():
                os.sched_setaffinity(int(child), {cpu})
    except OSError as e:
        print("# cannot pin %d to CPU %d: %s" % (pid, cpu, e))


def run_wrk(wrk, port, conns, headers):
    cmd = (["taskset", "-c", "1"] if PIN else []) + [wrk, "-t%d" % THREADS, "-c%d" % conns, "-d%ds" % SECONDS,
           "--timeout", "5s", "--latency"]
    for k, v in headers.items():
        cmd += ["-H", "%s: %s" % (k, v)]
    cmd.append("http://127.0.0.1:%d%s" % (port, PATH))
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       stdin=subprocess.DEVNULL, timeout=SECONDS + 60)
    out = r.stdout.decode("utf-8", "replace")
    res = {"rps": None, "p99": None, "errors": "", "out": out, "cmd": cmd}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        res["rps"] = float(m.group(1))
    m = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if m:
        res["p99"] = benchlib.parse_latency(m.group(1))
    errs = []
    m = re.search(r"Socket errors: (.*)", out)
    if m:
        errs.append("socket " + m.group(1).strip())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errs.append("non-2xx/3xx %s" % m.group(1))
    res["errors"] = "; ".join(errs)
    return res


def setup_pagefeed(binary, work):
    """A daemon with one source of ITEMS items, polled; returns it."""
    page = os.path.join(work, "page.html")
    with open(page, "w") as f:
        f.write(benchlib.listing_page(1, ITEMS, ITEM_WORDS))
    conf = """[server]
listen = 127.0.0.1:0
state_dir = {state}
allow_file_urls = yes
interval = 1d

[source {name}]
url = file://{page}
""".format(state=os.path.join(work, "state"), name=NAME, page=page)
    d = benchlib.Daemon(binary, work, conf + benchlib.SELECTORS).start()
    end = time.time() + 60
    while time.time() < end:
        try:
            s = d.health()["sources"][0]
            if s["status"] != "pending":
                break
        except Exception:
            pass
        time.sleep(0.1)
    if s["status"] != "ok" or s["items"] != ITEMS:
        d.stop()
        sys.exit("bench: the source was not polled: %r\n%s" % (s, d.log_text()))
    return d


def main():
    binary = benchlib.find_pagefeed()
    wrk = os.environ.get("BENCH_WRK") or shutil.which("wrk")
    if not wrk:
        print("# wrk is not installed (apt-get install wrk): serving benchmark skipped")
        return 0
    nginx_bin = os.environ.get("BENCH_NGINX", "")
    if nginx_bin == "no":
        nginx_bin = None
    elif not nginx_bin:
        nginx_bin = shutil.which("nginx") or (
            "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)

    work = benchlib.workdir("serving")
    os.chmod(work, 0o755)        # nginx's worker may run as nobody
    d = nginx = None
    try:
        d = setup_pagefeed(binary, work)
        _, ph, plain = http_get(d.port, PATH)
        _, gh, gz = http_get(d.port, PATH, {"Accept-Encoding": "gzip"})
        if gh.get("content-encoding") != "gzip":
            sys.exit("bench: pagefeed did not answer gzip: %r" % gh)
        servers = [("pagefeed", d.port, ph["etag"])]
        print("# pagefeed %s, feed %s: %d bytes plain, %d bytes gzip"
              % (binary, PATH, len(plain), len(gz)))

        if nginx_bin:
            docroot = os.path.join(work, "docroot")
            os.makedirs(os.path.join(docroot, "feeds"))
            for d_ in (docroot, os.path.join(docroot, "feeds")):
                os.chmod(d_, 0o755)
            target = os.path.join(docroot, "feeds", NAME + ".atom")
            with open(target, "wb") as f:
                f.write(plain)
            with open(target + ".gz", "wb") as f:
                f.write(gz)
            for p in (target, target + ".gz"):
                os.chmod(p, 0o644)
            nginx = Nginx(nginx_bin, work, docroot)
            if nginx.start():
                st, nh, nbody = http_get(nginx.port, PATH)
                st2, ngh, ngz = http_get(nginx.port, PATH,
                                         {"Accept-Encoding": "gzip"})
                st3, _, _ = http_get(nginx.port, PATH,
                                     {"If-None-Match": nh.get("etag", "")})
                if (st, nbody, st2, ngh.get("content-encoding"), ngz, st3) != \
                        (200, plain, 200, "gzip", gz, 304):
                    print("# nginx does not serve the same bytes (%r %r %r); "
                          "skipping it" % (st, st2, st3))
                    nginx.stop()
                    nginx = None
                else:
                    servers.append(("nginx", nginx.port, nh["etag"]))
                    ver = subprocess.run([nginx_bin, "-v"], stderr=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL).stderr
                    print("# %s, 1 worker, sendfile, gzip_static, same bytes"
                          % ver.decode().strip())
            else:
                nginx = None
        else:
            print("# nginx is not installed: pagefeed alone (no ratio)")

        if PIN:
            pin(d.proc.pid, 0)
            if nginx:
                pin(nginx.proc.pid, 0)
        # Check every case answers as meant before timing it.
        for name, port, etag in servers:
            st, h, _ = http_get(port, PATH, {"If-None-Match": etag})
            if st != 304:
                sys.exit("bench: %s answered %d to If-None-Match" % (name, st))

        print("# wrk -t%d -d%ds --latency, %s, %d run(s) each%s; %s" % (
            THREADS, SECONDS, ", ".join("-c%d" % c for c in CONNS), REPEAT,
            ", servers on CPU 0, wrk on CPU 1" if PIN else "",
            subprocess.run([wrk, "--version"], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT).stdout.decode()
            .splitlines()[0].split(" Copyright")[0]))
        sys.stdout.flush()
        rows = []
        runs = {}
        k = 0
        for rep in range(REPEAT):
            for case in CASES:
                for conns in CONNS:
                    # Servers interleaved per case, the order alternating,
                    # so drift and warm-up hit both alike.
                    order = servers if k % 2 == 0 else servers[::-1]
                    k += 1
                    for name, port, etag in order:
                        hdrs = {}
                        if case == "gzip":
                            hdrs["Accept-Encoding"] = "gzip"
                        elif case == "304":
                            hdrs["If-None-Match"] = etag
                        r = run_wrk(wrk, port, conns, hdrs)
                        runs.setdefault((name, case, conns), []).append(r)
                        if r["rps"] is None:
                            print("# wrk failed:\n" + r["out"])
                        print("# %-8s %-5s c=%-3d %10s req/s  p99 %s%s" % (
                            name, case, conns,
                            "%.0f" % r["rps"] if r["rps"] else "-",
                            "%.2f ms" % r["p99"] if r["p99"] is not None else "-",
                            ("  (" + r["errors"] + ")") if r["errors"] else ""))
                        sys.stdout.flush()
        # With BENCH_REPEAT > 1: the run of median req/s of each cell.
        results = {}
        for key, lst in runs.items():
            ok_ = sorted((r for r in lst if r["rps"]), key=lambda r: r["rps"])
            results[key] = ok_[(len(ok_) - 1) // 2] if ok_ else lst[0]
        for case in CASES:
            for conns in CONNS:
                for name, _, _ in servers:
                    r = results[(name, case, conns)]
                    ratio = ""
                    if name == "pagefeed" and len(servers) > 1:
                        n = results[("nginx", case, conns)]
                        if r["rps"] and n["rps"]:
                            ratio = "%.2f" % (r["rps"] / n["rps"])
                    rows.append([name, case, str(conns),
                                 "%.0f" % r["rps"] if r["rps"] else "-",
                                 "%.2f" % r["p99"] if r["p99"] is not None else "-",
                                 ratio, r["errors"]])
        print()
        benchlib.table(rows, ["server", "case", "conns", "req/s", "p99 ms",
                              "pagefeed/nginx", "errors"])
        if len(servers) > 1:
            ratios = [results[("pagefeed", c, n)]["rps"] /
                      results[("nginx", c, n)]["rps"]
                      for c in CASES for n in CONNS
                      if results[("pagefeed", c, n)]["rps"]
                      and results[("nginx", c, n)]["rps"]]
            worse_p99 = [(c, n) for c in CASES for n in CONNS
                         if results[("pagefeed", c, n)]["p99"] is not None
                         and results[("nginx", c, n)]["p99"] is not None
                         and results[("pagefeed", c, n)]["p99"] >
                         results[("nginx", c, n)]["p99"]]
            if ratios:
                print("\n# goal: pagefeed >= 1.00 of one nginx worker, p99 "
                      "no worse; lowest ratio this run %.2f (%s); p99 worse "
                      "in %s" % (
                          min(ratios),
                          "met" if min(ratios) >= 1.0 else "NOT met",
                          ", ".join("%s c=%d" % w for w in worse_p99) or
                          "no case"))
        print("# pagefeed RSS after the run: %s" %
              benchlib.mib(benchlib.rss_kib(d.proc.pid)))
        return 0
    finally:
        if nginx:
            nginx.stop()
        if d:
            d.stop()
        benchlib.cleanup(work)


if __name__ == "__main__":
    sys.exit(main())
