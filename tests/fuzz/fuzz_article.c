/*
 * fuzz_article.c: libFuzzer target for article extraction.  The first
 * byte picks the content type and whether the page goes through
 * follow = article's item page (page.* selectors read first, then the
 * article fills the rest) or extract_article alone; the rest is the body.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "article.h"
#include "config.h"
#include "fuzzlib.h"
#include "extract.h"
#include "log.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-fuzz\n"
    "\n"
    "[source articles]\n"
    "url = https://example.org/news/\n"
    "timezone = Europe/Berlin\n"
    "follow = article\n"
    "page.author = .author\n";

static const char *const content_types[] = {
	"text/html; charset=utf-8",
	"text/html",
	NULL,
	"text/html; charset=windows-1251",
};

static struct config	*cf;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cf = fuzz_setup("fuzz_article.conf", fuzz_conf, 1);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 url[] = "https://example.org/2020/01/02/story";
	const struct source_conf *sc;
	struct item_page	 ip;
	struct article		 ar;
	char			*body, *cause = NULL;
	size_t			 len;
	unsigned		 sel;

	if (size < 1)
		return (0);
	/* bits 0-1: content type, bit 2: an item's page (follow = article). */
	sel = data[0];
	sc = &cf->cf_sources[0];
	len = size - 1;
	/* Bodies come NUL-terminated from the fetcher. */
	if ((body = malloc(len + 1)) == NULL)
		return (0);
	memcpy(body, data + 1, len);
	body[len] = '\0';
	if (sel & 4) {
		if (extract_item_page(sc, body, len, url, content_types[sel & 3],
		    0, &ip, &cause) == 0)
			item_page_free(&ip);
	} else if (extract_article(sc, body, len, url, content_types[sel & 3],
	    0, &ar, &cause) >= 0)
		article_free(&ar);
	free(cause);
	free(body);
	return (0);
}
