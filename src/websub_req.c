/*
 * websub_req.c: WebSub subscription requests read from hostile bytes.
 * The body is application/x-www-form-urlencoded (WebSub 5.1); URLs are
 * taken apart by libcurl's URL parser, the one the requests will use.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "log.h"
#include "text.h"
#include "util.h"
#include "websub_req.h"

#define FORM_TYPE	"application/x-www-form-urlencoded"

/* The parameters a request may hold, each at most once. */
enum form_param {
	FP_MODE = 0, FP_TOPIC, FP_CALLBACK, FP_LEASE, FP_SECRET, FP_MAX
};
static const char *const form_names[FP_MAX] = {
	"hub.mode", "hub.topic", "hub.callback", "hub.lease_seconds",
	"hub.secret"
};

/* LEN bytes of form text decoded ('+' a space, %XX), or NULL if bad. */
static char *
form_decode(const char *s, size_t len)
{
	char	*out = xmalloc(len + 1), *o = out;
	size_t	 i;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			*o++ = ' ';
		else if (s[i] != '%')
			*o++ = s[i];
		else if (i + 2 < len &&
		    (hi = text_hexval((unsigned char)s[i + 1])) >= 0 &&
		    (lo = text_hexval((unsigned char)s[i + 2])) >= 0) {
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else {
			free(out);
			return (NULL);
		}
		if (o[-1] == '\0') {
			free(out);
			return (NULL);
		}
	}
	*o = '\0';
	return (out);
}

/* Any byte a URL or a mode may not hold: controls, space, DEL, non-ASCII. */
static int
form_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s <= ' ' || (unsigned char)*s >= 0x7f)
			return (0);
	return (1);
}

/* Splits BODY into the known parameters.  Returns 0 or -1 with WHY. */
static int
form_split(const char *body, size_t len, char *vals[FP_MAX], char *why,
    size_t whylen)
{
	const char	*p = body, *end = body + len, *amp, *eq;
	char		*key;
	size_t		 k;

	for (; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p)
			continue;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if ((key = form_decode(p, (size_t)(eq - p))) == NULL) {
			snprintf(why, whylen, "a parameter name is badly "
			    "escaped");
			return (-1);
		}
		for (k = 0; k < FP_MAX && strcmp(key, form_names[k]) != 0; k++)
			;
		free(key);
		if (k == FP_MAX)
			continue;	/* not ours: ignored */
		if (vals[k] != NULL) {
			snprintf(why, whylen, "%s given twice", form_names[k]);
			return (-1);
		}
		vals[k] = form_decode(eq == amp ? eq : eq + 1,
		    (size_t)(amp - (eq == amp ? eq : eq + 1)));
		if (vals[k] == NULL) {
			snprintf(why, whylen, "%s is badly escaped (or holds "
			    "a NUL)", form_names[k]);
			return (-1);
		}
	}
	return (0);
}

char *
websub_callback_host(const char *url)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *out = NULL;
	size_t	 n;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url");
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
	    (n = strlen(host)) > 0) {
		/* An IPv6 literal comes in brackets. */
		out = host[0] == '[' && n > 2 && host[n - 1] == ']' ?
		    xstrndup(host + 1, n - 2) : xstrdup(host);
	}
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return (out);
}

/* The callback: an absolute http(s) URL with a host.  0 or -1 with WHY. */
static int
req_callback(struct websub_req *wr, const char *cb, char *why,
    size_t whylen)
{
	if (strlen(cb) > WEBSUB_MAX_CALLBACK || !form_plain(cb)) {
		snprintf(why, whylen, "hub.callback must be a URL of at most "
		    "%d bytes, without spaces or controls",
		    WEBSUB_MAX_CALLBACK);
		return (-1);
	}
	/* As written, not as a lenient parser would mend "https:/x". */
	if ((strncasecmp(cb, "http://", 7) != 0 &&
	    strncasecmp(cb, "https://", 8) != 0) ||
	    strchr("/?#", strstr(cb, "://")[3]) != NULL ||	/* no host */
	    (wr->wr_host = websub_callback_host(cb)) == NULL) {
		snprintf(why, whylen, "hub.callback must be an absolute "
		    "http:// or https:// URL");
		return (-1);
	}
	wr->wr_callback = xstrdup(cb);
	return (0);
}

/* hub.lease_seconds: 1 to 10 decimal digits.  -1 when bad. */
static long
req_lease(const char *s)
{
	size_t	 n = strlen(s);

	if (n == 0 || n > 10 || strspn(s, "0123456789") != n)
		return (-1);
	return (strtol(s, NULL, 10));
}

/* VALS into WR, each checked.  0, or -1 with WHY. */
static int
req_fill(struct websub_req *wr, char *vals[FP_MAX], char *why, size_t whylen)
{
	if (vals[FP_MODE] == NULL || (strcmp(vals[FP_MODE], "subscribe") != 0
	    && strcmp(vals[FP_MODE], "unsubscribe") != 0)) {
		snprintf(why, whylen, "hub.mode must be subscribe or "
		    "unsubscribe");
		return (-1);
	}
	wr->wr_mode = strcmp(vals[FP_MODE], "subscribe") == 0 ?
	    WEBSUB_SUBSCRIBE : WEBSUB_UNSUBSCRIBE;
	if (vals[FP_TOPIC] == NULL || vals[FP_TOPIC][0] == '\0' ||
	    strlen(vals[FP_TOPIC]) > WEBSUB_MAX_TOPIC ||
	    !form_plain(vals[FP_TOPIC])) {
		snprintf(why, whylen, "hub.topic must be a URL of at most %d "
		    "bytes", WEBSUB_MAX_TOPIC);
		return (-1);
	}
	if (vals[FP_CALLBACK] == NULL) {
		snprintf(why, whylen, "hub.callback is missing");
		return (-1);
	}
	if (req_callback(wr, vals[FP_CALLBACK], why, whylen) == -1)
		return (-1);
	wr->wr_lease = -1;
	if (vals[FP_LEASE] != NULL && vals[FP_LEASE][0] != '\0' &&
	    (wr->wr_lease = req_lease(vals[FP_LEASE])) == -1) {
		snprintf(why, whylen, "hub.lease_seconds must be a number of "
		    "seconds");
		return (-1);
	}
	if (vals[FP_SECRET] != NULL && strlen(vals[FP_SECRET]) >
	    WEBSUB_MAX_SECRET) {
		snprintf(why, whylen, "hub.secret must be under %d bytes",
		    WEBSUB_MAX_SECRET + 1);
		return (-1);
	}
	wr->wr_topic = xstrdup(vals[FP_TOPIC]);
	/* An empty secret signs nothing: none. */
	if (vals[FP_SECRET] != NULL && vals[FP_SECRET][0] != '\0')
		wr->wr_secret = xstrdup(vals[FP_SECRET]);
	return (0);
}

/* CONTENT_TYPE is the form's, parameters (charset) aside. */
static int
req_form_type(const char *ct)
{
	size_t	 n = strlen(FORM_TYPE);

	while (*ct == ' ' || *ct == '\t')
		ct++;
	return (strncasecmp(ct, FORM_TYPE, n) == 0 && (ct[n] == '\0' ||
	    ct[n] == ';' || ct[n] == ' ' || ct[n] == '\t'));
}

int
websub_req_parse(const char *content_type, const char *body, size_t len,
    struct websub_req *wr, char *why, size_t whylen)
{
	char	*vals[FP_MAX] = { NULL };
	int	 status = 0;
	size_t	 k;

	memset(wr, 0, sizeof(*wr));
	wr->wr_lease = -1;
	if (content_type != NULL && !req_form_type(content_type)) {
		snprintf(why, whylen, "send the parameters as %s", FORM_TYPE);
		return (415);
	}
	if (len > WEBSUB_MAX_BODY) {
		snprintf(why, whylen, "request body over %d bytes",
		    WEBSUB_MAX_BODY);
		return (413);
	}
	if (form_split(body, len, vals, why, whylen) == -1 ||
	    req_fill(wr, vals, why, whylen) == -1) {
		websub_req_clear(wr);
		status = 400;
	}
	for (k = 0; k < FP_MAX; k++)
		free(vals[k]);
	return (status);
}

void
websub_req_clear(struct websub_req *wr)
{
	free_all(wr->wr_topic, wr->wr_callback, wr->wr_host, wr->wr_secret);
	memset(wr, 0, sizeof(*wr));
	wr->wr_lease = -1;
}

char *
websub_topic_feed(const char *base, const char *topic,
    const char *const *exts, size_t nexts, size_t *ext)
{
	static const char names[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";
	size_t		  blen = strlen(base), n, elen, i;
	const char	 *name;

	/* Scheme and host are without case; a base's path rarely has any. */
	if (strncasecmp(topic, base, blen) != 0 ||
	    strncmp(topic + blen, "feeds/", 6) != 0)
		return (NULL);
	name = topic + blen + 6;
	n = strlen(name);
	if (strspn(name, names) != n)
		return (NULL);	/* a query, a fragment, a path: not a feed */
	for (i = 0; i < nexts; i++) {
		elen = strlen(exts[i]);
		if (n > elen + 1 && name[n - elen - 1] == '.' &&
		    strcmp(name + n - elen, exts[i]) == 0) {
			*ext = i;
			return (xstrdup(name));
		}
	}
	return (NULL);
}

char *
websub_url_with(const char *url, const char *const *params, size_t nparams)
{
	CURLU	*u;
	char	*pair, *out = NULL, *copy;
	size_t	 i;
	int	 ok;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url");
	ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK;
	for (i = 0; ok && i < nparams; i++) {
		xasprintf(&pair, "%s=%s", params[2 * i], params[2 * i + 1]);
		/* The first '=' stays; the value is escaped. */
		ok = curl_url_set(u, CURLUPART_QUERY, pair, CURLU_APPENDQUERY |
		    CURLU_URLENCODE) == CURLUE_OK;
		free(pair);
	}
	if (ok && curl_url_get(u, CURLUPART_URL, &out, 0) == CURLUE_OK) {
		copy = xstrdup(out);
		curl_free(out);
		out = copy;
	} else
		out = NULL;
	curl_url_cleanup(u);
	return (out);
}

char *
websub_url_shown(const char *url)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *port = NULL, *path = NULL;
	char	*query = NULL, *out;

	if ((u = curl_url()) == NULL)
		fatalx("curl_url");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		curl_free(scheme);
		curl_url_cleanup(u);
		return (xstrdup("(a callback)"));
	}
	curl_url_get(u, CURLUPART_PORT, &port, 0);
	curl_url_get(u, CURLUPART_PATH, &path, 0);
	curl_url_get(u, CURLUPART_QUERY, &query, 0);
	xasprintf(&out, "%s://%s%s%s%s%s", scheme, host, port ? ":" : "",
	    port ? port : "", path ? path : "/", query ? "?..." : "");
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_free(query);
	curl_url_cleanup(u);
	return (out);
}
