/*
 * item.c: the rules an item follows wherever it was found: its title when
 * the page gave none, its date, its categories, its guid, its links.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "date.h"
#include "item.h"
#include "sha1.h"
#include "text.h"
#include "tz.h"
#include "url.h"
#include "util.h"

/*
 * Links may be http(s), ftp or mailto; file: only on a page that was itself
 * read from a file (the offline example), never because a page said so.
 */
static enum url_use
item_link_use(const char *base)
{
	return (url_scheme_is(base, "file") ? URL_LINK_FILE : URL_LINK);
}

/*
 * "https://example.com" as "https://example.com/": an http(s) URL with an
 * empty path has "/" as its canonical path (RFC 3986, 6.2.3), the form
 * feed validators want in an id and readers compare.  Takes URL.
 */
static char *
item_canonical_root(char *url)
{
	const char	*host;
	char		*out;
	size_t		 n;

	if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return (url);
	n = strcspn(host, "/?#");
	if (host[n] == '/')
		return (url);
	xasprintf(&out, "%.*s/%s", (int)(host + n - url), url, host + n);
	free(url);
	return (out);
}

char *
item_resolve_link(const char *href, const char *base)
{
	char		*abs, *clean, *esc = NULL;

	if (href == NULL)
		return (NULL);
	clean = text_clean(href, ITEM_MAX_LINK);
	if (clean[0] == '\0')
		goto out;
	/* Links that run script or embed data are not links to an item. */
	if (!url_reference_allowed(clean, URL_LINK))
		goto out;
	abs = url_resolve(clean, base);
	if (abs == NULL) {
		/* libxml2 refuses some odd hrefs; escape and retry once. */
		char	*e = text_uri_escape(clean);

		abs = url_resolve(e, base);
		free(e);
		if (abs == NULL)
			goto out;
	}
	esc = item_canonical_root(text_uri_escape(abs));
	free(abs);
	/* Checked again once resolved: a base can make "a" javascript:a. */
	if (strlen(esc) > ITEM_MAX_LINK || !url_allowed(esc, item_link_use(base))) {
		free(esc);
		esc = NULL;
	}
out:
	free(clean);
	return (esc);
}

void
item_free(struct item *it)
{
	free_all(it->it_guid, it->it_title, it->it_link, it->it_summary,
	    it->it_date_text, it->it_content, it->it_author, it->it_image,
	    it->it_categories, it->it_guid_text, it->it_legacy_guid);
	memset(it, 0, sizeof(*it));
}


static int
item_has_year(const char *s)
{
	size_t	 run = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (++run == 4 && !isdigit((unsigned char)s[1]))
				return (1);
		} else
			run = 0;
	}
	return (0);
}

/*
 * Hash guids are name-based UUIDs, version 5 (RFC 9562): SHA-1 over this
 * namespace, itself uuid5(NameSpace_URL, "urn:pagefeed:item"), and the
 * name.  Releases before store schema 4 made a version-8 layout from two FNV-1a
 * hashes instead; that id is still computed (it_legacy_guid) so the store
 * can rename an item it knows under it rather than publish it again.
 */
static const unsigned char item_uuid_ns[16] = { 0x43, 0x96, 0xa8, 0xa5,
    0x6d, 0xfb, 0x5f, 0x58, 0xa1, 0x0b, 0xc1, 0x4b, 0x4d, 0x73, 0xe4, 0x72 };

/* The version-8 layout of releases before store schema 4 (legacy ids only). */
static char *
item_legacy_uuid(uint64_t h1, uint64_t h2)
{
	char	*guid;

	h1 = (h1 & ~0xf000ULL) | 0x8000ULL;
	h2 = (h2 & ~(3ULL << 62)) | (2ULL << 62);
	xasprintf(&guid, "urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx",
	    (unsigned long long)(h1 >> 32),
	    (unsigned long long)((h1 >> 16) & 0xffff),
	    (unsigned long long)(h1 & 0xffff),
	    (unsigned long long)(h2 >> 48),
	    (unsigned long long)(h2 & 0xffffffffffffULL));
	return (guid);
}

/* uuid5 of the NPARTS strings of PARTS; WITH_NUL as sha1_uuid5. */
static char *
item_uuid(const char *const *parts, size_t nparts, int with_nul)
{
	char	 urn[SHA1_UUID_URN_LEN];

	sha1_uuid5(item_uuid_ns, parts, nparts, with_nul, urn);
	return (xstrdup(urn));
}

/*
 * The id of an item whose key is missing or not unique: a uuid of its
 * link, title and dated text; *LEGACY gets the id releases before store schema 4
 * gave it (caller frees both).
 */
static char *
item_hash_guid(const struct item *it, char **legacy)
{
	uint64_t	 h1 = FNV1A64_INIT, h2 = 0x84222325cbf29ce4ULL;
	const char	*parts[3];
	size_t		 i;

	parts[0] = it->it_link ? it->it_link : "";
	parts[1] = it->it_title ? it->it_title : "";
	/*
	 * "5 minutes ago" changes at every poll; only a date that names its
	 * year is stable enough to be part of an identity.
	 */
	parts[2] = it->it_date_text != NULL &&
	    item_has_year(it->it_date_text) ? it->it_date_text : "";
	for (i = 0; i < 3; i++) {
		h1 = fnv1a64(parts[i], strlen(parts[i]) + 1, h1);
		h2 = fnv1a64(parts[i], strlen(parts[i]) + 1, h2);
	}
	*legacy = item_legacy_uuid(h1, h2);
	/* Each part with its NUL: ("ab", "c") is not ("a", "bc"). */
	return (item_uuid(parts, 3, 1));
}

/*
 * Whether an IRI that says "urn:" is a URN as RFC 2141 writes them (and a
 * "urn:uuid:" a UUID): validators refuse "urn:x:1" as an Atom id.
 */
static int
item_urn_ok(const char *g)
{
	const char	*p;
	size_t		 n, i;

	if (strncasecmp(g, "urn:", 4) != 0)
		return (1);
	if (strncasecmp(g, "urn:uuid:", 9) == 0) {
		for (i = 0, p = g + 9; i < 36; i++, p++) {
			if (i == 8 || i == 13 || i == 18 || i == 23 ?
			    *p != '-' : !isxdigit((unsigned char)*p))
				return (0);
		}
		return (*p == '\0');
	}
	p = g + 4;
	n = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789-");
	if (n < 2 || n > 32 || *p == '-' || p[n] != ':' || p[n + 1] == '\0')
		return (0);
	for (p += n + 1; *p != '\0'; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) &&
		    isxdigit((unsigned char)p[2]))
			p += 2;
		else if (!isalnum((unsigned char)*p) &&
		    strchr("()+,.:=@;$_!*'-", *p) == NULL)
			return (0);
	}
	return (1);
}

/*
 * An item's identity key before the uniqueness check: its item.guid (as an
 * IRI: text that is not one, or a malformed URN, becomes a name-based
 * uuid, and *LEGACY the id releases before store schema 4 gave it), else its link.
 */
static char *
item_guid_key(const struct item *it, char **legacy)
{
	const char	*g = it->it_guid_text, *colon;
	char		*iri;
	uint64_t	 h1, h2;

	*legacy = NULL;
	if (g == NULL && it->it_link != NULL) {
		/* Keyed by the link as older releases resolved it. */
		if ((iri = url_legacy_form(it->it_link)) != NULL)
			*legacy = item_canonical_root(text_uri_escape(iri));
		free(iri);
		if (*legacy != NULL && strcmp(*legacy, it->it_link) == 0) {
			free(*legacy);
			*legacy = NULL;
		}
		return (xstrdup(it->it_link));
	}
	if (g == NULL)
		return (NULL);
	colon = strchr(g, ':');
	if (colon != NULL && colon > g && strspn(g, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-") == (size_t)(colon - g) &&
	    strpbrk(g, " <>\"") == NULL) {
		iri = text_uri_escape(g);
		if (item_urn_ok(iri))
			return (iri);
		/* Stored as it was before schema 4: the store renames it. */
		*legacy = iri;
		return (item_uuid(&g, 1, 0));
	}
	h1 = fnv1a64(g, strlen(g), FNV1A64_INIT);
	h2 = fnv1a64(g, strlen(g), 0x84222325cbf29ce4ULL);
	*legacy = item_legacy_uuid(h1, h2);
	return (item_uuid(&g, 1, 0));
}

/* Guids: the key when it is unique on the page, else a stable hash. */
void
item_assign_guids(struct extraction *ex)
{
	size_t	 i, j, out;
	char	**keys, **legacy;
	int	 dup;

	keys = xcalloc(ex->ex_nitems + 1, sizeof(char *));
	legacy = xcalloc(ex->ex_nitems + 1, sizeof(char *));
	for (i = 0; i < ex->ex_nitems; i++)
		keys[i] = item_guid_key(&ex->ex_items[i], &legacy[i]);
	for (i = 0; i < ex->ex_nitems; i++) {
		struct item	*it = &ex->ex_items[i];

		dup = keys[i] == NULL;
		for (j = 0; !dup && j < ex->ex_nitems; j++)
			if (j != i && keys[j] != NULL &&
			    strcmp(keys[j], keys[i]) == 0)
				dup = 1;
		free(it->it_legacy_guid);
		if (dup)
			it->it_guid = item_hash_guid(it,
			    &it->it_legacy_guid);
		else {
			it->it_guid = keys[i];
			it->it_legacy_guid = legacy[i];
			keys[i] = legacy[i] = NULL;
		}
	}
	for (i = 0; i < ex->ex_nitems; i++) {
		free(keys[i]);
		free(legacy[i]);
	}
	free(keys);
	free(legacy);
	/* The very same item twice on a page is published once. */
	for (i = out = 0; i < ex->ex_nitems; i++) {
		for (dup = 0, j = 0; j < out; j++)
			if (strcmp(ex->ex_items[j].it_guid,
			    ex->ex_items[i].it_guid) == 0)
				dup = 1;
		if (dup)
			item_free(&ex->ex_items[i]);
		else
			ex->ex_items[out++] = ex->ex_items[i];
	}
	ex->ex_nitems = out;
}


int
item_titled(struct item *it)
{
	if (it->it_title != NULL)
		return (0);
	/* A feed entry needs a title: borrow the summary or the link. */
	if (it->it_summary != NULL)
		it->it_title = text_clean(it->it_summary, 120);
	else if (it->it_link != NULL)
		it->it_title = xstrdup(it->it_link);
	else {
		item_free(it);
		return (-1);
	}
	return (0);
}

void
item_page_free(struct item_page *ip)
{
	free_all(ip->ip_title, ip->ip_date_text, ip->ip_content, ip->ip_author,
	    ip->ip_image, ip->ip_title_found, ip->ip_next);
	memset(ip, 0, sizeof(*ip));
}

void
extraction_free(struct extraction *ex)
{
	size_t	 i;

	for (i = 0; i < ex->ex_nitems; i++)
		item_free(&ex->ex_items[i]);
	free_all(ex->ex_items, ex->ex_title, ex->ex_language, ex->ex_how,
	    ex->ex_why, ex->ex_encoding_note, ex->ex_rules_note,
	    ex->ex_rules_json,
	    ex->ex_runners_up);
	for (i = 0; i < RULE_COUNT; i++)
		free(ex->ex_rules[i]);
	memset(ex, 0, sizeof(*ex));
}

void
item_dates_order(struct extraction *ex, const struct date_opts *dopts)
{
	struct date_opts	 mdy;
	struct item		*it;
	size_t			 i, month_first = 0, day_first = 0;
	int			 order;

	if (dopts == NULL || dopts->do_order_given ||
	    dopts->do_order != DATE_ORDER_DMY)
		return;
	for (i = 0; i < ex->ex_nitems; i++) {
		order = date_numeric_order(ex->ex_items[i].it_date_text);
		month_first += order == DATE_ORDER_MDY;
		day_first += order == DATE_ORDER_DMY;
	}
	if (month_first == 0 || day_first > 0)
		return;
	mdy = *dopts;
	mdy.do_order = DATE_ORDER_MDY;
	for (i = 0; i < ex->ex_nitems; i++) {
		it = &ex->ex_items[i];
		/* Only dates read from that text (not from a machine's
		 * attribute beside it). */
		if (date_numeric_order(it->it_date_text) !=
		    DATE_NUMERIC_EITHER || it->it_date != item_date(
		    it->it_date_text, dopts, NULL, NULL, NULL))
			continue;
		it->it_date_future = 0;
		it->it_date = item_date(it->it_date_text, &mdy,
		    &it->it_date_future, &it->it_date_offset,
		    &it->it_date_only);
	}
}

/* Whether the N bytes at S are digits; their number into *V. */
static int
item_digits(const char *s, int n, int *v)
{
	int	 i;

	for (i = 0, *v = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return (0);
		*v = *v * 10 + (s[i] - '0');
	}
	return (1);
}

/*
 * The year LINK's path gives a day of month MON (1-12): "/2018/03/16/",
 * "/201803/t20180316_", "2018-03-16": four digits 1990..MAX then, after
 * at most one '/', '-' or '_', the two of that month.  0 when none.
 */
static int
item_link_year(const char *link, int mon, int max)
{
	const char	*p, *q;
	int		 y, m;

	if (link == NULL || (p = strstr(link, "://")) == NULL)
		return (0);
	for (p += 3 + strcspn(p + 3, "/?#"); *p != '\0' && *p != '#'; p++) {
		/* The start of a run of at least four digits. */
		if (isdigit((unsigned char)p[-1]) || !item_digits(p, 4, &y))
			continue;
		q = p + 4;
		if (*q == '/' || *q == '-' || *q == '_')
			q++;
		if (y < 1990 || y > max || !item_digits(q, 2, &m))
			continue;
		if (m == mon)
			return (y);
	}
	return (0);
}

/* The month a path segment names (1-12: "03", "3", "nov"), or 0. */
static int
item_segment_month(const char *seg, size_t len)
{
	static const char *names[] = { "jan", "feb", "mar", "apr", "may",
	    "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
	int		 m;
	size_t		 i;

	if ((len == 1 || len == 2) && item_digits(seg, (int)len, &m))
		return (m >= 1 && m <= 12 ? m : 0);
	if (len < 3 || len > 9)
		return (0);
	for (i = 0; i < 12; i++)
		if (strncasecmp(seg, names[i], 3) == 0)
			return ((int)i + 1);
	return (0);
}

/* 1 when SEG (LEN bytes) is a word of a section's name ("politics"). */
static int
item_segment_word(const char *seg, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (!isalpha((unsigned char)seg[i]) && seg[i] != '_' &&
		    seg[i] != '-')
			return (0);
	return (len > 0);
}

/*
 * The day LINK's path names: "/2018-03-17/" in a segment of its own, or
 * segments of a year (1990 and on), a month and a day, maybe with a
 * section's name after the year: "/2018/03/17/", "/2014/6/26/",
 * "/film/2011/nov/18/", "/2010/POLITICS/08/13/".  0 when none.
 */
static time_t
item_link_day(const char *link)
{
	const char	*p, *seg[8];
	size_t		 len[8], n = 0, i, j;
	struct tm	 tm;
	time_t		 t;
	int		 y, m, d;

	if (link == NULL || (p = strstr(link, "://")) == NULL)
		return (0);
	for (p += 3 + strcspn(p + 3, "/?#"); *p == '/';
	    p += 1 + strcspn(p + 1, "/?#")) {
		if (item_digits(p + 1, 4, &y) && p[5] == '-' && y >= 1990 &&
		    item_digits(p + 6, 2, &m) && p[8] == '-' &&
		    item_digits(p + 9, 2, &d) && !isalnum((unsigned char)p[11]))
			goto found;
		/* The last few segments, to read them in turn below. */
		if (n == 8) {
			memmove(seg, seg + 1, 7 * sizeof(*seg));
			memmove(len, len + 1, 7 * sizeof(*len));
			n--;
		}
		seg[n] = p + 1;
		len[n++] = strcspn(p + 1, "/?#");
		for (i = n >= 4 ? n - 4 : 0; i + 2 < n; i++) {
			if (len[i] != 4 || !item_digits(seg[i], 4, &y) ||
			    y < 1990)
				continue;
			j = i + 1;
			if (!item_segment_month(seg[j], len[j]) &&
			    item_segment_word(seg[j], len[j]))
				j++;
			if (j + 1 >= n || (m = item_segment_month(seg[j],
			    len[j])) == 0 || len[j + 1] < 1 || len[j + 1] > 2 ||
			    !item_digits(seg[j + 1], (int)len[j + 1], &d))
				continue;
			goto found;
		}
	}
	return (0);
found:
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return (0);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	return (tz_local_to_utc(NULL, &tm, &t) == 0 ? t : 0);
}

time_t
item_date(const char *text, const struct date_opts *dopts, int *future,
    int *offset, int *date_only)
{
	return (item_date_link(text, NULL, dopts, future, offset, date_only));
}

time_t
item_date_link(const char *text, const char *link,
    const struct date_opts *dopts, int *future, int *offset, int *date_only)
{
	struct date_opts	 defaults, in_year;
	struct date_info	 di;
	struct tm		 tm;
	time_t			 t, now, local;
	int			 y;

	if (offset != NULL)
		*offset = 0;
	if (date_only != NULL)
		*date_only = 0;
	/* No date shown: the day the item's address names, if it does
	 * ("/2018/03/17/slug"). */
	if (text == NULL || *text == '\0') {
		now = dopts != NULL && dopts->do_now != 0 ? dopts->do_now :
		    time(NULL);
		if ((t = item_link_day(link)) == 0 || t > now + ITEM_MAX_FUTURE)
			return (0);
		if (date_only != NULL)
			*date_only = 1;
		return (t);
	}
	if (dopts == NULL) {
		memset(&defaults, 0, sizeof(defaults));
		dopts = &defaults;
	}
	if (date_parse_info(text, dopts, &t, &di) == -1)
		return (0);
	/* As date.c reads relative dates: no poll time given, the clock's. */
	now = dopts->do_now != 0 ? dopts->do_now : time(NULL);
	/* A day without a year: the year the item's address gives that
	 * month ("03-16" at ".../t20180316_291436.html"), when it gives one
	 * (date.c otherwise takes the latest such day, this year's). */
	local = t + di.di_offset;
	if (di.di_no_year && link != NULL && gmtime_r(&local, &tm) != NULL &&
	    (y = item_link_year(link, tm.tm_mon + 1, tm.tm_year + 1900)) !=
	    0 && y != tm.tm_year + 1900) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = 11;
		tm.tm_mday = 31;
		tm.tm_hour = 23;
		in_year = *dopts;
		if (tz_local_to_utc(NULL, &tm, &in_year.do_now) == -1)
			return (0);
		if (date_parse_info(text, &in_year, &t, &di) == -1)
			return (0);
	}
	/* A date far in the future is a misreading (or a lie): ignore it. */
	if (t > now + ITEM_MAX_FUTURE) {
		if (future != NULL)
			*future = 1;
		return (0);
	}
	if (offset != NULL)
		*offset = (int)di.di_offset;
	if (date_only != NULL)
		*date_only = di.di_date_only;
	return (t);
}

void
item_category_add(struct buf *b, size_t *count, char *raw)
{
	char	*one, *seen;
	size_t	 l;

	if ((one = text_clean_take(raw, ITEM_MAX_CATEGORY)) == NULL)
		return;
	if (*count >= ITEM_MAX_CATEGORIES) {
		free(one);
		return;
	}
	/* Skip repeats: compare against whole lines already kept. */
	for (seen = b->b_data; seen != NULL && *seen != '\0';
	    seen += l + (seen[l] == '\n')) {
		l = strcspn(seen, "\n");
		if (l == strlen(one) && memcmp(seen, one, l) == 0) {
			free(one);
			return;
		}
	}
	if (b->b_len > 0)
		buf_add(b, "\n", 1);
	buf_addstr(b, one);
	(*count)++;
	free(one);
}
