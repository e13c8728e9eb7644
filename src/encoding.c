/*
 * encoding.c: which encoding a page is in, decided the way browsers decide
 * (WHATWG Encoding Standard labels, the HTML prescan), and the page decoded
 * to UTF-8 here with iconv rather than by libxml2: libxml2 2.9 truncates the
 * document at the first byte its converter rejects and copies invalid bytes
 * through untouched when told the page is UTF-8.
 */
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/encoding.h>
#include <libxml/xpath.h>

#include "encoding.h"
#include "text.h"
#include "util.h"

#define ENCODING_PRESCAN	1024	/* bytes the HTML prescan looks at */
#define ENCODING_LABEL_MAX	40	/* longer labels are nonsense */
#define ENCODING_ATTR_MAX	128	/* prescan: longer attributes never match */

#define ENCODING_PARSE_OPTIONS	(HTML_PARSE_NONET | HTML_PARSE_NOERROR | \
	HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_COMPACT | \
	HTML_PARSE_IGNORE_ENC)

/*
 * The WHATWG encodings: the name, what iconv is asked for when that is not
 * the name, and the labels.  Where the WHATWG decoder is a superset of the
 * namesake iconv decodes, iconv is asked for the superset (Shift_JIS pages
 * are really windows-31j).  "replacement" and x-user-defined are left out:
 * iconv has no decoder for them.
 */
static const struct {
	const char	*en_name;
	const char	*en_iconv;	/* NULL: en_name */
	const char	*en_labels;	/* space-separated, lowercase */
} encodings[] = {
	{ "UTF-8", NULL, "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 "
	    "utf8 x-unicode20utf8" },
	{ "IBM866", NULL, "866 cp866 csibm866 ibm866" },
	{ "ISO-8859-2", NULL, "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 "
	    "iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2" },
	{ "ISO-8859-3", NULL, "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 "
	    "iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3" },
	{ "ISO-8859-4", NULL, "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 "
	    "iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4" },
	{ "ISO-8859-5", NULL, "csisolatincyrillic cyrillic iso-8859-5 "
	    "iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988" },
	{ "ISO-8859-6", NULL, "arabic asmo-708 csiso88596e csiso88596i "
	    "csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e iso-8859-6-i "
	    "iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987" },
	{ "ISO-8859-7", NULL, "csisolatingreek ecma-118 elot_928 greek greek8 "
	    "iso-8859-7 iso-ir-126 iso8859-7 iso88597 iso_8859-7 "
	    "iso_8859-7:1987 sun_eu_greek" },
	{ "ISO-8859-8", NULL, "csiso88598e csisolatinhebrew hebrew iso-8859-8 "
	    "iso-8859-8-e iso-ir-138 iso8859-8 iso88598 iso_8859-8 "
	    "iso_8859-8:1988 visual" },
	{ "ISO-8859-8-I", "ISO-8859-8", "csiso88598i iso-8859-8-i logical" },
	{ "ISO-8859-10", NULL, "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 "
	    "iso885910 l6 latin6" },
	{ "ISO-8859-13", NULL, "iso-8859-13 iso8859-13 iso885913" },
	{ "ISO-8859-14", NULL, "iso-8859-14 iso8859-14 iso885914" },
	{ "ISO-8859-15", NULL, "csisolatin9 iso-8859-15 iso8859-15 iso885915 "
	    "iso_8859-15 l9" },
	{ "ISO-8859-16", NULL, "iso-8859-16" },
	{ "KOI8-R", NULL, "cskoi8r koi koi8 koi8-r koi8_r" },
	{ "KOI8-U", NULL, "koi8-ru koi8-u" },
	{ "macintosh", "MACINTOSH", "csmacintosh mac macintosh x-mac-roman" },
	{ "windows-874", "CP874", "dos-874 iso-8859-11 iso8859-11 iso885911 "
	    "tis-620 windows-874" },
	{ "windows-1250", NULL, "cp1250 windows-1250 x-cp1250" },
	{ "windows-1251", NULL, "cp1251 windows-1251 x-cp1251" },
	{ "windows-1252", NULL, "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 "
	    "ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 iso_8859-1 "
	    "iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252" },
	{ "windows-1253", NULL, "cp1253 windows-1253 x-cp1253" },
	{ "windows-1254", NULL, "cp1254 csisolatin5 iso-8859-9 iso-ir-148 "
	    "iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
	    "windows-1254 x-cp1254" },
	{ "windows-1255", NULL, "cp1255 windows-1255 x-cp1255" },
	{ "windows-1256", NULL, "cp1256 windows-1256 x-cp1256" },
	{ "windows-1257", NULL, "cp1257 windows-1257 x-cp1257" },
	{ "windows-1258", NULL, "cp1258 windows-1258 x-cp1258" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC", "x-mac-cyrillic x-mac-ukrainian" },
	{ "GBK", "GB18030", "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 "
	    "gb_2312-80 gbk iso-ir-58 x-gbk" },
	{ "gb18030", NULL, "gb18030" },
	{ "Big5", "BIG5-HKSCS", "big5 big5-hkscs cn-big5 csbig5 x-x-big5" },
	{ "EUC-JP", NULL, "cseucpkdfmtjapanese euc-jp x-euc-jp" },
	{ "ISO-2022-JP", NULL, "csiso2022jp iso-2022-jp" },
	{ "Shift_JIS", "CP932", "csshiftjis ms932 ms_kanji shift-jis shift_jis "
	    "sjis windows-31j x-sjis" },
	{ "EUC-KR", "CP949", "cseuckr csksc56011987 euc-kr iso-ir-149 korean "
	    "ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949" },
	{ "UTF-16BE", NULL, "unicodefffe utf-16be" },
	{ "UTF-16LE", NULL, "csunicode iso-10646-ucs-2 ucs-2 unicode "
	    "unicodefeff utf-16 utf-16le" },
};
#define ENCODING_COUNT \
	(sizeof(encodings) / sizeof(encodings[0]))

static int
encoding_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r');
}

static const char *
encoding_iconv_name(const char *name)
{
	size_t	 i;

	for (i = 0; i < ENCODING_COUNT; i++)
		if (strcmp(name, encodings[i].en_name) == 0)
			return (encodings[i].en_iconv != NULL ?
			    encodings[i].en_iconv : name);
	return (name);
}

/* Whether the label at S (LEN bytes) is one of LABELS, whatever the case. */
static int
encoding_label_in(const char *labels, const char *s, size_t len)
{
	const char	*p;
	size_t		 n;

	for (p = labels; *p != '\0'; p += n + (p[n] == ' ')) {
		n = strcspn(p, " ");
		if (n == len && strncasecmp(p, s, len) == 0)
			return (1);
	}
	return (0);
}

/* 1 when both libxml2 and iconv know NAME: iconv decodes, libxml2 vouches. */
static int
encoding_supported(const char *name)
{
	xmlCharEncodingHandlerPtr	 h;
	iconv_t				 cd;
	const char			*in = encoding_iconv_name(name);

	if (strcmp(name, "UTF-8") == 0)
		return (1);
	if ((h = xmlFindCharEncodingHandler(in)) == NULL)
		return (0);
	xmlCharEncCloseFunc(h);
	if ((cd = iconv_open("UTF-8", in)) == (iconv_t)-1)
		return (0);
	iconv_close(cd);
	return (1);
}

/* The WHATWG name for the label at S (LEN bytes), or NULL. */
static const char *
encoding_lookup(const char *s, size_t len)
{
	size_t	 i;

	while (len > 0 && encoding_space((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && encoding_space((unsigned char)s[len - 1]))
		len--;
	if (len == 0 || len > ENCODING_LABEL_MAX)
		return (NULL);
	for (i = 0; i < ENCODING_COUNT; i++)
		if (encoding_label_in(encodings[i].en_labels, s, len))
			return (encoding_supported(encodings[i].en_name) ?
			    encodings[i].en_name : NULL);
	return (NULL);
}

/* A label the operator wrote that WHATWG does not list, e.g. "CP437". */
static int
encoding_other_known(const char *label)
{
	const char	*p;

	if (*label == '\0' || strlen(label) > ENCODING_LABEL_MAX)
		return (0);
	/* Nothing iconv would read as options ("//IGNORE"). */
	for (p = label; *p != '\0'; p++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_.:", *p) == NULL)
			return (0);
	return (encoding_supported(label));
}

int
encoding_known(const char *label)
{
	if (label == NULL)
		return (0);
	return (encoding_lookup(label, strlen(label)) != NULL ||
	    encoding_other_known(label));
}

/*
 * The charset in a Content-Type or a meta content attribute, as the HTML
 * standard extracts it from the latter.  Returns its start and sets *len,
 * or returns NULL.
 */
static const char *
encoding_charset_param(const char *s, size_t slen, size_t *len)
{
	const char	*end = s + slen, *p = s, *q;

	for (;;) {
		for (; end - p >= 7; p++)
			if (strncasecmp(p, "charset", 7) == 0)
				break;
		if (end - p < 7)
			return (NULL);
		p += 7;
		while (p < end && encoding_space((unsigned char)*p))
			p++;
		if (p < end && *p == '=')
			break;
	}
	p++;
	while (p < end && encoding_space((unsigned char)*p))
		p++;
	if (p == end)
		return (NULL);
	if (*p == '"' || *p == '\'') {
		if ((q = memchr(p + 1, *p, end - p - 1)) == NULL)
			return (NULL);
		*len = q - p - 1;
		return (p + 1);
	}
	for (q = p; q < end && *q != ';' && !encoding_space((unsigned char)*q);
	    q++)
		;
	*len = q - p;
	return (p);
}

static const char *
encoding_from_header(const char *content_type)
{
	const char	*p;
	size_t		 n;

	if (content_type == NULL)
		return (NULL);
	/* input_page is handed the charset alone, not the whole header. */
	if (strpbrk(content_type, "/;=") == NULL)
		return (encoding_lookup(content_type, strlen(content_type)));
	if ((p = encoding_charset_param(content_type, strlen(content_type),
	    &n)) == NULL)
		return (NULL);
	return (encoding_lookup(p, n));
}

static const char *
encoding_from_bom(const unsigned char *s, size_t len, size_t *skip)
{
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		*skip = 3;
		return ("UTF-8");
	}
	if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		*skip = 2;
		return ("UTF-16BE");
	}
	if (len >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		*skip = 2;
		return ("UTF-16LE");
	}
	*skip = 0;
	return (NULL);
}

/* A meta that names UTF-16 was read as ASCII, so it cannot be UTF-16. */
static const char *
encoding_meta_name(const char *s, size_t len)
{
	const char	*name;

	if ((name = encoding_lookup(s, len)) != NULL &&
	    strncmp(name, "UTF-16", 6) == 0)
		name = "UTF-8";
	return (name);
}

struct encoding_attr {
	char	ea_name[ENCODING_ATTR_MAX];
	size_t	ea_namelen;		/* may exceed the array: never matches */
	char	ea_value[ENCODING_ATTR_MAX];
	size_t	ea_valuelen;
};

static void
encoding_attr_add(char *dst, size_t *len, int c)
{
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (*len < ENCODING_ATTR_MAX - 1)
		dst[*len] = c;
	(*len)++;
	if (*len < ENCODING_ATTR_MAX)
		dst[*len] = '\0';
}

static int
encoding_attr_is(const char *s, size_t len, const char *want)
{
	return (len == strlen(want) && len < ENCODING_ATTR_MAX &&
	    strcmp(s, want) == 0);
}

/*
 * "Get an attribute" of the HTML prescan: reads one attribute at *pos.
 * Returns 1, or 0 at a '>' or the end of the bytes.
 */
static int
encoding_get_attr(const unsigned char *s, size_t len, size_t *pos,
    struct encoding_attr *a)
{
	size_t	 i = *pos;
	int	 quote;

	a->ea_namelen = a->ea_valuelen = 0;
	a->ea_name[0] = a->ea_value[0] = '\0';
	while (i < len && (encoding_space(s[i]) || s[i] == '/'))
		i++;
	if (i >= len || s[i] == '>')
		goto none;
	for (;; i++) {
		if (i >= len)
			goto none;
		if (s[i] == '=' && a->ea_namelen > 0)
			goto value;
		if (encoding_space(s[i]))
			break;
		if (s[i] == '/' || s[i] == '>')
			goto done;
		encoding_attr_add(a->ea_name, &a->ea_namelen, s[i]);
	}
	while (i < len && encoding_space(s[i]))
		i++;
	if (i >= len || s[i] != '=')
		goto done;
value:
	i++;
	while (i < len && encoding_space(s[i]))
		i++;
	if (i >= len)
		goto none;
	if (s[i] == '"' || s[i] == '\'') {
		quote = s[i++];
		for (; i < len && s[i] != quote; i++)
			encoding_attr_add(a->ea_value, &a->ea_valuelen, s[i]);
		if (i >= len)
			goto none;
		i++;
		goto done;
	}
	if (s[i] == '>')
		goto done;
	for (; i < len && !encoding_space(s[i]) && s[i] != '>'; i++)
		encoding_attr_add(a->ea_value, &a->ea_valuelen, s[i]);
	if (i >= len)
		goto none;
done:
	*pos = i;
	return (1);
none:
	*pos = i;
	return (0);
}

/* The encoding a <meta> at *pos names (pos just after "<meta"), or NULL. */
static const char *
encoding_prescan_meta(const unsigned char *s, size_t len, size_t *pos)
{
	struct encoding_attr	 a;
	const char		*charset = NULL, *p;
	int			 got_pragma = 0, need_pragma = -1;
	int			 seen_he = 0, seen_content = 0, seen_charset = 0;
	size_t			 n;

	while (encoding_get_attr(s, len, pos, &a)) {
		if (encoding_attr_is(a.ea_name, a.ea_namelen, "http-equiv")) {
			if (seen_he++)
				continue;
			if (encoding_attr_is(a.ea_value, a.ea_valuelen,
			    "content-type"))
				got_pragma = 1;
		} else if (encoding_attr_is(a.ea_name, a.ea_namelen,
		    "content")) {
			if (seen_content++ || a.ea_valuelen >= ENCODING_ATTR_MAX)
				continue;
			if (need_pragma == -1 && (p = encoding_charset_param(
			    a.ea_value, a.ea_valuelen, &n)) != NULL) {
				charset = encoding_meta_name(p, n);
				need_pragma = 1;
			}
		} else if (encoding_attr_is(a.ea_name, a.ea_namelen,
		    "charset")) {
			if (seen_charset++)
				continue;
			charset = a.ea_valuelen < ENCODING_ATTR_MAX ?
			    encoding_meta_name(a.ea_value, a.ea_valuelen) :
			    NULL;
			need_pragma = 0;
		}
	}
	if (need_pragma == -1 || (need_pragma == 1 && !got_pragma))
		return (NULL);
	return (charset);
}

/* The HTML standard's prescan of the first bytes for a <meta> charset. */
static const char *
encoding_prescan(const unsigned char *s, size_t len)
{
	struct encoding_attr	 a;
	const char		*name;
	const unsigned char	*p;
	size_t			 i = 0;

	if (len > ENCODING_PRESCAN)
		len = ENCODING_PRESCAN;
	for (; i < len; i++) {
		if (s[i] != '<')
			continue;
		if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
			/* "<!-->" closes itself: the dashes may overlap. */
			for (i += 2; i + 2 < len; i++)
				if (memcmp(s + i, "-->", 3) == 0)
					break;
			i += 2;
		} else if (len - i >= 6 && strncasecmp((const char *)s + i,
		    "<meta", 5) == 0 && (encoding_space(s[i + 5]) ||
		    s[i + 5] == '/')) {
			i += 5;
			if ((name = encoding_prescan_meta(s, len, &i)) != NULL)
				return (name);
		} else if (len - i >= 2 && (((s[i + 1] | 0x20) >= 'a' &&
		    (s[i + 1] | 0x20) <= 'z') || (len - i >= 3 &&
		    s[i + 1] == '/' && (s[i + 2] | 0x20) >= 'a' &&
		    (s[i + 2] | 0x20) <= 'z'))) {
			while (i < len && !encoding_space(s[i]) && s[i] != '>')
				i++;
			while (encoding_get_attr(s, len, &i, &a))
				;
		} else if (len - i >= 2 && (s[i + 1] == '!' ||
		    s[i + 1] == '/' || s[i + 1] == '?')) {
			if ((p = memchr(s + i, '>', len - i)) == NULL)
				break;
			i = p - s;
		}
	}
	return (NULL);
}

/*
 * 0 when S is not UTF-8, 1 when it is ASCII, 2 when it is UTF-8 with more
 * than ASCII.  A sequence cut at the end of a page already shown to be
 * UTF-8 is forgiven: a size cap may have cut it.
 */
static int
encoding_utf8_sniff(const unsigned char *s, size_t len)
{
	size_t		 i = 0;
	long		 n;
	uint32_t	 c;
	int		 wide = 0;

	while (i < len) {
		if ((n = text_utf8_char(s + i, len - i, &c)) < 0)
			return (wide && s[i] >= 0xc2 && s[i] <= 0xf4 &&
			    i - n == len ? 2 : 0);
		if (n > 1)
			wide = 1;
		i += n;
	}
	return (1 + wide);
}

/* How many bytes a decoding error skips: one code unit. */
static size_t
encoding_unit(const char *name)
{
	if (strncasecmp(name, "UTF-16", 6) == 0 ||
	    strncasecmp(name, "UCS-2", 5) == 0)
		return (2);
	if (strncasecmp(name, "UTF-32", 6) == 0 ||
	    strncasecmp(name, "UCS-4", 5) == 0)
		return (4);
	return (1);
}

/*
 * S decoded from NAME to clean UTF-8 (caller frees); bytes iconv rejects
 * become U+FFFD and decoding goes on after them.
 */
static char *
encoding_decode(const char *s, size_t len, const char *name, size_t *outlen)
{
	iconv_t		 cd;
	char		*in = (char *)s, *buf, *o, *clean;
	size_t		 inleft = len, cap = len * 2 + 16, oleft, used, skip;
	size_t		 unit = encoding_unit(name);

	if (strcmp(name, "UTF-8") == 0 || (cd = iconv_open("UTF-8",
	    encoding_iconv_name(name))) == (iconv_t)-1)
		return (text_xml_clean(s, len, TEXT_XML_HTML, outlen));
	buf = xmalloc(cap);
	o = buf;
	oleft = cap;
	for (;;) {
		if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
			break;
		if (errno != E2BIG && oleft >= 3) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			oleft -= 3;
			/* EINVAL: a sequence cut short by the end. */
			skip = errno == EILSEQ && unit < inleft ? unit : inleft;
			in += skip;
			inleft -= skip;
			iconv(cd, NULL, NULL, NULL, NULL);
			continue;
		}
		used = o - buf;
		cap *= 2;
		buf = xreallocarray(buf, cap, 1);
		o = buf + used;
		oleft = cap - used;
	}
	iconv_close(cd);
	/* iconv's output is UTF-8 but may hold controls XML forbids. */
	clean = text_xml_clean(buf, (size_t)(o - buf), TEXT_XML_HTML, outlen);
	free(buf);
	return (clean);
}

void
encoding_detect(const char *body, size_t len, const char *content_type,
    const char *fallback, const char **name, const char **how)
{
	encoding_detect_override(body, len, content_type, fallback, 0, name,
	    how);
}

void
encoding_detect_override(const char *body, size_t len,
    const char *content_type, const char *fallback, int override,
    const char **name, const char **how)
{
	const unsigned char	*s = (const unsigned char *)body;
	const char		*key = encoding_normalise(fallback);
	size_t			 skip;

	if ((*name = encoding_from_bom(s, len, &skip)) != NULL)
		*how = "bom";
	else if (override && key != NULL) {
		/* encoding_override: the key outranks what the server says. */
		*name = key;
		*how = "override";
	} else if ((*name = encoding_from_header(content_type)) != NULL)
		*how = "http";
	else if ((*name = encoding_prescan(s, len)) != NULL) {
		*how = "meta";
		/*
		 * A page saved as UTF-8 under the <meta> of the encoding it
		 * had once: bytes that are valid UTF-8 beyond ASCII are read
		 * as such (in windows-1252 they would be "Ã©" garble, which
		 * pages do not hold; GBK or Shift_JIS text is not valid UTF-8).
		 */
		if (strcmp(*name, "UTF-8") != 0 &&
		    encoding_utf8_sniff(s, len) == 2) {
			*name = "UTF-8";
			*how = "meta-utf8";
		}
	} else if (key != NULL) {
		*name = key;
		*how = "fallback";
	} else {
		*name = encoding_utf8_sniff(s, len) ? "UTF-8" : "windows-1252";
		*how = "sniff";
	}
}

const char *
encoding_normalise(const char *label)
{
	const char	*name;

	if (label == NULL)
		return (NULL);
	if ((name = encoding_lookup(label, strlen(label))) != NULL)
		return (name);
	return (encoding_other_known(label) ? label : NULL);
}

int
encoding_declared(const char *body, size_t len, const char *content_type,
    const char *how, char *label, size_t size)
{
	const char	*p, *name;
	size_t		 n, skip;

	if (size == 0)
		return (-1);
	label[0] = '\0';
	if (strcmp(how, "http") == 0 && content_type != NULL) {
		/* The label as the server wrote it, not as normalised. */
		if (strpbrk(content_type, "/;=") == NULL) {
			p = content_type;
			n = strlen(p);
		} else if ((p = encoding_charset_param(content_type,
		    strlen(content_type), &n)) == NULL)
			return (-1);
	} else if (strcmp(how, "bom") == 0 && (name = encoding_from_bom(
	    (const unsigned char *)body, len, &skip)) != NULL) {
		p = name;
		n = strlen(p);
	} else
		return (-1);
	if (n >= size)
		n = size - 1;
	memcpy(label, p, n);
	label[n] = '\0';
	for (p = label; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f) {
			label[0] = '\0';
			return (-1);
		}
	return (0);
}

/*
 * "<style=\"text-align: center;\">" (a broken tag seen on real pages) is,
 * for browsers, an element of an unknown name; libxml2 reads a <style>
 * whose raw text swallows the rest of the page.  Such tags, with "="
 * right after a raw-text element's name, get a name of no element.
 */
static void
encoding_mend_raw_tags(char *u, size_t len)
{
	static const char *const raw[] = { "style", "script", "textarea",
	    "title", "xmp", NULL };
	char	*p, *end = u + len;
	size_t	 i, n;

	for (p = u; p != NULL && p < end; p = memchr(p + 1, '<', (size_t)(end -
	    p - 1))) {
		if (*p != '<')
			continue;
		for (i = 0; raw[i] != NULL; i++) {
			n = strlen(raw[i]);
			if ((size_t)(end - p) > n + 1 &&
			    strncasecmp(p + 1, raw[i], n) == 0 && p[n + 1] == '=')
				p[n] = '_';
		}
	}
}

static htmlDocPtr
encoding_parse_as(const char *body, size_t len, const char *url,
    const char *name)
{
	htmlDocPtr	 doc;
	char		*u;
	size_t		 ulen;

	u = encoding_decode(body, len, name, &ulen);
	encoding_mend_raw_tags(u, ulen);
	/* Told UTF-8 and to ignore <meta>, libxml2 takes the bytes as they are. */
	doc = ulen <= INT_MAX ? htmlReadMemory(u, (int)ulen, url, "UTF-8",
	    ENCODING_PARSE_OPTIONS) : NULL;
	free(u);
	return (doc);
}

/*
 * The encoding a <meta> anywhere in DOC names, for pages whose <meta> came
 * too late for the prescan; browsers then change the encoding and reparse.
 */
static const char *
encoding_late_meta(htmlDocPtr doc)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj = NULL;
	xmlNodePtr		 n;
	xmlChar			*v;
	const char		*name = NULL, *p;
	size_t			 len;
	int			 i;

	if ((ctx = xmlXPathNewContext(doc)) == NULL)
		return (NULL);
	obj = xmlXPathEvalExpression((const xmlChar *)
	    "//meta[@charset or @http-equiv]", ctx);
	if (obj == NULL || obj->nodesetval == NULL)
		goto out;
	for (i = 0; i < obj->nodesetval->nodeNr && name == NULL; i++) {
		n = obj->nodesetval->nodeTab[i];
		if ((v = xmlGetProp(n, (const xmlChar *)"charset")) != NULL) {
			name = encoding_meta_name((const char *)v,
			    strlen((const char *)v));
			xmlFree(v);
			continue;
		}
		v = xmlGetProp(n, (const xmlChar *)"http-equiv");
		if (v == NULL || strcasecmp((const char *)v,
		    "content-type") != 0) {
			xmlFree(v);
			continue;
		}
		xmlFree(v);
		if ((v = xmlGetProp(n, (const xmlChar *)"content")) == NULL)
			continue;
		if ((p = encoding_charset_param((const char *)v,
		    strlen((const char *)v), &len)) != NULL)
			name = encoding_meta_name(p, len);
		xmlFree(v);
	}
out:
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (name);
}

htmlDocPtr
encoding_parse_html(const char *body, size_t len, const char *url,
    const char *content_type, const char *fallback, const char **used,
    const char **how)
{
	return (encoding_parse_html_override(body, len, url, content_type,
	    fallback, 0, used, how));
}

htmlDocPtr
encoding_parse_html_override(const char *body, size_t len, const char *url,
    const char *content_type, const char *fallback, int override,
    const char **used, const char **how)
{
	htmlDocPtr	 doc, redo;
	const char	*name, *rule, *late;
	size_t		 skip;

	if (len == 0)
		return (NULL);
	encoding_detect_override(body, len, content_type, fallback, override,
	    &name, &rule);
	encoding_from_bom((const unsigned char *)body, len, &skip);
	if (strcmp(rule, "bom") == 0) {
		body += skip;
		len -= skip;
	}
	doc = encoding_parse_as(body, len, url, name);
	/*
	 * A late <meta> outranks the fallback and a guess, unless the guess
	 * is UTF-8 that more than ASCII bears out.
	 */
	if (doc != NULL && (strcmp(rule, "fallback") == 0 ||
	    (strcmp(rule, "sniff") == 0 && encoding_utf8_sniff(
	    (const unsigned char *)body, len) != 2)) &&
	    (late = encoding_late_meta(doc)) != NULL &&
	    strcmp(late, name) != 0 &&
	    (redo = encoding_parse_as(body, len, url, late)) != NULL) {
		xmlFreeDoc(doc);
		doc = redo;
		name = late;
		rule = "meta";
	}
	if (used != NULL)
		*used = name;
	if (how != NULL)
		*how = rule;
	return (doc);
}
