/*
 * preview.c: `pagefeed preview`.  The way to find selectors: fetch a page
 * once through the daemon's own fetcher and extractor, and print each item
 * with each field, the rule that produced it, and warnings for what
 * matched nothing.  Nothing is stored.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "log.h"
#include "source.h"
#include "preview.h"
#include "store.h"
#include "text.h"
#include "util.h"

enum preview_format { FMT_TABLE, FMT_JSON, FMT_ATOM, FMT_RSS };

struct preview {
	const struct config		*pv_cf;
	const struct source_conf	*pv_sc;
	enum preview_format		 pv_format;
	struct event_base		*pv_base;
	int				 pv_status;	/* exit status */
};

/* Command-line option → config key, for the URL form. */
static const struct {
	const char	*opt;
	const char	*key;
} preview_keys[] = {
	{ "item",		"item" },
	{ "title",		"item.title" },
	{ "link",		"item.link" },
	{ "date",		"item.date" },
	{ "summary",		"item.summary" },
	{ "content",		"item.content" },
	{ "author",		"item.author" },
	{ "image",		"item.image" },
	{ "category",		"item.category" },
	{ "guid",		"item.guid" },
	{ "date-format",	"date_format" },
	{ "timezone",		"timezone" },
	{ "date-order",		"date_order" },
	{ "encoding",		"encoding" },
};
#define NKEYS	(sizeof(preview_keys) / sizeof(preview_keys[0]))

static void
preview_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: pagefeed preview URL [--item SEL] [--title SEL] "
	    "[--link SEL]\n"
	    "           [--date SEL] [--summary SEL] [--content SEL] "
	    "[--author SEL]\n"
	    "           [--image SEL] [--category SEL] [--guid SEL]\n"
	    "           [--date-format FMT]... [--timezone ZONE] "
	    "[--date-order dmy|mdy|ymd]\n"
	    "           [--encoding NAME] [--format table|json|atom|rss]\n"
	    "       pagefeed preview -c FILE SOURCE "
	    "[--format table|json|atom|rss]\n"
	    "\n"
	    "Fetches the page once and prints what pagefeed would extract.\n"
	    "Selectors are CSS, or xpath:EXPR; a field selector may end in "
	    "' @attr'.\n"
	    "Without --item, the items are found automatically.\n");
}

/* Appends KEY = "VALUE" with VALUE quoted as the config syntax wants. */
static void
preview_key(struct buf *b, const char *key, const char *val)
{
	const char	*p;

	buf_printf(b, "%s = \"", key);
	for (p = val; *p != '\0'; p++) {
		if (*p == '"' || *p == '\\')
			buf_add(b, "\\", 1);
		buf_add(b, p, 1);
	}
	buf_addstr(b, "\"\n");
}

static const char *
preview_field_rule(const struct selector *sel)
{
	return (sel->sel_spec != NULL ? sel->sel_spec : NULL);
}

static void
preview_indent(const char *label, const char *text, size_t max)
{
	char	*cut = text_clean(text, max);

	printf("    %-9s %s\n", label, cut);
	free(cut);
}

static void
preview_table(const struct preview *pv, const struct fetch_result *res,
    const struct page *pg)
{
	const struct source_conf	*sc = pv->pv_sc;
	size_t				 i, f, missing[FIELD_COUNT];
	char				 date[64];
	const char			*rule;

	memset(missing, 0, sizeof(missing));
	printf("%s\n  ", res->res_url);
	if (res->res_status != 0)
		printf("HTTP %ld, ", res->res_status);
	printf("%s, %zu bytes, %.2f s\n", res->res_content_type ?
	    res->res_content_type : "no content type", res->res_len,
	    res->res_seconds);
	if (pg->pg_title != NULL)
		printf("  page title: %s\n", pg->pg_title);
	printf("\n%zu item%s", pg->pg_nitems, pg->pg_nitems == 1 ? "" : "s");
	if (sc->sc_item.sel_spec != NULL)
		printf(" from item = %s\n  (XPath %s)\n", sc->sc_item.sel_spec,
		    sc->sc_item.sel_xpath);
	else
		printf(" found automatically%s%s\n", pg->pg_how ? " by " : "",
		    pg->pg_how ? pg->pg_how : "");
	printf("fields:");
	for (f = 0; f < FIELD_COUNT; f++)
		if ((rule = preview_field_rule(&sc->sc_fields[f])) != NULL)
			printf(" %s = %s;", config_field_name(f), rule);
	if (sc->sc_ndate_formats > 0)
		printf(" date_format = %s%s;", sc->sc_date_formats[0],
		    sc->sc_ndate_formats > 1 ? " (and more)" : "");
	printf("\n\n");
	for (i = 0; i < pg->pg_nitems; i++) {
		const struct item *it = &pg->pg_items[i];

		printf("%3zu  %s\n", i + 1, it->it_title);
		if (it->it_link != NULL)
			preview_indent("link", it->it_link, 300);
		if (it->it_date != 0) {
			date_format_rfc3339(it->it_date, date, sizeof(date));
			printf("    %-9s %s  from \"%s\"\n", "date", date,
			    it->it_date_text);
		} else if (it->it_date_text != NULL)
			printf("    %-9s NOT UNDERSTOOD: \"%s\" (first_seen "
			    "will be used)\n", "date", it->it_date_text);
		if (it->it_summary != NULL)
			preview_indent("summary", it->it_summary, 160);
		if (it->it_author != NULL)
			preview_indent("author", it->it_author, 160);
		if (it->it_image != NULL)
			preview_indent("image", it->it_image, 300);
		if (it->it_categories != NULL)
			preview_indent("category", it->it_categories, 160);
		if (it->it_content != NULL)
			preview_indent("content", it->it_content, 160);
		preview_indent("guid", it->it_guid, 300);
		if (it->it_link == NULL)
			missing[FIELD_LINK]++;
		if (it->it_date_text == NULL)
			missing[FIELD_DATE]++;
		if (it->it_summary == NULL)
			missing[FIELD_SUMMARY]++;
		if (it->it_content == NULL)
			missing[FIELD_CONTENT]++;
		if (it->it_author == NULL)
			missing[FIELD_AUTHOR]++;
		if (it->it_image == NULL)
			missing[FIELD_IMAGE]++;
		if (it->it_categories == NULL)
			missing[FIELD_CATEGORY]++;
		if (it->it_guid_text == NULL)
			missing[FIELD_GUID]++;
	}
	if (pg->pg_nitems == 0)
		printf("warning: no items: the item selector matched nothing "
		    "usable\n");
	for (f = 0; f < FIELD_COUNT && pg->pg_nitems > 0; f++) {
		if (sc->sc_fields[f].sel_spec == NULL || missing[f] == 0)
			continue;
		printf("warning: %s = %s matched nothing in %zu of %zu "
		    "items\n", config_field_name(f), sc->sc_fields[f].sel_spec,
		    missing[f], pg->pg_nitems);
	}
	if (pg->pg_ndates_unparsed > 0)
		printf("warning: %zu date%s not understood: add a date_format "
		    "(strptime syntax)\n", pg->pg_ndates_unparsed,
		    pg->pg_ndates_unparsed == 1 ? "" : "s");
}

static void
preview_json_field(struct buf *b, const char *key, const char *v, int first)
{
	buf_printf(b, "%s\"%s\":", first ? "" : ",", key);
	if (v == NULL)
		buf_addstr(b, "null");
	else
		text_json_string(b, v);
}

static void
preview_json(const struct fetch_result *res, const struct page *pg)
{
	struct buf	 b;
	size_t		 i;
	char		 date[64];

	buf_init(&b, (size_t)1 << 30);
	buf_addstr(&b, "{");
	preview_json_field(&b, "url", res->res_url, 1);
	buf_printf(&b, ",\"status\":%ld", res->res_status);
	preview_json_field(&b, "page_title", pg->pg_title, 0);
	preview_json_field(&b, "found_by", pg->pg_how, 0);
	buf_addstr(&b, ",\"items\":[");
	for (i = 0; i < pg->pg_nitems; i++) {
		const struct item *it = &pg->pg_items[i];

		buf_addstr(&b, i > 0 ? ",{" : "{");
		preview_json_field(&b, "guid", it->it_guid, 1);
		preview_json_field(&b, "title", it->it_title, 0);
		preview_json_field(&b, "link", it->it_link, 0);
		if (it->it_date != 0) {
			date_format_rfc3339(it->it_date, date, sizeof(date));
			preview_json_field(&b, "date", date, 0);
		} else
			preview_json_field(&b, "date", NULL, 0);
		preview_json_field(&b, "date_text", it->it_date_text, 0);
		preview_json_field(&b, "summary", it->it_summary, 0);
		preview_json_field(&b, "content", it->it_content, 0);
		preview_json_field(&b, "author", it->it_author, 0);
		preview_json_field(&b, "image", it->it_image, 0);
		preview_json_field(&b, "categories", it->it_categories, 0);
		buf_addstr(&b, "}");
	}
	buf_printf(&b, "],\"dates_not_understood\":%zu}\n",
	    pg->pg_ndates_unparsed);
	fwrite(b.b_data, 1, b.b_len, stdout);
	buf_free(&b);
}

static int
preview_feed(const struct preview *pv, const struct page *pg)
{
	struct stored_item	*si;
	struct feed_meta	 fm;
	size_t			 i, len;
	char			*out = NULL, *cause = NULL;
	time_t			 now = time(NULL);
	int			 rc;

	si = xcalloc(pg->pg_nitems + 1, sizeof(*si));
	for (i = 0; i < pg->pg_nitems; i++) {
		const struct item *it = &pg->pg_items[i];

		si[i].si_guid = it->it_guid;
		si[i].si_title = it->it_title;
		si[i].si_link = it->it_link;
		si[i].si_summary = it->it_summary;
		si[i].si_content = it->it_content;
		si[i].si_author = it->it_author;
		si[i].si_image = it->it_image;
		si[i].si_categories = it->it_categories;
		si[i].si_date = it->it_date;
		si[i].si_first_seen = now;
		si[i].si_published = it->it_date ? it->it_date : now;
		si[i].si_date_offset = it->it_date ? it->it_date_offset : 0;
		si[i].si_date_only = it->it_date ? it->it_date_only : 0;
	}
	memset(&fm, 0, sizeof(fm));
	fm.fm_name = pv->pv_sc->sc_name;
	fm.fm_title = pv->pv_sc->sc_title ? pv->pv_sc->sc_title :
	    pg->pg_title ? pg->pg_title : pv->pv_sc->sc_url;
	fm.fm_page_url = pv->pv_sc->sc_url;
	fm.fm_self_url = pv->pv_sc->sc_url;
	fm.fm_updated = feed_newest(si, pg->pg_nitems, now);
	fm.fm_ttl = pv->pv_sc->sc_interval / 60;
	fm.fm_language = pv->pv_sc->sc_language ? pv->pv_sc->sc_language :
	    pg->pg_language;
	rc = pv->pv_format == FMT_ATOM ?
	    feed_atom(&fm, si, pg->pg_nitems, &out, &len, &cause) :
	    feed_rss(&fm, si, pg->pg_nitems, &out, &len, &cause);
	free(si);
	if (rc == -1) {
		fprintf(stderr, "pagefeed preview: %s\n", cause);
		free(cause);
		return (1);
	}
	fwrite(out, 1, len, stdout);
	free(out);
	return (0);
}

static void
preview_fetched(const struct fetch_result *res, void *arg)
{
	struct preview	*pv = arg;
	struct page	 pg;
	char		*cause = NULL;

	event_base_loopbreak(pv->pv_base);
	pv->pv_status = 1;
	if (!res->res_ok) {
		fprintf(stderr, "pagefeed preview: %s: %s\n",
		    pv->pv_sc->sc_url, res->res_error);
		return;
	}
	if (res->res_status != 0 && (res->res_status < 200 ||
	    res->res_status > 299)) {
		fprintf(stderr, "pagefeed preview: %s: HTTP status %ld\n",
		    res->res_url, res->res_status);
		return;
	}
	if (extract_page(pv->pv_sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, &pg, &cause) == -1) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_url,
		    cause);
		free(cause);
		return;
	}
	switch (pv->pv_format) {
	case FMT_TABLE:
		preview_table(pv, res, &pg);
		pv->pv_status = pg.pg_nitems > 0 ? 0 : 1;
		break;
	case FMT_JSON:
		preview_json(res, &pg);
		pv->pv_status = pg.pg_nitems > 0 ? 0 : 1;
		break;
	default:
		pv->pv_status = preview_feed(pv, &pg);
		if (pv->pv_status == 0 && pg.pg_nitems == 0)
			pv->pv_status = 1;
		break;
	}
	extract_page_free(&pg);
}

static int
preview_run(struct preview *pv)
{
	struct fetcher		*fe;
	struct fetch_request	 req;
	char			*cause = NULL;

	if ((pv->pv_base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((fe = fetcher_new(pv->pv_base, &cause)) == NULL)
		fatalx("fetcher: %s", cause);
	/* Exactly as the daemon would ask: headers, cookie, proxy, limits. */
	source_request_conf(pv->pv_cf, pv->pv_sc, pv->pv_sc->sc_url, &req);
	pv->pv_status = 1;
	fetch_start(fe, &req, preview_fetched, pv);
	event_base_dispatch(pv->pv_base);
	fetcher_free(fe);
	event_base_free(pv->pv_base);
	return (pv->pv_status);
}

static int
preview_format_parse(const char *s, enum preview_format *f)
{
	static const char	*names[] = { "table", "json", "atom", "rss" };
	size_t			 i;

	for (i = 0; i < 4; i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum preview_format)i;
			return (0);
		}
	}
	return (-1);
}

int
preview_main(int argc, char *argv[])
{
	struct option		 longopts[NKEYS + 3];
	struct preview		 pv;
	struct config		*cf;
	struct buf		 text;
	const char		*path = NULL, *url;
	char			*errors = NULL;
	int			 ch, idx, status;
	size_t			 i;

	memset(&pv, 0, sizeof(pv));
	buf_init(&text, 1024 * 1024);
	buf_addstr(&text, "[server]\nallow_file_urls = yes\n"
	    "[source preview]\n");
	for (i = 0; i < NKEYS; i++) {
		longopts[i].name = preview_keys[i].opt;
		longopts[i].has_arg = required_argument;
		longopts[i].flag = NULL;
		longopts[i].val = 0;
	}
	longopts[NKEYS] = (struct option){ "format", required_argument,
	    NULL, 'f' };
	longopts[NKEYS + 1] = (struct option){ "help", no_argument, NULL,
	    'h' };
	memset(&longopts[NKEYS + 2], 0, sizeof(longopts[0]));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:f:h", longopts, &idx)) != -1) {
		switch (ch) {
		case 0:
			preview_key(&text, preview_keys[idx].key, optarg);
			break;
		case 'c':
			path = optarg;
			break;
		case 'f':
			if (preview_format_parse(optarg, &pv.pv_format) == -1) {
				fprintf(stderr, "pagefeed preview: --format "
				    "'%s' is not table, json, atom or rss\n",
				    optarg);
				buf_free(&text);
				return (2);
			}
			break;
		case 'h':
			preview_usage(stdout);
			buf_free(&text);
			return (0);
		default:
			preview_usage(stderr);
			buf_free(&text);
			return (2);
		}
	}
	if (argc - optind != 1) {
		preview_usage(stderr);
		buf_free(&text);
		return (2);
	}
	if (path != NULL) {
		/* -c FILE SOURCE: the source exactly as the daemon has it. */
		if (text.b_len > strlen("[server]\nallow_file_urls = yes\n"
		    "[source preview]\n")) {
			fprintf(stderr, "pagefeed preview: with -c, selectors "
			    "come from the file; only --format may be given\n");
			buf_free(&text);
			return (2);
		}
		cf = config_load(path, &errors);
	} else {
		url = argv[optind];
		/* Relative file: URLs would resolve against "(command line)". */
		preview_key(&text, "url", url);
		cf = config_load_text("(command line)", text.b_data, &errors);
	}
	buf_free(&text);
	if (cf == NULL) {
		fputs(errors, stderr);
		free(errors);
		return (2);
	}
	pv.pv_cf = cf;
	if (path != NULL) {
		for (i = 0; i < cf->cf_nsources; i++)
			if (strcmp(cf->cf_sources[i].sc_name,
			    argv[optind]) == 0)
				pv.pv_sc = &cf->cf_sources[i];
		if (pv.pv_sc == NULL) {
			fprintf(stderr, "pagefeed preview: %s has no [source "
			    "%s]\n", path, argv[optind]);
			config_free(cf);
			return (2);
		}
	} else
		pv.pv_sc = &cf->cf_sources[0];
	status = preview_run(&pv);
	config_free(cf);
	return (status);
}
