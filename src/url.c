/*
 * url.c: the URL-scheme policy, one table for every use.  Schemes are
 * compared without regard to case (RFC 3986 section 3.1), after the
 * spaces and C0 controls a browser skips before a URL and the tabs and
 * newlines it removes inside one (WHATWG URL), so "  JavaScript:" and
 * "java\tscript:" are the javascript: they would run as.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/uri.h>

#include "url.h"
#include "util.h"

#define U(x)	(1u << (x))

/* us_host: "scheme://" and a host must follow (RFC 9110 section 4.2). */
static const struct {
	const char	*us_scheme;
	int		 us_host;
	unsigned int	 us_uses;
} url_schemes[] = {
	{ "http", 1, U(URL_SOURCE) | U(URL_REMOTE) | U(URL_LINK) |
	    U(URL_LINK_FILE) | U(URL_ANCHOR) | U(URL_CONTENT) |
	    U(URL_IMAGE) | U(URL_BASE) },
	{ "https", 1, U(URL_SOURCE) | U(URL_REMOTE) | U(URL_LINK) |
	    U(URL_LINK_FILE) | U(URL_ANCHOR) | U(URL_CONTENT) |
	    U(URL_IMAGE) | U(URL_BASE) },
	{ "ftp", 0, U(URL_LINK) | U(URL_LINK_FILE) | U(URL_ANCHOR) },
	{ "mailto", 0, U(URL_LINK) | U(URL_LINK_FILE) | U(URL_CONTENT) },
	{ "file", 0, U(URL_SOURCE) | U(URL_LINK_FILE) | U(URL_ANCHOR) },
};

#define URL_SCHEME_MAX	16

static int
url_ctl_or_space(unsigned char c)
{
	return (c <= 0x20 || c == 0x7f);
}

static int
url_tab_or_newline(unsigned char c)
{
	return (c == '\t' || c == '\n' || c == '\r');
}

/*
 * The scheme of URL, lower-cased into BUF, and where the rest starts;
 * NULL when URL has none (relative, protocol-relative, "host:8080" is
 * taken as a scheme as RFC 3986 reads it).
 */
static const char *
url_scheme(const char *url, char *buf)
{
	const unsigned char	*p = (const unsigned char *)url;
	size_t			 n = 0;

	if (url == NULL)
		return (NULL);
	while (*p != '\0' && url_ctl_or_space(*p))
		p++;
	for (;; p++) {
		if (url_tab_or_newline(*p))
			continue;
		if (*p == ':' && n > 0)
			break;
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (n > 0 && ((*p >= '0' && *p <= '9') || *p == '+' ||
		    *p == '-' || *p == '.'))))
			return (NULL);
		if (n == URL_SCHEME_MAX)
			return (NULL);
		buf[n++] = (*p >= 'A' && *p <= 'Z') ? *p - 'A' + 'a' : *p;
	}
	buf[n] = '\0';
	return ((const char *)p + 1);
}

/* 1 when URL names a scheme, so it is not resolved against a base. */
int
url_has_scheme(const char *url)
{
	char	 buf[URL_SCHEME_MAX + 1];

	return (url_scheme(url, buf) != NULL);
}

/* 1 when URL's scheme is SCHEME (lower case). */
int
url_scheme_is(const char *url, const char *scheme)
{
	char	 buf[URL_SCHEME_MAX + 1];

	return (url_scheme(url, buf) != NULL && strcmp(buf, scheme) == 0);
}

/*
 * 1 when URL is absolute with a scheme USE allows.  A source and a
 * remote URL must also name something after "scheme://".
 */
int
url_allowed(const char *url, enum url_use use)
{
	char		 buf[URL_SCHEME_MAX + 1];
	const char	*rest;
	size_t		 i;

	if ((rest = url_scheme(url, buf)) == NULL)
		return (0);
	/* What we fetch is written plainly: no space or control anywhere. */
	if (use == URL_SOURCE || use == URL_REMOTE) {
		for (i = 0; url[i] != '\0'; i++)
			if (url_ctl_or_space((unsigned char)url[i]))
				return (0);
		if (strncmp(rest, "//", 2) != 0 || rest[2] == '\0')
			return (0);
	}
	for (i = 0; i < sizeof(url_schemes) / sizeof(url_schemes[0]); i++) {
		if (strcmp(url_schemes[i].us_scheme, buf) != 0)
			continue;
		if (url_schemes[i].us_host && (strncmp(rest, "//", 2) != 0 ||
		    rest[2] == '\0' || rest[2] == '/'))
			return (0);
		return ((url_schemes[i].us_uses & U(use)) != 0);
	}
	return (0);
}

/*
 * 1 when URL may stand for USE before it is resolved: a relative or
 * protocol-relative reference (which the base decides), or an absolute
 * URL url_allowed() takes.
 */
int
url_reference_allowed(const char *url, enum url_use use)
{
	return (!url_has_scheme(url) || url_allowed(url, use));
}

/*
 * The schemes USE allows, as libcurl's CURLOPT_PROTOCOLS_STR wants them
 * ("http,https"), into BUF of LEN bytes.
 */
void
url_curl_protocols(enum url_use use, char *buf, size_t len)
{
	size_t	 i, off = 0;
	int	 n;

	buf[0] = '\0';
	for (i = 0; i < sizeof(url_schemes) / sizeof(url_schemes[0]); i++) {
		if ((url_schemes[i].us_uses & U(use)) == 0)
			continue;
		n = snprintf(buf + off, len - off, "%s%s", off > 0 ? "," : "",
		    url_schemes[i].us_scheme);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += n;
	}
}

/* S with every '%' as "%25" (PROTECT), or every "%25" as '%' again. */
static char *
url_percent_swap(const char *s, int protect)
{
	size_t	 n = 0, i, o = 0;
	char	*out;

	for (i = 0; s[i] != '\0'; i++)
		n += s[i] == '%';
	out = xmalloc(strlen(s) + (protect ? 2 * n : 0) + 1);
	for (i = 0; s[i] != '\0'; i++) {
		out[o++] = s[i];
		if (s[i] != '%')
			continue;
		if (protect) {
			out[o++] = '2';
			out[o++] = '5';
		} else if (s[i + 1] == '2' && s[i + 2] == '5')
			i += 2;
	}
	out[o] = '\0';
	return (out);
}

/*
 * libxml2 decodes a relative reference's path before it writes it again,
 * and writes again escaped only what a path may not hold: "a%2Fb" became
 * "a/b" and "Let%27s" "Let's", another URL.  So every '%' goes in as
 * "%25" (decoded back to '%', escaped again to "%25") and comes out '%'.
 */
char *
url_resolve(const char *ref, const char *base)
{
	char	*r = NULL, *b = NULL, *out = NULL;
	xmlChar	*abs;
	int	 escaped = strchr(ref, '%') != NULL ||
		    (base != NULL && strchr(base, '%') != NULL);

	/* Most links hold no escape: nothing to protect. */
	if (escaped) {
		r = url_percent_swap(ref, 1);
		b = base != NULL ? url_percent_swap(base, 1) : NULL;
	}
	abs = xmlBuildURI((const xmlChar *)(escaped ? r : ref),
	    (const xmlChar *)(escaped ? b : base));
	if (abs != NULL) {
		out = escaped ? url_percent_swap((const char *)abs, 0) :
		    xstrdup((const char *)abs);
		xmlFree(abs);
	}
	free(r);
	free(b);
	return (out);
}

/*
 * URL as releases before url_resolve wrote it when it came relative: its
 * path decoded and escaped again by libxml2 ("a%2Fb" as "a/b"); NULL
 * when that is URL itself.  The store renames items keyed so.
 */
char *
url_legacy_form(const char *url)
{
	xmlURIPtr	 uri;
	xmlChar		*s;
	char		*out = NULL;

	if (strchr(url, '%') == NULL || (uri = xmlParseURI(url)) == NULL)
		return (NULL);
	s = xmlSaveUri(uri);
	xmlFreeURI(uri);
	if (s != NULL && strcmp((const char *)s, url) != 0)
		out = xstrdup((const char *)s);
	xmlFree(s);
	return (out);
}
