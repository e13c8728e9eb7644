"""A fixture HTTP server for the tests, on 127.0.0.1 and a free port.

Routes are set by the test in the same process:
    srv.route("/embassy", file="fixtures/embassy/index.html")
    srv.route("/broken", status=500)
Every request is counted per path, so a test can tell a poll happened.
"""
import http.server
import os
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output readable
        pass

    def _answer(self, head_only):
        srv = self.server.fixture
        path = self.path.split("?", 1)[0]
        with srv.lock:
            srv.hits[path] = srv.hits.get(path, 0) + 1
            route = srv.routes.get(path)
            srv.in_flight += 1
            srv.max_in_flight = max(srv.max_in_flight, srv.in_flight)
        try:
            self._send(route, head_only)
        finally:
            with srv.lock:
                srv.in_flight -= 1

    def _send(self, route, head_only):
        if route is None:
            status, body, ctype, headers, delay = (404, b"not found\n",
                                                   "text/plain", {}, 0)
        else:
            status, body, ctype, headers, delay = route
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        if not head_only:
            self.wfile.write(body)

    def do_GET(self):
        self._answer(False)

    def do_HEAD(self):
        self._answer(True)


class FixtureServer:
    def __init__(self):
        self.routes = {}
        self.hits = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.fixture = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def route(self, path, file=None, body=None, status=200,
              ctype="text/html; charset=utf-8", headers=None, delay=0):
        if file is not None:
            with open(os.path.join(HERE, file), "rb") as f:
                body = f.read()
        if body is None:
            body = b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        with self.lock:
            self.routes[path] = (status, body, ctype, headers or {}, delay)

    def reset_max_in_flight(self):
        with self.lock:
            self.max_in_flight = self.in_flight

    def hit_count(self, path):
        with self.lock:
            return self.hits.get(path, 0)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
