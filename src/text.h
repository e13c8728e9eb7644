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
/* text_clean of RAW, which it frees; NULL for NULL or when nothing is left. */
char	*text_clean_take(char *raw, size_t max);
/*
 * Decodes one UTF-8 character at S (LEN bytes left).  Returns its length and
 * sets *cp, or returns 0 for an invalid or overlong sequence or surrogate.
 */
size_t	 text_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Appends C (a Unicode scalar value) as UTF-8. */
void	 text_utf8_encode(struct buf *, uint32_t c);
/*
 * Returns a new string (caller frees): S with invalid UTF-8 replaced by
 * U+FFFD and characters XML 1.0 forbids dropped; whitespace is kept as is.
 */
char	*text_xml_filter(const char *s);
/* 1 if S is valid UTF-8 holding only characters XML 1.0 allows. */
int	 text_xml_safe(const char *s);
/* Appends S as a JSON string literal (quotes included). */
void	 text_json_string(struct buf *, const char *s);
/*
 * Percent-encodes what a URI may not hold (space, controls, non-ASCII,
 * "<>\"\\^`{|}").  Returns a new string (caller frees).
 */
char	*text_uri_escape(const char *s);

#endif
