"""A fixture HTTP server for the tests, on 127.0.0.1 and a free port.

Routes are set by the test in the same process:
    srv.route("/embassy", file="fixtures/embassy/index.html")
    srv.route("/broken", status=500)
Every request is counted per path, so a test can tell a poll happened, and
its headers are recorded (srv.requests(path), srv.last_headers(path)).

Hostile modes, for fault-injection tests (route(path, mode=...)):
    "stall"      status and headers (with the body's Content-Length), then
                 no body: wait until the client goes away, the server
                 closes, or `hold` seconds (default 30) pass
    "drip"       the body one byte per `drip_interval` seconds (default 1),
                 at most `hold` seconds
    "reset"      headers and half of the body, then a TCP RST (SO_LINGER 0)
    "truncated_chunked"  Transfer-Encoding: chunked, one chunk (half of
                 the body), then close without the terminating chunk
    "redirect"   `status` (301/302; 302 when left at 200) to `location`
    "huge_length"  Content-Length: `length` (default 10000000000), a few
                 bytes, close
    "gzip_bomb"  Content-Encoding: gzip, a valid stream inflating to 1 GiB
                 of zeros (made once per process, about 1 MB on the wire)
    "retry_after"  `status` (503 when left at 200) with Retry-After:
                 `retry_after` (seconds, or a string such as an HTTP date;
                 http_date(seconds_from_now) makes one)
Any route may also carry retry_after=..., and etag=/last_modified=: they
are sent with a 200, and a request whose If-None-Match matches the ETag
(or, without If-None-Match, whose If-Modified-Since is not older
than Last-Modified) gets 304 Not Modified (counted by not_modified(path)).

HTTPSFixtureServer(certfile, keyfile) is the same over TLS; make_cert(dir)
makes a self-signed certificate for 127.0.0.1 with the openssl CLI (None
when openssl is missing).  Everything binds to 127.0.0.1 and port 0, every
wait is bounded, and close() ends the hostile modes that are still running
and every open connection (so the port then refuses, even to a client that
kept a connection alive).
"""
import email.utils
import http.server
import os
import select
import shutil
import socket
import ssl
import struct
import subprocess
import threading
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

MODES = ("stall", "drip", "reset", "truncated_chunked", "redirect",
         "huge_length", "gzip_bomb", "retry_after")

_bomb = None
_bomb_lock = threading.Lock()


def gzip_bomb():
    """A gzip stream of 1 GiB of zeros; made once per process."""
    global _bomb
    with _bomb_lock:
        if _bomb is None:
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            zeros = bytes(1 << 20)
            parts = [c.compress(zeros) for _ in range(1024)]
            parts.append(c.flush())
            _bomb = b"".join(parts)
        return _bomb


def http_date(seconds_from_now=0):
    return email.utils.formatdate(time.time() + seconds_from_now, usegmt=True)


def make_cert(directory):
    """A self-signed certificate for 127.0.0.1: (certfile, keyfile), or
    None when the openssl CLI is missing or fails."""
    if shutil.which("openssl") is None:
        return None
    cert = os.path.join(directory, "c.pem")
    key = os.path.join(directory, "k.pem")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048",
                        "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                        "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return cert, key


class Route:
    def __init__(self, status, body, ctype, headers, delay, mode=None,
                 location=None, retry_after=None, etag=None,
                 last_modified=None, hold=30.0, drip_interval=1.0,
                 length=10000000000):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.headers = headers
        self.delay = delay
        self.mode = mode
        self.location = location
        self.retry_after = retry_after
        self.etag = etag
        self.last_modified = last_modified
        self.hold = hold
        self.drip_interval = drip_interval
        self.length = length


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output readable
        pass

    def _answer(self, head_only):
        srv = self.server.fixture
        path = self.path.split("?", 1)[0]
        if "://" in path:     # a request through a proxy: absolute URI
            path = "/" + path.split("://", 1)[1].partition("/")[2]
        with srv.lock:
            srv.hits[path] = srv.hits.get(path, 0) + 1
            srv.reqs.setdefault(path, []).append(
                (time.time(), self.command, self.path, self.headers))
            route = srv.routes.get(path)
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        self._counted = True
        try:
            self._send(route, head_only, path)
        except OSError:      # broken pipe, reset, timeout, TLS
            self.close_connection = True   # the client gave up: fine
        finally:
            self._uncount()

    # Ends this request's count in flight, once.  Called just before the
    # last bytes of an answer go out: once the client has them it may
    # start its next request before this thread runs on, and that is no
    # third request at once.
    def _uncount(self):
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.fixture.lock:
                self.server.fixture.in_flight -= 1

    # Waits up to SECS; True when the client went away or the server closes.
    def _gone_within(self, secs):
        stop = self.server.fixture.stopping
        end = time.time() + secs
        while not stop.is_set():
            left = end - time.time()
            if left <= 0:
                return False
            r, _, _ = select.select([self.connection], [], [], min(left, 0.2))
            if r:
                try:
                    if self.connection.recv(1) == b"":
                        return True
                except (OSError, ValueError):
                    return True
        return True

    def _head(self, status, ctype, length, extra):
        self.send_response(status)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        if length is not None:
            self.send_header("Content-Length", str(length))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()

    def _not_modified(self, route):
        inm = self.headers.get("If-None-Match")
        if inm is not None:      # RFC 9110: it wins over If-Modified-Since
            if route.etag is None:
                return False
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or route.etag in tags or \
                ("W/" + route.etag) in tags
        ims = self.headers.get("If-Modified-Since")
        if route.last_modified is None or ims is None:
            return False
        try:
            a = email.utils.parsedate_to_datetime(ims)
            b = email.utils.parsedate_to_datetime(route.last_modified)
            return a >= b
        except (TypeError, ValueError):
            return False

    def _send(self, route, head_only, path):
        if route is None:
            route = Route(404, b"not found\n", "text/plain", {}, 0)
        srv = self.server.fixture
        if route.delay:
            if srv.stopping.wait(route.delay):
                self.close_connection = True
                return
        extra = list(route.headers.items())
        if route.retry_after is not None:
            extra.append(("Retry-After", str(route.retry_after)))
        validators = []
        if route.etag is not None:
            validators.append(("ETag", route.etag))
        if route.last_modified is not None:
            validators.append(("Last-Modified", route.last_modified))
        mode, body, status = route.mode, route.body, route.status

        if mode is None and status == 200 and self._not_modified(route):
            with srv.lock:
                srv.not_mod[path] = srv.not_mod.get(path, 0) + 1
            self._uncount()
            self._head(304, None, None, validators + extra)
            return
        if mode is None or mode == "retry_after":
            if mode == "retry_after" and status == 200:
                status = 503
            if head_only or not body:
                self._uncount()
            self._head(status, route.ctype, len(body),
                       (validators if status == 200 else []) + extra)
            if not head_only and body:
                self.wfile.write(body[:-1])
                self.wfile.flush()
                self._uncount()
                self.wfile.write(body[-1:])
            return
        if mode == "redirect":
            self._uncount()
            self._head(302 if status == 200 else status, "text/html", 0,
                       [("Location", route.location)] + extra)
            return
        # The rest end the connection.
        self.close_connection = True
        if mode == "stall":
            self._head(status, route.ctype, len(body) or 1000, extra)
            self.wfile.flush()
            self._gone_within(route.hold)
        elif mode == "drip":
            self._head(status, route.ctype, len(body), extra)
            end = time.time() + route.hold
            for i in range(len(body)):
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                if time.time() >= end or \
                        self._gone_within(route.drip_interval):
                    break
        elif mode == "reset":
            self._head(status, route.ctype, len(body), extra)
            self.wfile.write(body[:len(body) // 2])
            self.wfile.flush()
            time.sleep(0.1)      # let the half body go out before the RST
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
        elif mode == "truncated_chunked":
            self._head(status, route.ctype, None,
                       [("Transfer-Encoding", "chunked")] + extra)
            half = body[:max(1, len(body) // 2)]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(half), half))
            self.wfile.flush()
        elif mode == "huge_length":
            self._head(status, route.ctype, route.length, extra)
            self.wfile.write((body or b"<html><body>")[:16])
            self.wfile.flush()
        elif mode == "gzip_bomb":
            bomb = gzip_bomb()
            self._head(status, route.ctype, len(bomb),
                       [("Content-Encoding", "gzip")] + extra)
            if not head_only:
                self.wfile.write(bomb)
        else:
            raise ValueError("unknown mode %r" % mode)

    def do_GET(self):
        self._answer(False)

    def do_POST(self):
        # The body is read first (kept per path), then answered as a GET.
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(min(n, 1 << 20)) if n > 0 else b""
        srv = self.server.fixture
        with srv.lock:
            srv.bodies.setdefault(self.path.split("?", 1)[0], []).append(body)
        self._answer(False)

    def do_HEAD(self):
        self._answer(True)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def process_request_thread(self, request, client_address):
        # Open connections are known, so close() can end kept-alive ones.
        with self.fixture.lock:
            self.fixture.conns.add(request)
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.fixture.lock:
                self.fixture.conns.discard(request)


class _TLSServer(_Server):
    ssl_context = None

    def finish_request(self, request, client_address):
        # The handshake runs in the request's own thread, with a bound.
        request.settimeout(10)
        try:
            conn = self.ssl_context.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            with self.fixture.lock:
                self.fixture.tls_failures += 1
            return
        with self.fixture.lock:
            self.fixture.conns.add(conn)
        try:
            self.RequestHandlerClass(conn, client_address, self)
        finally:
            with self.fixture.lock:
                self.fixture.conns.discard(conn)
            try:
                conn.close()
            except OSError:
                pass


class FixtureServer:
    scheme = "http"

    def __init__(self):
        self.routes = {}
        self.hits = {}
        self.reqs = {}
        self.bodies = {}
        self.not_mod = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.tls_failures = 0
        self.conns = set()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = self._make_server()
        self.httpd.fixture = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()
        self.closed = False

    def _make_server(self):
        return _Server(("127.0.0.1", 0), _Handler)

    def url(self, path):
        return "%s://127.0.0.1:%d%s" % (self.scheme, self.port, path)

    def route(self, path, file=None, body=None, status=200,
              ctype="text/html; charset=utf-8", headers=None, delay=0,
              mode=None, location=None, retry_after=None, etag=None,
              last_modified=None, hold=30.0, drip_interval=1.0,
              length=10000000000):
        if mode is not None and mode not in MODES:
            raise ValueError("unknown mode %r" % mode)
        if mode == "redirect" and location is None:
            raise ValueError("mode redirect needs a location")
        if mode == "retry_after" and retry_after is None:
            raise ValueError("mode retry_after needs retry_after")
        if mode == "gzip_bomb":
            gzip_bomb()          # made now, not while a client waits
        if file is not None:
            with open(os.path.join(HERE, file), "rb") as f:
                body = f.read()
        if body is None:
            body = b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        r = Route(status, body, ctype, dict(headers or {}), delay, mode,
                  location, retry_after, etag, last_modified,
                  min(float(hold), 60.0), min(float(drip_interval), 5.0),
                  length)
        with self.lock:
            self.routes[path] = r

    def reset_max_in_flight(self):
        with self.lock:
            self.max_in_flight = self.in_flight

    def hit_count(self, path):
        with self.lock:
            return self.hits.get(path, 0)

    def not_modified(self, path):
        """How many 304 answers PATH gave."""
        with self.lock:
            return self.not_mod.get(path, 0)

    def requests(self, path):
        """Every request to PATH: (time, method, raw path, headers) tuples,
        oldest first; headers is case-insensitive (headers.get("ETag"))."""
        with self.lock:
            return list(self.reqs.get(path, []))

    def posted(self, path):
        """The bodies POSTed to PATH, oldest first (bytes)."""
        with self.lock:
            return list(self.bodies.get(path, []))

    def last_headers(self, path):
        r = self.requests(path)
        return r[-1][3] if r else None

    def close(self):
        if self.closed:
            return
        self.closed = True
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        # Kept-alive connections too: after close() the port refuses.
        with self.lock:
            conns = list(self.conns)
        for c in conns:
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class HTTPSFixtureServer(FixtureServer):
    """The same server over TLS, with the given certificate and key."""
    scheme = "https"

    def __init__(self, certfile, keyfile):
        self._ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._ctx.load_cert_chain(certfile, keyfile)
        super().__init__()

    def _make_server(self):
        s = _TLSServer(("127.0.0.1", 0), _Handler)
        s.ssl_context = self._ctx
        return s
