/* feed.h: rendering stored items as RSS 2.0 and Atom 1.0 documents. */
#ifndef PAGEFEED_FEED_H
#define PAGEFEED_FEED_H

#include <stddef.h>
#include <time.h>

#include <libxml/xmlwriter.h>

#include "date.h"

struct stored_item;
struct tz;

/* What a feed says about itself; strings may be NULL where noted. */
struct feed_meta {
	const char	*fm_name;
	const char	*fm_title;
	const char	*fm_page_url;
	const char	*fm_self_url;	/* this document's own address */
	const char	*fm_hub_url;	/* its WebSub hub, or NULL */
	time_t		 fm_updated;	/* newest change among the items */
	const char	*fm_language;	/* BCP 47 tag ("ru", "en-GB"), or NULL */
	const struct tz	*fm_tz;		/* the source's timezone, or NULL */
	int		 fm_ttl;	/* minutes between polls */
};

/* An item's source, in a feed that combines several ([feed NAME]). */
struct feed_source {
	const char	*fs_name;
	const char	*fs_title;
	const char	*fs_page_url;
	const char	*fs_feed_url;	/* ".../feeds/NAME", the format's
					   extension to be added */
};

/*
 * Each renders a complete document into *out (caller frees) and *len.
 * Returns 0, or -1 with *cause set when libxml2 fails to write.
 */
int	feed_rss(const struct feed_meta *, const struct stored_item *,
	    size_t n, char **out, size_t *len, char **cause);
int	feed_atom(const struct feed_meta *, const struct stored_item *,
	    size_t n, char **out, size_t *len, char **cause);
/* JSON Feed 1.1; fm_self_url is its feed_url, fm_page_url home_page_url. */
int	feed_json(const struct feed_meta *, const struct stored_item *,
	    size_t n, char **out, size_t *len, char **cause);

/* The instants an entry is shown with. */
struct feed_when {
	time_t	 fw_published;
	time_t	 fw_updated;	/* never before fw_published */
};

/* Helpers shared by the formats (feed.c). */
time_t		 feed_entry_updated(const struct stored_item *);
/*
 * The instants of ITEMS (newest first, as store_items gives them) into
 * FW[0..n): no two entries share a published or an updated instant, and
 * published falls strictly from one entry to the next, so that readers
 * which sort by date keep the list's order.  Items found by one poll (one
 * first-seen instant) or with one page date are spread a second apart, a
 * date-only run upwards from its midnight so each keeps its day.  Depends
 * only on ITEMS: the same store renders the same bytes.
 */
void		 feed_when(const struct stored_item *, size_t n,
		    struct feed_when *fw);
/*
 * Seconds east of UTC to write T at, an instant of SI (NULL: of the feed
 * itself).  A page date (DATED: T is SI's date, as published) keeps the
 * offset it was given in; an instant without one of its own (first seen,
 * a later change, the feed's updated) takes TZ's offset at T.  Without a
 * zone a change keeps the date's offset and the rest are UTC.
 */
long		 feed_offset(const struct tz *tz, const struct stored_item *si,
		    time_t t, int dated);
/*
 * An entry's instants (FW, of SI) as text in STYLE, each at its offset
 * (feed_offset): the published one as the page dated it.
 */
#define FEED_DATE_LEN	64
struct feed_dates {
	char	 fd_published[FEED_DATE_LEN];
	char	 fd_updated[FEED_DATE_LEN];
};
void		 feed_entry_dates(const struct feed_meta *,
		    const struct stored_item *si, const struct feed_when *fw,
		    enum date_style style, struct feed_dates *);
/* The feed's own updated instant, in STYLE, into DATE (FEED_DATE_LEN). */
void		 feed_updated(const struct feed_meta *, enum date_style style,
		    char *date);
/* The newest shown instant or first-seen time, else FALLBACK. */
time_t		 feed_newest(const struct stored_item *, size_t n,
		    time_t fallback);
xmlTextWriterPtr feed_writer_new(xmlBufferPtr *);
int		 feed_writer_finish(xmlTextWriterPtr, xmlBufferPtr, char **out,
		    size_t *len, char **cause);
/* A format's writer of one entry: SI, shown at the instants FW. */
typedef int	(*feed_entry_fn)(xmlTextWriterPtr, const struct feed_meta *,
		    const struct stored_item *si, const struct feed_when *fw);
/* Writes ITEMS with ENTRY, each at its instants (feed_when); 0 or -1. */
int		 feed_entries(xmlTextWriterPtr, const struct feed_meta *,
		    const struct stored_item *items, size_t n,
		    feed_entry_fn entry);
/*
 * feed_writer_finish, where BAD says a write of the document failed.
 * Returns 0, or -1 with *cause set ("writing FORMAT failed").
 */
int		 feed_writer_done(xmlTextWriterPtr, xmlBufferPtr, int bad,
		    const char *format, char **out, size_t *len, char **cause);
/* Writes <NAME>TEXT</NAME>, text cleaned of what XML forbids. */
int		 feed_element(xmlTextWriterPtr, const char *name,
		    const char *text);
int		 feed_attribute(xmlTextWriterPtr, const char *name,
		    const char *value);
/* Writes TEXT as character data, cleaned of what XML forbids. */
int		 feed_string(xmlTextWriterPtr, const char *text);
/* A MIME type for an image URL, from its extension (default image/jpeg). */
const char	*feed_image_type(const char *url);
/*
 * TEXT ("en_us", " de-AT ", "sr-latn-rs") as a language tag for the feeds
 * ("en-US", "de-AT", "sr-Latn-RS"), or NULL when it is none: not shaped
 * like BCP 47, a list ("en, fr"), or over FEED_LANGUAGE_MAX bytes.
 * Caller frees.
 */
#define FEED_LANGUAGE_MAX	35
char		*feed_language(const char *text);

#endif
