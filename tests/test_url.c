/*
 * test_url.c: the URL-scheme policy, every use against every kind of URL
 * a page, a feed or a config file may give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "url.h"

/* Columns: SOURCE REMOTE LINK LINK_FILE ANCHOR CONTENT IMAGE BASE. */
static const struct {
	const char	*t_url;
	const char	*t_want;
} table[] = {
	{ "http://example.org/a",	"11111111" },
	{ "https://example.org/a",	"11111111" },
	{ "HTTP://EXAMPLE.ORG/",	"11111111" },
	{ "HtTpS://example.org/",	"11111111" },
	{ "ftp://example.org/f",	"00111000" },
	{ "FTP://example.org/f",	"00111000" },
	{ "mailto:a@example.org",	"00110100" },
	{ "MailTo:a@example.org",	"00110100" },
	{ "file:///etc/passwd",		"10011000" },
	{ "FILE:///etc/passwd",		"10011000" },
	{ "javascript:alert(1)",	"00000000" },
	{ "JavaScript:alert(1)",	"00000000" },
	{ " javascript:alert(1)",	"00000000" },
	{ "\x01\x1f javascript:x",	"00000000" },
	{ "java\tscript:alert(1)",	"00000000" },
	{ "java\nscript:alert(1)",	"00000000" },
	{ "data:text/html,<b>",		"00000000" },
	{ "DATA:image/png;base64,AA",	"00000000" },
	{ "vbscript:x",			"00000000" },
	{ "tel:+1555",			"00000000" },
	{ "about:blank",		"00000000" },
	{ "a/b.html",			"00000000" },
	{ "/a/b.html",			"00000000" },
	{ "?q=1",			"00000000" },
	{ "#top",			"00000000" },
	{ "//example.org/a",		"00000000" },
	{ "",				"00000000" },
	/* Leading space is skipped for what a page gives, not for sources. */
	{ " http://example.org/",	"00111111" },
	{ "\thttps://example.org/",	"00111111" },
	/* http(s) names a host (RFC 9110); without one it is nothing. */
	{ "http://",			"00000000" },
	{ "http:/x",			"00000000" },
	{ "http:javascript:alert(1)",	"00000000" },
	{ "https:///x",			"00000000" },
	{ "http://exa mple.org/",	"00111111" },
	{ "host:8080",			"00000000" },
};

static const char *const uses[] = { "source", "remote", "link",
    "link on a file page", "anchor", "content link", "image", "base" };

/* Relative references are left to the base; schemes are the policy's. */
static const struct {
	const char	*r_url;
	enum url_use	 r_use;
	int		 r_want;
} refs[] = {
	{ "a/b.html",		URL_LINK,	1 },
	{ "//example.org/a",	URL_LINK,	1 },
	{ "#top",		URL_ANCHOR,	1 },
	{ "img.png 2x",		URL_IMAGE,	1 },
	{ "http://x/",		URL_IMAGE,	1 },
	{ "javascript:x",	URL_LINK,	0 },
	{ " JAVASCRIPT:x",	URL_ANCHOR,	0 },
	{ "data:image/gif,x",	URL_IMAGE,	0 },
	{ "mailto:a@b",		URL_ANCHOR,	0 },
	{ "mailto:a@b",		URL_LINK,	1 },
	{ "tel:1",		URL_ANCHOR,	0 },
	{ "file:///x",		URL_LINK,	0 },
	{ "ftp://x/",		URL_IMAGE,	0 },
};

/* WHAT with control characters shown as '?', one TAP line. */
static void
visible(char *what)
{
	for (; *what != '\0'; what++)
		if ((unsigned char)*what < 0x20)
			*what = '?';
}

/* References resolved with their percent-escapes as the page wrote them:
 * "%2F" is no "/" (another path), "%27" stays "%27" (another guid). */
static void
test_resolve(void)
{
	static const struct {
		const char	*ref, *base, *want;
	} cases[] = {
		{ "/p/553683/Let%27s+Go%2C+now", "https://x.nl/",
		  "https://x.nl/p/553683/Let%27s+Go%2C+now" },
		{ "group%2Fproject/-/tags", "https://g.example/a/",
		  "https://g.example/a/group%2Fproject/-/tags" },
		{ "c", "https://h.example/a%2Fb/x", "https://h.example/a%2Fb/c" },
		{ "../d", "https://h.example/a/b%2520/c/",
		  "https://h.example/a/b%2520/d" },
		{ "?q=%27x%2F", "https://h.example/s", "https://h.example/s?q=%27x%2F" },
		{ "x#%41", "https://h.example/", "https://h.example/x#%41" },
		{ "https://o.example/%41%2f", "https://h.example/",
		  "https://o.example/%41%2f" },
		{ "100%", "https://h.example/", "https://h.example/100%" },
	};
	char	*got, what[256];
	size_t	 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = url_resolve(cases[i].ref, cases[i].base);
		snprintf(what, sizeof(what), "resolve '%s' against '%s'",
		    cases[i].ref, cases[i].base);
		tap_str(got, cases[i].want, what);
		free(got);
	}
}

int
main(void)
{
	char	 what[256], buf[64];
	size_t	 i, u;

	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		for (u = 0; u < strlen(table[i].t_want); u++) {
			snprintf(what, sizeof(what), "%s '%s'",
			    uses[u], table[i].t_url);
			visible(what);
			tap_long(url_allowed(table[i].t_url, (enum url_use)u),
			    table[i].t_want[u] == '1', what);
		}
	for (i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		snprintf(what, sizeof(what), "reference '%s' as %s",
		    refs[i].r_url, uses[refs[i].r_use]);
		visible(what);
		tap_long(url_reference_allowed(refs[i].r_url, refs[i].r_use),
		    refs[i].r_want, what);
	}
	tap_ok(url_allowed(NULL, URL_LINK) == 0, "NULL is no URL");
	tap_ok(url_scheme_is("FILE:/x", "file"), "scheme_is ignores case");
	tap_ok(!url_scheme_is("files:/x", "file"), "scheme_is whole scheme");
	tap_ok(!url_scheme_is(NULL, "file"), "scheme_is NULL");
	tap_ok(url_has_scheme("urn:x") && !url_has_scheme("a/b:c") &&
	    !url_has_scheme("1a:b"), "what has a scheme");
	test_resolve();
	url_curl_protocols(URL_SOURCE, buf, sizeof(buf));
	tap_str(buf, "http,https,file", "libcurl protocols for a source");
	url_curl_protocols(URL_REMOTE, buf, sizeof(buf));
	tap_str(buf, "http,https", "libcurl protocols for the network");
	return (tap_done());
}
