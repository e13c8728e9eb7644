/*
 * fuzz_extract.c: libFuzzer target for HTML extraction.  The first byte
 * picks the source (selectors, or automatic detection), the content type
 * (HTML with or without a charset, a feed type, none at all) and whether
 * the page is an item's own page (follow = yes); the rest is the body.
 * The fixed configuration sends item.content through the sanitizer.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "config.h"
#include "fuzzlib.h"
#include "extract.h"
#include "input.h"
#include "log.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char fuzz_conf[] =
    "[server]\n"
    "state_dir = /nonexistent/pagefeed-fuzz\n"
    "\n"
    "[source news]\n"
    "url = https://example.org/news/\n"
    "item = ul > li\n"
    "item.title = a\n"
    "item.link = a @href\n"
    "item.date = span.date\n"
    "item.summary = p\n"
    "item.content = p\n"
    "item.author = .author\n"
    "item.image = img @src\n"
    "item.category = .tags li\n"
    "date_format = %d.%m.%Y\n"
    "date_format = %d %B %Y\n"
    "timezone = Europe/London\n"
    "follow = yes\n"
    "page.title = h1\n"
    "page.date = time @datetime\n"
    "page.content = article\n"
    "page.author = .author\n"
    "page.image = meta[property=\"og:image\"] @content\n"
    "\n"
    "[source auto]\n"
    "url = https://example.org/news/\n"
    "date_order = mdy\n"
    "encoding = windows-1251\n"
    "\n"
    "[source override]\n"
    "url = https://example.org/news/\n"
    "item.summary = p\n"
    "item.date = time @datetime\n";

static const char *const content_types[] = {
	"text/html; charset=utf-8",
	"text/html",
	"application/rss+xml",
	NULL,
	"text/html; charset=windows-1251",
	"application/atom+xml",
	"application/xhtml+xml",
	"text/xml; charset=iso-8859-1",
};

static struct config	*cf;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cf = fuzz_setup("fuzz_extract.conf", fuzz_conf, 3);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char	 url[] = "https://example.org/news/";
	const struct source_conf *sc;
	struct extraction		 ex;
	struct item_page	 ip;
	const char		*ctype;
	char			*body, *cause = NULL;
	size_t			 len, i;
	unsigned		 sel;

	if (size < 1)
		return (0);
	/*
	 * bit 0: source, bits 1-3: content type, bit 4: an item's page,
	 * bit 5: the rules preview prints, bit 6: item.* without item.
	 */
	sel = data[0];
	sc = &cf->cf_sources[(sel & 64) ? 2 : sel & 1];
	ctype = content_types[(sel >> 1) & 7];
	len = size - 1;
	/* Bodies come NUL-terminated from the fetcher. */
	if ((body = malloc(len + 1)) == NULL)
		return (0);
	memcpy(body, data + 1, len);
	body[len] = '\0';

	if (sel & 16) {
		if (extract_item_page(&cf->cf_sources[0], body, len, url,
		    ctype, 0, &ip, &cause) == 0)
			item_page_free(&ip);
		free(cause);
		free(body);
		return (0);
	}
	if (input_page_flags(sc, body, len, url, ctype, 0, (sel & 32) ?
	    INPUT_RULES : 0, &ex, &cause) == 0) {
		if (ex.ex_nitems > ITEM_MAX_ITEMS)
			abort();
		for (i = 0; i < ex.ex_nitems; i++) {
			/* Every item has a guid, unique in the page. */
			if (ex.ex_items[i].it_guid == NULL)
				abort();
		}
		extraction_free(&ex);
	} else if (cause == NULL)
		abort();	/* refused without saying why */
	free(cause);
	free(body);
	return (0);
}
