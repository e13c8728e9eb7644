/*
 * source_settings.c: fingerprints of a source's settings.  The stored
 * items remember the fingerprint of the settings they were made with, so
 * a changed selector, date format or item page rule re-extracts at the
 * next poll (source_settings_check); a reload compares whole [source]
 * sections (source_conf_same).  A fingerprint is FNV-1a over the values.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "source.h"
#include "source_int.h"
#include "store.h"
#include "util.h"

#define HASH_STR(h, s) do {						\
	if ((s) != NULL)						\
		(h) = fnv1a64((s), strlen(s) + 1, (h));			\
	else								\
		(h) = fnv1a64("", 1, (h) ^ 0x5a);			\
} while (0)
#define HASH_VAL(h, v)	((h) = fnv1a64(&(v), sizeof(v), (h)))

/*
 * What decides the items' dates: the page, the items, the date's
 * selector and how its text is read.
 */
/* How dates and text are read: formats, zone, encoding, order. */
static uint64_t
source_reading_hash(const struct source_conf *sc, uint64_t h)
{
	size_t	 i;

	for (i = 0; i < sc->sc_ndate_formats; i++)
		HASH_STR(h, sc->sc_date_formats[i]);
	HASH_STR(h, sc->sc_timezone);
	HASH_STR(h, sc->sc_encoding);
	/* Only when set, so that configs without it keep their hashes. */
	if (sc->sc_encoding_override)
		HASH_VAL(h, sc->sc_encoding_override);
	HASH_VAL(h, sc->sc_date_order);
	return (h);
}

static uint64_t
source_date_hash(const struct source_conf *sc)
{
	uint64_t	 h = FNV1A64_INIT;

	HASH_STR(h, sc->sc_url);
	HASH_STR(h, sc->sc_item.sel_spec);
	HASH_STR(h, sc->sc_fields[FIELD_DATE].sel_spec);
	return (source_reading_hash(sc, h));
}

/* What decides the fields taken from the items' own pages. */
static uint64_t
source_page_hash(const struct source_conf *sc)
{
	uint64_t	 h = FNV1A64_INIT;
	size_t		 i;

	HASH_VAL(h, sc->sc_follow);
	for (i = 0; i < PAGE_COUNT; i++)
		HASH_STR(h, sc->sc_page[i].sel_spec);
	/* Only when set, so that configs without it keep their hashes. */
	if (sc->sc_follow_render)
		HASH_VAL(h, sc->sc_follow_render);
	return (source_reading_hash(sc, h));
}

/* mode = changes: what is watched and what is noise. */
static uint64_t
source_watch_hash(const struct source_conf *sc, uint64_t h)
{
	size_t	 i;

	HASH_VAL(h, sc->sc_mode);
	for (i = 0; i < sc->sc_nwatch; i++)
		HASH_STR(h, sc->sc_watch[i]);
	HASH_VAL(h, sc->sc_nwatch);
	for (i = 0; i < sc->sc_nignore; i++)
		HASH_STR(h, sc->sc_ignore[i]);
	HASH_VAL(h, sc->sc_nignore);
	for (i = 0; i < sc->sc_nignore_text; i++)
		HASH_STR(h, sc->sc_ignore_text[i]);
	HASH_VAL(h, sc->sc_nignore_text);
	HASH_VAL(h, sc->sc_min_change);
	return (h);
}

/* A fingerprint of everything that decides what a page extracts to. */
static uint64_t
source_conf_hash(const struct source_conf *sc)
{
	uint64_t	 h = source_date_hash(sc), p = source_page_hash(sc);
	size_t		 i;

	for (i = 0; i < FIELD_COUNT; i++)
		HASH_STR(h, sc->sc_fields[i].sel_spec);
	HASH_VAL(h, p);
	/* Only when set, so that configs without them keep their hashes. */
	if (sc->sc_json.sel_spec != NULL)
		HASH_STR(h, sc->sc_json.sel_spec);
	if (sc->sc_link_base != NULL)
		HASH_STR(h, sc->sc_link_base);
	if (sc->sc_render != RENDER_NO) {
		HASH_VAL(h, sc->sc_render);
		HASH_STR(h, sc->sc_render_wait.sel_spec);
	}
	if (sc->sc_mode != MODE_ITEMS)
		h = source_watch_hash(sc, h);
	return (h);
}

/*
 * Everything a [source] section says, for telling a reload what changed.
 * Returns 1 when A and B would poll, extract and serve alike.
 */
int
source_conf_same(const struct source_conf *a, const struct source_conf *b)
{
	uint64_t		 h[2];
	const struct source_conf *sc;
	size_t			 i;
	int			 k;

	for (k = 0; k < 2; k++) {
		sc = k == 0 ? a : b;
		h[k] = source_conf_hash(sc);
		HASH_STR(h[k], sc->sc_title);
		HASH_VAL(h[k], sc->sc_interval);
		HASH_VAL(h[k], sc->sc_max_items);
		HASH_VAL(h[k], sc->sc_follow_concurrency);
		for (i = 0; i < sc->sc_nheaders; i++)
			HASH_STR(h[k], sc->sc_headers[i]);
		HASH_VAL(h[k], sc->sc_nheaders);
		HASH_STR(h[k], sc->sc_cookie);
		HASH_STR(h[k], sc->sc_user_agent);
		HASH_STR(h[k], sc->sc_proxy);
		HASH_STR(h[k], sc->sc_language);
		HASH_VAL(h[k], sc->sc_timeout);
		HASH_VAL(h[k], sc->sc_tls_verify);
		HASH_VAL(h[k], sc->sc_max_page_size);
		HASH_VAL(h[k], sc->sc_method);
		HASH_STR(h[k], sc->sc_body);
		HASH_VAL(h[k], sc->sc_render_memory);
		HASH_VAL(h[k], sc->sc_versions);
		for (i = 0; i < sc->sc_ninclude; i++)
			HASH_STR(h[k], sc->sc_include[i]);
		HASH_VAL(h[k], sc->sc_ninclude);
		for (i = 0; i < sc->sc_nexclude; i++)
			HASH_STR(h[k], sc->sc_exclude[i]);
		HASH_VAL(h[k], sc->sc_nexclude);
		HASH_VAL(h[k], sc->sc_max_age);
	}
	return (h[0] == h[1]);
}
#undef HASH_STR
#undef HASH_VAL

/* Part N (from 0) of a settings hash "ALL-DATES-PAGES" differs. */
static int
source_settings_part_differs(const char *a, const char *b, int n)
{
	const size_t	 len = 16;	/* one hash in hex */

	if (strlen(a) != 3 * len + 2 || strlen(b) != 3 * len + 2)
		return (1);
	return (strncmp(a + n * (len + 1), b + n * (len + 1), len) != 0);
}

/*
 * Which settings the stored items were made with, against the ones in
 * force: "ALL-DATES-PAGES", three hashes.  Any difference (or none stored,
 * as by a release before schema 4) re-extracts at the next poll without a
 * conditional request; a difference in DATES lets the dates the page now
 * gives replace the stored ones; one in PAGES (follow = yes) fetches again
 * the own pages of the items listed.  With nothing stored, item pages are
 * not fetched again: they cost a request each, the listing one.
 */
void
source_settings_check(struct source *src)
{
	const char	*stored = src->src_state.ss_settings_hash;
	const char	*now = src->src_settings_hash;

	snprintf(src->src_settings_hash, sizeof(src->src_settings_hash),
	    "%016llx-%016llx-%016llx",
	    (unsigned long long)source_conf_hash(src->src_conf),
	    (unsigned long long)source_date_hash(src->src_conf),
	    (unsigned long long)source_page_hash(src->src_conf));
	src->src_reextract = stored == NULL || strcmp(stored, now) != 0;
	src->src_redate = stored == NULL ||
	    source_settings_part_differs(stored, now, 1);
	src->src_refollow = stored != NULL && src->src_conf->sc_follow &&
	    source_settings_part_differs(stored, now, 2);
	if (src->src_reextract && stored != NULL)
		log_debug("source %s: settings changed since the items were "
		    "extracted%s%s", src->src_conf->sc_name, src->src_redate ?
		    "; dates too" : "", src->src_refollow ?
		    "; item pages too" : "");
}
