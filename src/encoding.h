/* encoding.h: a fetched page's bytes → a libxml2 document in clean UTF-8. */
#ifndef PAGEFEED_ENCODING_H
#define PAGEFEED_ENCODING_H

#include <stddef.h>

#include <libxml/HTMLparser.h>

/*
 * Decides the encoding of a fetched page, in browser order: a BOM, the
 * charset of the HTTP Content-Type (CONTENT_TYPE, may be NULL; a bare label
 * such as "koi8-r" is taken as the charset), a <meta charset> or <meta
 * http-equiv="Content-Type" content="...charset=..."> in the first 1024
 * bytes (the HTML prescan), then FALLBACK (the source's `encoding` key, may
 * be NULL), then UTF-8 when the bytes are valid UTF-8, else windows-1252.
 * Labels from the page and its header are normalised as the WHATWG Encoding
 * Standard does (latin1 and iso-8859-1 → windows-1252, x-sjis → Shift_JIS,
 * utf8 → UTF-8, ...); labels it does not know are skipped, as browsers do.
 * FALLBACK may also name any other encoding libxml2 and iconv know.
 * Writes a static name, or FALLBACK itself, into *name and, into *how, which
 * rule decided ("bom", "http", "meta", "fallback", "sniff").
 */
void	encoding_detect(const char *body, size_t len, const char *content_type,
	    const char *fallback, const char **name, const char **how);
/*
 * The same; with OVERRIDE (encoding_override = yes) a FALLBACK this system
 * can decode outranks the header and <meta> (not a BOM): *how "override".
 */
void	encoding_detect_override(const char *body, size_t len,
	    const char *content_type, const char *fallback, int override,
	    const char **name, const char **how);
/* LABEL's normalised name (or LABEL, when only iconv knows it), or NULL. */
const char *encoding_normalise(const char *label);
/*
 * The label the rule HOW ("http" or "bom") read, as the header wrote it,
 * into LABEL (SIZE bytes).  Returns 0, or -1 when there is none.
 */
int	encoding_declared(const char *body, size_t len,
	    const char *content_type, const char *how, char *label,
	    size_t size);
/* 1 when LABEL (normalised) can be decoded: for the config loader. */
int	encoding_known(const char *label);
/*
 * Parses BODY as HTML in the detected encoding and returns the document
 * (caller frees with xmlFreeDoc), or NULL.  The bytes are decoded to UTF-8
 * here, invalid sequences becoming U+FFFD, so every text and attribute node
 * is valid UTF-8 that XML 1.0 allows; a <meta> never overrides a BOM or
 * the header.  When nothing before the fallback decided, a <meta> found
 * later in the page than the prescan looks still applies (the page is
 * decoded again), as browsers do.  *used (may be NULL) gets the encoding's
 * name, *how (may be NULL) the rule.
 */
htmlDocPtr encoding_parse_html(const char *body, size_t len, const char *url,
	    const char *content_type, const char *fallback, const char **used,
	    const char **how);
/* The same, with encoding_detect_override's OVERRIDE. */
htmlDocPtr encoding_parse_html_override(const char *body, size_t len,
	    const char *url, const char *content_type, const char *fallback,
	    int override, const char **used, const char **how);

#endif
