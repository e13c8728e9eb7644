/*
 * browser.c: pages rendered by headless Chromium, one browser per page,
 * driven from the event loop over the DevTools protocol on a pair of pipes
 * (--remote-debugging-pipe: Chromium reads commands on its fd 3 and writes
 * replies and events on its fd 4, each a JSON text ended by a NUL byte).
 * Pipes rather than the usual WebSocket: no port to pick or collide with,
 * nothing another local user can connect to, no framing to write, and the
 * pipe closes when either side dies.
 *
 * A browser is a process group of its own, so one kill(-pgid) ends the
 * browser and every renderer it forked; it dies with the daemon too
 * (PR_SET_PDEATHSIG, and the closed pipe).  Its memory is watched and its
 * replies are capped, because the page it runs is hostile.
 */
#include <sys/prctl.h>
#include <sys/queue.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/event.h>

#include "browser.h"
#include "buf.h"
#include "json.h"
#include "log.h"
#include "text.h"
#include "util.h"

#define BROWSE_POLL_MS		100	/* render_wait: how often to look */
#define BROWSE_WATCH_MS		250	/* memory: how often to measure */
#define BROWSE_REAP_MS		20	/* killed browsers: how often to reap */
#define BROWSE_EXIT_GRACE_MS	1000	/* pipe closed: wait for the exit */
#define BROWSE_READ_CHUNK	65536
#define BROWSE_READS_PER_PASS	16	/* then let other events run */
#define BROWSE_ERRLINE		240	/* bytes of stderr kept for a message */
#define BROWSE_CMD_MAX		(16 * 1024 * 1024)
#define BROWSE_ENVELOPE		65536	/* a reply's bytes around the DOM */
#define BROWSE_DIR_PREFIX	"pagefeed-chromium-"	/* then pid-XXXXXX */

TAILQ_HEAD(browse_list, browse);

/* A browser killed but not reaped yet: it still holds its slot. */
struct browser_corpse {
	pid_t			 bc_pid;
	char			*bc_dir;
	LIST_ENTRY(browser_corpse) bc_entry;
};

/* A host pages are rendered from: how many now, when the last began. */
struct browser_host {
	char			*bh_name;	/* host:port */
	int			 bh_running;
	long long		 bh_last_ms;
	LIST_ENTRY(browser_host) bh_entry;
};

struct browser {
	struct event_base	*bw_base;
	char			*bw_path;
	int			 bw_concurrency;
	int			 bw_host_concurrency;	/* per host */
	long			 bw_host_delay_ms;	/* between starts */
	LIST_HEAD(, browser_host) bw_hosts;
	size_t			 bw_alive;	/* started, not reaped */
	struct browse_list	 bw_queue;	/* waiting, oldest first */
	struct browse_list	 bw_running;	/* started (or failed to) */
	LIST_HEAD(, browser_corpse) bw_corpses;
	struct event		*bw_pump;	/* starts queued pages */
	struct event		*bw_reap;	/* while anything is to reap */
	struct event		*bw_watch;	/* while anything runs */
};

/* Where a render is, for what comes next and what a timeout says. */
enum browse_step {
	STEP_QUEUED,
	STEP_START,	/* Target.createTarget sent */
	STEP_ATTACH,	/* Target.attachToTarget sent */
	STEP_SETUP,	/* attached; the session's set-up sent */
	STEP_NAVIGATE,	/* Page.navigate sent */
	STEP_WAIT,	/* navigated: waiting for the selector or idle */
	STEP_DOM,	/* the DOM asked for */
	STEP_DONE	/* the callback is due */
};

/*
 * Command ids: fixed ones name their step; polls count up from CMD_POLL,
 * the requests let go on (Fetch.continueRequest) from CMD_CONTINUE.
 */
enum {
	CMD_CREATE = 1, CMD_ATTACH, CMD_NETWORK, CMD_PAGE, CMD_LIFECYCLE,
	CMD_HEADERS, CMD_AGENT, CMD_NAVIGATE, CMD_DOM, CMD_POLL,
	CMD_CONTINUE = 1 << 30
};

static const char *const browse_methods[] = {
	[0] = "an unknown command",
	[CMD_CREATE] = "Target.createTarget",
	[CMD_ATTACH] = "Target.attachToTarget",
	[CMD_NETWORK] = "Network.enable",
	[CMD_PAGE] = "Page.enable",
	[CMD_LIFECYCLE] = "Page.setLifecycleEventsEnabled",
	[CMD_HEADERS] = "Fetch.enable",
	[CMD_AGENT] = "Network.setUserAgentOverride",
	[CMD_NAVIGATE] = "Page.navigate",
	[CMD_DOM] = "Runtime.evaluate",
	[CMD_POLL] = "Runtime.evaluate",
};

struct browse {
	struct browser		*b_browser;
	char			*b_url;
	char			*b_host;	/* b_url's host:port: headers go there */
	struct browser_host	*b_bh;		/* counted there while started */
	char			*b_agent;
	char			*b_cookie;
	char			*b_proxy;
	char			*b_selector;
	char			**b_headers;
	size_t			 b_nheaders;
	int			 b_timeout;
	long			 b_max_size;
	long			 b_memory;
	int			 b_no_tls_verify;
	fetch_cb		 b_cb;
	void			*b_arg;

	enum browse_step	 b_step;
	pid_t			 b_pid;		/* also the pgid; 0: none */
	char			*b_dir;		/* --user-data-dir */
	int			 b_cmd_fd;	/* its fd 3 */
	int			 b_reply_fd;	/* its fd 4 */
	int			 b_err_fd;	/* its stderr */
	struct evbuffer		*b_wq;		/* commands not yet written */
	struct buf		 b_msg;		/* the message being read */
	struct event		*b_wev, *b_rev, *b_eev;
	struct event		*b_deadline;
	struct event		*b_poll;
	struct event		*b_finish;	/* the callback, from the loop */
	long long		 b_start_ms;
	long long		 b_closed_ms;	/* its pipe closed; 0: open */
	int			 b_poll_id;
	int			 b_continue_id;
	int			 b_setup_left;	/* answers still to come */
	char			*b_target;
	char			*b_session;
	char			*b_loader;	/* the main document's */
	long			 b_status;
	long			 b_retry_after;	/* the document's, or -1 */
	size_t			 b_peak;
	char			 b_errline[BROWSE_ERRLINE];
	char			 b_errpart[BROWSE_ERRLINE];
	size_t			 b_errpartlen;

	int			 b_ok;		/* the result, once done */
	char			*b_error;
	char			*b_body;
	size_t			 b_len;
	char			*b_final_url;
	TAILQ_ENTRY(browse)	 b_entry;
};

static void	browse_read_cb(evutil_socket_t, short, void *);
static void	browse_send(struct browse *, int, const char *, int);
static void	browser_arm_reap(struct browser *);


static void
browse_timeval(struct timeval *tv, long ms)
{
	tv->tv_sec = ms / 1000;
	tv->tv_usec = (ms % 1000) * 1000;
}

/*
 * Ends the render with the error FMT: the processes are killed now, the
 * callback follows from the loop (never from inside a read).
 */
static void	browse_fail(struct browse *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));

static int
browser_rm_cb(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if ((flag == FTW_DP ? rmdir(path) : unlink(path)) == -1 &&
	    errno != ENOENT)
		log_warn("%s", path);
	return (0);
}

/* The profile goes with its browser; a few hundred small local files. */
static void
browser_rm_dir(char *dir)
{
	if (dir == NULL)
		return;
	nftw(dir, browser_rm_cb, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

/*
 * Returns 1 once PID has exited and is reaped (its status in *STATUS), 0
 * while it runs.  Its group is killed between the two: while the leader
 * is a zombie its pgid cannot name another process's group.
 */
static int
browser_reap_pid(pid_t pid, int *status)
{
	siginfo_t	 si;

	memset(&si, 0, sizeof(si));
	*status = 0;
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == -1)
		return (errno == ECHILD);
	if (si.si_pid == 0)
		return (0);
	kill(-pid, SIGKILL);
	while (waitpid(pid, status, 0) == -1 && errno == EINTR)
		;
	return (1);
}

/* Closes the pipes, stops every event but the callback. */
static void
browse_close(struct browse *b)
{
	struct event	**evs[] = { &b->b_wev, &b->b_rev, &b->b_eev,
	    &b->b_deadline, &b->b_poll };
	size_t		 i;

	for (i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		if (*evs[i] != NULL) {
			event_free(*evs[i]);
			*evs[i] = NULL;
		}
	if (b->b_cmd_fd != -1)
		close(b->b_cmd_fd);
	if (b->b_reply_fd != -1)
		close(b->b_reply_fd);
	if (b->b_err_fd != -1)
		close(b->b_err_fd);
	b->b_cmd_fd = b->b_reply_fd = b->b_err_fd = -1;
	buf_free(&b->b_msg);
}

/*
 * Kills the browser's whole group; its reaping (and its profile's
 * removal) is left to the reap timer, which frees its slot.
 */
static void
browse_kill(struct browse *b)
{
	struct browser		*bw = b->b_browser;
	struct browser_corpse	*bc;

	browse_close(b);
	if (b->b_pid > 0) {
		kill(-b->b_pid, SIGKILL);
		bc = xcalloc(1, sizeof(*bc));
		bc->bc_pid = b->b_pid;
		bc->bc_dir = b->b_dir;
		LIST_INSERT_HEAD(&bw->bw_corpses, bc, bc_entry);
		b->b_pid = 0;
		b->b_dir = NULL;
		browser_arm_reap(bw);
	}
	browser_rm_dir(b->b_dir);
	b->b_dir = NULL;
}

static void
browse_free(struct browse *b)
{
	struct browser	*bw = b->b_browser;

	if (b->b_step == STEP_QUEUED)
		TAILQ_REMOVE(&bw->bw_queue, b, b_entry);
	else
		TAILQ_REMOVE(&bw->bw_running, b, b_entry);
	if (b->b_bh != NULL) {
		b->b_bh->bh_running--;
		event_active(bw->bw_pump, 0, 0);
	}
	browse_kill(b);
	event_free(b->b_finish);
	if (b->b_wq != NULL)
		evbuffer_free(b->b_wq);
	strv_free(b->b_headers, b->b_nheaders);
	free_all(b->b_url, b->b_host, b->b_agent, b->b_cookie, b->b_proxy,
	    b->b_selector, b->b_target, b->b_session, b->b_loader,
	    b->b_error, b->b_body, b->b_final_url);
	free(b);
}

static void
browse_fail(struct browse *b, const char *fmt, ...)
{
	va_list	 ap;

	if (b->b_step == STEP_DONE)
		return;
	va_start(ap, fmt);
	xvasprintf(&b->b_error, fmt, ap);
	va_end(ap);
	b->b_ok = 0;
	b->b_step = STEP_DONE;
	browse_kill(b);
	event_active(b->b_finish, 0, 0);
}

/* The callback, from the loop; then the browse is gone. */
static void
browse_finish_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browse		*b = arg;
	struct browser		*bw = b->b_browser;
	struct fetch_result	 res;

	(void)fd;
	(void)what;
	memset(&res, 0, sizeof(res));
	res.res_ok = b->b_ok;
	res.res_error = b->b_error;
	res.res_retry_after = b->b_ok ? b->b_retry_after : -1;
	res.res_seconds = b->b_start_ms == 0 ? 0 :
	    (double)(monotonic_ms() - b->b_start_ms) / 1000;
	if (b->b_ok) {
		res.res_status = b->b_status;
		res.res_content_type = "text/html; charset=utf-8";
		res.res_url = b->b_final_url;
		res.res_body = b->b_body;
		res.res_len = b->b_len;
	}
	b->b_cb(&res, b->b_arg);
	browse_free(b);
	event_active(bw->bw_pump, 0, 0);
}

/* The words of a timeout: what the render was waiting for. */
static void
browse_deadline_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browse	*b = arg;
	const char	*wait;

	(void)fd;
	(void)what;
	switch (b->b_step) {
	case STEP_START:
	case STEP_ATTACH:
	case STEP_SETUP:
		wait = "waiting for chromium to start";
		break;
	case STEP_NAVIGATE:
		wait = "waiting for the page to answer";
		break;
	case STEP_WAIT:
		if (b->b_selector != NULL) {
			browse_fail(b, "render timed out after %d s waiting "
			    "for '%s'", b->b_timeout, b->b_selector);
			return;
		}
		wait = "waiting for the network to go idle (a page that "
		    "keeps a connection open needs a render_wait selector)";
		break;
	default:
		wait = "reading the DOM";
		break;
	}
	browse_fail(b, "render timed out after %d s %s", b->b_timeout, wait);
}

/* Keeps the last line of stderr that said something, without its log prefix. */
static void
browse_err_line(struct browse *b)
{
	const char	*s = b->b_errpart, *e;

	b->b_errpart[b->b_errpartlen] = '\0';
	b->b_errpartlen = 0;
	/* Chromium's "[pid:tid:date:LEVEL:file.cc:line] " */
	if (s[0] == '[' && (e = strstr(s, "] ")) != NULL)
		s = e + 2;
	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	if (*s != '\0')
		strlcpy_pf(b->b_errline, s, sizeof(b->b_errline));
}

/* Reads what the browser said on stderr; only one line is kept. */
static void
browse_err_drain(struct browse *b)
{
	char		 chunk[4096];
	ssize_t		 n, i;

	while (b->b_err_fd != -1) {
		if ((n = read(b->b_err_fd, chunk, sizeof(chunk))) == -1 &&
		    errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0 || errno != EAGAIN) {
				event_del(b->b_eev);
				close(b->b_err_fd);
				b->b_err_fd = -1;
			}
			return;
		}
		for (i = 0; i < n; i++) {
			if (chunk[i] == '\n')
				browse_err_line(b);
			else if (b->b_errpartlen < sizeof(b->b_errpart) - 1)
				b->b_errpart[b->b_errpartlen++] = chunk[i];
		}
	}
}

static void
browse_err_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	browse_err_drain(arg);
}

/*
 * The browser is gone (reaped, STATUS) before the page was done.  An exit
 * status comes with the last line it wrote: Chromium logs its complaints
 * about D-Bus first and the reason it gives up last.
 */
static void
browse_exited(struct browse *b, int status)
{
	browse_err_drain(b);
	if (b->b_errpartlen > 0)
		browse_err_line(b);
	if (WIFSIGNALED(status))
		browse_fail(b, "chromium killed by signal %d (%s)",
		    WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		browse_fail(b, "chromium exited with status %d%s%s",
		    WEXITSTATUS(status), b->b_errline[0] != '\0' ? ": " : "",
		    b->b_errline);
}

static void
browse_write_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browse	*b = arg;

	(void)what;
	if (evbuffer_write(b->b_wq, fd) == -1 && errno != EAGAIN &&
	    errno != EINTR) {
		/* EPIPE: it died; the read side sees it and says why. */
		event_del(b->b_wev);
		evbuffer_drain(b->b_wq, evbuffer_get_length(b->b_wq));
		return;
	}
	if (evbuffer_get_length(b->b_wq) == 0)
		event_del(b->b_wev);
}

/* Queues command ID with PARAMS (a JSON object), to the page's session or
 * to the browser itself. */
static void
browse_send(struct browse *b, int id, const char *params, int session)
{
	struct buf	 m;
	const char	*method = id >= CMD_CONTINUE ? "Fetch.continueRequest" :
	    browse_methods[id < CMD_POLL ? id : CMD_POLL];

	/* What comes from the configuration or a page is a JSON string. */
	buf_init(&m, BROWSE_CMD_MAX);
	buf_printf(&m, "{\"id\":%d,\"method\":\"%s\"", id, method);
	if (session && b->b_session != NULL) {
		buf_addstr(&m, ",\"sessionId\":");
		text_json_string(&m, b->b_session);
	}
	buf_printf(&m, ",\"params\":%s}", params != NULL ? params : "{}");
	/* The NUL that ends a message is the buffer's terminator. */
	evbuffer_add(b->b_wq, m.b_data, m.b_len + 1);
	buf_free(&m);
	if (b->b_wev != NULL)
		event_add(b->b_wev, NULL);
}

/* Sends Runtime.evaluate of the JavaScript JS, by value, as ID. */
static void
browse_evaluate(struct browse *b, int id, const char *js)
{
	struct buf	 p;

	buf_init(&p, BROWSE_CMD_MAX);
	buf_addstr(&p, "{\"expression\":");
	text_json_string(&p, js);
	buf_addstr(&p, ",\"returnByValue\":true}");
	browse_send(b, id, p.b_data, 1);
	buf_free(&p);
}

/* render_wait: is the selector there yet?  Asked again BROWSE_POLL_MS
 * after each "no". */
static void
browse_poll(struct browse *b)
{
	struct buf	 js;

	buf_init(&js, BROWSE_CMD_MAX);
	/* The JSON string is a JS string literal too. */
	if (strncmp(b->b_selector, "xpath:", 6) == 0) {
		buf_addstr(&js, "!!document.evaluate(");
		text_json_string(&js, b->b_selector + 6);
		buf_addstr(&js, ",document,null,9,null).singleNodeValue");
	} else {
		buf_addstr(&js, "!!document.querySelector(");
		text_json_string(&js, b->b_selector);
		buf_addstr(&js, ")");
	}
	b->b_poll_id = b->b_poll_id < CMD_POLL ? CMD_POLL : b->b_poll_id + 1;
	browse_evaluate(b, b->b_poll_id, js.b_data);
	buf_free(&js);
}

static void
browse_poll_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	browse_poll(arg);
}

/*
 * The page is ready: ask for its address and DOM in one string.  A DOM of
 * more characters than max_page_size has more bytes too; only its length
 * comes back then, so a huge page is never sent to us.
 */
static void
browse_ask_dom(struct browse *b)
{
	char	*js;

	b->b_step = STEP_DOM;
	if (b->b_poll != NULL)
		evtimer_del(b->b_poll);
	xasprintf(&js, "(function(){var d=document.documentElement,"
	    "s=location.href+'\\n'+(d?d.outerHTML:'');"
	    "return s.length>%ld?s.length:s})()", b->b_max_size);
	browse_evaluate(b, CMD_DOM, js);
	free(js);
}

/* A number of JSON object OBJ's member KEY, or DEF. */
static double
browse_num(const struct json *obj, const char *key, double def)
{
	const struct json	*j = json_get(obj, key);

	return (j != NULL && j->j_type == JSON_NUMBER ? j->j_num : def);
}

/* Why Runtime.evaluate's RESULT threw, or NULL when it did not. */
static const char *
browse_exception(const struct json *result)
{
	const struct json	*ex = json_get(result, "exceptionDetails");
	const char		*s;

	if (ex == NULL)
		return (NULL);
	if ((s = json_string(json_get(json_get(ex, "exception"),
	    "description"))) != NULL || (s = json_string(json_get(ex,
	    "text"))) != NULL)
		return (s);
	return ("an exception");
}

/* The reply to the DOM's Runtime.evaluate: the address, a newline, the DOM. */
static void
browse_dom(struct browse *b, const struct json *result)
{
	const struct json	*v = json_get(json_get(result, "result"),
	    "value");
	const char		*s, *nl, *err;
	static const char	 doctype[] = "<!DOCTYPE html>";

	if ((err = browse_exception(result)) != NULL) {
		browse_fail(b, "could not read the DOM: %s", err);
		return;
	}
	if (v != NULL && v->j_type == JSON_NUMBER) {
		browse_fail(b, "DOM larger than max_page_size (%ld bytes)",
		    b->b_max_size);
		return;
	}
	if ((s = json_string(v)) == NULL || (nl = strchr(s, '\n')) == NULL) {
		browse_fail(b, "chromium gave no DOM");
		return;
	}
	if (strlen(nl + 1) + sizeof(doctype) - 1 > (size_t)b->b_max_size) {
		browse_fail(b, "DOM larger than max_page_size (%ld bytes)",
		    b->b_max_size);
		return;
	}
	if (b->b_status == 0)
		b->b_status = 200;	/* no Document response was seen */
	b->b_final_url = xstrndup(s, (size_t)(nl - s));
	b->b_len = (size_t)xasprintf(&b->b_body, "%s%s", doctype, nl + 1);
	b->b_ok = 1;
	b->b_step = STEP_DONE;
	browse_kill(b);
	event_active(b->b_finish, 0, 0);
}

/* The reply to a render_wait poll. */
static void
browse_polled(struct browse *b, const struct json *result)
{
	const struct json	*v = json_get(json_get(result, "result"),
	    "value");
	const char		*err;
	struct timeval		 tv;

	if ((err = browse_exception(result)) != NULL) {
		browse_fail(b, "render_wait selector '%s' failed: %s",
		    b->b_selector, err);
		return;
	}
	if (v != NULL && v->j_type == JSON_TRUE) {
		browse_ask_dom(b);
		return;
	}
	browse_timeval(&tv, BROWSE_POLL_MS);
	evtimer_add(b->b_poll, &tv);
}

/*
 * Extra headers and the cookie go to the page's own host only, as a fetch
 * sends them, never to the other hosts a page loads from (an API key or a
 * session must not reach an ad server): every request pauses
 * (Fetch.enable) and goes on with them added when its host is the page's.
 * Returns 1 when there are any.
 */
static int
browse_send_headers(struct browse *b)
{
	if (b->b_nheaders == 0 && b->b_cookie == NULL)
		return (0);
	browse_send(b, CMD_HEADERS, "{\"patterns\":[{\"urlPattern\":\"*\","
	    "\"requestStage\":\"Request\"}]}", 1);
	return (1);
}

/* Appends {"name": NAME, "value": VALUE} to the array in P. */
static void
browse_header_entry(struct buf *p, const char *name, size_t namelen,
    const char *value)
{
	char	*n = xstrndup(name, namelen);

	if (p->b_data[p->b_len - 1] != '[')
		buf_addstr(p, ",");
	buf_addstr(p, "{\"name\":");
	text_json_string(p, n);
	buf_addstr(p, ",\"value\":");
	text_json_string(p, value);
	buf_addstr(p, "}");
	free(n);
}

/* Whether header NAME is one of ours (given, or Cookie with a cookie). */
static int
browse_header_ours(const struct browse *b, const char *name)
{
	const char	*colon;
	size_t		 i;

	if (b->b_cookie != NULL && strcasecmp(name, "Cookie") == 0)
		return (1);
	for (i = 0; i < b->b_nheaders; i++)
		if ((colon = strchr(b->b_headers[i], ':')) != NULL &&
		    strlen(name) == (size_t)(colon - b->b_headers[i]) &&
		    strncasecmp(name, b->b_headers[i],
		    (size_t)(colon - b->b_headers[i])) == 0)
			return (1);
	return (0);
}

/*
 * Fetch.requestPaused: a request to the page's host goes on with the
 * request's own headers (ours replacing the same names) and ours; any
 * other goes on as it was.
 */
static void
browse_paused(struct browse *b, const struct json *params)
{
	const struct json	*req = json_get(params, "request"), *h;
	const char		*id = json_string(json_get(params, "requestId"));
	const char		*url = json_string(json_get(req, "url")), *v;
	char			*host = url != NULL ? fetch_host_of(url) : NULL;
	struct buf		 p;
	size_t			 i;

	if (id == NULL)
		goto out;
	buf_init(&p, BROWSE_CMD_MAX);
	buf_addstr(&p, "{\"requestId\":");
	text_json_string(&p, id);
	if (host != NULL && b->b_host != NULL && strcmp(host, b->b_host) == 0) {
		buf_addstr(&p, ",\"headers\":[");
		h = json_get(req, "headers");
		for (h = h != NULL ? h->j_child : NULL; h != NULL; h = h->j_next)
			if ((v = json_string(h)) != NULL && h->j_key != NULL &&
			    !browse_header_ours(b, h->j_key))
				browse_header_entry(&p, h->j_key,
				    strlen(h->j_key), v);
		for (i = 0; i < b->b_nheaders; i++) {
			v = strchr(b->b_headers[i], ':');
			if (v == NULL || v == b->b_headers[i])
				continue;
			browse_header_entry(&p, b->b_headers[i],
			    (size_t)(v - b->b_headers[i]),
			    v + 1 + strspn(v + 1, " \t"));
		}
		if (b->b_cookie != NULL)
			browse_header_entry(&p, "Cookie", 6, b->b_cookie);
		buf_addstr(&p, "]");
	}
	buf_addstr(&p, "}");
	if (b->b_continue_id < CMD_CONTINUE || b->b_continue_id == INT_MAX)
		b->b_continue_id = CMD_CONTINUE;
	browse_send(b, b->b_continue_id++, p.b_data, 1);
	buf_free(&p);
out:
	free(host);
}

/*
 * Attached: the session's set-up, sent at once.  The navigation waits for
 * every answer (b_setup_left): one started while Network.enable is still
 * on its way is cancelled (net::ERR_ABORTED), as Puppeteer found too.
 */
static void
browse_setup(struct browse *b)
{
	struct buf	 p;

	browse_send(b, CMD_NETWORK, NULL, 1);
	browse_send(b, CMD_PAGE, NULL, 1);
	browse_send(b, CMD_LIFECYCLE, "{\"enabled\":true}", 1);
	b->b_setup_left = 3;
	if (browse_send_headers(b))
		b->b_setup_left++;
	if (b->b_agent != NULL) {
		buf_init(&p, BROWSE_CMD_MAX);
		buf_addstr(&p, "{\"userAgent\":");
		text_json_string(&p, b->b_agent);
		buf_addstr(&p, "}");
		browse_send(b, CMD_AGENT, p.b_data, 1);
		buf_free(&p);
		b->b_setup_left++;
	}
	b->b_step = STEP_SETUP;
}

/* Set up: off to the page. */
static void
browse_navigate(struct browse *b)
{
	struct buf	 p;

	buf_init(&p, BROWSE_CMD_MAX);
	buf_addstr(&p, "{\"url\":");
	text_json_string(&p, b->b_url);
	buf_addstr(&p, "}");
	browse_send(b, CMD_NAVIGATE, p.b_data, 1);
	buf_free(&p);
	b->b_step = STEP_NAVIGATE;
}

/* Page.navigate answered: the navigation failed or its document came. */
static void
browse_navigated(struct browse *b, const struct json *result)
{
	const char	*err = json_string(json_get(result, "errorText"));
	const char	*loader = json_string(json_get(result, "loaderId"));

	if (err != NULL && *err != '\0') {
		if (b->b_status != 0)
			browse_fail(b, "navigation failed: %s (HTTP status "
			    "%ld)", err, b->b_status);
		else
			browse_fail(b, "navigation failed: %s", err);
		return;
	}
	if (loader != NULL && b->b_loader == NULL)
		b->b_loader = xstrdup(loader);
	b->b_step = STEP_WAIT;
	if (b->b_selector != NULL)
		browse_poll(b);
}

/* A page is open: attach to it, with the page's messages on our pipe. */
static void
browse_attach(struct browse *b, const char *target)
{
	struct buf	 p;

	b->b_target = xstrdup(target);
	buf_init(&p, BROWSE_CMD_MAX);
	buf_addstr(&p, "{\"targetId\":");
	text_json_string(&p, target);
	buf_addstr(&p, ",\"flatten\":true}");
	browse_send(b, CMD_ATTACH, p.b_data, 0);
	buf_free(&p);
	b->b_step = STEP_ATTACH;
}

/* A reply to command ID (RESULT), in the order the steps go. */
static void
browse_reply(struct browse *b, int id, const struct json *result)
{
	const char	*s;

	if (id == CMD_CREATE && b->b_step == STEP_START) {
		if ((s = json_string(json_get(result, "targetId"))) == NULL)
			browse_fail(b, "chromium opened no page");
		else
			browse_attach(b, s);
	} else if (id == CMD_ATTACH && b->b_step == STEP_ATTACH) {
		if ((s = json_string(json_get(result, "sessionId"))) == NULL)
			browse_fail(b, "chromium gave no session");
		else {
			b->b_session = xstrdup(s);
			browse_setup(b);
		}
	} else if (id >= CMD_NETWORK && id <= CMD_AGENT &&
	    b->b_step == STEP_SETUP) {
		if (--b->b_setup_left == 0)
			browse_navigate(b);
	} else if (id == CMD_NAVIGATE && b->b_step == STEP_NAVIGATE)
		browse_navigated(b, result);
	else if (id == CMD_DOM && b->b_step == STEP_DOM)
		browse_dom(b, result);
	else if (id == b->b_poll_id && b->b_step == STEP_WAIT)
		browse_polled(b, result);
}

/* Whether the message's sessionId is this page's (browser-wide ones are not). */
static int
browse_ours(const struct browse *b, const struct json *msg)
{
	const char	*s = json_string(json_get(msg, "sessionId"));

	return (s != NULL && b->b_session != NULL &&
	    strcmp(s, b->b_session) == 0);
}

/*
 * Page.lifecycleEvent of the main frame (its id is the target's).  The
 * document is the one Page.navigate loaded, or one that replaced it later
 * ("init" of a new loader: a redirect by script); networkIdle is Chrome's
 * "no request for 500 ms".  A page that never goes idle (a long poll, a
 * stream) times out: it needs a render_wait selector, which is better
 * said than guessed around with a fallback.
 */
static void
browse_lifecycle(struct browse *b, const struct json *params)
{
	const char	*frame = json_string(json_get(params, "frameId"));
	const char	*name = json_string(json_get(params, "name"));
	const char	*loader = json_string(json_get(params, "loaderId"));

	if (frame == NULL || name == NULL || loader == NULL ||
	    b->b_target == NULL || strcmp(frame, b->b_target) != 0 ||
	    b->b_step != STEP_WAIT)
		return;
	if (strcmp(name, "init") == 0) {
		free(b->b_loader);
		b->b_loader = xstrdup(loader);
	} else if (strcmp(name, "networkIdle") == 0 && b->b_selector == NULL &&
	    b->b_loader != NULL && strcmp(loader, b->b_loader) == 0)
		browse_ask_dom(b);
}

/*
 * The main frame's document answered: its status, and when a 429 or 503
 * says to come back (header names as the server wrote them, or lower case
 * over HTTP/2).
 */
static void
browse_document(struct browse *b, const struct json *response)
{
	const struct json	*h = json_get(response, "headers");

	b->b_status = (long)browse_num(response, "status", 0);
	b->b_retry_after = -1;
	for (h = h != NULL ? h->j_child : NULL; h != NULL; h = h->j_next)
		if (h->j_key != NULL && strcasecmp(h->j_key, "Retry-After") ==
		    0)
			b->b_retry_after = fetch_retry_after(json_string(h));
}

/* The events a render follows; everything else Chromium says is ignored. */
static void
browse_event(struct browse *b, const char *method, const struct json *params)
{
	const char	*type, *frame;

	if (strcmp(method, "Page.lifecycleEvent") == 0)
		browse_lifecycle(b, params);
	else if (strcmp(method, "Fetch.requestPaused") == 0)
		browse_paused(b, params);
	else if (strcmp(method, "Network.responseReceived") == 0 &&
	    b->b_step >= STEP_NAVIGATE && b->b_step < STEP_DONE) {
		/* The main frame's document: the status the page came with. */
		type = json_string(json_get(params, "type"));
		frame = json_string(json_get(params, "frameId"));
		if (type != NULL && strcmp(type, "Document") == 0 &&
		    frame != NULL && b->b_target != NULL &&
		    strcmp(frame, b->b_target) == 0)
			browse_document(b, json_get(params, "response"));
	} else if (strcmp(method, "Inspector.targetCrashed") == 0)
		browse_fail(b, "the page crashed in chromium");
}

/* One message from Chromium, LEN bytes at S. */
static void
browse_message(struct browse *b, const char *s, size_t len)
{
	struct json		*msg;
	const struct json	*id, *err;
	const char		*method;
	char			*cause = NULL;
	int			 n;

	if ((msg = json_parse_len(s, len, len, JSON_MAX_NODES,
	    &cause)) == NULL) {
		browse_fail(b, "could not read chromium's answer: %s", cause);
		free(cause);
		return;
	}
	id = json_get(msg, "id");
	if (id != NULL && id->j_type == JSON_NUMBER) {
		n = id->j_num >= 1 && id->j_num <= INT_MAX ? (int)id->j_num : 0;
		/* A request let go on may have been cancelled since. */
		if (n >= CMD_CONTINUE)
			;
		else if ((err = json_get(msg, "error")) != NULL) {
			method = json_string(json_get(err, "message"));
			browse_fail(b, "chromium refused %s: %s",
			    browse_methods[n < CMD_POLL ? n : CMD_POLL],
			    method != NULL ? method : "no reason");
		} else
			browse_reply(b, n, json_get(msg, "result"));
	} else if ((method = json_string(json_get(msg, "method"))) != NULL &&
	    browse_ours(b, msg))
		browse_event(b, method, json_get(msg, "params"));
	json_free(msg);
}

/*
 * Splits N bytes at P into messages at their NULs.  The message being
 * read is capped (b_msg's maximum): a page must not make us buffer
 * without end.
 */
static void
browse_input(struct browse *b, const char *p, size_t n)
{
	const char	*nul;
	size_t		 k;

	while (n > 0 && b->b_step != STEP_DONE) {
		nul = memchr(p, '\0', n);
		k = nul != NULL ? (size_t)(nul - p) : n;
		if (buf_add(&b->b_msg, p, k) == -1) {
			browse_fail(b, "DOM larger than max_page_size (%ld "
			    "bytes): chromium's answer passed %zu bytes",
			    b->b_max_size, b->b_msg.b_max);
			return;
		}
		if (nul == NULL)
			return;
		browse_message(b, b->b_msg.b_data != NULL ? b->b_msg.b_data :
		    "", b->b_msg.b_len);
		/* A big message's memory goes back; small ones reuse it. */
		if (b->b_msg.b_cap > BROWSE_ENVELOPE)
			buf_free(&b->b_msg);
		else
			buf_reset(&b->b_msg);
		p += k + 1;
		n -= k + 1;
	}
}

/* Its pipe closed: it is dying.  The reap timer says how it ended. */
static void
browse_closed(struct browse *b)
{
	event_del(b->b_rev);
	if (b->b_closed_ms == 0)
		b->b_closed_ms = monotonic_ms();
	browser_arm_reap(b->b_browser);
}

static void
browse_read_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browse	*b = arg;
	char		 chunk[BROWSE_READ_CHUNK];
	ssize_t		 n;
	int		 i;

	(void)what;
	for (i = 0; i < BROWSE_READS_PER_PASS && b->b_step != STEP_DONE;
	    i++) {
		if ((n = read(fd, chunk, sizeof(chunk))) > 0)
			browse_input(b, chunk, (size_t)n);
		else if (n == -1 && errno == EINTR)
			continue;
		else if (n == -1 && errno == EAGAIN)
			return;
		else {
			browse_closed(b);
			return;
		}
	}
}

/*
 * What every browser is started with.  Reasons for the less obvious:
 * /dev/shm is 64 MB in many containers, too small for a renderer; the
 * basic password store keeps it off a desktop keyring over D-Bus, which
 * can hang.  Not --disable-crashpad-for-testing: with it Chromium 156
 * aborts every navigation (net::ERR_ABORTED).  Its crash handler leaves
 * our process group (setsid), but exits by itself within seconds of the
 * browser it watches.
 */
static const char *const browser_flags[] = {
	"--headless=new", "--remote-debugging-pipe", "--no-first-run",
	"--no-default-browser-check", "--disable-gpu", "--disable-extensions",
	"--disable-background-networking", "--disable-sync", "--mute-audio",
	"--disable-component-update", "--disable-dev-shm-usage",
	"--password-store=basic", "--hide-scrollbars",
};
#define BROWSE_MAXARGS	(sizeof(browser_flags) / sizeof(browser_flags[0]) + 7)

/* The argument vector of B's browser; *FREE1 and *FREE2 are the caller's. */
static void
browse_argv(struct browse *b, char *argv[BROWSE_MAXARGS], char **free1,
    char **free2)
{
	size_t	 i, n = 0;

	argv[n++] = b->b_browser->bw_path;
	for (i = 0; i < sizeof(browser_flags) / sizeof(browser_flags[0]); i++)
		argv[n++] = (char *)browser_flags[i];
	/* Its sandbox refuses to run as root; elsewhere it stays on. */
	if (geteuid() == 0)
		argv[n++] = (char *)"--no-sandbox";
	if (b->b_no_tls_verify)
		argv[n++] = (char *)"--ignore-certificate-errors";
	*free1 = NULL;
	if (b->b_proxy != NULL && strcmp(b->b_proxy, "none") == 0)
		argv[n++] = (char *)"--no-proxy-server";
	else if (b->b_proxy != NULL) {
		xasprintf(free1, "--proxy-server=%s", b->b_proxy);
		argv[n++] = *free1;
	}
	xasprintf(free2, "--user-data-dir=%s", b->b_dir);
	argv[n++] = *free2;
	argv[n++] = (char *)"about:blank";
	argv[n] = NULL;
}

/*
 * The browser's environment: ours, but with a $TMPDIR short enough for the
 * socket Chromium makes under it (a socket's path has 108 bytes: a longer
 * one makes Chromium abort at start).  The array is the caller's to free,
 * and *OWN, the one string made here (or NULL).
 */
#define BROWSE_TMPDIR_MAX	48

static char **
browse_env(char **own)
{
	extern char	**environ;
	char		**env;
	size_t		 n = 0, i, k = 0;
	const char	*tmp = getenv("TMPDIR");
	int		 swap = tmp != NULL && strlen(tmp) > BROWSE_TMPDIR_MAX;

	while (environ[n] != NULL)
		n++;
	env = xcalloc(n + 2, sizeof(*env));
	for (i = 0; i < n; i++)
		if (!swap || strncmp(environ[i], "TMPDIR=", 7) != 0)
			env[k++] = environ[i];
	*own = swap ? xstrdup("TMPDIR=/tmp") : NULL;
	if (*own != NULL)
		env[k++] = *own;
	env[k] = NULL;
	return (env);
}

/*
 * In the child: its own process group, death with its parent, default
 * signals, /dev/null, STDERR on 1 and 2, CMD on 3, REPLY on 4 and no other
 * descriptor, then Chromium.  Nothing here allocates.
 */
static void __attribute__((noreturn))
browse_child(char *const argv[], char *const envp[], int cmd, int reply,
    int err, pid_t parent)
{
	sigset_t	 none;
	int		 sig, fd;

	setpgid(0, 0);
	/* Dies with the daemon even if that is SIGKILLed (or was already). */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(127);
	for (sig = 1; sig < NSIG; sig++)
		signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* Above 4 first, so that no dup2 below overwrites a source. */
	if ((cmd = fcntl(cmd, F_DUPFD, 5)) == -1 ||
	    (reply = fcntl(reply, F_DUPFD, 5)) == -1 ||
	    (err = fcntl(err, F_DUPFD, 5)) == -1 ||
	    (fd = open("/dev/null", O_RDONLY)) == -1 ||
	    dup2(fd, 0) == -1 || dup2(err, 1) == -1 || dup2(err, 2) == -1 ||
	    dup2(cmd, 3) == -1 || dup2(reply, 4) == -1)
		_exit(127);
	if (close_range(5, ~0U, 0) == -1)
		for (fd = 5; fd < 65536; fd++)
			close(fd);
	execve(argv[0], argv, envp);
	dprintf(2, "cannot execute %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* The started browser's events; then the first command. */
static void
browse_watch_pipes(struct browse *b)
{
	struct browser	*bw = b->b_browser;
	struct timeval	 tv;

	evutil_make_socket_nonblocking(b->b_cmd_fd);
	evutil_make_socket_nonblocking(b->b_reply_fd);
	evutil_make_socket_nonblocking(b->b_err_fd);
	b->b_wev = event_new(bw->bw_base, b->b_cmd_fd, EV_WRITE | EV_PERSIST,
	    browse_write_cb, b);
	b->b_rev = event_new(bw->bw_base, b->b_reply_fd, EV_READ | EV_PERSIST,
	    browse_read_cb, b);
	b->b_eev = event_new(bw->bw_base, b->b_err_fd, EV_READ | EV_PERSIST,
	    browse_err_cb, b);
	b->b_deadline = evtimer_new(bw->bw_base, browse_deadline_cb, b);
	b->b_poll = evtimer_new(bw->bw_base, browse_poll_cb, b);
	if (b->b_wev == NULL || b->b_rev == NULL || b->b_eev == NULL ||
	    b->b_deadline == NULL || b->b_poll == NULL)
		fatalx("event_new for a browser");
	event_add(b->b_rev, NULL);
	event_add(b->b_eev, NULL);
	browse_timeval(&tv, (long)b->b_timeout * 1000);
	evtimer_add(b->b_deadline, &tv);
	if (!evtimer_pending(bw->bw_watch, NULL)) {
		browse_timeval(&tv, BROWSE_WATCH_MS);
		evtimer_add(bw->bw_watch, &tv);
	}
	browse_send(b, CMD_CREATE, "{\"url\":\"about:blank\"}", 0);
}

/* A profile of its own, removed with the browser: nothing is kept. */
static int
browse_mkdir(struct browse *b)
{
	const char	*tmp = getenv("TMPDIR");

	/* Our pid in the name: a later daemon removes it if we were killed. */
	xasprintf(&b->b_dir, "%s/" BROWSE_DIR_PREFIX "%ld-XXXXXX",
	    tmp != NULL && *tmp == '/' ? tmp : "/tmp", (long)getpid());
	if (mkdtemp(b->b_dir) == NULL) {
		browse_fail(b, "cannot start chromium: %s: %s", b->b_dir,
		    strerror(errno));
		free(b->b_dir);
		b->b_dir = NULL;
		return (-1);
	}
	return (0);
}

/* Starts B's browser; on failure B is failed. */
static void
browse_spawn(struct browse *b)
{
	int		 cmd[2] = { -1, -1 }, reply[2] = { -1, -1 };
	int		 err[2] = { -1, -1 }, i;
	char		*argv[BROWSE_MAXARGS], *free1 = NULL, *free2 = NULL;
	char		**envp = NULL, *own = NULL;
	sigset_t	 all, old;
	pid_t		 pid, parent = getpid();

	if (browse_mkdir(b) == -1)
		return;
	if (pipe2(cmd, O_CLOEXEC) == -1 || pipe2(reply, O_CLOEXEC) == -1 ||
	    pipe2(err, O_CLOEXEC) == -1) {
		browse_fail(b, "cannot start chromium: pipe: %s",
		    strerror(errno));
		goto out;
	}
	browse_argv(b, argv, &free1, &free2);
	envp = browse_env(&own);
	/* No handler of ours may run in the child before exec. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, &old);
	if ((pid = fork()) == 0)
		browse_child(argv, envp, cmd[0], reply[1], err[1], parent);
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (pid == -1) {
		browse_fail(b, "cannot start chromium: fork: %s",
		    strerror(errno));
		goto out;
	}
	/* Said by both sides, so that kill(-pid) reaches it from now on. */
	setpgid(pid, pid);
	b->b_pid = pid;
	b->b_browser->bw_alive++;
	b->b_cmd_fd = cmd[1];
	b->b_reply_fd = reply[0];
	b->b_err_fd = err[0];
	cmd[1] = reply[0] = err[0] = -1;
	browse_watch_pipes(b);
out:
	for (i = 0; i < 2; i++) {
		if (cmd[i] != -1)
			close(cmd[i]);
		if (reply[i] != -1)
			close(reply[i]);
		if (err[i] != -1)
			close(err[i]);
	}
	free(free1);
	free(free2);
	free(envp);
	free(own);
}

/*
 * The record of host NAME, made if need be; records of hosts with nothing
 * running whose delay has passed are dropped on the way.
 */
static struct browser_host *
browser_host_get(struct browser *bw, const char *name, long long now)
{
	struct browser_host	*bh, *next, *found = NULL;

	for (bh = LIST_FIRST(&bw->bw_hosts); bh != NULL; bh = next) {
		next = LIST_NEXT(bh, bh_entry);
		if (strcmp(bh->bh_name, name) == 0)
			found = bh;
		else if (bh->bh_running == 0 &&
		    now - bh->bh_last_ms >= bw->bw_host_delay_ms) {
			LIST_REMOVE(bh, bh_entry);
			free(bh->bh_name);
			free(bh);
		}
	}
	if (found == NULL) {
		found = xcalloc(1, sizeof(*found));
		found->bh_name = xstrdup(name);
		found->bh_last_ms = now - bw->bw_host_delay_ms;
		LIST_INSERT_HEAD(&bw->bw_hosts, found, bh_entry);
	}
	return (found);
}

/*
 * Starts queued pages, oldest first, while fewer than render_concurrency
 * browsers are alive: each when its host has fewer than host_concurrency
 * renders and host_delay has passed since its last start there (the
 * politeness a fetch gets); else the pump comes back when it will have.
 */
static void
browser_pump_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browser		*bw = arg;
	struct browse		*b, *next;
	struct browser_host	*bh;
	struct timeval		 tv;
	long long		 now = monotonic_ms(), wait = -1, left;

	(void)fd;
	(void)what;
	for (b = TAILQ_FIRST(&bw->bw_queue); b != NULL &&
	    bw->bw_alive < (size_t)bw->bw_concurrency; b = next) {
		next = TAILQ_NEXT(b, b_entry);
		bh = browser_host_get(bw, b->b_host != NULL ? b->b_host : "", now);
		if (bh->bh_running >= bw->bw_host_concurrency)
			continue;
		if ((left = bh->bh_last_ms + bw->bw_host_delay_ms - now) > 0) {
			wait = wait == -1 || left < wait ? left : wait;
			continue;
		}
		bh->bh_running++;
		bh->bh_last_ms = now;
		b->b_bh = bh;
		TAILQ_REMOVE(&bw->bw_queue, b, b_entry);
		TAILQ_INSERT_TAIL(&bw->bw_running, b, b_entry);
		b->b_step = STEP_START;
		b->b_start_ms = now;
		browse_spawn(b);
	}
	if (wait > 0) {
		browse_timeval(&tv, (long)wait);
		evtimer_add(bw->bw_pump, &tv);
	}
}

static void
browser_arm_reap(struct browser *bw)
{
	struct timeval	 tv;

	if (!evtimer_pending(bw->bw_reap, NULL)) {
		browse_timeval(&tv, BROWSE_REAP_MS);
		evtimer_add(bw->bw_reap, &tv);
	}
}

/* One browser less: its slot goes to the next page waiting. */
static void
browser_reaped(struct browser *bw)
{
	bw->bw_alive--;
	event_active(bw->bw_pump, 0, 0);
}

/*
 * Reaps the killed browsers, and those whose pipe closed (a browser that
 * closed it and lingers is killed after BROWSE_EXIT_GRACE_MS).  No zombie
 * is left: the timer runs until every one is reaped.
 */
static void
browser_reap_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browser		*bw = arg;
	struct browser_corpse	*bc, *bcnext;
	struct browse		*b;
	int			 status, pending = 0;

	(void)fd;
	(void)what;
	for (bc = LIST_FIRST(&bw->bw_corpses); bc != NULL; bc = bcnext) {
		bcnext = LIST_NEXT(bc, bc_entry);
		if (!browser_reap_pid(bc->bc_pid, &status)) {
			pending = 1;
			continue;
		}
		LIST_REMOVE(bc, bc_entry);
		browser_rm_dir(bc->bc_dir);
		free(bc);
		browser_reaped(bw);
	}
	TAILQ_FOREACH(b, &bw->bw_running, b_entry) {
		if (b->b_closed_ms == 0 || b->b_pid == 0)
			continue;
		if (browser_reap_pid(b->b_pid, &status)) {
			b->b_pid = 0;
			browser_reaped(bw);
			browse_exited(b, status);
		} else {
			pending = 1;
			if (monotonic_ms() - b->b_closed_ms >
			    BROWSE_EXIT_GRACE_MS)
				kill(-b->b_pid, SIGKILL);
		}
	}
	if (!pending)
		evtimer_del(bw->bw_reap);
}

/* Reads at most LEN - 1 bytes of the file PATH into S.  Returns its length or -1. */
static ssize_t
browser_read_file(const char *path, char *s, size_t len)
{
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return (-1);
	while ((n = read(fd, s, len - 1)) == -1 && errno == EINTR)
		;
	close(fd);
	if (n >= 0)
		s[n] = '\0';
	return (n);
}

/* The process group of process PID, or -1. */
static pid_t
browser_pgrp(const char *pid)
{
	char	 path[64], stat[512], *p, state;
	int	 ppid, pgrp;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	/* "pid (comm) state ppid pgrp ...": comm may hold ") ". */
	if (browser_read_file(path, stat, sizeof(stat)) <= 0 ||
	    (p = strrchr(stat, ')')) == NULL ||
	    sscanf(p + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
		return (-1);
	return ((pid_t)pgrp);
}

/*
 * The memory process PID holds, in bytes: its proportional set size, so
 * that pages shared between the browser's processes (the 200 MB binary,
 * mapped by each of them) count once in the sum, not ten times.  Without
 * smaps_rollup (Linux < 4.14): its resident pages not shared with a file.
 */
static size_t
browser_memory(const char *pid)
{
	char			 path[64], s[4096], *p;
	unsigned long long	 kb, size, res, shared;

	snprintf(path, sizeof(path), "/proc/%s/smaps_rollup", pid);
	if (browser_read_file(path, s, sizeof(s)) > 0 &&
	    (p = strstr(s, "\nPss:")) != NULL &&
	    sscanf(p + 5, "%llu", &kb) == 1)
		return ((size_t)kb * 1024);
	snprintf(path, sizeof(path), "/proc/%s/statm", pid);
	if (browser_read_file(path, s, sizeof(s)) > 0 &&
	    sscanf(s, "%llu %llu %llu", &size, &res, &shared) == 3 &&
	    res >= shared)
		return ((size_t)(res - shared) * (size_t)sysconf(_SC_PAGESIZE));
	return (0);
}

/*
 * Adds the memory of every process in the group of BS[i] to SUM[i]: one
 * pass over /proc for the N browsers.
 */
static void
browser_measure(size_t *sum, struct browse **bs, size_t n)
{
	DIR		*d;
	struct dirent	*de;
	pid_t		 pgrp;
	size_t		 i;

	if ((d = opendir("/proc")) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9' ||
		    (pgrp = browser_pgrp(de->d_name)) <= 0)
			continue;
		for (i = 0; i < n; i++)
			if (bs[i]->b_pid == pgrp) {
				sum[i] += browser_memory(de->d_name);
				break;
			}
	}
	closedir(d);
}

/* Every BROWSE_WATCH_MS: a browser over its memory limit is killed. */
static void
browser_watch_cb(evutil_socket_t fd, short what, void *arg)
{
	struct browser	*bw = arg;
	struct browse	*b, **bs;
	size_t		*sum, n = 0, i;

	(void)fd;
	(void)what;
	bs = xreallocarray(NULL, bw->bw_alive + 1, sizeof(*bs));
	TAILQ_FOREACH(b, &bw->bw_running, b_entry)
		if (b->b_pid > 0 && b->b_step != STEP_DONE && n < bw->bw_alive)
			bs[n++] = b;
	if (n == 0) {
		evtimer_del(bw->bw_watch);
		free(bs);
		return;
	}
	sum = xcalloc(n, sizeof(*sum));
	browser_measure(sum, bs, n);
	for (i = 0; i < n; i++) {
		if (sum[i] > bs[i]->b_peak)
			bs[i]->b_peak = sum[i];
		if (sum[i] > (size_t)bs[i]->b_memory)
			browse_fail(bs[i], "render memory limit %ld MB exceeded "
			    "(%zu MB in use)", bs[i]->b_memory / (1024 * 1024),
			    sum[i] / (1024 * 1024));
	}
	free(sum);
	free(bs);
}

/*
 * Profiles left by a daemon that was killed (SIGKILL, a crash) before it
 * could remove them: those whose pid is no process any more.  A live
 * daemon's (another instance sharing $TMPDIR) are left alone.
 */
static void
browser_rm_stale(void)
{
	const char	*tmp = getenv("TMPDIR");
	DIR		*d;
	struct dirent	*de;
	char		*end, *path;
	long		 pid;

	if (tmp == NULL || *tmp != '/')
		tmp = "/tmp";
	if ((d = opendir(tmp)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, BROWSE_DIR_PREFIX,
		    sizeof(BROWSE_DIR_PREFIX) - 1) != 0)
			continue;
		pid = strtol(de->d_name + sizeof(BROWSE_DIR_PREFIX) - 1, &end,
		    10);
		if (*end != '-' || pid <= 0 || pid > INT_MAX ||
		    kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		xasprintf(&path, "%s/%s", tmp, de->d_name);
		log_info("removing %s, left by a pagefeed that is gone", path);
		browser_rm_dir(path);
	}
	closedir(d);
}

struct browser *
browser_new(struct event_base *base, const char *path, int concurrency,
    char **cause)
{
	struct browser	*bw;

	if (access(path, X_OK) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return (NULL);
	}
	browser_rm_stale();
	bw = xcalloc(1, sizeof(*bw));
	bw->bw_base = base;
	bw->bw_path = xstrdup(path);
	bw->bw_concurrency = concurrency > 0 ? concurrency : 1;
	bw->bw_host_concurrency = INT_MAX;
	LIST_INIT(&bw->bw_hosts);
	TAILQ_INIT(&bw->bw_queue);
	TAILQ_INIT(&bw->bw_running);
	LIST_INIT(&bw->bw_corpses);
	bw->bw_pump = event_new(base, -1, 0, browser_pump_cb, bw);
	bw->bw_reap = event_new(base, -1, EV_PERSIST, browser_reap_cb, bw);
	bw->bw_watch = event_new(base, -1, EV_PERSIST, browser_watch_cb, bw);
	if (bw->bw_pump == NULL || bw->bw_reap == NULL || bw->bw_watch == NULL)
		fatalx("event_new for the browser");
	return (bw);
}

void
browser_configure(struct browser *bw, const char *path, int concurrency,
    int host_concurrency, long host_delay_ms)
{
	free(bw->bw_path);
	bw->bw_path = xstrdup(path);
	bw->bw_concurrency = concurrency > 0 ? concurrency : 1;
	bw->bw_host_concurrency = host_concurrency > 0 ? host_concurrency :
	    INT_MAX;
	bw->bw_host_delay_ms = host_delay_ms > 0 ? host_delay_ms : 0;
	event_active(bw->bw_pump, 0, 0);
}

int
browse_queued(const struct browse *b)
{
	return (b->b_step == STEP_QUEUED);
}

void
browser_free(struct browser *bw)
{
	struct browse		*b;
	struct browser_corpse	*bc;
	struct browser_host	*bh;
	int			 status;

	if (bw == NULL)
		return;
	while ((b = TAILQ_FIRST(&bw->bw_queue)) != NULL)
		browse_free(b);
	while ((b = TAILQ_FIRST(&bw->bw_running)) != NULL)
		browse_free(b);
	/* Each was sent SIGKILL: waiting for it here is short. */
	while ((bc = LIST_FIRST(&bw->bw_corpses)) != NULL) {
		kill(-bc->bc_pid, SIGKILL);
		while (waitpid(bc->bc_pid, &status, 0) == -1 && errno == EINTR)
			;
		LIST_REMOVE(bc, bc_entry);
		browser_rm_dir(bc->bc_dir);
		free(bc);
	}
	while ((bh = LIST_FIRST(&bw->bw_hosts)) != NULL) {
		LIST_REMOVE(bh, bh_entry);
		free(bh->bh_name);
		free(bh);
	}
	event_free(bw->bw_pump);
	event_free(bw->bw_reap);
	event_free(bw->bw_watch);
	free(bw->bw_path);
	free(bw);
}

static char *
browse_strdup(const char *s)
{
	return (s != NULL ? xstrdup(s) : NULL);
}

/* The longest message read: the DOM, each character escaped at worst as
 * "\uXXXX", and the reply around it. */
static size_t
browse_msg_max(long max_size)
{
	if (max_size <= 0 || (unsigned long)max_size > (SIZE_MAX -
	    BROWSE_ENVELOPE) / 6)
		return (SIZE_MAX / 2);
	return ((size_t)max_size * 6 + BROWSE_ENVELOPE);
}

struct browse *
browse_start(struct browser *bw, const struct browse_request *req,
    fetch_cb cb, void *arg)
{
	struct browse	*b = xcalloc(1, sizeof(*b));
	size_t		 i;

	b->b_browser = bw;
	b->b_url = browse_strdup(req->br_url);
	b->b_host = req->br_url != NULL ? fetch_host_of(req->br_url) : NULL;
	b->b_retry_after = -1;
	b->b_no_tls_verify = req->br_no_tls_verify;
	b->b_agent = browse_strdup(req->br_user_agent);
	b->b_cookie = browse_strdup(req->br_cookie);
	b->b_proxy = browse_strdup(req->br_proxy);
	b->b_selector = browse_strdup(req->br_wait_selector);
	b->b_headers = xreallocarray(NULL, req->br_nheaders + 1, sizeof(char *));
	for (i = 0; i < req->br_nheaders; i++)
		b->b_headers[i] = xstrdup(req->br_headers[i]);
	b->b_nheaders = req->br_nheaders;
	b->b_timeout = req->br_timeout;
	b->b_max_size = req->br_max_size;
	b->b_memory = req->br_memory;
	b->b_cb = cb;
	b->b_arg = arg;
	b->b_cmd_fd = b->b_reply_fd = b->b_err_fd = -1;
	buf_init(&b->b_msg, browse_msg_max(req->br_max_size));
	if ((b->b_wq = evbuffer_new()) == NULL || (b->b_finish =
	    event_new(bw->bw_base, -1, 0, browse_finish_cb, b)) == NULL)
		fatalx("event_new for a page to render");
	if (b->b_url == NULL || b->b_timeout <= 0 || b->b_max_size <= 0 ||
	    b->b_memory <= 0) {
		/* The caller's mistake, said through the callback as any other. */
		b->b_step = STEP_START;
		TAILQ_INSERT_TAIL(&bw->bw_running, b, b_entry);
		browse_fail(b, "render request without a URL or a limit");
		return (b);
	}
	b->b_step = STEP_QUEUED;
	TAILQ_INSERT_TAIL(&bw->bw_queue, b, b_entry);
	event_active(bw->bw_pump, 0, 0);
	return (b);
}

void
browse_cancel(struct browse *b)
{
	struct browser	*bw;

	if (b == NULL)
		return;
	bw = b->b_browser;
	browse_free(b);
	event_active(bw->bw_pump, 0, 0);
}

size_t
browse_peak_memory(const struct browse *b)
{
	return (b->b_peak);
}

size_t
browser_running(const struct browser *bw)
{
	return (bw->bw_alive);
}

