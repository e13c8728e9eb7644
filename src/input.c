/*
 * input.c: the one place that chooses how a fetched body is read: a feed
 * body by feedin.c, a page with an item selector by extract.c, any other
 * page by detect.c (with the source's item.* fields on top).  Then guids.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "date.h"
#include "detect.h"
#include "extract.h"
#include "feedin.h"
#include "input.h"
#include "item.h"
#include "log.h"
#include "util.h"

/*
 * Whether a body of CONTENT_TYPE is something we read: returns 0 for HTML
 * (text types, XHTML, XML that is not a feed, or no type at all), 1 for an
 * RSS/Atom feed, or -1 with *cause naming the type (images, PDF, binary).
 */
int
input_kind(const char *content_type, const char *body, size_t len,
    char **cause)
{
	char	 type[128];
	size_t	 n;

	if (content_type == NULL || *content_type == '\0')
		return (feedin_is_feed(body, len, NULL) ? 1 : 0);
	n = strcspn(content_type, "; \t");
	if (n >= sizeof(type))
		n = sizeof(type) - 1;
	memcpy(type, content_type, n);
	type[n] = '\0';
	for (n = 0; type[n] != '\0'; n++)
		type[n] = (char)tolower((unsigned char)type[n]);
	if (strncmp(type, "text/", 5) == 0 ||
	    strcmp(type, "application/xhtml+xml") == 0 ||
	    strcmp(type, "application/xml") == 0 ||
	    (n > 4 && strcmp(type + n - 4, "+xml") == 0))
		return (feedin_is_feed(body, len, content_type) ? 1 : 0);
	xasprintf(cause, "unsupported content type %s (not HTML or a feed)",
	    type[0] != '\0' ? type : "(empty)");
	return (-1);
}

/* Items found automatically, with the source's item.* fields on top. */
static void
input_detected(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, const char *url, int flags,
    struct extraction *ex)
{
	struct detect_opts	 o;
	xmlNodePtr		*roots = NULL;

	memset(&o, 0, sizeof(o));
	o.dt_dopts = dopts;
	o.dt_rules = (flags & INPUT_RULES) != 0;
	/* Fields are relative to an element: JSON-LD items have none. */
	o.dt_roots_only = extract_has_fields(sc);
	if (detect_items_opts(ed->ed_doc, ed->ed_base, &o, ex, &ex->ex_how,
	    &roots) > 0)
		log_debug("%s: items found by %s", url, ex->ex_how);
	if (o.dt_roots_only)
		extract_fields_on(sc, ed, dopts, roots, ex);
	free(roots);
}

/* Counted once here, as the rows of preview show them. */
static void
input_count_dates(struct extraction *ex)
{
	size_t	 i;

	ex->ex_ndates_unparsed = ex->ex_ndates_future = 0;
	for (i = 0; i < ex->ex_nitems; i++) {
		if (ex->ex_items[i].it_date_future)
			ex->ex_ndates_future++;
		else if (ex->ex_items[i].it_date_text != NULL &&
		    ex->ex_items[i].it_date == 0)
			ex->ex_ndates_unparsed++;
	}
}

int
input_page(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, time_t now, struct extraction *ex,
    char **cause)
{
	return (input_page_flags(sc, body, len, url, content_type, now, 0, ex,
	    cause));
}

int
input_page_flags(const struct source_conf *sc, const char *body,
    size_t len, const char *url, const char *content_type, time_t now,
    int flags, struct extraction *ex, char **cause)
{
	struct date_opts	 dopts;
	struct extract_doc	 ed;
	int			 rv = 0;

	memset(ex, 0, sizeof(*ex));
	extract_date_opts(sc, now, &dopts);
	switch (input_kind(content_type, body, len, cause)) {
	case -1:
		return (-1);
	case 1:
		/* The URL serves a feed already: take its items. */
		if (feedin_parse(body, len, url, &dopts, ex, cause) == -1)
			return (-1);
		item_assign_guids(ex);
		return (0);
	default:
		break;
	}
	if (extract_doc_open(sc, body, len, url, content_type, ex, &ed,
	    cause) == -1) {
		extraction_free(ex);
		return (-1);
	}
	if (sc->sc_item.sel_comp == NULL)
		/* No item key: the items are found automatically. */
		input_detected(sc, &ed, &dopts, url, flags, ex);
	else
		rv = extract_selected(sc, &ed, &dopts, ex, cause);
	if (rv == 0) {
		item_dates_order(ex, &dopts);
		input_count_dates(ex);
	}
	extract_doc_close(&ed);
	if (rv == -1) {
		extraction_free(ex);
		return (-1);
	}
	item_assign_guids(ex);
	return (0);
}
