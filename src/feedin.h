/* feedin.h: a URL that already serves RSS or Atom → items, as from a page. */
#ifndef PAGEFEED_FEEDIN_H
#define PAGEFEED_FEEDIN_H

#include <stddef.h>

struct date_opts;
struct extraction;

/*
 * 1 when BODY looks like an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom feed rather
 * than HTML: a feed media type (application/rss+xml, application/atom+xml,
 * application/rdf+xml), or a type that says nothing about HTML (text/xml,
 * application/xml, any other +xml type, text/plain,
 * application/octet-stream, none at all) with a root element, after an
 * optional BOM, XML declaration, comments, PIs and doctype, of rss, feed or
 * rdf:RDF.  text/html is never a feed: the source was configured as a page.
 * JSON Feed is not read here (0).
 */
int	feedin_is_feed(const char *body, size_t len, const char *content_type);

/*
 * Parses an RSS 0.9x/2.0, RSS 1.0 (RDF) or Atom 1.0 (or 0.3) document into
 * PG, items in document order, at most ITEM_MAX_ITEMS, every string
 * clean UTF-8 within the ITEM_MAX_* caps.  URL is where it came from:
 * relative links resolve against xml:base, else (RSS) the channel's link,
 * else URL.  DOPTS reads the dates.  ex_how is "rss 2.0", "rss 0.91",
 * "rss 0.92", "rss 1.0", "atom 1.0" or "atom 0.3".  Guids are not assigned
 * (it_guid stays NULL; it_guid_text holds the feed's guid or id): the
 * caller does that.  Entities declared in the document are never expanded
 * and nothing outside the body is ever loaded.
 * Returns 0 (zero items is not an error), or -1 with *cause set (caller
 * frees) when BODY is not a feed at all.
 */
int	feedin_parse(const char *body, size_t len, const char *url,
	    const struct date_opts *dopts, struct extraction *ex, char **cause);

#endif
