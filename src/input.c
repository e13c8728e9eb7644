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
#include "jsonembed.h"
#include "jsonitems.h"
#include "log.h"
#include "util.h"

/*
 * Whether a body of CONTENT_TYPE is something we read: returns 0 for HTML
 * (text types, XHTML, XML that is not a feed, or no type at all), 1 for an
 * RSS/Atom feed, 2 for JSON (a JSON type, or a body that starts as JSON
 * under a type that says nothing: none, text/plain, octet-stream), or -1
 * with *cause naming the type (images, PDF, binary).
 */
int
input_kind(const char *content_type, const char *body, size_t len,
    char **cause)
{
	char	 type[128];
	size_t	 n;

	if (content_type == NULL || *content_type == '\0') {
		if (feedin_is_feed(body, len, NULL))
			return (1);
		return (jsonitems_is_json(NULL, body, len) ? 2 : 0);
	}
	if (jsonitems_is_json(content_type, "", 0))
		return (2);
	n = strcspn(content_type, "; \t");
	if (n >= sizeof(type))
		n = sizeof(type) - 1;
	memcpy(type, content_type, n);
	type[n] = '\0';
	for (n = 0; type[n] != '\0'; n++)
		type[n] = (char)tolower((unsigned char)type[n]);
	if ((strcmp(type, "text/plain") == 0 ||
	    strcmp(type, "application/octet-stream") == 0) &&
	    jsonitems_is_json(NULL, body, len))
		return (2);
	if (strncmp(type, "text/", 5) == 0 ||
	    strcmp(type, "application/xhtml+xml") == 0 ||
	    strcmp(type, "application/xml") == 0 ||
	    (n > 4 && strcmp(type + n - 4, "+xml") == 0))
		return (feedin_is_feed(body, len, content_type) ? 1 : 0);
	xasprintf(cause, "unsupported content type %s (not HTML or a feed)",
	    type[0] != '\0' ? type : "(empty)");
	return (-1);
}

/* Detection found fewer: the JSON in the page's scripts is tried too. */
#define INPUT_JSON_BELOW	3

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

/*
 * A page where detection found next to nothing may carry its list as JSON
 * in a script (a page its scripts build): the JSON's items, when more.
 */
static void
input_detected_json(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, int flags, struct extraction *ex)
{
	struct extraction	 js;
	size_t			 i;

	if (ex->ex_nitems >= INPUT_JSON_BELOW)
		return;
	memset(&js, 0, sizeof(js));
	if (jsonembed_items(sc, ed, dopts, (flags & INPUT_RULES) != 0, &js,
	    NULL) <= 0 || js.ex_nitems <= ex->ex_nitems) {
		extraction_free(&js);
		return;
	}
	for (i = 0; i < ex->ex_nitems; i++)
		item_free(&ex->ex_items[i]);
	free_all(ex->ex_items, ex->ex_how, ex->ex_why, ex->ex_rules_note,
	    ex->ex_runners_up);
	for (i = 0; i < RULE_COUNT; i++) {
		free(ex->ex_rules[i]);
		ex->ex_rules[i] = js.ex_rules[i];
		js.ex_rules[i] = NULL;
	}
	ex->ex_items = js.ex_items;
	ex->ex_nitems = js.ex_nitems;
	ex->ex_how = js.ex_how;
	ex->ex_rules_note = js.ex_rules_note;
	ex->ex_rules_json = js.ex_rules_json;
	ex->ex_why = ex->ex_runners_up = NULL;
	memset(&js, 0, sizeof(js));
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

/* What every way of reading ends with: date order, counts, guids. */
static void
input_finish(struct extraction *ex, const struct date_opts *dopts)
{
	item_dates_order(ex, dopts);
	input_count_dates(ex);
	item_assign_guids(ex);
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
	case 2:
		/* CSS and XPath have no meaning in JSON: say so, not guess. */
		if (sc->sc_item.sel_spec != NULL &&
		    sc->sc_item.sel_json == NULL) {
			xasprintf(cause, "the answer is JSON (%s) but item = "
			    "%s is CSS or XPath: use item = json:PATH, or no "
			    "item to find the list automatically",
			    content_type != NULL ? content_type : "no type",
			    sc->sc_item.sel_spec);
			return (-1);
		}
		if (jsonitems_body(sc, body, len, url, &dopts,
		    (flags & INPUT_RULES) != 0, ex, cause) == -1) {
			extraction_free(ex);
			return (-1);
		}
		input_finish(ex, &dopts);
		return (0);
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
	if (sc->sc_json.sel_spec != NULL || sc->sc_item.sel_json != NULL)
		/* Items from the JSON in the page's scripts. */
		rv = jsonembed_items(sc, &ed, &dopts, (flags & INPUT_RULES) !=
		    0, ex, cause) == -1 ? -1 : 0;
	else if (sc->sc_item.sel_comp == NULL) {
		/* No item key: the items are found automatically. */
		input_detected(sc, &ed, &dopts, url, flags, ex);
		input_detected_json(sc, &ed, &dopts, flags, ex);
	} else
		rv = extract_selected(sc, &ed, &dopts, ex, cause);
	extract_doc_close(&ed);
	if (rv == -1) {
		extraction_free(ex);
		return (-1);
	}
	input_finish(ex, &dopts);
	return (0);
}
