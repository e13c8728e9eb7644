/*
 * bench/json.c: what a JSON source costs beside an HTML page of the same
 * size.  Makes a 5 MB JSON API answer ({"data":{"items":[...]}}) and an
 * HTML page of the same bytes holding the same items as a list, then
 * reads each as the daemon reads a fetched body (input_page): the JSON
 * with item = json:$.data.items[*] and with automatic detection, the page
 * with selectors and with automatic detection; and, for scale, the bare
 * parse of each.  Prints, each the best of RUNS runs on the CPU clock,
 * milliseconds, MB/s, the items found, and the most memory the reading
 * held at once.  Figures only: nothing is asserted (`make bench-json`).
 */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "extract.h"
#include "input.h"
#include "item.h"
#include "json.h"
#include "jsonitems.h"
#include "log.h"
#include "util.h"

#define RUNS		10
#define ITEMS		4000		/* in each body */
#define SUMMARY_LEN	1100		/* bytes of an item's summary */
#define NOW		1765000000	/* 2025-12-06, the poll's time */
#define MB		(1024.0 * 1024.0)

static const char bench_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-bench\n"
    "max_page_size = 16M\n"
    "\n"
    "[source json-path]\n"
    "url = https://api.example.org/v1/list\n"
    "item = json:$.data.items[*]\n"
    "\n"
    "[source json-auto]\n"
    "url = https://api.example.org/v1/list\n"
    "\n"
    "[source html-selectors]\n"
    "url = https://example.org/news/\n"
    "item = li.item\n"
    "item.title = h2 a\n"
    "item.link = h2 a @href\n"
    "item.date = time @datetime\n"
    "item.summary = p.summary\n"
    "\n"
    "[source html-auto]\n"
    "url = https://example.org/news/\n";

enum { SRC_JSON_PATH, SRC_JSON_AUTO, SRC_HTML_SEL, SRC_HTML_AUTO };

/*
 * The bytes allocated, counted: glibc's allocator under ours, which adds
 * up what is live (malloc_usable_size) and its peak, so that each case
 * reports the most its reading held at once.  Elsewhere, and under
 * ASan (whose allocator it is then), not measured.
 */
#if defined(__SANITIZE_ADDRESS__)
#define BENCH_ASAN	1		/* gcc: ASan has the allocator */
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BENCH_ASAN	1		/* clang */
#endif
#endif

#if defined(__GLIBC__) && !defined(BENCH_ASAN)
void	*__libc_malloc(size_t);
void	*__libc_calloc(size_t, size_t);
void	*__libc_realloc(void *, size_t);
void	*__libc_memalign(size_t, size_t);
void	 __libc_free(void *);

static size_t	mem_live, mem_peak;

static void *
mem_add(void *p)
{
	if (p != NULL && (mem_live += malloc_usable_size(p)) > mem_peak)
		mem_peak = mem_live;
	return (p);
}

static void
mem_sub(void *p)
{
	size_t	 n = p != NULL ? malloc_usable_size(p) : 0;

	mem_live = mem_live > n ? mem_live - n : 0;
}

void *
malloc(size_t n)
{
	return (mem_add(__libc_malloc(n)));
}

void *
calloc(size_t n, size_t size)
{
	return (mem_add(__libc_calloc(n, size)));
}

void *
realloc(void *old, size_t n)
{
	size_t	 before = old != NULL ? malloc_usable_size(old) : 0;
	void	*p = __libc_realloc(old, n);

	/* NULL with a size: OLD is still there, and still counted. */
	if (p == NULL && n != 0)
		return (NULL);
	mem_live = mem_live > before ? mem_live - before : 0;
	return (mem_add(p));
}

void *
reallocarray(void *old, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		return (NULL);
	}
	return (realloc(old, n * size));
}

int
posix_memalign(void **p, size_t align, size_t n)
{
	if (align < sizeof(void *) || (align & (align - 1)) != 0)
		return (EINVAL);
	if ((*p = mem_add(__libc_memalign(align, n))) == NULL)
		return (ENOMEM);
	return (0);
}

void *
aligned_alloc(size_t align, size_t n)
{
	return (mem_add(__libc_memalign(align, n)));
}

void
free(void *p)
{
	mem_sub(p);
	__libc_free(p);
}

#define MEM_COUNTED	1
#else
static size_t	mem_live, mem_peak;
#define MEM_COUNTED	0
#endif

/* CPU time of this process: the figures do not count waits. */
static double
cpu_seconds(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ((double)ts.tv_sec + (double)ts.tv_nsec / 1e9);
}

/* Item I's words: the same in both bodies, none needing an escape. */
static void
item_text(size_t i, char *summary, size_t size)
{
	static const char *const words[] = { "council", "approves", "the",
	    "new", "cycling", "lanes", "after", "a", "year", "of",
	    "consultation", "with", "residents", "and", "shop", "owners",
	    "along", "route", "work", "starts", "in", "spring", "budget",
	    "bridge", "station", "library", "opening", "hours", "change" };
	uint32_t	 r = (uint32_t)i * 2654435761u + 1;
	size_t		 o = 0, n;
	const char	*w;

	while (o + 16 < size) {
		r = r * 1103515245u + 12345u;
		w = words[(r >> 8) % (sizeof(words) / sizeof(words[0]))];
		n = strlen(w);
		memcpy(summary + o, w, n);
		o += n;
		summary[o++] = ' ';
	}
	memcpy(summary + o - 1, ".", 2);
}

/* The JSON answer and the HTML page, the same items, the same size. */
static void
make_bodies(struct buf *json, struct buf *html)
{
	static const char	 tail[] = "--></body></html>\n";
	char			 summary[SUMMARY_LEN];
	size_t			 i, size;

	buf_init(json, 64 * 1024 * 1024);
	buf_init(html, 64 * 1024 * 1024);
	buf_printf(json, "{\"data\":{\"total\":%d,\"items\":[\n", ITEMS);
	buf_addstr(html, "<!doctype html><html><head><meta charset=\"utf-8\">"
	    "<title>News</title></head><body><nav><a href=\"/\">Home</a> "
	    "<a href=\"/about\">About</a></nav><main><ul class=\"items\">\n");
	for (i = 0; i < ITEMS; i++) {
		item_text(i, summary, sizeof(summary));
		buf_printf(json, "%s{\"id\":%zu,\"title\":\"Council approves "
		    "the new cycling lanes, part %zu\",\"url\":\"https://"
		    "example.org/news/%zu\",\"date\":\"2025-11-%02zuT10:00:00Z"
		    "\",\"summary\":\"%s\"}\n", i ? "," : "", i, i, i,
		    i % 28 + 1, summary);
		buf_printf(html, "<li class=\"item\"><h2><a href=\"https://"
		    "example.org/news/%zu\">Council approves the new cycling "
		    "lanes, part %zu</a></h2><time datetime=\"2025-11-%02zu"
		    "T10:00:00Z\">%02zu.11.2025</time><p class=\"summary\">%s"
		    "</p></li>\n", i, i, i % 28 + 1, i % 28 + 1, summary);
	}
	buf_addstr(json, "]}}\n");
	buf_addstr(html, "</ul></main><footer>(c)</footer><!--");
	/* Padding where neither reader looks: a comment, white space. */
	size = html->b_len + sizeof(tail) - 1;
	if (json->b_len > size)
		size = json->b_len;
	while (html->b_len + sizeof(tail) - 1 < size)
		buf_add(html, " ", 1);
	buf_addstr(html, tail);
	while (json->b_len < size)
		buf_add(json, " ", 1);
}

/* One way of reading a body: a bare parse, or input_page. */
struct bcase {
	const char	*c_name;
	int		 c_source;	/* SRC_*, or -1: a bare parse */
	int		 c_json;
};

/* Reads BODY once as C says; returns the items found. */
static size_t
read_once(const struct config *cf, const struct bcase *c, const char *body,
    size_t len)
{
	const struct source_conf *sc = &cf->cf_sources[c->c_source < 0 ?
			    SRC_HTML_AUTO : c->c_source];
	struct extraction	 ex;
	struct extract_doc	 ed;
	struct json		*root;
	char			*cause = NULL;
	size_t			 n = 0;

	memset(&ex, 0, sizeof(ex));
	if (c->c_source >= 0) {
		if (input_page(sc, body, len, sc->sc_url, c->c_json ?
		    "application/json" : "text/html; charset=utf-8", NOW, &ex,
		    &cause) == -1)
			fatalx("%s: %s", c->c_name, cause);
		n = ex.ex_nitems;
		extraction_free(&ex);
	} else if (c->c_json) {
		if ((root = json_parse_len(body, len, (size_t)
		    sc->sc_max_page_size, JSONITEMS_MAX_NODES, &cause)) == NULL)
			fatalx("%s: %s", c->c_name, cause);
		json_free(root);
	} else {
		if (extract_doc_open(sc, body, len, sc->sc_url,
		    "text/html; charset=utf-8", &ex, &ed, &cause) == -1)
			fatalx("%s: %s", c->c_name, cause);
		extract_doc_close(&ed);
		extraction_free(&ex);
	}
	return (n);
}

/*
 * Best-of-RUNS CPU time of reading BODY as C says, freeing included, and
 * the most memory it held above what was live before.
 */
static void
measure(const struct config *cf, const struct bcase *c, const char *body,
    size_t len, double *best, double *peak, size_t *items)
{
	double	 t0, t;
	size_t	 base;
	int	 i;

	*best = 1e9;
	*peak = 0;
	for (i = 0; i < RUNS; i++) {
		base = mem_peak = mem_live;
		t0 = cpu_seconds();
		*items = read_once(cf, c, body, len);
		t = cpu_seconds() - t0;
		if (t < *best)
			*best = t;
		if ((double)(mem_peak - base) > *peak)
			*peak = (double)(mem_peak - base);
	}
}

int
main(void)
{
	static const struct bcase cases[] = {
		{ "JSON: json_parse_len", -1, 1 },
		{ "JSON: item = json:$.data.items[*]", SRC_JSON_PATH, 1 },
		{ "JSON: automatic", SRC_JSON_AUTO, 1 },
		{ "HTML: parse (extract_doc_open)", -1, 0 },
		{ "HTML: item = li.item, fields", SRC_HTML_SEL, 0 },
		{ "HTML: automatic (detect)", SRC_HTML_AUTO, 0 },
	};
	struct config	*cf;
	struct buf	 json, html;
	const char	*body;
	char		*errors = NULL, items[32], mem[32];
	double		 t, peak, ms[6];
	size_t		 i, n, len;

	log_init(LOG_LVL_ERROR);
	if ((cf = config_load_text("bench-json.conf", bench_conf,
	    &errors)) == NULL)
		fatalx("config: %s", errors);
	make_bodies(&json, &html);
	printf("%d items; JSON %zu bytes, HTML %zu bytes; best of %d, CPU "
	    "time, freeing included\n", ITEMS, json.b_len, html.b_len, RUNS);
	printf("items found stop at ITEM_MAX_ITEMS (%d); the parses find "
	    "none\n\n", ITEM_MAX_ITEMS);
	printf("%-36s %6s %9s %8s %9s\n", "case", "items", "ms", "MB/s",
	    "peak MB");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		body = cases[i].c_json ? json.b_data : html.b_data;
		len = cases[i].c_json ? json.b_len : html.b_len;
		measure(cf, &cases[i], body, len, &t, &peak, &n);
		ms[i] = t * 1e3;
		snprintf(items, sizeof(items), "%zu", n);
		snprintf(mem, sizeof(mem), "%.1f", peak / MB);
		printf("%-36s %6s %9.1f %8.1f %9s\n", cases[i].c_name,
		    cases[i].c_source < 0 ? "-" : items, ms[i],
		    (double)len / MB / t, MEM_COUNTED ? mem : "-");
	}
	printf("\nJSON/HTML time: parse %.2f, configured %.2f, automatic "
	    "%.2f\n", ms[0] / ms[3], ms[1] / ms[4], ms[2] / ms[5]);
	buf_free(&json);
	buf_free(&html);
	config_free(cf);
	return (0);
}
