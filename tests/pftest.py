"""Shared helpers for pagefeed's integration tests: TAP output, a temporary
state directory, and the real daemon started on 127.0.0.1 port 0."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

PAGEFEED = os.environ.get("PAGEFEED") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "pagefeed")
SRCDIR = os.environ.get("TESTS_SRCDIR") or os.path.dirname(os.path.abspath(__file__))
BUILDDIR = os.environ.get("TESTS_BUILDDIR") or os.getcwd()

# Under valgrind everything is slower: wait longer, never assert speed.
WRAPPER = os.environ.get("PAGEFEED_WRAPPER", "").split()
SLOW = 6.0 if WRAPPER else 1.0

_n = 0
_failed = 0


def ok(cond, what, detail=None):
    """One TAP check; DETAIL explains a failure (what was expected, what came)."""
    global _n, _failed
    _n += 1
    if not cond:
        _failed += 1
    print("%sok %d - %s" % ("" if cond else "not ", _n, what))
    if not cond and detail is not None:
        for line in str(detail).splitlines()[:40]:
            print("#   " + line)
    sys.stdout.flush()
    return bool(cond)


def eq(got, want, what):
    return ok(got == want, what, "expected: %r\ngot:      %r" % (want, got))


def done():
    print("1..%d" % _n)
    if _failed:
        print("# %d of %d checks failed" % (_failed, _n))
    sys.stdout.flush()
    sys.exit(1 if _failed else 0)


def bail(why):
    print("Bail out! %s" % why)
    sys.exit(1)


def tmpdir(name):
    base = os.path.join(BUILDDIR, "tmp-%s-%d" % (name, os.getpid()))
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    return base


def wait_for(pred, timeout=15.0, step=0.05):
    end = time.time() + timeout * SLOW
    while time.time() < end:
        try:
            v = pred()
            if v:
                return v
        except Exception:
            pass
        time.sleep(step)
    return None


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


class Daemon:
    """The real pagefeed binary, on a config written by the test."""

    def __init__(self, workdir, config_text, name="pagefeed"):
        self.workdir = workdir
        self.conf = os.path.join(workdir, name + ".conf")
        with open(self.conf, "w") as f:
            f.write(config_text)
        self.logpath = os.path.join(workdir, name + ".log")
        self.proc = None
        self.port = None
        self.runs = 0

    def start(self, env=None, args=()):
        self.runs += 1
        self.log = open(self.logpath, "a")
        self.log.write("---- start %d\n" % self.runs)
        self.log.flush()
        self._logstart = os.path.getsize(self.logpath)
        self.proc = subprocess.Popen(WRAPPER + [PAGEFEED, "-c", self.conf] +
                                     list(args),
                                     stdout=self.log, stderr=self.log,
                                     stdin=subprocess.DEVNULL,
                                     env=dict(os.environ, **(env or {})))

        def listening():
            m = re.search(r"listening on 127\.0\.0\.1:(\d+)", self.log_text())
            if self.proc.poll() is not None:
                raise RuntimeError("pagefeed exited early")
            return m and int(m.group(1))
        self.port = wait_for(listening, timeout=20)
        if not self.port:
            bail("pagefeed did not start listening; log:\n" + self.log_text())
        return self

    def log_text(self, since_start=True):
        with open(self.logpath, encoding="utf-8", errors="replace") as f:
            if since_start:
                f.seek(self._logstart)
            return f.read()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def request(self, path, method="GET", headers=None, data=None):
        req = urllib.request.Request(self.url(path), method=method,
                                     headers=headers or {}, data=data)
        try:
            with urllib.request.urlopen(req, timeout=10 * SLOW) as r:
                return Response(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Response(e.code, e.headers, e.read())

    def get(self, path):
        return self.request(path)

    def health(self):
        return self.get("/health").json()

    def source_health(self, name):
        for s in self.health()["sources"]:
            if s["name"] == name:
                return s
        return None

    def stop(self, sig=signal.SIGTERM):
        """Stops the daemon; returns its exit status."""
        if self.proc is None:
            return None
        self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout=20 * SLOW)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.proc = None
        self.log.close()
        return rc

    def sanitizer_report(self):
        text = self.log_text(since_start=False)
        for marker in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer",
                       "runtime error:", "Invalid read", "Invalid write",
                       "uninitialised", "definitely lost"):
            if marker in text:
                return text
        return None
