/*
 * text.c: everything from a fetched page is hostile.  These helpers make it
 * valid UTF-8 that XML 1.0 and JSON accept, whatever the page held.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

long
text_utf8_char(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char	 lo = 0x80, hi = 0xbf;
	size_t		 n, i;
	uint32_t	 c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return (1);
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* no overlong forms */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* nothing beyond U+10FFFF */
	} else
		return (-1);
	for (i = 1; i < n; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return (-(long)i);
		c = (c << 6) | (s[i] & 0x3f);
		lo = 0x80;
		hi = 0xbf;
	}
	*cp = c;
	return ((long)n);
}

size_t
text_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	long	 n;

	if ((n = text_utf8_char(s, len, cp)) < 0)
		return (0);
	return ((size_t)n);
}

int
text_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return (c - '0');
	if (c >= 'a' && c <= 'f')
		return (c - 'a' + 10);
	if (c >= 'A' && c <= 'F')
		return (c - 'A' + 10);
	return (-1);
}

int
text_xml_char(uint32_t c)
{
	return (c == 0x9 || c == 0xa || c == 0xd ||
	    (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) ||
	    (c >= 0x10000 && c <= 0x10ffff));
}

static int
text_space(uint32_t c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == 0x0c || c == 0xa0 || c == 0x2028 || c == 0x2029 ||
	    c == 0x3000 || (c >= 0x2000 && c <= 0x200a) || c == 0x202f ||
	    c == 0x205f || c == 0x85);
}

/* Cuts S (LEN bytes) to at most MAX bytes, ellipsis included, in place. */
static size_t
text_cut(char *s, size_t len, size_t max)
{
	size_t	 out, sp;
	int	 ellipsis = max >= 4;

	if (len <= max)
		return (len);
	out = ellipsis ? max - 3 : max;
	while (out > 0 && ((unsigned char)s[out] & 0xc0) == 0x80)
		out--;		/* never split a character */
	/* Back up to a space so words stay whole, when one is near. */
	for (sp = out; sp > 0 && s[sp] != ' ' && out - sp < 40; sp--)
		;
	if (sp > 0 && s[sp] == ' ')
		out = sp;
	while (out > 0 && s[out - 1] == ' ')
		out--;
	if (ellipsis) {
		memcpy(s + out, "\xe2\x80\xa6", 3);	/* … */
		out += 3;
	}
	s[out] = '\0';
	return (out);
}

char *
text_clean(const char *src, size_t max)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 len = strlen(src), n, out = 0;
	char			*dst;
	uint32_t		 c;
	int			 pending_space = 0;

	/* Worst case: every byte becomes U+FFFD (3 bytes); with a MAX, the
	 * cut reads no further than MAX + 1 bytes of what is kept. */
	dst = xmalloc(max > 0 && max + 16 < len * 3 + 8 ? max + 16 :
	    len * 3 + 8);
	while (*s != '\0' && (max == 0 || out <= max)) {
		/* ASCII, most of every page, needs no decoding. */
		if (*s < 0x80) {
			c = *s;
			n = 1;
		} else if ((n = text_utf8_decode(s, len, &c)) == 0) {
			c = 0xfffd;
			n = 1;
		}
		s += n;
		len -= n;
		if (text_space(c)) {
			pending_space = out > 0;
			continue;
		}
		if (!text_xml_char(c) || c == 0xfeff)
			continue;
		if (pending_space) {
			dst[out++] = ' ';
			pending_space = 0;
		}
		if (c < 0x80)
			dst[out++] = (char)c;
		else if (c == 0xfffd && n == 1) {
			memcpy(dst + out, "\xef\xbf\xbd", 3);
			out += 3;
		} else {
			memcpy(dst + out, s - n, n);
			out += n;
		}
	}
	dst[out] = '\0';
	if (max > 0)
		text_cut(dst, out, max);
	return (dst);
}

char *
text_xml_clean(const char *src, size_t len, int flags, size_t *outlen)
{
	const unsigned char	*s = (const unsigned char *)src;
	struct buf		 b;
	size_t			 i = 0, skip;
	long			 n;
	uint32_t		 c;

	/* Worst case: every byte becomes U+FFFD (3 bytes). */
	buf_init(&b, len * 3 + 1);
	while (i < len) {
		/* A run of plain ASCII text at once: most of any page. */
		for (skip = i; skip < len && ((s[skip] >= 0x20 &&
		    s[skip] < 0x7f) || s[skip] == '\t' || s[skip] == '\n' ||
		    s[skip] == '\r'); skip++)
			;
		if (skip > i) {
			buf_add(&b, s + i, skip - i);
			i = skip;
			continue;
		}
		if ((n = text_utf8_char(s + i, len - i, &c)) < 0) {
			buf_add(&b, "\xef\xbf\xbd", 3);
			skip = flags & TEXT_XML_HTML ? (size_t)-n : 1;
			i += skip;
			continue;
		}
		if (c == '\f' && (flags & TEXT_XML_HTML))
			buf_add(&b, " ", 1);	/* HTML white space */
		else if (text_xml_char(c))
			buf_add(&b, s + i, (size_t)n);
		i += (size_t)n;
	}
	return (buf_take(&b, outlen));
}

char *
text_xml_filter(const char *src)
{
	return (text_xml_clean(src, strlen(src), 0, NULL));
}

int
text_xml_safe(const char *src)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 len = strlen(src), n;
	uint32_t		 c;

	while (*s != '\0') {
		if ((n = text_utf8_decode(s, len, &c)) == 0 || !text_xml_char(c))
			return (0);
		s += n;
		len -= n;
	}
	return (1);
}

void
text_json_string(struct buf *b, const char *src)
{
	const unsigned char	*s = (const unsigned char *)src;
	size_t			 len = strlen(src), n;
	uint32_t		 c;
	char			 esc[8];

	buf_add(b, "\"", 1);
	while (*s != '\0') {
		if ((n = text_utf8_decode(s, len, &c)) == 0) {
			buf_add(b, "\\ufffd", 6);	/* never emit invalid UTF-8 */
			s++;
			len--;
			continue;
		}
		switch (c) {
		case '"':	buf_add(b, "\\\"", 2); break;
		case '\\':	buf_add(b, "\\\\", 2); break;
		case '\n':	buf_add(b, "\\n", 2); break;
		case '\r':	buf_add(b, "\\r", 2); break;
		case '\t':	buf_add(b, "\\t", 2); break;
		default:
			if (c < 0x20 || c == 0x7f || c == 0x2028 ||
			    c == 0x2029) {
				snprintf(esc, sizeof(esc), "\\u%04x",
				    (unsigned)c);
				buf_add(b, esc, 6);
			} else
				buf_add(b, s, n);
		}
		s += n;
		len -= n;
	}
	buf_add(b, "\"", 1);
}

char *
text_uri_escape(const char *src)
{
	static const char	 hex[] = "0123456789ABCDEF";
	const unsigned char	*s;
	char			*dst, *d;

	dst = d = xmalloc(strlen(src) * 3 + 1);
	for (s = (const unsigned char *)src; *s != '\0'; s++) {
		if (*s <= 0x20 || *s >= 0x7f || strchr("<>\"\\^`{|}", *s)) {
			*d++ = '%';
			*d++ = hex[*s >> 4];
			*d++ = hex[*s & 0xf];
		} else
			*d++ = (char)*s;
	}
	*d = '\0';
	return (dst);
}

void
text_utf8_encode(struct buf *b, uint32_t c)
{
	unsigned char	 u[4];
	size_t		 n;

	if (c < 0x80) {
		u[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (unsigned char)(0xc0 | (c >> 6));
		u[1] = (unsigned char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (unsigned char)(0xe0 | (c >> 12));
		u[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (unsigned char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | (c >> 18));
		u[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

char *
text_clean_nonempty(const char *raw, size_t max)
{
	char	*s;

	if (raw == NULL)
		return (NULL);
	s = text_clean(raw, max);
	if (s[0] == '\0') {
		free(s);
		return (NULL);
	}
	return (s);
}

char *
text_clean_take(char *raw, size_t max)
{
	char	*s = text_clean_nonempty(raw, max);

	free(raw);
	return (s);
}

/*
 * Appends S (LEN bytes) for HTML text: &, < and > as references, invalid
 * UTF-8 as U+FFFD and the characters XML forbids (controls, U+FFFE, U+FFFF)
 * dropped.  TEXT_HTML_PAGE, for a page or attribute value we write, adds
 * " and ' as references and drops DEL and C1 controls too.
 */
void
text_html_escape(struct buf *b, const char *s, size_t len, int flags)
{
	const unsigned char	*p = (const unsigned char *)s;
	const char		*special;
	size_t			 n, run;
	uint32_t		 cp;
	int			 page = flags & TEXT_HTML_PAGE;

	special = page ? "&<>\"'" : "&<>";
	while (len > 0) {
		/* Runs of plain characters are copied at once. */
		for (run = 0; run < len && p[run] >= 0x20 && p[run] < 0x7f &&
		    strchr(special, p[run]) == NULL; run++)
			;
		if (run > 0) {
			buf_add(b, p, run);
			p += run;
			len -= run;
			continue;
		}
		n = 1;
		switch (*p) {
		case '&':	buf_addstr(b, "&amp;"); break;
		case '<':	buf_addstr(b, "&lt;"); break;
		case '>':	buf_addstr(b, "&gt;"); break;
		case '"':	buf_addstr(b, "&quot;"); break;
		case '\'':	buf_addstr(b, "&#39;"); break;
		case '\t': case '\n': case '\r':
			buf_add(b, p, 1);
			break;
		case 0x7f:
			if (!page)
				buf_add(b, p, 1);
			break;
		default:
			if (*p < 0x80)		/* C0 control */
				break;
			if ((n = text_utf8_decode(p, len, &cp)) == 0) {
				buf_addstr(b, "\xef\xbf\xbd");
				n = 1;
			} else if (!(page && cp >= 0x80 && cp <= 0x9f) &&
			    cp != 0xfffe && cp != 0xffff)
				buf_add(b, p, n);
			break;
		}
		p += n;
		len -= n;
	}
}

char *
text_html_escape_str(const char *s)
{
	struct buf	 b;

	buf_init(&b, (size_t)-1 / 2);
	text_html_escape(&b, s, strlen(s), 0);
	return (buf_take(&b, NULL));
}
