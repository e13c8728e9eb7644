/*
 * feed.c: what the feed formats share.  Documents are written with
 * xmlTextWriter, never by string concatenation, so escaping is libxml2's job;
 * ours is to hand it only characters XML 1.0 allows.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlwriter.h>

#include "date.h"
#include "feed.h"
#include "log.h"
#include "store.h"
#include "text.h"
#include "tz.h"
#include "util.h"

time_t
feed_entry_updated(const struct stored_item *si)
{
	return (si->si_updated > si->si_published ? si->si_updated :
	    si->si_published);
}

/* Whether V is among the N sorted values of SET. */
static int
feed_used(const time_t *set, size_t n, time_t v)
{
	size_t	 lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (set[mid] == v)
			return (1);
		if (set[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (0);
}

/* Adds V to the N sorted values of SET (room for one more). */
static void
feed_use(time_t *set, size_t *n, time_t v)
{
	size_t	 i = *n;

	while (i > 0 && set[i - 1] > v) {
		set[i] = set[i - 1];
		i--;
	}
	set[i] = v;
	(*n)++;
}

/* Items by published instant, newest first, then in list order. */
struct feed_order {
	time_t	 fo_t;
	size_t	 fo_i;
};

static int
feed_order_cmp(const void *pa, const void *pb)
{
	const struct feed_order	*a = pa, *b = pb;

	if (a->fo_t != b->fo_t)
		return (a->fo_t > b->fo_t ? -1 : 1);
	return (a->fo_i < b->fo_i ? -1 : a->fo_i > b->fo_i);
}

void
feed_when(const struct stored_item *items, size_t n, struct feed_when *fw)
{
	struct feed_order	*ord;
	time_t			*set, t, u, v, up, prev = 0;
	size_t			 i, j, end, nset = 0;
	int			 day;

	if (n == 0)
		return;
	/* store_items gives this order already; a preview may not. */
	ord = xreallocarray(NULL, n, sizeof(*ord));
	for (i = 0; i < n; i++) {
		ord[i].fo_t = items[i].si_published;
		ord[i].fo_i = i;
	}
	qsort(ord, n, sizeof(*ord), feed_order_cmp);
	/*
	 * Published: a run of items that share an instant is spread one
	 * second apart in list order, the first the latest.  A run of
	 * date-only items counts up from the day's midnight, so that each
	 * stays on its day; other runs count down from the instant (first
	 * seen is when the newest of them was found).  Each entry is also
	 * kept before the one above it.
	 */
	for (i = 0; i < n; i = end) {
		t = ord[i].fo_t;
		day = 0;
		for (end = i; end < n && ord[end].fo_t == t; end++)
			day |= items[ord[end].fo_i].si_date_only;
		for (j = i; j < end; j++) {
			v = day ? t + (time_t)(end - 1 - j) : t - (time_t)(j - i);
			if (j > 0 && v >= prev)
				v = prev - 1;
			fw[ord[j].fo_i].fw_published = prev = v;
		}
	}
	free(ord);
	/*
	 * Updated: the published instant unless the item changed later.
	 * Changed items (often many at one poll) take the nearest second
	 * at or below their change, and above their publication, that no
	 * other entry shows; failing that the nearest one above.
	 */
	set = xreallocarray(NULL, n, sizeof(*set));
	for (i = 0; i < n; i++) {
		if (items[i].si_updated <= items[i].si_published) {
			fw[i].fw_updated = fw[i].fw_published;
			feed_use(set, &nset, fw[i].fw_published);
		}
	}
	for (i = 0; i < n; i++) {
		if (items[i].si_updated <= items[i].si_published)
			continue;
		u = items[i].si_updated > fw[i].fw_published ?
		    items[i].si_updated : fw[i].fw_published;
		for (v = u; v >= fw[i].fw_published && feed_used(set, nset, v);
		    v--)
			;
		if (v < fw[i].fw_published) {
			for (up = u + 1; feed_used(set, nset, up); up++)
				;
			v = up;
		}
		fw[i].fw_updated = v;
		feed_use(set, &nset, v);
	}
	free(set);
}

long
feed_offset(const struct tz *tz, const struct stored_item *si, time_t t,
    int dated)
{
	/* A date stored before offsets were kept is shown in the zone. */
	if (si != NULL && si->si_date > 0 && (dated || tz == NULL) &&
	    (si->si_date_offset_known || tz == NULL))
		return (si->si_date_offset);
	return (tz_offset_at(tz, t));
}

void
feed_entry_dates(const struct feed_meta *fm, const struct stored_item *si,
    const struct feed_when *fw, enum date_style style, struct feed_dates *fd)
{
	date_format_offset(fw->fw_published, feed_offset(fm->fm_tz, si,
	    fw->fw_published, 1), style, fd->fd_published,
	    sizeof(fd->fd_published));
	date_format_offset(fw->fw_updated, feed_offset(fm->fm_tz, si,
	    fw->fw_updated, fw->fw_updated == fw->fw_published), style,
	    fd->fd_updated, sizeof(fd->fd_updated));
}

void
feed_updated(const struct feed_meta *fm, enum date_style style, char *date)
{
	date_format_offset(fm->fm_updated, feed_offset(fm->fm_tz, NULL,
	    fm->fm_updated, 0), style, date, FEED_DATE_LEN);
}

time_t
feed_newest(const struct stored_item *items, size_t n, time_t fallback)
{
	struct feed_when	*fw;
	time_t			 newest = 0, t;
	size_t			 i;

	if (n == 0)
		return (fallback);
	fw = xreallocarray(NULL, n, sizeof(*fw));
	feed_when(items, n, fw);
	for (i = 0; i < n; i++) {
		t = fw[i].fw_updated;
		if (items[i].si_first_seen > t)
			t = items[i].si_first_seen;
		if (t > newest)
			newest = t;
	}
	free(fw);
	return (newest ? newest : fallback);
}

xmlTextWriterPtr
feed_writer_new(xmlBufferPtr *bufp)
{
	xmlTextWriterPtr	 w;

	if ((*bufp = xmlBufferCreateSize(16384)) == NULL)
		fatalx("xmlBufferCreate: out of memory");
	if ((w = xmlNewTextWriterMemory(*bufp, 0)) == NULL)
		fatalx("xmlNewTextWriterMemory: out of memory");
	xmlTextWriterSetIndent(w, 1);
	xmlTextWriterSetIndentString(w, (const xmlChar *)"  ");
	return (w);
}

int
feed_writer_finish(xmlTextWriterPtr w, xmlBufferPtr b, char **out,
    size_t *len, char **cause)
{
	int	 rc;

	rc = xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);	/* flushes into the buffer */
	if (rc < 0) {
		*cause = xstrdup("xmlTextWriter failed");
		xmlBufferFree(b);
		return (-1);
	}
	*len = (size_t)xmlBufferLength(b);
	*out = xmalloc(*len + 1);
	memcpy(*out, xmlBufferContent(b), *len);
	(*out)[*len] = '\0';
	xmlBufferFree(b);
	return (0);
}

int
feed_entries(xmlTextWriterPtr w, const struct feed_meta *fm,
    const struct stored_item *items, size_t n, feed_entry_fn entry)
{
	struct feed_when	*fw;
	size_t			 i;
	int			 bad = 0;

	fw = xreallocarray(NULL, n > 0 ? n : 1, sizeof(*fw));
	feed_when(items, n, fw);
	for (i = 0; i < n; i++)
		bad |= entry(w, fm, &items[i], &fw[i]);
	free(fw);
	return (bad ? -1 : 0);
}

int
feed_writer_done(xmlTextWriterPtr w, xmlBufferPtr b, int bad,
    const char *format, char **out, size_t *len, char **cause)
{
	if (feed_writer_finish(w, b, out, len, cause) == -1)
		return (-1);
	if (bad) {
		free(*out);
		*out = NULL;
		xasprintf(cause, "writing %s failed", format);
		return (-1);
	}
	return (0);
}

/*
 * Writes TEXT, cleaned of what XML forbids, as what IS says: an element
 * or an attribute named NAME, or character data.
 */
enum feed_text {
	FEED_ELEMENT,
	FEED_ATTRIBUTE,
	FEED_STRING
};

static int
feed_text(xmlTextWriterPtr w, enum feed_text is, const char *name,
    const char *text)
{
	char	*clean = NULL;
	int	 rc;

	if (!text_xml_safe(text))
		text = clean = text_clean(text, 0);
	if (is == FEED_ELEMENT)
		rc = xmlTextWriterWriteElement(w, (const xmlChar *)name,
		    (const xmlChar *)text);
	else if (is == FEED_ATTRIBUTE)
		rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)name,
		    (const xmlChar *)text);
	else
		rc = xmlTextWriterWriteString(w, (const xmlChar *)text);
	free(clean);
	return (rc < 0 ? -1 : 0);
}

int
feed_element(xmlTextWriterPtr w, const char *name, const char *text)
{
	return (feed_text(w, FEED_ELEMENT, name, text));
}

int
feed_attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	return (feed_text(w, FEED_ATTRIBUTE, name, value));
}

int
feed_string(xmlTextWriterPtr w, const char *text)
{
	return (feed_text(w, FEED_STRING, NULL, text));
}

const char *
feed_image_type(const char *url)
{
	static const struct {
		const char	*ext;
		const char	*type;
	} types[] = {
		{ ".png", "image/png" }, { ".gif", "image/gif" },
		{ ".webp", "image/webp" }, { ".svg", "image/svg+xml" },
		{ ".avif", "image/avif" }, { ".jpg", "image/jpeg" },
		{ ".jpeg", "image/jpeg" },
	};
	size_t		 i, n, len;

	/* Look at the path only: "a.png?w=100" is still a PNG. */
	n = strcspn(url, "?#");
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		len = strlen(types[i].ext);
		if (n >= len && strncasecmp(url + n - len, types[i].ext,
		    len) == 0)
			return (types[i].type);
	}
	return ("image/jpeg");
}

char *
feed_language(const char *text)
{
	char	 tag[FEED_LANGUAGE_MAX + 1];
	size_t	 len, i, j, start, n, sub;
	int	 alpha;

	if (text == NULL)
		return (NULL);
	text += strspn(text, " \t\r\n");
	len = strlen(text);
	while (len > 0 && strchr(" \t\r\n", text[len - 1]) != NULL)
		len--;
	if (len == 0 || len > FEED_LANGUAGE_MAX)
		return (NULL);
	/*
	 * BCP 47 in shape: a primary subtag of 2 to 8 letters, then subtags
	 * of 1 to 8 letters or digits.  "en_US", as pages write it, is
	 * "en-US".  Cased as RFC 5646 recommends: "sr-Latn-RS".
	 */
	for (i = start = sub = 0; i <= len; i++) {
		if (i < len && text[i] != '-' && text[i] != '_') {
			if (!isalnum((unsigned char)text[i]))
				return (NULL);
			tag[i] = text[i];
			continue;
		}
		if ((n = i - start) < 1 || n > 8)
			return (NULL);
		for (alpha = 1, j = start; j < i; j++)
			alpha &= isalpha((unsigned char)tag[j]) != 0;
		if (sub == 0 && (!alpha || n < 2))
			return (NULL);
		for (j = start; j < i; j++) {
			if (sub > 0 && alpha && (n == 2 ||
			    (n == 4 && j == start)))
				tag[j] = (char)toupper((unsigned char)tag[j]);
			else
				tag[j] = (char)tolower((unsigned char)tag[j]);
		}
		if (i < len)
			tag[i] = '-';
		start = i + 1;
		sub++;
	}
	tag[len] = '\0';
	return (xstrdup(tag));
}
