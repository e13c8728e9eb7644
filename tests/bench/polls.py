#!/usr/bin/python3
"""Polling benchmark: polls per second and CPU per poll at 10,000 and
100,000 sources read over HTTP from a local fixture server.

One listing page of 50 items (about 13.6 KiB, distinct titles, links and
summaries) per source, up to BENCH_PAGES distinct pages; with more sources
than pages, source i reads page i % BENCH_PAGES under its own URL
(/p/NNNNNN.html?s=i: the same body, a different URL).  The pages are served
by one nginx worker when nginx is installed, else by a Python
ThreadingHTTPServer in a child process; either writes one access-log line a
request ($msec, status, URI, body bytes), and that log is how requests are
counted: the k-th request of a URL belongs to round k.  Nothing polls the
daemon while it works (/health of 100,000 sources is many MB): /metrics is
read once at the end of each round, to check that every source took the
path meant (ok, not_modified, unchanged) and none failed.

One daemon run per source count, three rounds:
  1 full        every page new: parse, extract, merge 50 items.
                Wall seconds from the round's first request to its last
                (server timestamps), polls/s, and the daemon's CPU seconds
                (utime + stime of /proc/PID/stat) over the round: polls per
                CPU-second is polls per core.
  2 304         the interval brings every source back; the server sends
                ETag and Last-Modified, so the conditional GET gets a 304.
  3 same body   the server is switched (nginx reloaded, or the Python
                server told) to send neither ETag nor Last-Modified: the
                same 14 KB body again, pagefeed's same-hash fast path.
Rounds 2 and 3 follow the schedule (interval plus up to 10% jitter), so
their wall time is the schedule's, not a throughput; their figure is CPU
per poll and its ratio to a full poll.  A round ends when every source has
been requested k times and the daemon's CPU has gone quiet; VmRSS is read
then.  Goals of issue 17: >= 400 full polls per CPU-second on 14 KB pages;
an unchanged poll (304 or same hash) <= 5% of a full poll's CPU.  Prints
figures; asserts nothing.

Environment (all optional):
  PAGEFEED             the binary (default: ./pagefeed of the build directory)
  BENCH_SOURCES        source counts, one daemon run each (default
                       "10000 100000"); a count is skipped, and said so,
                       when the temporary directory's file system has less
                       than 40 KB a source free (4 GB for 100,000)
  BENCH_PAGES          distinct pages at most (default 10000)
  BENCH_INTERVAL       the [server] interval, pagefeed's syntax (90s, 5m);
                       default: long enough for round 1 to end before round
                       2 begins: 1.5 x sources / the wall polls/s of the
                       previous count (150/s for the first) + 20 s, at
                       least 60 s (120 s for 10,000 sources)
  BENCH_POLL_TIMEOUT   longest wait for one round's polls beyond its
                       schedule, seconds (default 900)
  BENCH_MAX_TRANSFERS  [server] max_transfers (default: the key is not set)
  BENCH_SERVER         "nginx" or "python" (default: nginx when installed)
  BENCH_NGINX          the nginx binary (default: nginx on PATH, /usr/sbin/nginx)
  BENCH_KEEP=1         keep the temporary directory
Everything listens on 127.0.0.1 only and every wait is bounded.
"""
import collections
import email.utils
import http.server
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True       # nothing written beside the sources
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchlib  # noqa: E402

SOURCES = [int(s) for s in os.environ.get("BENCH_SOURCES",
                                          "10000 100000").split()]
PAGES = max(1, int(os.environ.get("BENCH_PAGES", "10000")))
INTERVAL = os.environ.get("BENCH_INTERVAL", "").strip()
POLL_TIMEOUT = float(os.environ.get("BENCH_POLL_TIMEOUT", "900"))
MAX_TRANSFERS = os.environ.get("BENCH_MAX_TRANSFERS", "").strip()
SERVER = os.environ.get("BENCH_SERVER", "").strip().lower()
NITEMS = 50
ITEM_WORDS = 12
CLK = os.sysconf("SC_CLK_TCK")
DISK_PER_SOURCE = 40000              # bytes: store, WAL and slack
ROUNDS = ((1, "full", "etag"), (2, "304", "etag"), (3, "same body", "nocache"))
QUIET_SECONDS = 1.0                  # no CPU for this long: a round is over
QUIET_MAX = 30.0


def page_name(i):
    return "%06d.html" % i


def source_path(i):
    """Source i's URL path: its own page, or a shared one under its own URL."""
    if i < PAGES:
        return "/p/" + page_name(i)
    return "/p/%s?s=%d" % (page_name(i % PAGES), i)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def parse_duration(text):
    """Seconds of a pagefeed duration: 90, 90s, 5m, 1h30m, 1d."""
    if re.fullmatch(r"\d+", text):
        return int(text)
    parts = re.findall(r"(\d+)([smhd])", text)
    if not parts or "".join(a + b for a, b in parts) != text:
        sys.exit("bench: BENCH_INTERVAL %r is not a duration (90s, 5m, 1h30m)"
                 % text)
    return sum(int(a) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[b]
               for a, b in parts)


def cpu_seconds(pid):
    """utime + stime of PID (all its threads, live and gone), in seconds."""
    return benchlib.proc_cpu(pid)


# ---------------------------------------------------------------------------
# The Python fixture server (child process: polls.py --fixture-server ...)

def fixture_server(pages, logpath, portfile):
    """Serves PAGES/NNNNNN.html as /p/NNNNNN.html (any query) on 127.0.0.1,
    HTTP/1.1 keep-alive, with ETag and Last-Modified answered by 304 in
    mode "etag", neither sent in mode "nocache" (GET /_bench/mode/MODE,
    not logged).  One log line a request: time, status, URI, body bytes."""
    state = {"mode": "etag"}
    lock = threading.Lock()
    log = open(logpath, "a", buffering=1)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def answer(self, status, body=b"", headers=()):
            self.send_response(status)
            for k, v in headers:
                self.send_header(k, v)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body and self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self):
            path = self.path.partition("?")[0]
            m = re.fullmatch(r"/_bench/mode/(etag|nocache)", path)
            if m:
                state["mode"] = m.group(1)
                self.answer(204)
                return
            m = re.fullmatch(r"/(p|_probe)/(\d{6}\.html)", path)
            body = None
            if m:
                try:
                    fn = os.path.join(pages, m.group(2))
                    st = os.stat(fn)
                    with open(fn, "rb") as f:
                        body = f.read()
                except OSError:
                    body = None
            if body is None:
                status = 404
                self.answer(404, b"not found\n",
                            [("Content-Type", "text/plain")])
            else:
                hdrs = [("Content-Type", "text/html; charset=utf-8")]
                status = 200
                if state["mode"] == "etag":
                    etag = '"%x-%x"' % (int(st.st_mtime), st.st_size)
                    lm = email.utils.formatdate(int(st.st_mtime), usegmt=True)
                    hdrs += [("ETag", etag), ("Last-Modified", lm)]
                    inm = self.headers.get("If-None-Match")
                    ims = self.headers.get("If-Modified-Since")
                    if (inm is not None and etag in
                            [t.strip() for t in inm.split(",")]) or \
                            (inm is None and ims == lm):
                        status = 304
                if status == 304:
                    self.answer(304, headers=hdrs)
                    body = b""
                else:
                    self.answer(200, body, hdrs)
            if m and m.group(1) == "_probe":
                return
            with lock:
                log.write("%.3f %d %s %d\n" % (time.time(), status, self.path,
                                               len(body) if body else 0))

        do_HEAD = do_GET

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 1024

    srv = Server(("127.0.0.1", 0), Handler)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(portfile + ".tmp", portfile)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    try:
        srv.serve_forever()
    finally:
        log.close()


# ---------------------------------------------------------------------------
# Fixture servers as the benchmark drives them

def http_head(port, path, timeout=10):
    """(status, headers lower-cased) of a GET over a fresh connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Connection: close\r\n\r\n" % path).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head = data.partition(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
    hdrs = {}
    for line in head[1:]:
        k, _, v = line.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return int(head[0].split()[1]), hdrs


class Fixture:
    """Common part: the access log, the mode switch and its probe."""
    name = "?"
    proc = None

    def wait_mode(self, mode, timeout=20):
        """Until a probe shows MODE's headers (bounded)."""
        end = time.time() + timeout
        while time.time() < end:
            try:
                st, h = http_head(self.port, "/_probe/" + page_name(0))
                if st == 200 and (("etag" in h) == (mode == "etag")) and \
                        (("last-modified" in h) == (mode == "etag")):
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def pids(self):
        """The server's processes (for CPU): the process and its children."""
        out = [self.proc.pid]
        try:
            for t in os.listdir("/proc/%d/task" % self.proc.pid):
                with open("/proc/%d/task/%s/children" % (self.proc.pid, t)) as f:
                    out += [int(p) for p in f.read().split()]
        except OSError:
            pass
        return out

    def cpu(self):
        return sum(cpu_seconds(p) or 0.0 for p in self.pids())


class NginxFixture(Fixture):
    CONF = """worker_processes 1;
daemon off;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    log_format bench '$msec $status $request_uri $body_bytes_sent';
    access_log off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_requests 1000000;
    keepalive_timeout 900s;
    open_file_cache max=20000 inactive=900s;
    open_file_cache_valid 900s;
    types {{ text/html html; }}
    default_type text/html;
    charset utf-8;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
{mode}
        location /p/ {{
            access_log {log} bench;
        }}
        location /_probe/ {{
            alias {root}/p/;
        }}
        location / {{
            access_log {log} bench;
            return 404;
        }}
    }}
}}
"""
    MODES = {
        # nginx's default for static files: ETag and Last-Modified, 304s.
        "etag": "        etag on;\n        if_modified_since exact;",
        # Neither validator: the same body every time.
        "nocache": "        etag off;\n        if_modified_since off;\n"
                   "        add_header Last-Modified \"\";",
    }

    def __init__(self, binary, work, root, logpath):
        self.binary = binary
        self.work = work
        self.root = root
        self.logpath = logpath
        self.port = free_port()
        os.makedirs(os.path.join(work, "nginx-tmp"), exist_ok=True)
        self.conf = os.path.join(work, "nginx.conf")
        ver = subprocess.run([binary, "-v"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, timeout=30).stderr
        self.name = ver.decode().strip().rpartition(" ")[2].replace("/", " ")

    def write_conf(self, mode):
        with open(self.conf, "w") as f:
            f.write(self.CONF.format(work=self.work, port=self.port,
                                     root=self.root, log=self.logpath,
                                     mode=self.MODES[mode]))

    def start(self, mode="etag"):
        self.write_conf(mode)
        self.out = open(os.path.join(self.work, "nginx.out"), "w")
        self.proc = subprocess.Popen(
            [self.binary, "-p", self.work, "-e",
             os.path.join(self.work, "nginx-error.log"), "-c", self.conf],
            stdout=self.out, stderr=self.out, stdin=subprocess.DEVNULL)
        if self.wait_mode(mode):
            return True
        self.stop()
        err = ""
        for p in ("nginx.out", "nginx-error.log"):
            try:
                with open(os.path.join(self.work, p)) as f:
                    err += f.read()
            except OSError:
                pass
        print("# nginx did not start:\n# " + err.strip().replace("\n", "\n# "))
        return False

    def set_mode(self, mode):
        """A new configuration, the same port: nginx reloaded (SIGHUP)."""
        self.write_conf(mode)
        self.proc.send_signal(signal.SIGHUP)
        return self.wait_mode(mode)

    def stop(self):
        if self.proc is None:
            return
        benchlib.stop_process(self.proc, (signal.SIGQUIT,), 20)
        self.proc = None
        self.out.close()


class PythonFixture(Fixture):
    name = "python"

    def __init__(self, work, root, logpath):
        self.work = work
        self.root = root
        self.logpath = logpath

    def start(self, mode="etag"):
        portfile = os.path.join(self.work, "fixture.port")
        self.out = open(os.path.join(self.work, "fixture.out"), "w")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--fixture-server",
             os.path.join(self.root, "p"), self.logpath, portfile],
            stdout=self.out, stderr=self.out, stdin=subprocess.DEVNULL)
        end = time.time() + 20
        while time.time() < end and self.proc.poll() is None:
            if os.path.exists(portfile):
                with open(portfile) as f:
                    self.port = int(f.read())
                return self.set_mode(mode)
            time.sleep(0.05)
        self.stop()
        print("# the Python fixture server did not start")
        return False

    def set_mode(self, mode):
        try:
            http_head(self.port, "/_bench/mode/" + mode)
        except OSError:
            return False
        return self.wait_mode(mode)

    def stop(self):
        if self.proc is None:
            return
        benchlib.stop_process(self.proc, (signal.SIGTERM,), 20)
        self.proc = None
        self.out.close()


class Requests:
    """The fixture server's access log, read as it grows: the k-th request
    of a URL is in round k."""

    def __init__(self, path):
        self.path = path
        self.f = None
        self.rest = b""
        self.seen = {}
        self.rounds = collections.defaultdict(
            lambda: {"n": 0, "first": None, "last": None, "bytes": 0,
                     "status": collections.Counter()})
        self.other = collections.Counter()
        self.lines = 0

    def update(self):
        if self.f is None:
            try:
                self.f = open(self.path, "rb")
            except OSError:
                return
        data = self.f.read()
        if not data:
            return
        data = self.rest + data
        lines = data.split(b"\n")
        self.rest = lines.pop()
        for line in lines:
            parts = line.split()
            if len(parts) < 4:
                continue
            self.lines += 1
            t, status, uri, nbytes = (float(parts[0]), parts[1].decode(),
                                      parts[2], int(parts[3]))
            if not uri.startswith(b"/p/"):
                self.other[status] += 1
                continue
            k = self.seen.get(uri, 0) + 1
            self.seen[uri] = k
            r = self.rounds[k]
            r["n"] += 1
            if r["first"] is None:
                r["first"] = t
            r["last"] = t
            r["bytes"] += nbytes
            r["status"][status] += 1

    def n(self, k):
        return self.rounds[k]["n"] if k in self.rounds else 0

    def close(self):
        if self.f:
            self.f.close()


# ---------------------------------------------------------------------------

def write_pages(pdir, count):
    os.makedirs(pdir, exist_ok=True)
    os.chmod(pdir, 0o755)
    total = 0
    for i in range(count):
        text = benchlib.listing_page(i, NITEMS, ITEM_WORDS).encode("utf-8")
        with open(os.path.join(pdir, page_name(i)), "wb") as f:
            f.write(text)
        total += len(text)
    return total


def config(n, state, port, fport, interval):
    out = ["[server]",
           "listen = 127.0.0.1:%d" % port,
           "state_dir = %s" % state,
           "interval = %s" % interval,
           "host_delay = 0s",
           "host_concurrency = 64",
           "max_items = %d" % NITEMS,
           "log_level = warning"]
    if MAX_TRANSFERS:
        out.append("max_transfers = %s" % MAX_TRANSFERS)
    out.append("")
    base = "http://127.0.0.1:%d" % fport
    for i in range(n):
        out.append("[source s%06d]" % i)
        out.append("url = " + base + source_path(i))
        out.append(benchlib.SELECTORS)
    return "\n".join(out)


def read_metrics(port, timeout=300):
    """Poll results summed over the sources, sources up, and the seconds the
    read took; None on failure."""
    t0 = time.time()
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/metrics" % port,
                                    timeout=timeout) as r:
            body = r.read().decode("utf-8", "replace")
    except (OSError, urllib.error.URLError) as e:
        return {"error": str(e)}
    res = collections.Counter()
    up = 0
    for m in re.finditer(r'^pagefeed_polls_total\{[^}]*result="([^"]+)"\} (\d+)',
                         body, re.M):
        res[m.group(1)] += int(m.group(2))
    for m in re.finditer(r'^pagefeed_source_up\{[^}]*\} (\d+)', body, re.M):
        up += int(m.group(1))
    return {"results": res, "up": up, "seconds": time.time() - t0,
            "bytes": len(body)}


class Daemon:
    """pagefeed on a fixed port (log_level = warning does not log the port)."""

    def __init__(self, binary, work, text):
        self.binary = binary
        self.conf = os.path.join(work, "pagefeed.conf")
        self.logpath = os.path.join(work, "pagefeed.log")
        with open(self.conf, "w") as f:
            f.write(text)
        self.proc = None

    def check(self):
        r = subprocess.run([self.binary, "-c", self.conf, "--check"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=600)
        return r.returncode, r.stdout.decode("utf-8", "replace")

    def start(self):
        self.log = open(self.logpath, "w")
        self.proc = subprocess.Popen([self.binary, "-c", self.conf],
                                     stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL)
        return self

    def log_text(self):
        with open(self.logpath, encoding="utf-8", errors="replace") as f:
            return f.read()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is None:
            return None
        rc = benchlib.stop_process(self.proc, (signal.SIGTERM,), 120)
        self.proc = None
        self.log.close()
        return rc


def fmt(v, spec, none="-"):
    return none if v is None else spec % v


def sched_ns(pid):
    """(ns on a CPU, ns waiting for a CPU) summed over PID's live threads."""
    run = wait = 0
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            try:
                with open("/proc/%d/task/%s/schedstat" % (pid, t)) as f:
                    a = f.read().split()
                run += int(a[0])
                wait += int(a[1])
            except (OSError, IndexError, ValueError):
                pass
    except OSError:
        pass
    return run, wait


def write_bytes(pid):
    try:
        with open("/proc/%d/io" % pid) as f:
            for line in f:
                if line.startswith("write_bytes:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sample:
    """The daemon's and the server's counters at one moment."""

    def __init__(self, pid, fx):
        self.t = time.time()
        self.cpu = cpu_seconds(pid)
        self.run, self.wait = sched_ns(pid)
        self.wbytes = write_bytes(pid)
        self.server_cpu = fx.cpu()


def run_size(n, binary, work, root, server_kind, nginx_bin, interval_s):
    """One daemon run of N sources, three rounds; returns the round dicts."""
    sdir = os.path.join(work, "n%d" % n)
    os.makedirs(sdir)
    os.chmod(sdir, 0o755)
    logpath = os.path.join(sdir, "access.log")
    if server_kind == "nginx":
        fx = NginxFixture(nginx_bin, sdir, root, logpath)
    else:
        fx = PythonFixture(sdir, root, logpath)
    d = None
    reqs = Requests(logpath)
    rounds = []
    try:
        if not fx.start("etag"):
            return None
        port = free_port()
        t0 = time.time()
        d = Daemon(binary, sdir, config(n, os.path.join(sdir, "state"), port,
                                        fx.port, "%ds" % interval_s))
        rc, out = d.check()
        if rc != 0:
            lines = out.strip().splitlines()
            print("# %d sources: this pagefeed refuses the configuration "
                  "(exit %d, %d lines of errors), so the count is skipped:\n#   %s"
                  % (n, rc, len(lines), "\n#   ".join(
                      [l.replace(d.conf, "pagefeed.conf") for l in lines[:3]])))
            if "too many sources" in out:
                print("#   (the binary's limit on sources: CONFIG_MAX_SOURCES "
                      "in src/config.c)")
            sys.stdout.flush()
            return None
        print("# %d sources: config %.1f MiB, %s (checked in %.1f s); "
              "interval %d s, server %s on port %d"
              % (n, os.path.getsize(d.conf) / 1048576.0,
                 out.strip().splitlines()[-1].split(": ", 1)[-1],
                 time.time() - t0, interval_s, fx.name, fx.port))
        sys.stdout.flush()

        t_start = time.time()
        d.start()
        pid = d.proc.pid
        prev_end = t_start
        after = None             # the sample after the last round's /metrics
        for k, label, mode in ROUNDS:
            # Until the round's first request: the daemon rests (or starts
            # up); the last sample before it opens the round.
            if k == 1:
                end = t_start + POLL_TIMEOUT
            else:
                end = prev_end + 1.1 * interval_s + POLL_TIMEOUT
            base = Sample(pid, fx)
            while reqs.n(k) == 0 and time.time() < end and d.alive():
                base = Sample(pid, fx)
                time.sleep(0.02)
                reqs.update()
            if reqs.n(k) == 0:
                print("# %d sources, round %d: no request reached the server "
                      "in time; pagefeed log:\n%s"
                      % (n, k, d.log_text()[-3000:]))
                break
            if k == 1:
                print("# %d sources: first request %.1f s after start; "
                      "start-up: %.2f CPU s, %.1f s waiting for a CPU, "
                      "%.1f MB written, VmRSS %s"
                      % (n, base.t - t_start, base.cpu, base.wait / 1e9,
                         base.wbytes / 1e6, benchlib.mib(benchlib.rss_kib(pid))))
            elif after is not None and base.t - after.t >= 5:
                print("# %d sources: between rounds %d and %d the daemon "
                      "rested %.0f s using %.1f ms of CPU a second"
                      % (n, k - 1, k, base.t - after.t,
                         1000.0 * (base.cpu - after.cpu) / (base.t - after.t)))
            sys.stdout.flush()
            last_print = time.time()
            while reqs.n(k) < n and time.time() < end and d.alive():
                time.sleep(0.05)
                reqs.update()
                if time.time() - last_print >= 10:
                    last_print = time.time()
                    print("# %d sources, round %d (%s): %d of %d polls%s, "
                          "%.0f s since start"
                          % (n, k, label, reqs.n(k), n,
                             ", next round begun" if reqs.n(k + 1) else "",
                             time.time() - t_start))
                    sys.stdout.flush()
            complete = reqs.n(k) >= n
            # The last pages are still being read: until the CPU rests.
            q_end = time.time() + QUIET_MAX
            c_prev, t_prev = cpu_seconds(pid), time.time()
            while time.time() < q_end and d.alive() and reqs.n(k + 1) == 0:
                time.sleep(0.1)
                reqs.update()
                c = cpu_seconds(pid)
                if c is None:
                    break
                if c - c_prev > 1.5 / CLK:
                    c_prev, t_prev = c, time.time()
                elif time.time() - t_prev >= QUIET_SECONDS:
                    break
            fin = Sample(pid, fx)
            overlap = reqs.n(k + 1) > 0
            rss = benchlib.rss_kib(pid)
            hwm = benchlib.proc_status(pid, "VmHWM")
            prev_end = time.time()
            if fin.cpu is None or base.cpu is None:
                print("# pagefeed exited during round %d; log:\n%s"
                      % (k, d.log_text()[-3000:]))
                break
            r = reqs.rounds[k]
            wall = (r["last"] - r["first"]) if r["n"] > 1 else None
            span = fin.t - base.t
            cpu = fin.cpu - base.cpu
            done = r["n"]
            rd = {"n": n, "server": fx.name, "round": k, "label": label,
                  "polls": done, "complete": complete, "wall": wall,
                  "cpu": cpu, "rss": rss, "hwm": hwm, "overlap": overlap,
                  "status": dict(r["status"]), "bytes": r["bytes"]}
            # Once per round: did every source take the path meant?
            c0 = cpu_seconds(pid)
            m = read_metrics(port)
            after = Sample(pid, fx)
            rd["metrics"] = m
            rounds.append(rd)
            if "error" in m:
                mtxt = "/metrics failed: %s" % m["error"]
            else:
                mtxt = ("/metrics: polls %s; %d of %d sources up "
                        "(read: %.1f MB, %.1f s, %.2f CPU s, not counted)"
                        % (" ".join("%s %d" % kv for kv in
                                    sorted(m["results"].items())),
                           m["up"], n, m["bytes"] / 1e6, m["seconds"],
                           (after.cpu or 0) - (c0 or 0)))
            print("# %d sources, round %d (%s): %d polls%s, statuses %s, "
                  "%.1f MiB of bodies, wall %s s, VmRSS %s (peak %s)%s\n"
                  "#   over %.1f s: pagefeed %.2f CPU s (%.0f%% of a core), "
                  "%.0f%% of the time waiting for a CPU, %.1f MB written; "
                  "server %.2f CPU s\n#   %s"
                  % (n, k, label, done, "" if complete else " (INCOMPLETE)",
                     " ".join("%s×%d" % kv for kv in sorted(r["status"].items())),
                     r["bytes"] / 1048576.0, fmt(wall, "%.1f"),
                     benchlib.mib(rss), benchlib.mib(hwm),
                     "; the next round began before this one's CPU was read"
                     if overlap else "",
                     span, cpu, 100.0 * cpu / span if span > 0 else 0,
                     100.0 * (fin.wait - base.wait) / 1e9 / span
                     if span > 0 else 0,
                     (fin.wbytes - base.wbytes) / 1e6,
                     fin.server_cpu - base.server_cpu, mtxt))
            if reqs.other:
                print("# other requests: %s" % dict(reqs.other))
            sys.stdout.flush()
            if not complete:
                print("# round %d did not complete in time; stopping this "
                      "count" % k)
                break
            nxt = ROUNDS[k] if k < len(ROUNDS) else None
            if nxt and nxt[2] != mode:
                before = reqs.n(k + 1)
                if not fx.set_mode(nxt[2]):
                    print("# the server did not switch to %s; stopping" % nxt[2])
                    break
                reqs.update()
                if before or reqs.n(k + 1):
                    rd["switch_late"] = True
                    print("# round %d began before the server was switched "
                          "(%d requests)" % (k + 1, reqs.n(k + 1)))
                print("# server switched to %s (%s) for round %d"
                      % (nxt[2], "no ETag, no Last-Modified: the same body"
                         if nxt[2] == "nocache" else "ETag, Last-Modified",
                         k + 1))
                sys.stdout.flush()
        rc = d.stop()
        d = None
        if rc not in (0, None):
            print("# pagefeed exited %s" % rc)
        db = os.path.join(sdir, "state", "pagefeed.db")
        try:
            print("# %d sources: store %.1f MiB" % (n, os.path.getsize(db) /
                                                    1048576.0))
        except OSError:
            pass
        return rounds
    finally:
        if d:
            d.stop()
        fx.stop()
        reqs.close()
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(os.path.join(sdir, "state"), ignore_errors=True)


def machine():
    ncpu, model = benchlib.cpu_model()
    return "%d CPUs (%s), load average %s" % (
        ncpu, model, " ".join("%.2f" % x for x in os.getloadavg()))


def fixture_kind():
    """(the nginx binary or None, "nginx" or "python"): BENCH_SERVER, else
    nginx when installed; exits on a kind that cannot be."""
    nginx_bin = os.environ.get("BENCH_NGINX") or shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None)
    kind = SERVER or ("nginx" if nginx_bin else "python")
    if kind == "nginx" and not nginx_bin:
        sys.exit("bench: BENCH_SERVER=nginx but nginx is not installed")
    if kind not in ("nginx", "python"):
        sys.exit("bench: BENCH_SERVER is nginx or python")
    return nginx_bin, kind


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "--fixture-server":
        fixture_server(*sys.argv[2:])
        return 0
    binary = benchlib.find_pagefeed()
    nginx_bin, kind = fixture_kind()
    if kind == "python":
        print("# nginx is not installed (apt-get install nginx-light): "
              "the Python fixture server serves the pages")
    print("# machine: " + machine())
    work = benchlib.workdir("polls")
    os.chmod(work, 0o755)            # nginx's worker may run as nobody
    allrounds = []
    rate = None
    try:
        npages = min(PAGES, max(SOURCES) if SOURCES else 0)
        t0 = time.time()
        nbytes = write_pages(os.path.join(work, "p"), npages)
        print("# %d pages of %d items written in %.1f s (%.1f KiB a page)"
              % (npages, NITEMS, time.time() - t0,
                 nbytes / 1024.0 / max(npages, 1)))
        sys.stdout.flush()
        for n in SOURCES:
            free = shutil.disk_usage(work).free
            need = max(500e6, DISK_PER_SOURCE * n)
            if free < need:
                print("# %d sources skipped: %.1f GB free in %s, %.1f GB "
                      "wanted (the store of %d items)"
                      % (n, free / 1e9, work, need / 1e9, n * NITEMS))
                continue
            if INTERVAL:
                interval_s = parse_duration(INTERVAL)
            else:
                guess = rate or 150.0
                interval_s = max(60, int(1.5 * n / guess + 20.5))
            rounds = run_size(n, binary, work, work, kind, nginx_bin,
                              interval_s)
            if not rounds:
                continue
            allrounds.append(rounds)
            r1 = rounds[0]
            if r1["wall"]:
                rate = r1["polls"] / r1["wall"]
        if not allrounds:
            print("# no figures")
            return 0
        print()
        rows = []
        for rounds in allrounds:
            full = rounds[0]
            full_ms = full["cpu"] * 1000.0 / full["polls"] if full["polls"] \
                else None
            for r in rounds:
                ms = r["cpu"] * 1000.0 / r["polls"] if r["polls"] else None
                pps = (r["polls"] / r["wall"]) if r["wall"] and \
                    r["round"] == 1 else None
                rows.append([
                    "%d" % r["n"], r["server"], "%d %s" % (r["round"], r["label"]),
                    "%d%s" % (r["polls"], "" if r["complete"] else "!"),
                    fmt(r["wall"], "%.1f"), fmt(pps, "%.0f"),
                    "%.2f" % r["cpu"],
                    fmt(r["polls"] / r["cpu"] if r["cpu"] > 0 else None, "%.0f"),
                    fmt(ms, "%.3f"),
                    fmt(100.0 * ms / full_ms if ms is not None and full_ms
                        else None, "%.1f%%") if r["round"] > 1 else "100%",
                    benchlib.mib(r["rss"])])
        benchlib.table(rows, ["sources", "server", "round", "polls", "wall s",
                              "polls/s", "CPU s", "polls/CPU-s",
                              "ms CPU/poll", "of full poll", "VmRSS"])
        print("# polls/s only for full polls: rounds 2 and 3 follow the "
              "schedule (interval + up to 10% jitter)")
        # The goals, in words.
        parts = []
        for rounds in allrounds:
            full = rounds[0]
            if not full["polls"] or full["cpu"] <= 0:
                continue
            per_core = full["polls"] / full["cpu"]
            full_ms = full["cpu"] * 1000.0 / full["polls"]
            s = "%d sources: %.0f full polls per CPU-second (%s)" % (
                full["n"], per_core, "met" if per_core >= 400 else "NOT met")
            for r in rounds[1:]:
                if r["polls"]:
                    ratio = r["cpu"] * 1000.0 / r["polls"] / full_ms
                    s += ", %s %.1f%% of a full poll (%s)" % (
                        r["label"], 100 * ratio,
                        "met" if ratio <= 0.05 else "NOT met")
            if any(r["overlap"] or not r["complete"] or r.get("switch_late")
                   for r in rounds):
                s += " [rounds overlapped or incomplete: raise BENCH_INTERVAL]"
            parts.append(s)
        print("# goals (issue 17): >= 400 full polls per CPU-second on 14 KB "
              "pages; an unchanged poll (304 or same body) <= 5%% of a full "
              "poll's CPU. %s." % "; ".join(parts))
        return 0
    finally:
        benchlib.cleanup(work)


if __name__ == "__main__":
    sys.exit(main())
