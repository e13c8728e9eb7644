/* text.h: cleaning text from hostile pages before it is stored or served. */
#ifndef PAGEFEED_TEXT_H
#define PAGEFEED_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Returns a new string (caller frees) made of S with invalid UTF-8 replaced
 * by U+FFFD, characters XML 1.0 forbids dropped, runs of whitespace (NBSP
 * included) folded to one space and the ends trimmed, cut at a character
 * boundary to at most MAX bytes (an ellipsis marks a cut).
 */
char	*text_clean(const char *s, size_t max);
/* text_clean of RAW; NULL for NULL or when nothing is left. */
char	*text_clean_nonempty(const char *raw, size_t max);
/* text_clean_nonempty of RAW, which it frees. */
char	*text_clean_take(char *raw, size_t max);
/*
 * The one UTF-8 decoder.  Decodes one character at S (LEN bytes left, at
 * least 1) into *cp and returns its length, or returns minus the length of
 * the maximal invalid subpart (the bytes one U+FFFD stands for, as WHATWG
 * decoders count them) for an invalid or overlong sequence or a surrogate.
 */
long	 text_utf8_char(const unsigned char *s, size_t len, uint32_t *cp);
/* text_utf8_char, but 0 for anything invalid (callers skip one byte). */
size_t	 text_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Appends C (a Unicode scalar value) as UTF-8. */
void	 text_utf8_encode(struct buf *, uint32_t c);
/*
 * Returns a new string (caller frees): S with invalid UTF-8 replaced by
 * U+FFFD and characters XML 1.0 forbids dropped; whitespace is kept as is.
 */
char	*text_xml_filter(const char *s);
/*
 * The one clean-for-XML routine: S (LEN bytes) as a new string (caller
 * frees; its length in *outlen when not NULL) with invalid UTF-8 replaced by
 * U+FFFD, one per byte, and characters XML 1.0 forbids dropped.  With
 * TEXT_XML_HTML, as an HTML parser is fed: one U+FFFD per maximal invalid
 * subpart and a form feed (HTML white space) becomes a space.
 */
#define TEXT_XML_HTML	0x1
char	*text_xml_clean(const char *s, size_t len, int flags, size_t *outlen);
/* Whether XML 1.0 allows the character C. */
int	 text_xml_char(uint32_t c);
/* 1 if S is valid UTF-8 holding only characters XML 1.0 allows. */
int	 text_xml_safe(const char *s);
/*
 * The one HTML escaper: appends S (LEN bytes) for HTML text with &, < and >
 * as references, invalid UTF-8 as U+FFFD and what XML forbids dropped.
 * TEXT_HTML_PAGE, for the web pages and their attribute values: " and ' as
 * references too, and DEL and C1 controls dropped.
 */
#define TEXT_HTML_PAGE	0x1
void	 text_html_escape(struct buf *, const char *s, size_t len, int flags);
/* text_html_escape of S with no flags, as a new string (caller frees). */
char	*text_html_escape_str(const char *s);
/* The value of the hexadecimal digit C, or -1. */
int	 text_hexval(int c);
/* Appends S as a JSON string literal (quotes included). */
void	 text_json_string(struct buf *, const char *s);
/*
 * Percent-encodes what a URI may not hold (space, controls, non-ASCII,
 * "<>\"\\^`{|}").  Returns a new string (caller frees).
 */
char	*text_uri_escape(const char *s);

#endif
