/*
 * fuzz_changes.c: libFuzzer target for mode = changes.  The first byte
 * picks the source (bits 0-1: the main content; watch, ignore and
 * ignore_text; XPath watch and ignore of text, attributes and strings;
 * min_change with an expression that matches empty) and the content type
 * (bits 2-3); the rest is two pages split by a line "--8<--".  Each is
 * read (changes_read), then the second judged against the first and as a
 * first version (changes_judge), and their lines diffed (linediff): a
 * script that does not turn the old lines into the new, or output past
 * its bounds, aborts.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "config.h"
#include "fuzzlib.h"
#include "item.h"
#include "linediff.h"
#include "util.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-fuzz\n"
    "\n"
    "[source main]\n"
    "url = https://example.org/hours\n"
    "mode = changes\n"
    "\n"
    "[source rules]\n"
    "url = https://example.org/hours#x\n"
    "mode = changes\n"
    "watch = div\n"
    "watch = p.x, li\n"
    "ignore = .ad\n"
    "ignore_text = [0-9]+ days? (have )?passed\n"
    "ignore_text = ^a.*z$\n"
    "\n"
    "[source xpath]\n"
    "url = https://example.org/hours\n"
    "mode = changes\n"
    "watch = xpath://p/text() | //@title\n"
    "watch = xpath:concat('n=', count(//li))\n"
    "ignore = xpath://*[@hidden] | //@class | //comment()\n"
    "\n"
    "[source strict]\n"
    "url = https://example.org/hours\n"
    "mode = changes\n"
    "min_change = 5\n"
    "ignore_text = (x|y)*\n"
    "ignore_text = [[:space:]]+\n";

static const char *const content_types[] = {
	"text/html; charset=utf-8",
	"text/html; charset=windows-1251",
	"text/plain",
	NULL,
};

#define SEPARATOR	"\n--8<--\n"

static struct config	*cf;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cf = fuzz_setup("fuzz_changes.conf", fuzz_conf, 4);
	return (0);
}

/* The watched text of BODY (LEN bytes), or "" when it cannot be read. */
static char *
fuzz_read(const struct source_conf *sc, const char *body, size_t len,
    const char *type)
{
	struct extraction	 ex;
	struct changes_text	 ct;
	char			*cause = NULL, *text;

	if (changes_read(sc, body, len, sc->sc_url, type, &ex, &ct,
	    &cause) == -1) {
		free(cause);
		extraction_free(&ex);
		return (xstrdup(""));
	}
	if (strlen(ct.ct_text) > CHANGES_MAX_TEXT + CHANGES_MAX_LINES ||
	    ct.ct_nlines > CHANGES_MAX_LINES)
		abort();
	text = ct.ct_text;
	extraction_free(&ex);
	return (text);
}

/* The ops of LD turn A into B, each line of both once, in order. */
static void
fuzz_check_diff(char **a, size_t na, char **b, size_t nb)
{
	struct linediff	 ld;
	size_t		 i, ia = 0, ib = 0;
	char		*html, *sum;

	linediff_lines((const char *const *)a, na, (const char *const *)b, nb,
	    &ld);
	for (i = 0; i < ld.ld_nops; i++) {
		const struct linediff_op *op = &ld.ld_ops[i];

		if ((op->lo_kind != LD_INS && op->lo_a != ia++) ||
		    (op->lo_kind != LD_DEL && op->lo_b != ib++) ||
		    (op->lo_kind == LD_SAME && strcmp(a[op->lo_a],
		    b[op->lo_b]) != 0))
			abort();
	}
	if (ia != na || ib != nb)
		abort();
	html = linediff_html((const char *const *)a, (const char *const *)b,
	    &ld, 4096);
	sum = linediff_summary((const char *const *)a, (const char *const *)b,
	    &ld, 100);
	if (strlen(html) > 4096 || strlen(sum) > 100)
		abort();
	free(html);
	free(sum);
	linediff_free(&ld);
}

static void
fuzz_judge(const struct source_conf *sc, const char *old, const char *new)
{
	struct changes_poll	 cp;
	struct changes_result	 cr;
	char			 oh[CHANGES_HASH_LEN], nh[CHANGES_HASH_LEN];
	char			*cause = NULL;

	changes_hash(old, oh);
	changes_hash(new, nh);
	memset(&cp, 0, sizeof(cp));
	cp.cp_conf = sc;
	cp.cp_title = "Fuzzed";
	cp.cp_now = 1542450000;
	cp.cp_new = new;
	cp.cp_new_hash = nh;
	/* As a first version, then against OLD. */
	if (changes_judge(&cp, &cr, &cause) == 0)
		changes_result_free(&cr);
	free(cause);
	cause = NULL;
	cp.cp_old = old;
	cp.cp_old_hash = oh;
	if (changes_judge(&cp, &cr, &cause) == 0) {
		if (cr.cr_item.it_content != NULL &&
		    strlen(cr.cr_item.it_content) > CHANGES_MAX_HTML)
			abort();
		changes_result_free(&cr);
	}
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct source_conf *sc;
	const char		*type, *sep;
	char			*in, *old, *new, *cause = NULL, **a, **b;
	size_t			 len, na, nb;

	if (size < 1)
		return (0);
	sc = &cf->cf_sources[data[0] & 3];
	type = content_types[(data[0] >> 2) & 3];
	/* Bodies come NUL-terminated from the fetcher. */
	len = size - 1;
	in = xmalloc(len + 1);
	memcpy(in, data + 1, len);
	in[len] = '\0';
	sep = memmem(in, len, SEPARATOR, strlen(SEPARATOR));
	old = fuzz_read(sc, in, sep != NULL ? (size_t)(sep - in) : len, type);
	new = sep != NULL ? fuzz_read(sc, sep + strlen(SEPARATOR), len -
	    (size_t)(sep - in) - strlen(SEPARATOR), type) : xstrdup("");
	fuzz_judge(sc, old, new);
	if ((a = changes_lines(sc, old, &na, &cause)) != NULL &&
	    (b = changes_lines(sc, new, &nb, &cause)) != NULL) {
		fuzz_check_diff(a, na, b, nb);
		strv_free(b, nb);
	}
	if (a != NULL)
		strv_free(a, na);
	free(cause);
	free_all(in, old, new);
	return (0);
}
