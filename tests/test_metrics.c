/*
 * test_metrics.c: the counters, and the exposition read back by a strict
 * parser of the text format 0.0.4: sample grammar, HELP and TYPE before
 * every family's samples, families not split, no duplicate series, counters
 * ending in _total, cumulative histogram buckets ending with +Inf == _count,
 * label escaping.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "app.h"
#include "buf.h"
#include "config.h"
#include "exposition.h"
#include "metrics.h"
#include "source.h"
#include "store.h"
#include "tap.h"
#include "testlib.h"
#include "util.h"

struct sample {
	char	*s_name;
	char	*s_labels;	/* as written, braces included; "" if none */
	char	*s_le;		/* unescaped value of le, or NULL */
	double	 s_value;
};

struct family {
	char	*f_name;
	char	*f_type;
	int	 f_help;
};

struct doc {
	struct sample	*d_samples;
	size_t		 d_nsamples;
	struct family	*d_families;
	size_t		 d_nfamilies;
	int		 d_errors;
};

static void
doc_error(struct doc *d, int line, const char *what, const char *text,
    size_t len)
{
	if (d->d_errors++ < 10)
		printf("#   line %d: %s: %.*s\n", line, what,
		    (int)(len > 200 ? 200 : len), text);
}

static struct family *
doc_family(struct doc *d, const char *name)
{
	size_t	 i;

	for (i = 0; i < d->d_nfamilies; i++)
		if (strcmp(d->d_families[i].f_name, name) == 0)
			return (&d->d_families[i]);
	return (NULL);
}

static int
name_start(int c)
{
	return (isalpha(c) || c == '_' || c == ':');
}

static int
name_char(int c)
{
	return (isalnum(c) || c == '_' || c == ':');
}

static int
value_ok(const char *s, double *v)
{
	char	*end;

	if (strcmp(s, "+Inf") == 0) {
		*v = INFINITY;
		return (1);
	}
	if (strcmp(s, "-Inf") == 0) {
		*v = -INFINITY;
		return (1);
	}
	if (strcmp(s, "NaN") == 0) {
		*v = NAN;
		return (1);
	}
	if (*s == '\0' || isspace((unsigned char)*s))
		return (0);
	*v = strtod(s, &end);
	return (*end == '\0' && isfinite(*v));
}

/* The family a sample of NAME belongs to, given the family being read. */
static int
sample_in_family(const char *name, const struct family *f)
{
	static const char	*const suffixes[] = { "_bucket", "_sum",
	    "_count" };
	size_t			 i, n = strlen(f->f_name);

	if (strcmp(f->f_type, "histogram") != 0)
		return (strcmp(name, f->f_name) == 0);
	if (strncmp(name, f->f_name, n) != 0)
		return (0);
	for (i = 0; i < 3; i++)
		if (strcmp(name + n, suffixes[i]) == 0)
			return (1);
	return (0);
}

/* Parses {k="v",...} at *P; returns 0 or -1.  Sets *le when a label is le. */
static int
parse_labels(const char **pp, char **le)
{
	const char	*p = *pp;
	char		 names[16][64], value[1024];
	size_t		 nnames = 0, i, n, vl;

	*le = NULL;
	if (*p != '{')
		return (0);
	p++;
	while (*p != '}') {
		if (!name_start((unsigned char)*p) || *p == ':')
			return (-1);
		for (n = 0; name_char((unsigned char)p[n]) && p[n] != ':'; n++)
			;
		if (n >= sizeof(names[0]) || nnames == 16)
			return (-1);
		memcpy(names[nnames], p, n);
		names[nnames][n] = '\0';
		for (i = 0; i < nnames; i++)
			if (strcmp(names[i], names[nnames]) == 0)
				return (-1);	/* label twice */
		nnames++;
		p += n;
		if (p[0] != '=' || p[1] != '"')
			return (-1);
		p += 2;
		vl = 0;
		while (*p != '"') {
			if (*p == '\0' || *p == '\n' || vl + 1 >= sizeof(value))
				return (-1);
			if (*p == '\\') {
				p++;
				if (*p == 'n')
					value[vl++] = '\n';
				else if (*p == '\\' || *p == '"')
					value[vl++] = *p;
				else
					return (-1);
			} else
				value[vl++] = *p;
			p++;
		}
		value[vl] = '\0';
		p++;
		if (strcmp(names[nnames - 1], "le") == 0)
			*le = xstrdup(value);
		if (*p == ',')
			p++;
		else if (*p != '}')
			return (-1);
	}
	*pp = p + 1;
	return (0);
}

static int
cmp_series(const void *a, const void *b)
{
	const struct sample	*x = a, *y = b;
	int			 c = strcmp(x->s_name, y->s_name);

	return (c != 0 ? c : strcmp(x->s_labels, y->s_labels));
}

/* Checks each histogram: buckets cumulative, le rising, +Inf == _count. */
static void
check_histogram(struct doc *d, const struct family *f)
{
	char	 bucket[256], count[256];
	double	 last_le = -INFINITY, last_v = 0, le, inf = -1, cnt = -1;
	size_t	 i;
	char	*end;

	snprintf(bucket, sizeof(bucket), "%s_bucket", f->f_name);
	snprintf(count, sizeof(count), "%s_count", f->f_name);
	for (i = 0; i < d->d_nsamples; i++) {
		struct sample *s = &d->d_samples[i];

		if (strcmp(s->s_name, count) == 0)
			cnt = s->s_value;
		if (strcmp(s->s_name, bucket) != 0)
			continue;
		if (s->s_le == NULL) {
			doc_error(d, 0, "bucket without le", s->s_name,
			    strlen(s->s_name));
			continue;
		}
		le = strcmp(s->s_le, "+Inf") == 0 ? INFINITY :
		    strtod(s->s_le, &end);
		if (le <= last_le)
			doc_error(d, 0, "le not rising", s->s_le,
			    strlen(s->s_le));
		if (s->s_value < last_v)
			doc_error(d, 0, "buckets not cumulative", s->s_le,
			    strlen(s->s_le));
		last_le = le;
		last_v = s->s_value;
		if (isinf(le))
			inf = s->s_value;
	}
	if (!isinf(last_le))
		doc_error(d, 0, "histogram does not end with +Inf", f->f_name,
		    strlen(f->f_name));
	if (inf != cnt)
		doc_error(d, 0, "+Inf bucket differs from _count", f->f_name,
		    strlen(f->f_name));
}

static void
doc_parse(struct doc *d, const char *text)
{
	const char	*p = text, *eol, *q;
	struct family	*cur = NULL, *f;
	struct sample	*s;
	char		 kw[8], name[256], rest[512], *le;
	size_t		 len, cap = 0, fcap = 0, i;
	int		 line = 0;
	double		 v;

	memset(d, 0, sizeof(*d));
	if (*text == '\0' || text[strlen(text) - 1] != '\n')
		doc_error(d, 0, "document does not end with a newline", "", 0);
	for (; *p != '\0'; p = eol + 1) {
		line++;
		if ((eol = strchr(p, '\n')) == NULL)
			eol = p + strlen(p);
		len = (size_t)(eol - p);
		if (len == 0 || len >= sizeof(rest)) {
			doc_error(d, line, "empty or long line", p, len);
			if (*eol == '\0')
				break;
			continue;
		}
		if (*p == '#') {
			char	 l[600];

			memcpy(l, p, len);
			l[len] = '\0';
			rest[0] = '\0';
			if (sscanf(l, "# %7s %255s %511[^\n]", kw, name,
			    rest) < 3) {
				doc_error(d, line, "bad comment line", p, len);
				continue;
			}
			f = doc_family(d, name);
			if (strcmp(kw, "HELP") == 0) {
				if (f != NULL) {
					doc_error(d, line, "HELP again", p, len);
					continue;
				}
				if (d->d_nfamilies == fcap) {
					fcap = fcap ? fcap * 2 : 16;
					d->d_families = xreallocarray(
					    d->d_families, fcap,
					    sizeof(*d->d_families));
				}
				f = &d->d_families[d->d_nfamilies++];
				f->f_name = xstrdup(name);
				f->f_type = NULL;
				f->f_help = 1;
				cur = NULL;
			} else if (strcmp(kw, "TYPE") == 0) {
				if (f == NULL || f->f_type != NULL) {
					doc_error(d, line, "TYPE without HELP "
					    "before it, or again", p, len);
					continue;
				}
				if (strcmp(rest, "counter") != 0 &&
				    strcmp(rest, "gauge") != 0 &&
				    strcmp(rest, "histogram") != 0) {
					doc_error(d, line, "unexpected type",
					    p, len);
					continue;
				}
				f->f_type = xstrdup(rest);
				if (strcmp(rest, "counter") == 0 &&
				    (strlen(name) < 6 || strcmp(name +
				    strlen(name) - 6, "_total") != 0))
					doc_error(d, line, "counter without "
					    "_total", p, len);
				if (strcmp(rest, "counter") != 0 &&
				    strstr(name, "_total") != NULL)
					doc_error(d, line, "_total on a "
					    "non-counter", p, len);
				cur = f;
			} else
				doc_error(d, line, "unknown comment", p, len);
			continue;
		}
		/* A sample: name, labels, one space, value; no timestamp. */
		q = p;
		if (!name_start((unsigned char)*q)) {
			doc_error(d, line, "bad metric name", p, len);
			continue;
		}
		while (q < eol && name_char((unsigned char)*q))
			q++;
		memcpy(name, p, (size_t)(q - p));
		name[q - p] = '\0';
		if (cur == NULL || !sample_in_family(name, cur)) {
			doc_error(d, line, "sample outside its family's HELP "
			    "and TYPE", p, len);
			continue;
		}
		{
			const char	*lstart = q;
			char		 labels[512];

			if (parse_labels(&q, &le) == -1 || q > eol) {
				doc_error(d, line, "bad labels", p, len);
				continue;
			}
			memcpy(labels, lstart, (size_t)(q - lstart));
			labels[q - lstart] = '\0';
			if (*q != ' ') {
				doc_error(d, line, "no space before value", p,
				    len);
				free(le);
				continue;
			}
			q++;
			memcpy(rest, q, (size_t)(eol - q));
			rest[eol - q] = '\0';
			if (!value_ok(rest, &v)) {
				doc_error(d, line, "bad value", p, len);
				free(le);
				continue;
			}
			if (strcmp(cur->f_type, "counter") == 0 && !(v >= 0))
				doc_error(d, line, "negative counter", p, len);
			if (d->d_nsamples == cap) {
				cap = cap ? cap * 2 : 64;
				d->d_samples = xreallocarray(d->d_samples, cap,
				    sizeof(*d->d_samples));
			}
			s = &d->d_samples[d->d_nsamples++];
			s->s_name = xstrdup(name);
			s->s_labels = xstrdup(labels);
			s->s_le = le;
			s->s_value = v;
		}
		if (*eol == '\0')
			break;
	}
	for (i = 0; i < d->d_nfamilies; i++) {
		if (d->d_families[i].f_type == NULL) {
			doc_error(d, 0, "HELP without TYPE",
			    d->d_families[i].f_name,
			    strlen(d->d_families[i].f_name));
			continue;
		}
		if (strcmp(d->d_families[i].f_type, "histogram") == 0)
			check_histogram(d, &d->d_families[i]);
	}
	/* No series twice (sorted copy, so 10,000 sources stay fast). */
	if (d->d_nsamples > 1) {
		struct sample	*sorted = xreallocarray(NULL, d->d_nsamples,
		    sizeof(*sorted));

		memcpy(sorted, d->d_samples, d->d_nsamples * sizeof(*sorted));
		qsort(sorted, d->d_nsamples, sizeof(*sorted), cmp_series);
		for (i = 1; i < d->d_nsamples; i++)
			if (cmp_series(&sorted[i - 1], &sorted[i]) == 0)
				doc_error(d, 0, "series twice", sorted[i].s_name,
				    strlen(sorted[i].s_name));
		free(sorted);
	}
}

static void
doc_free(struct doc *d)
{
	size_t	 i;

	for (i = 0; i < d->d_nsamples; i++) {
		free(d->d_samples[i].s_name);
		free(d->d_samples[i].s_labels);
		free(d->d_samples[i].s_le);
	}
	for (i = 0; i < d->d_nfamilies; i++) {
		free(d->d_families[i].f_name);
		free(d->d_families[i].f_type);
	}
	free(d->d_samples);
	free(d->d_families);
}

/* The value of NAME with LABELS as written ("" for none); NaN if absent. */
static double
doc_value(const struct doc *d, const char *name, const char *labels)
{
	size_t	 i;

	for (i = 0; i < d->d_nsamples; i++)
		if (strcmp(d->d_samples[i].s_name, name) == 0 &&
		    strcmp(d->d_samples[i].s_labels, labels) == 0)
			return (d->d_samples[i].s_value);
	return (NAN);
}

static void
check_value(const struct doc *d, const char *name, const char *labels,
    double want)
{
	double	 got = doc_value(d, name, labels);
	char	 what[512];

	snprintf(what, sizeof(what), "%s%s = %g", name, labels, want);
	if (!tap_ok(got == want || (isinf(want) && got == want), what))
		printf("#   expected: %g\n#   got:      %g\n", want, got);
}

static void
check_absent(const struct doc *d, const char *name, const char *labels)
{
	char	 what[512];

	snprintf(what, sizeof(what), "no %s%s", name, labels);
	tap_ok(isnan(doc_value(d, name, labels)), what);
}

static int
render_parse(struct metrics *m, struct app *app, struct buf *b,
    struct doc *d, const char *what)
{
	char	 msg[256];
	int	 rv;

	buf_init(b, 64 * 1024 * 1024);
	rv = metrics_render(m, app, b);
	snprintf(msg, sizeof(msg), "%s: rendered", what);
	tap_long(rv, 0, msg);
	doc_parse(d, b->b_data != NULL ? b->b_data : "");
	snprintf(msg, sizeof(msg), "%s: the parser accepts every line", what);
	tap_long(d->d_errors, 0, msg);
	return (rv);
}

/* The parser itself: it must refuse what the format forbids. */
static void
test_parser(void)
{
	static const struct {
		const char	*text;
		const char	*what;
	} bad[] = {
		{ "x 1\n", "a sample without HELP and TYPE" },
		{ "# TYPE x gauge\nx 1\n", "TYPE without HELP" },
		{ "# HELP x h\n# TYPE x counter\nx 1\n",
		    "a counter not ending in _total" },
		{ "# HELP x h\n# TYPE x gauge\nx{a=\"\\t\"} 1\n",
		    "an unknown escape" },
		{ "# HELP x h\n# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n",
		    "a label twice" },
		{ "# HELP x h\n# TYPE x gauge\nx 1\nx 2\n", "a series twice" },
		{ "# HELP x h\n# TYPE x gauge\nx one\n", "a bad value" },
		{ "# HELP x h\n# TYPE x gauge\ny 1\n",
		    "a sample of another family" },
		{ "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 2\n"
		    "h_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
		    "buckets not cumulative" },
		{ "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
		    "h_sum 1\nh_count 1\n", "no +Inf bucket" },
		{ "# HELP h h\n# TYPE h histogram\nh_bucket{le=\"+Inf\"} 2\n"
		    "h_sum 1\nh_count 1\n", "+Inf differs from _count" },
		{ "# HELP x h\n# TYPE x gauge\nx 1", "no final newline" },
	};
	struct doc	 d;
	size_t		 i;
	char		 what[128];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		printf("# expecting an error: %s\n", bad[i].what);
		doc_parse(&d, bad[i].text);
		snprintf(what, sizeof(what), "the parser refuses %s",
		    bad[i].what);
		tap_ok(d.d_errors > 0, what);
		doc_free(&d);
	}
	doc_parse(&d, "# HELP x a \\\\ help\n# TYPE x gauge\n"
	    "x{a=\"q\\\"b\\\\n\\n\"} -1.5e3\n");
	tap_long(d.d_errors, 0, "the parser accepts a valid document");
	tap_ok(d.d_nsamples == 1 && d.d_samples[0].s_value == -1500,
	    "and reads its value");
	doc_free(&d);
}

static void
test_empty(void)
{
	struct metrics	*m = metrics_new();
	struct app	 app;
	struct buf	 b;
	struct doc	 d;
	struct source_state ss;
	sqlite3		*db = NULL;
	char		*cause = NULL;
	size_t		 i;
	static const char *const families[] = {
		"pagefeed_build_info", "pagefeed_store_writable",
		"pagefeed_polls_total", "pagefeed_items_new_total",
		"pagefeed_fetch_duration_seconds",
		"pagefeed_http_requests_total", "pagefeed_source_up",
		"pagefeed_source_last_success_timestamp_seconds",
		"pagefeed_source_consecutive_failures", "pagefeed_feed_items",
		"process_cpu_seconds_total", "process_resident_memory_bytes",
		"process_virtual_memory_bytes", "process_open_fds",
		"process_max_fds", "process_start_time_seconds",
	};

	memset(&app, 0, sizeof(app));
	app.app_started = 1700000123;
	render_parse(m, &app, &b, &d, "no sources");
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		char	 what[128];

		snprintf(what, sizeof(what), "family %s with HELP and TYPE",
		    families[i]);
		tap_ok(doc_family(&d, families[i]) != NULL &&
		    doc_family(&d, families[i])->f_type != NULL, what);
	}
	tap_str(doc_family(&d, "pagefeed_fetch_duration_seconds")->f_type,
	    "histogram", "fetch duration is a histogram");
	tap_str(doc_family(&d, "pagefeed_polls_total")->f_type, "counter",
	    "polls_total is a counter");
	tap_str(doc_family(&d, "pagefeed_source_up")->f_type, "gauge",
	    "source_up is a gauge");
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"+Inf\"}", 0);
	check_value(&d, "pagefeed_fetch_duration_seconds_count", "", 0);
	check_value(&d, "pagefeed_fetch_duration_seconds_sum", "", 0);
	check_value(&d, "pagefeed_store_writable", "", 1);
	check_value(&d, "pagefeed_build_info", "{version=\"" PACKAGE_VERSION
	    "\"}", 1);
	check_value(&d, "process_start_time_seconds", "", 1700000123);
	tap_ok(doc_value(&d, "process_resident_memory_bytes", "") > 1e5,
	    "resident memory is over 100 kB");
	tap_ok(doc_value(&d, "process_virtual_memory_bytes", "") >=
	    doc_value(&d, "process_resident_memory_bytes", ""),
	    "virtual memory >= resident");
	tap_ok(doc_value(&d, "process_open_fds", "") >= 3,
	    "at least stdin, stdout, stderr open");
	tap_ok(doc_value(&d, "process_cpu_seconds_total", "") >= 0,
	    "cpu seconds >= 0");
	tap_ok(strstr(b.b_data, "pagefeed_polls_total{") == NULL &&
	    strstr(b.b_data, "pagefeed_http_requests_total{") == NULL,
	    "no sources, no requests: no per-source or per-code samples");
	doc_free(&d);
	buf_free(&b);

	/* A write that failed (another writer holds the lock) shows as 0. */
	if ((app.app_store = store_open(testlib_tmpdir("metrics"),
	    NULL)) == NULL || sqlite3_open(store_path(app.app_store),
	    &db) != SQLITE_OK || sqlite3_exec(db, "BEGIN IMMEDIATE", NULL,
	    NULL, NULL) != SQLITE_OK)
		tap_ok(0, "store failed: set up");
	else {
		memset(&ss, 0, sizeof(ss));
		tap_long(store_state_put(app.app_store, "x", &ss, &cause), -1,
		    "store failed: a write under another's lock");
		free(cause);
		render_parse(m, &app, &b, &d, "store failed");
		check_value(&d, "pagefeed_store_writable", "", 0);
		doc_free(&d);
		buf_free(&b);
	}
	sqlite3_close(db);
	store_close(app.app_store);
	app.app_store = NULL;
	testlib_cleanup();
	metrics_free(m);
	metrics_free(NULL);
}

static void
test_sources(void)
{
	struct metrics		*m = metrics_new();
	struct app		 app;
	struct source		 srcs[3];
	struct source_conf	 confs[3];
	struct buf		 b;
	struct doc		 d;
	static char		 names[3][16] = { "alpha", "beta", "delta" };
	const char		*pa, *pb;
	size_t			 i;

	memset(&app, 0, sizeof(app));
	memset(srcs, 0, sizeof(srcs));
	memset(confs, 0, sizeof(confs));
	for (i = 0; i < 3; i++) {
		confs[i].sc_name = names[i];
		srcs[i].src_conf = &confs[i];
		srcs[i].src_app = &app;
	}
	srcs[0].src_status = SOURCE_OK;
	srcs[0].src_state.ss_last_success = 1700000000;
	srcs[0].src_nitems = 10;
	srcs[1].src_status = SOURCE_ERROR;
	srcs[1].src_state.ss_consecutive_failures = 3;
	srcs[2].src_status = SOURCE_PENDING;
	app.app_sources = srcs;
	app.app_nsources = 3;
	app.app_started = time(NULL);

	metrics_poll(m, "alpha", "ok", 0.03, 5);
	metrics_poll(m, "alpha", "ok", 0.3, 3);
	metrics_poll(m, "alpha", "not_modified", 0.05, 0);
	metrics_poll(m, "alpha", "unchanged", -1, -4);
	metrics_poll(m, "beta", "error", 12.0, 0);
	metrics_poll(m, "beta", "error", -1, 0);
	metrics_poll(m, "beta", "error", NAN, 0);
	metrics_poll(m, "beta", "Bad Word", -1, 0);
	metrics_poll(m, "beta", "", -1, 0);
	metrics_poll(m, "beta", NULL, -1, 0);
	metrics_poll(m, "beta", "timeout", 100, 0);
	metrics_poll(m, "gamma", "ok", 0.1, 2);	/* not configured */
	metrics_http(m, 200);
	metrics_http(m, 200);
	metrics_http(m, 200);
	metrics_http(m, 404);
	metrics_http(m, 99);
	metrics_http(m, 600);
	metrics_http(m, -1);

	render_parse(m, &app, &b, &d, "three sources");
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"ok\"}", 2);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"not_modified\"}", 1);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"unchanged\"}", 1);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"error\"}", 0);
	check_absent(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"other\"}");
	check_absent(&d, "pagefeed_polls_total",
	    "{source=\"alpha\",result=\"timeout\"}");
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"beta\",result=\"error\"}", 3);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"beta\",result=\"other\"}", 3);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"beta\",result=\"timeout\"}", 1);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"delta\",result=\"ok\"}", 0);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"gamma\",result=\"ok\"}", 1);
	check_value(&d, "pagefeed_items_new_total", "{source=\"alpha\"}", 8);
	check_value(&d, "pagefeed_items_new_total", "{source=\"beta\"}", 0);
	check_value(&d, "pagefeed_items_new_total", "{source=\"delta\"}", 0);
	check_value(&d, "pagefeed_items_new_total", "{source=\"gamma\"}", 2);

	/* 0.03 0.05 | 0.1 | 0.3 | 12 | 100: le is inclusive. */
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"0.05\"}", 2);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"0.1\"}", 3);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"0.25\"}", 3);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"0.5\"}", 4);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"10\"}", 4);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"30\"}", 5);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"60\"}", 5);
	check_value(&d, "pagefeed_fetch_duration_seconds_bucket",
	    "{le=\"+Inf\"}", 6);
	check_value(&d, "pagefeed_fetch_duration_seconds_count", "", 6);
	tap_ok(fabs(doc_value(&d, "pagefeed_fetch_duration_seconds_sum", "") -
	    112.48) < 1e-9, "histogram sum 112.48");

	check_value(&d, "pagefeed_http_requests_total", "{code=\"200\"}", 3);
	check_value(&d, "pagefeed_http_requests_total", "{code=\"404\"}", 1);
	check_absent(&d, "pagefeed_http_requests_total", "{code=\"500\"}");
	check_absent(&d, "pagefeed_http_requests_total", "{code=\"99\"}");
	check_absent(&d, "pagefeed_http_requests_total", "{code=\"600\"}");

	check_value(&d, "pagefeed_source_up", "{source=\"alpha\"}", 1);
	check_value(&d, "pagefeed_source_up", "{source=\"beta\"}", 0);
	check_value(&d, "pagefeed_source_up", "{source=\"delta\"}", 0);
	check_absent(&d, "pagefeed_source_up", "{source=\"gamma\"}");
	check_value(&d, "pagefeed_source_last_success_timestamp_seconds",
	    "{source=\"alpha\"}", 1700000000);
	check_value(&d, "pagefeed_source_last_success_timestamp_seconds",
	    "{source=\"beta\"}", 0);
	check_value(&d, "pagefeed_source_consecutive_failures",
	    "{source=\"beta\"}", 3);
	check_value(&d, "pagefeed_source_consecutive_failures",
	    "{source=\"alpha\"}", 0);
	check_value(&d, "pagefeed_feed_items", "{source=\"alpha\"}", 10);
	check_value(&d, "pagefeed_feed_items", "{source=\"delta\"}", 0);

	pa = strstr(b.b_data, "pagefeed_source_up{source=\"alpha\"}");
	pb = strstr(b.b_data, "pagefeed_source_up{source=\"beta\"}");
	tap_ok(pa != NULL && pb != NULL && pa < pb, "sources in config order");
	pa = strstr(b.b_data, "pagefeed_items_new_total{source=\"delta\"}");
	pb = strstr(b.b_data, "pagefeed_items_new_total{source=\"gamma\"}");
	tap_ok(pa != NULL && pb != NULL && pa < pb,
	    "counters of an unconfigured name come last");

	/* The same again: a second render changes nothing. */
	{
		struct buf	 b2;
		struct doc	 d2;
		char		*cut1, *cut2;

		render_parse(m, &app, &b2, &d2, "second render");
		/* Process figures may move; compare what precedes them. */
		cut1 = strstr(b.b_data, "# HELP process_");
		cut2 = strstr(b2.b_data, "# HELP process_");
		tap_ok(cut1 != NULL && cut2 != NULL && cut1 - b.b_data ==
		    cut2 - b2.b_data && memcmp(b.b_data, b2.b_data,
		    (size_t)(cut1 - b.b_data)) == 0,
		    "a second render gives the same counters and gauges");
		doc_free(&d2);
		buf_free(&b2);
	}
	doc_free(&d);
	buf_free(&b);

	/* More result words than slots: the extra ones count as "other". */
	metrics_poll(m, "delta", "r1", -1, 0);
	metrics_poll(m, "delta", "r2", -1, 0);
	metrics_poll(m, "delta", "r3", -1, 0);
	metrics_poll(m, "delta", "r4", -1, 0);
	render_parse(m, &app, &b, &d, "many result words");
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"delta\",result=\"r1\"}", 1);
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"delta\",result=\"r2\"}", 1);
	check_absent(&d, "pagefeed_polls_total",
	    "{source=\"delta\",result=\"r3\"}");
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"delta\",result=\"other\"}", 2);
	doc_free(&d);
	buf_free(&b);

	/* A cap too small: -1, never a silent half document. */
	buf_init(&b, 300);
	tap_long(metrics_render(m, &app, &b), -1, "a full buffer: -1");
	tap_ok(b.b_len <= 300, "the cap holds");
	buf_free(&b);
	metrics_free(m);
}

static void
test_escaping(void)
{
	struct metrics		*m = metrics_new();
	struct app		 app;
	struct source		 src;
	struct source_conf	 conf;
	struct buf		 b;
	struct doc		 d;
	static char		 name[] = "we\"ird\\na\nme";
	const char		*want = "pagefeed_source_up{source="
	    "\"we\\\"ird\\\\na\\nme\"} 1\n";
	size_t			 i;
	int			 found = 0;

	memset(&app, 0, sizeof(app));
	memset(&src, 0, sizeof(src));
	memset(&conf, 0, sizeof(conf));
	conf.sc_name = name;
	src.src_conf = &conf;
	src.src_status = SOURCE_OK;
	app.app_sources = &src;
	app.app_nsources = 1;
	metrics_poll(m, name, "ok", 0.1, 1);
	render_parse(m, &app, &b, &d, "escaped label");
	tap_ok(strstr(b.b_data, "pagefeed_fetch_duration_seconds_sum 0.1\n")
	    != NULL, "a sum of 0.1 is written 0.1, not 0.10000000000000001");
	tap_ok(strstr(b.b_data, want) != NULL,
	    "'\"', '\\' and newline escaped in a label value");
	check_value(&d, "pagefeed_polls_total", "{source=\"we\\\"ird\\\\na"
	    "\\nme\",result=\"ok\"}", 1);
	for (i = 0; i < d.d_nsamples; i++)
		if (strcmp(d.d_samples[i].s_name, "pagefeed_source_up") == 0)
			found++;
	tap_long(found, 1, "one source_up sample");
	doc_free(&d);
	buf_free(&b);
	metrics_free(m);
}

/* 10,000 sources: the hash table grows; the time is printed, not checked. */
static void
test_many(void)
{
	struct metrics		*m = metrics_new();
	struct app		 app;
	struct source		*srcs;
	struct source_conf	*confs;
	struct buf		 b;
	struct doc		 d;
	size_t			 i, n = 10000, twos = 0;
	struct timespec		 t0, t1;
	double			 secs;

	srcs = xcalloc(n, sizeof(*srcs));
	confs = xcalloc(n, sizeof(*confs));
	memset(&app, 0, sizeof(app));
	for (i = 0; i < n; i++) {
		xasprintf(&confs[i].sc_name, "source-%zu", i);
		srcs[i].src_conf = &confs[i];
		srcs[i].src_status = i % 2 ? SOURCE_OK : SOURCE_ERROR;
	}
	app.app_sources = srcs;
	app.app_nsources = n;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < 2 * n; i++)
		metrics_poll(m, confs[(i * 7919) % n].sc_name, "ok", 0.2, 1);
	render_parse(m, &app, &b, &d, "10000 sources");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	for (i = 0; i < d.d_nsamples; i++)
		if (strcmp(d.d_samples[i].s_name, "pagefeed_polls_total") == 0 &&
		    strstr(d.d_samples[i].s_labels, "result=\"ok\"") != NULL &&
		    d.d_samples[i].s_value == 2)
			twos++;
	tap_long((long long)twos, (long long)n,
	    "every source counted its 2 polls");
	check_value(&d, "pagefeed_polls_total",
	    "{source=\"source-9999\",result=\"ok\"}", 2);
	check_value(&d, "pagefeed_items_new_total", "{source=\"source-0\"}",
	    2);
	check_value(&d, "pagefeed_fetch_duration_seconds_count", "", 2 * n);
	printf("# 20000 polls, render and parse of %zu bytes: %.3f s\n",
	    b.b_len, secs);
	doc_free(&d);
	buf_free(&b);
	for (i = 0; i < n; i++)
		free(confs[i].sc_name);
	free(confs);
	free(srcs);
	metrics_free(m);
}

int
main(void)
{
	test_parser();
	test_empty();
	test_sources();
	test_escaping();
	test_many();
	return (tap_done());
}
