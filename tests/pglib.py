"""A throw-away PostgreSQL server for one test, on a Unix socket only.

    reason = PgServer.unavailable()
    if reason:
        print("1..0 # SKIP " + reason)
        sys.exit(0)
    pg = PgServer(tmpdir("pgstore")).start()
    pg.createdb("feeds")
    pg.url("feeds")        # postgresql://pagefeed@/feeds?host=SOCK&port=PORT
    pg.psql("feeds", "SELECT 1")      # ["1"]
    pg.kill(); pg.start()             # an outage: the same data dir again
    pg.stop()                         # also done at exit, whatever happens

The cluster is made by initdb (trust authentication, superuser "pagefeed",
no fsync) in WORKDIR/pg; the server listens on no TCP address, only on a
socket in /tmp/pgsock-PID (short: a socket path has at most 107 bytes).
initdb and postgres refuse to run as root: as root they run as the
"postgres" system user (runuser), which owns their directories; the test
and pagefeed stay root and connect over the socket as "pagefeed".  Every
subprocess has a timeout, and the server is stopped at exit (atexit, and
SIGTERM/SIGHUP turned into an exit) even when the test fails.
"""
import atexit
import glob
import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
import sys
import time

USER = "pagefeed"
RUN_AS = "postgres"          # the system user of the Debian packages


class PgError(Exception):
    pass


def _version_key(path):
    # /usr/lib/postgresql/15/bin -> (15,); 9.6 -> (9, 6)
    m = re.search(r"/postgresql/([0-9.]+)/bin$", path)
    if not m:
        return ()
    return tuple(int(p) for p in m.group(1).split(".") if p.isdigit())


def find_bindir():
    """The directory of initdb, pg_ctl and postgres (the newest installed
    version), or None."""
    def usable(d):
        return all(os.access(os.path.join(d, b), os.X_OK)
                   for b in ("initdb", "pg_ctl", "postgres"))
    cands = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key,
                   reverse=True)
    for d in cands:
        if usable(d):
            return d
    pg_config = shutil.which("pg_config")
    if pg_config:
        try:
            r = subprocess.run([pg_config, "--bindir"], capture_output=True,
                               text=True, timeout=10)
            d = r.stdout.strip()
            if r.returncode == 0 and d and usable(d):
                return d
        except (OSError, subprocess.SubprocessError):
            pass
    for name in ("initdb",):
        p = shutil.which(name)
        if p and usable(os.path.dirname(p)):
            return os.path.dirname(p)
    return None


def _clean_env():
    # libpq's variables of the caller must not redirect our clients.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCONNECT_TIMEOUT"] = "5"
    env.setdefault("LC_ALL", "C.UTF-8")
    return env


_live = []          # started servers, stopped at exit
_made = []          # their directories under /tmp (as root), removed then


def _stop_all():
    for pg in list(_live):
        try:
            pg.stop()
        except Exception as e:      # at exit: say it, go on with the rest
            sys.stderr.write("pglib: stopping PostgreSQL: %s\n" % e)
    for path in _made:
        shutil.rmtree(path, ignore_errors=True)


atexit.register(_stop_all)


def _exit_on_signal(signum, frame):
    sys.exit(128 + signum)      # runs atexit: the server goes too


for _sig in (signal.SIGTERM, signal.SIGHUP):
    try:
        if signal.getsignal(_sig) in (signal.SIG_DFL, None):
            signal.signal(_sig, _exit_on_signal)
    except (ValueError, OSError):   # not the main thread: leave it
        pass


class PgServer:
    def __init__(self, workdir, port=None, bindir=None):
        self.bindir = bindir or find_bindir()
        if self.bindir is None:
            raise PgError("no PostgreSQL server binaries found")
        self.as_root = os.geteuid() == 0
        if self.as_root:
            # The server's own user must reach its directory: the test's
            # may sit under a directory only root can enter (a 0700
            # mkdtemp), so it lives in a directory of its own under /tmp,
            # removed at exit.
            self.base = tempfile.mkdtemp(prefix="pagefeed-pg-", dir="/tmp")
            _made.append(self.base)
        else:
            self.base = os.path.join(os.path.abspath(workdir), "pg")
        self.datadir = os.path.join(self.base, "data")
        self.logpath = os.path.join(self.base, "server.log")
        self.sockdir = "/tmp/pgsock-%d" % os.getpid()
        self.port = port or 5432 + os.getpid() % 1000
        self.psql_bin = os.path.join(self.bindir, "psql")
        if not os.access(self.psql_bin, os.X_OK):
            self.psql_bin = shutil.which("psql") or "psql"
        self.running = False
        self.initialized = False

    @staticmethod
    def unavailable():
        """None when a server can be started here, else why not."""
        if find_bindir() is None:
            return ("PostgreSQL server binaries not found "
                    "(/usr/lib/postgresql/*/bin or pg_config --bindir)")
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(RUN_AS)
            except KeyError:
                return ("running as root and there is no '%s' user to run "
                        "initdb and postgres as" % RUN_AS)
            if shutil.which("runuser") is None:
                return "running as root and runuser(1) is missing"
        return None

    # --- running the tools -------------------------------------------

    def _cmd(self, argv):
        if self.as_root:
            return ["runuser", "-u", RUN_AS, "--"] + argv
        return argv

    def _run(self, argv, timeout, as_server_user=False, check=True):
        cmd = self._cmd(argv) if as_server_user else argv
        try:
            r = subprocess.run(cmd, capture_output=True, text=True,
                               timeout=timeout, env=_clean_env(),
                               cwd=self.base if os.path.isdir(self.base)
                               else "/", stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise PgError("%s: no answer in %ds\n%s" % (
                " ".join(argv[:2]), timeout, self.log_tail()))
        except OSError as e:
            raise PgError("%s: %s" % (argv[0], e))
        if check and r.returncode != 0:
            raise PgError("%s exited %d\n%s%s\n%s" % (
                " ".join(argv), r.returncode, r.stdout, r.stderr,
                self.log_tail()))
        return r

    def _own(self, path):
        if self.as_root:
            pw = pwd.getpwnam(RUN_AS)
            os.chown(path, pw.pw_uid, pw.pw_gid)

    def log_tail(self, n=30):
        try:
            with open(self.logpath, encoding="utf-8", errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    # --- life -----------------------------------------------------------

    def init(self):
        shutil.rmtree(self.base, ignore_errors=True)
        os.makedirs(self.base)
        os.chmod(self.base, 0o755)
        self._own(self.base)
        self._run([os.path.join(self.bindir, "initdb"), "-D", self.datadir,
                   "-A", "trust", "-U", USER, "--no-sync", "-E", "UTF8",
                   "--locale=C"], timeout=120, as_server_user=True)
        self.initialized = True
        return self

    def start(self):
        """Starts the server (initdb first, the first time); returns self."""
        if not self.initialized:
            self.init()
        if self.running:
            return self
        if not os.path.isdir(self.sockdir):
            os.makedirs(self.sockdir)
            os.chmod(self.sockdir, 0o755)
            self._own(self.sockdir)
        opts = ("-k %s -c listen_addresses='' -p %d -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off" %
                (self.sockdir, self.port))
        # Registered before pg_ctl runs: a start that times out half-way
        # is still stopped at exit.
        self.running = True
        if self not in _live:
            _live.append(self)
        try:
            self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir,
                       "-l", self.logpath, "-o", opts, "-w", "-t", "60",
                       "start"], timeout=90, as_server_user=True)
        except PgError:
            self._pg_ctl_stop("immediate", check=False)
            self.running = False
            raise
        self._wait_ready()
        return self

    def _wait_ready(self, timeout=30):
        end = time.time() + timeout
        err = None
        while time.time() < end:
            try:
                if self.psql("postgres", "SELECT 1", timeout=10) == ["1"]:
                    return
            except PgError as e:
                err = e
            time.sleep(0.1)
        raise PgError("the server does not answer: %s" % err)

    def _pg_ctl_stop(self, mode, check=True):
        if not os.path.isfile(os.path.join(self.datadir, "postmaster.pid")):
            return
        self._run([os.path.join(self.bindir, "pg_ctl"), "-D", self.datadir,
                   "-m", mode, "-w", "-t", "60", "stop"], timeout=90,
                  as_server_user=True, check=check)

    def stop(self, mode="fast"):
        """Stops the server (pg_ctl -m fast) and removes its socket
        directory; nothing more when it is stopped already."""
        try:
            if self.running:
                try:
                    self._pg_ctl_stop(mode)
                except PgError:
                    self._pg_ctl_stop("immediate", check=False)
                    raise
        finally:
            self.running = False
            if self in _live:
                _live.remove(self)
            shutil.rmtree(self.sockdir, ignore_errors=True)

    def kill(self):
        """An outage: the server goes at once (pg_ctl -m immediate), its
        clients' connections break; start() brings the same data back.
        (Still cleaned up at exit.)"""
        if not self.running:
            return
        try:
            self._pg_ctl_stop("immediate")
        finally:
            self.running = False

    def is_up(self):
        r = self._run([os.path.join(self.bindir, "pg_ctl"), "-D",
                       self.datadir, "status"], timeout=30,
                      as_server_user=True, check=False)
        return r.returncode == 0

    # --- clients ------------------------------------------------------

    def url(self, dbname, password=None):
        """A libpq URI for DBNAME over the socket, as user pagefeed."""
        auth = USER if password is None else "%s:%s" % (USER, password)
        return "postgresql://%s@/%s?host=%s&port=%d" % (
            auth, dbname, self.sockdir, self.port)

    def conninfo(self, dbname):
        """The same as url(), in libpq's keyword form."""
        return "host=%s port=%d dbname=%s user=%s" % (
            self.sockdir, self.port, dbname, USER)

    def psql(self, dbname, sql, timeout=30):
        """Runs SQL in DBNAME; the rows of the output (psql -At: columns
        separated by |).  PgError on failure."""
        r = self._run([self.psql_bin, "-X", "-q", "-At", "-v",
                       "ON_ERROR_STOP=1", "-h", self.sockdir, "-p",
                       str(self.port), "-U", USER, "-d", dbname, "-c", sql],
                      timeout=timeout)
        return r.stdout.splitlines()

    def createdb(self, name):
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
            raise PgError("bad database name %r" % name)
        self.psql("postgres", 'CREATE DATABASE "%s"' % name)
        return name


if __name__ == "__main__":
    # By hand: python3 tests/pglib.py [WORKDIR]
    import tempfile
    why = PgServer.unavailable()
    if why:
        print("unavailable: " + why)
        sys.exit(0)
    work = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp()
    t0 = time.time()
    pg = PgServer(work).start()
    print("started in %.1fs, bindir %s, socket %s" % (time.time() - t0,
                                                      pg.bindir, pg.sockdir))
    pg.createdb("demo")
    print("SELECT 1 ->", pg.psql("demo", "SELECT 1"))
    print("url:", pg.url("demo"))
    pg.kill()
    print("killed; up:", pg.is_up())
    pg.start()
    print("again:", pg.psql("demo", "SELECT current_user, current_database()"))
    pg.stop()
    print("stopped; up:", pg.is_up(), "socket dir left:",
          os.path.exists(pg.sockdir))
