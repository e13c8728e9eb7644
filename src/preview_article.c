/*
 * preview_article.c: `pagefeed preview --article`: one page's article as
 * follow = article would read it, as a table or one JSON object.  With
 * -c FILE SOURCE, the article of the source's first item with a link.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "article.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "extract.h"
#include "fetch.h"
#include "input.h"
#include "item.h"
#include "log.h"
#include "preview_article.h"
#include "source.h"
#include "text.h"
#include "util.h"

struct preview_article {
	const struct config		*pa_cf;
	const struct source_conf	*pa_sc;
	struct fetcher			*pa_fetcher;
	struct event_base		*pa_base;
	int				 pa_json;
	int				 pa_listing;	/* fetching the source's page */
	int				 pa_status;
};

static void	preview_article_fetched(const struct fetch_result *, void *);

static void
preview_article_start(struct preview_article *pa, const char *url)
{
	struct fetch_request	 req;

	source_request_conf(pa->pa_cf, pa->pa_sc, url, &req);
	fetch_start(pa->pa_fetcher, &req, preview_article_fetched, pa);
}

static void
preview_article_date(const struct article *ar, char *out, size_t len)
{
	if (ar->ar_date == 0) {
		out[0] = '\0';
		return;
	}
	date_format_rfc3339_offset(ar->ar_date, ar->ar_date_offset, out, len);
}

static void
preview_article_json(const char *url, const struct article *ar)
{
	struct buf	 b;
	char		 date[64];
	size_t		 i;
	/* In this order; a NULL value is null. */
	struct {
		const char	*key, *val;
	} fields[] = {
		{ "date", NULL }, { "title", ar->ar_title },
		{ "author", ar->ar_author }, { "image", ar->ar_image },
		{ "content", ar->ar_content }, { "text", ar->ar_text },
		{ "date_from", ar->ar_date_how }, { "next_page", ar->ar_next },
		{ "no_body", ar->ar_why },
	};

	preview_article_date(ar, date, sizeof(date));
	if (date[0] != '\0')
		fields[0].val = date;
	buf_init(&b, 64 * 1024 * 1024);
	buf_addstr(&b, "{\"url\":");
	text_json_string(&b, url);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		buf_printf(&b, ",\"%s\":", fields[i].key);
		if (fields[i].val != NULL)
			text_json_string(&b, fields[i].val);
		else
			buf_addstr(&b, "null");
	}
	buf_addstr(&b, "}\n");
	fwrite(b.b_data, 1, b.b_len, stdout);
	buf_free(&b);
}

static void
preview_article_table(const char *url, const struct article *ar)
{
	char		 date[64];
	const char	*p, *nl;

	preview_article_date(ar, date, sizeof(date));
	printf("url:     %s\n", url);
	printf("title:   %s\n", ar->ar_title ? ar->ar_title : "-");
	if (date[0] != '\0')
		printf("date:    %s (from %s)\n", date, ar->ar_date_how);
	else
		printf("date:    - (none found)\n");
	printf("author:  %s\n", ar->ar_author ? ar->ar_author : "-");
	printf("image:   %s\n", ar->ar_image ? ar->ar_image : "-");
	if (ar->ar_next != NULL)
		printf("next:    %s (follow = article joins up to %d pages)\n",
		    ar->ar_next, ARTICLE_MAX_PAGES);
	if (ar->ar_why != NULL) {
		printf("body:    none: %s\n", ar->ar_why);
		return;
	}
	printf("body:    %zu characters, %zu bytes of HTML\n\n",
	    ar->ar_text_len, ar->ar_content ? strlen(ar->ar_content) : 0);
	for (p = ar->ar_text; p != NULL && *p != '\0'; p = nl) {
		nl = p + strcspn(p, "\n");
		printf("  %.*s\n", (int)(nl - p), p);
		if (*nl == '\n')
			nl++;
	}
}

/*
 * The source's page: its first item with a link is the one to read.
 * Returns 1 when its fetch was started.
 */
static int
preview_article_listing(struct preview_article *pa,
    const struct fetch_result *res)
{
	struct extraction	 ex;
	char			*cause = NULL;
	size_t			 i;
	int			 started = 0;

	if (input_page(pa->pa_sc, res->res_body, res->res_len, res->res_url,
	    res->res_content_type, time(NULL), &ex, &cause) == -1) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_url,
		    cause);
		free(cause);
		return (0);
	}
	for (i = 0; i < ex.ex_nitems && ex.ex_items[i].it_link == NULL; i++)
		;
	if (i == ex.ex_nitems)
		fprintf(stderr, "pagefeed preview: %s: no item with a link\n",
		    res->res_url);
	else {
		pa->pa_listing = 0;
		preview_article_start(pa, ex.ex_items[i].it_link);
		started = 1;
	}
	extraction_free(&ex);
	return (started);
}

static void
preview_article_fetched(const struct fetch_result *res, void *arg)
{
	struct preview_article	*pa = arg;
	struct article		 ar;
	char			*cause = NULL, why[256];
	int			 rc;

	pa->pa_status = 1;
	if (fetch_judge(res, NULL, why, sizeof(why)) != FETCH_BODY) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_ok ?
		    res->res_url : pa->pa_sc->sc_url, why);
		event_base_loopbreak(pa->pa_base);
		return;
	}
	if (pa->pa_listing) {
		if (!preview_article_listing(pa, res))
			event_base_loopbreak(pa->pa_base);
		return;
	}
	event_base_loopbreak(pa->pa_base);
	if (input_kind(res->res_content_type, res->res_body, res->res_len,
	    &cause) == -1) {
		fprintf(stderr, "pagefeed preview: %s: no article body: %s\n",
		    res->res_url, cause);
		free(cause);
		return;
	}
	rc = extract_article(pa->pa_sc, res->res_body, res->res_len,
	    res->res_url, res->res_content_type, time(NULL), &ar, &cause);
	if (rc == -1) {
		fprintf(stderr, "pagefeed preview: %s: %s\n", res->res_url,
		    cause);
		free(cause);
		return;
	}
	if (pa->pa_json)
		preview_article_json(res->res_url, &ar);
	else
		preview_article_table(res->res_url, &ar);
	if (rc == 1)
		fprintf(stderr, "pagefeed preview: %s: no article body: %s\n",
		    res->res_url, ar.ar_why);
	pa->pa_status = rc == 0 ? 0 : 1;
	article_free(&ar);
}

int
preview_article_run(const struct config *cf, const struct source_conf *sc,
    int from_listing, int json)
{
	struct preview_article	 pa;
	char			*cause = NULL;

	memset(&pa, 0, sizeof(pa));
	pa.pa_cf = cf;
	pa.pa_sc = sc;
	pa.pa_json = json;
	pa.pa_listing = from_listing;
	pa.pa_status = 1;
	if ((pa.pa_base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if ((pa.pa_fetcher = fetcher_new(pa.pa_base, &cause)) == NULL)
		fatalx("fetcher: %s", cause);
	preview_article_start(&pa, sc->sc_url);
	event_base_dispatch(pa.pa_base);
	fetcher_free(pa.pa_fetcher);
	event_base_free(pa.pa_base);
	return (pa.pa_status);
}
