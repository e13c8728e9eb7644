#ifndef PAGEFEED_URL_H
#define PAGEFEED_URL_H

#include <stddef.h>

/*
 * What a URL is for.  url_allowed() is the one place that says which
 * schemes each may have.
 */
enum url_use {
	URL_SOURCE,	/* a configured source: http(s), file */
	URL_REMOTE,	/* fetched over the network, redirects, base_url,
			   a permalink guid: http(s) */
	URL_LINK,	/* an item's link: http(s), ftp, mailto */
	URL_LINK_FILE,	/* the same on a page read from a file: and file */
	URL_ANCHOR,	/* an anchor detection may take as an item's link:
			   http(s), ftp, file (resolved as a link later) */
	URL_CONTENT,	/* <a href> inside an item's HTML: http(s), mailto */
	URL_IMAGE,	/* images and media, in content or as item.image */
	URL_BASE	/* <base href>, xml:base: http(s) */
};

int	 url_has_scheme(const char *url);
int	 url_scheme_is(const char *url, const char *scheme);
int	 url_allowed(const char *url, enum url_use use);
int	 url_reference_allowed(const char *url, enum url_use use);
void	 url_curl_protocols(enum url_use use, char *buf, size_t len);
/*
 * REF resolved against BASE (RFC 3986 section 5; BASE may be NULL), its
 * percent-escapes as written; NULL if libxml2 cannot read them.  The
 * caller frees.
 */
char	*url_resolve(const char *ref, const char *base);
char	*url_legacy_form(const char *url);

#endif
