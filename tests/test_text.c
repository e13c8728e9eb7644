/*
 * test_text.c: text cleaning, XML safety, JSON and URI escaping (text.c)
 * and the capped buffer (buf.c).  The random part uses a fixed seed, so a
 * failure always reproduces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#define ELLIPSIS	"\xe2\x80\xa6"
#define FFFD		"\xef\xbf\xbd"

static const struct {
	const char	*in;
	size_t		 max;
	const char	*want;
	const char	*what;
} clean_cases[] = {
	/* Whitespace: folded, trimmed. */
	{ "", 0, "", "empty" },
	{ "   \t\n ", 0, "", "only spaces" },
	{ "hello", 0, "hello", "plain" },
	{ "  hello   world  ", 0, "hello world", "fold and trim" },
	{ "a\tb\nc\r\nd\fe", 0, "a b c d e", "tab, newline, CR, FF" },
	{ "a\xc2\xa0\xc2\xa0" "b", 0, "a b", "NBSP" },
	{ "\xc2\xa0" "a\xc2\xa0", 0, "a", "NBSP trimmed" },
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a b c", "U+2028, U+2029" },
	{ "a\xe3\x80\x80" "b\xe2\x80\x83" "c\xe2\x80\xaf" "d", 0, "a b c d",
	    "ideographic, em and narrow spaces" },
	{ "a\xc2\x85" "b", 0, "a b", "NEL" },
	{ "a \xc2\xa0\t\xe2\x80\xa8 b", 0, "a b", "mixed run" },

	/* Invalid UTF-8 becomes U+FFFD, one per bad byte. */
	{ "a\xff" "b", 0, "a" FFFD "b", "invalid byte" },
	{ "\xc0\xaf", 0, FFFD FFFD, "overlong 2-byte '/'" },
	{ "\xe0\x80\xaf", 0, FFFD FFFD FFFD, "overlong 3-byte" },
	{ "\xf0\x80\x80\xaf", 0, FFFD FFFD FFFD FFFD, "overlong 4-byte" },
	{ "\xed\xa0\x80", 0, FFFD FFFD FFFD, "surrogate D800" },
	{ "\xed\xbf\xbf", 0, FFFD FFFD FFFD, "surrogate DFFF" },
	{ "\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD, "above U+10FFFF" },
	{ "a\xe2\x82", 0, "a" FFFD FFFD, "truncated at end" },
	{ "\xe2\x82" "a", 0, FFFD FFFD "a", "truncated before ASCII" },
	{ "\x80", 0, FFFD, "lone continuation" },
	{ "x" FFFD "y", 0, "x" FFFD "y", "real U+FFFD kept" },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", "4-byte emoji kept" },
	{ "\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf", "U+10FFFF kept" },
	{ "\xed\x9f\xbf\xee\x80\x80", 0, "\xed\x9f\xbf\xee\x80\x80",
	    "U+D7FF and U+E000 kept" },
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9", "2-byte kept" },

	/* What XML 1.0 forbids is dropped. */
	{ "a\x01" "b\x0b" "c\x1f" "d", 0, "abcd", "C0 controls dropped" },
	{ "a\x08\x1b" "b", 0, "ab", "backspace, escape dropped" },
	{ "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c", 0, "abc", "U+FFFE, U+FFFF" },
	{ "\xef\xbb\xbf" "abc", 0, "abc", "BOM dropped" },
	{ "a \x01 b", 0, "a b", "dropped control between spaces" },

	/* Cuts. */
	{ "hello", 5, "hello", "exactly max" },
	{ "hello  ", 5, "hello", "max after trim" },
	{ "hello world foo", 14, "hello world" ELLIPSIS, "cut at a space" },
	{ "hello world foo", 0, "hello world foo", "max 0: no limit" },
};

static const struct {
	const char	*in;
	int		 want;
} xml_safe_cases[] = {
	{ "", 1 },
	{ "abc", 1 },
	{ "a\tb\nc\rd", 1 },
	{ "<&>\"'", 1 },
	{ "\x7f", 1 },
	{ "\xc2\x85", 1 },
	{ "caf\xc3\xa9", 1 },
	{ FFFD, 1 },
	{ "\xed\x9f\xbf", 1 },
	{ "\xee\x80\x80", 1 },
	{ "\xf0\x9f\x98\x80", 1 },
	{ "\xf4\x8f\xbf\xbf", 1 },
	{ "\x01", 0 },
	{ "a\x0b", 0 },
	{ "\x0c", 0 },
	{ "\x1f", 0 },
	{ "\xef\xbf\xbe", 0 },
	{ "\xef\xbf\xbf", 0 },
	{ "\xed\xa0\x80", 0 },
	{ "\xc0\xaf", 0 },
	{ "\xe0\x80\xaf", 0 },
	{ "\xff", 0 },
	{ "abc\xe2\x82", 0 },
	{ "\x80", 0 },
	{ "\xf4\x90\x80\x80", 0 },
	{ "\xf8\x88\x80\x80\x80", 0 },
};

static const struct {
	const char	*in;
	const char	*want;
} json_cases[] = {
	{ "", "\"\"" },
	{ "plain", "\"plain\"" },
	{ "a\"b\\c/d", "\"a\\\"b\\\\c/d\"" },
	{ "\n\r\t", "\"\\n\\r\\t\"" },
	{ "\x01\x08\x0c\x1f", "\"\\u0001\\u0008\\u000c\\u001f\"" },
	{ "\x7f", "\"\\u007f\"" },
	{ "a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\u2028b\\u2029\"" },
	{ "a\xff" "b", "\"a\\ufffdb\"" },
	{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },
	{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },
	{ "caf\xc3\xa9 \xf0\x9f\x98\x80", "\"caf\xc3\xa9 \xf0\x9f\x98\x80\"" },
	{ "<b>&amp;</b>", "\"<b>&amp;</b>\"" },
};

static const struct {
	const char	*in;
	const char	*want;
} uri_cases[] = {
	{ "", "" },
	{ "abc", "abc" },
	{ "http://example.org/a/b?x=1&y=2#frag",
	    "http://example.org/a/b?x=1&y=2#frag" },
	{ "a b", "a%20b" },
	{ "<>\"\\^`{|}", "%3C%3E%22%5C%5E%60%7B%7C%7D" },
	{ "caf\xc3\xa9", "caf%C3%A9" },
	{ "\x01\x1f\x7f", "%01%1F%7F" },
	{ "\t\n", "%09%0A" },
	{ "%41%zz", "%41%zz" },
	{ "~'()*!$,;:@[]+=-._", "~'()*!$,;:@[]+=-._" },
	{ "\xff", "%FF" },
};

/* xorshift64*: a fixed, portable sequence. */
static uint64_t	rng_state = 0x9e3779b97f4a7c15ULL;

static uint32_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return ((uint32_t)((rng_state * 0x2545f4914f6cdd1dULL) >> 32));
}

/* Pieces a hostile page might hold; random strings are made of them. */
static const char *pieces[] = {
	"a", "b", "xyz", "word", " ", "  ", "\t", "\n", "\r\n", "\xc2\xa0",
	"\xe2\x80\xa8", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
	"\xff", "\xc0", "\xe2\x82", "\xed\xa0\x80", "\x01", "\x0b", "\x1f",
	"\xef\xbf\xbe", "\xef\xbf\xbf", "\xef\xbb\xbf", FFFD, "<", "&", "\"",
	"\\", "\x7f", "\xc2\x85", "\xf4\x90\x80\x80", "\x80\x80",
};

static char *
random_text(void)
{
	size_t	 n = rng() % 40, i, len = 0;
	char	*s = xmalloc(n * 8 + 1);
	const char *p;

	for (i = 0; i < n; i++) {
		p = pieces[rng() % (sizeof(pieces) / sizeof(pieces[0]))];
		memcpy(s + len, p, strlen(p));
		len += strlen(p);
	}
	s[len] = '\0';
	return (s);
}

/* Strict UTF-8 check, written apart from text.c on purpose. */
static int
utf8_valid(const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 c, min;
	int			 n, i;

	while (*s != '\0') {
		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xc2 && *s <= 0xdf) {
			n = 1;
			c = *s & 0x1f;
			min = 0x80;
		} else if ((*s & 0xf0) == 0xe0) {
			n = 2;
			c = *s & 0x0f;
			min = 0x800;
		} else if (*s >= 0xf0 && *s <= 0xf4) {
			n = 3;
			c = *s & 0x07;
			min = 0x10000;
		} else
			return (0);
		for (i = 1; i <= n; i++) {
			if ((s[i] & 0xc0) != 0x80)
				return (0);
			c = c << 6 | (s[i] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return (0);
		s += n + 1;
	}
	return (1);
}

/* Shows bytes as C escapes for a failure message. */
static void
show(const char *label, const char *s)
{
	const unsigned char	*p;
	size_t			 n = 0;

	printf("#   %s: \"", label);
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (n++ == 160) {
			printf("...");
			break;
		}
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	printf("\"\n");
}

static void
test_clean_table(void)
{
	char	 name[160], *got;
	size_t	 i;

	for (i = 0; i < sizeof(clean_cases) / sizeof(clean_cases[0]); i++) {
		got = text_clean(clean_cases[i].in, clean_cases[i].max);
		snprintf(name, sizeof(name), "text_clean: %s",
		    clean_cases[i].what);
		if (!tap_ok(strcmp(got, clean_cases[i].want) == 0, name)) {
			show("expected", clean_cases[i].want);
			show("got     ", got);
		}
		free(got);
	}
}

/* Checks a cut result: fits, ends in an ellipsis, starts like the input. */
static void
check_cut(const char *in, size_t max, const char *prefix_ok)
{
	char	 name[160], *got;
	size_t	 len, el = strlen(ELLIPSIS);
	int	 ok;

	got = text_clean(in, max);
	len = strlen(got);
	snprintf(name, sizeof(name), "text_clean cut, max %zu: at most max "
	    "bytes, ellipsis, a prefix", max);
	ok = len <= max && len >= el && strcmp(got + len - el, ELLIPSIS) == 0 &&
	    strncmp(got, prefix_ok, len - el) == 0 && text_xml_safe(got);
	if (!tap_ok(ok, name)) {
		show("input", in);
		show("got  ", got);
		printf("#   got %zu bytes\n", len);
	}
	free(got);
}

static void
test_clean_cuts(void)
{
	char	*big, *got;
	size_t	 i;

	/* Cut among ASCII letters with no space nearby. */
	check_cut("abcdefghijk", 10, "abcdefghijk");
	check_cut("abcdefghijklmnopqrstuvwxyz", 20,
	    "abcdefghijklmnopqrstuvwxyz");
	/* Cut right after a space. */
	check_cut("hello world foo", 12, "hello world foo");
	check_cut("hello world foo", 13, "hello world foo");
	/* Multibyte: never half a character. */
	check_cut("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	check_cut("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 6,
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
	check_cut("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 8,
	    "\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac");
	check_cut("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 9,
	    "\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80");

	/* Words stay whole when a space is near the cut. */
	got = text_clean("alpha beta gamma delta epsilon", 20);
	tap_str(got, "alpha beta gamma" ELLIPSIS, "text_clean cut backs up to "
	    "a word boundary");
	free(got);

	/* A long run of one word: still at most max. */
	big = xmalloc(5001);
	for (i = 0; i < 5000; i++)
		big[i] = 'a' + i % 26;
	big[5000] = '\0';
	check_cut(big, 1024, big);
	free(big);

	/* Tiny maxima: no room for an ellipsis, but never over max. */
	for (i = 1; i <= 3; i++) {
		char	 name[80];

		got = text_clean("abcdef", i);
		snprintf(name, sizeof(name), "text_clean max %zu: at most %zu "
		    "bytes", i, i);
		if (!tap_ok(strlen(got) <= i, name))
			show("got", got);
		free(got);
	}
}

/* Properties over many random inputs and maxima. */
static void
test_clean_random(void)
{
	static const char *what[6] = {
		"never over max bytes",
		"always text_xml_safe",
		"no leading or trailing space",
		"no double space, no tab or newline",
		"an uncut result is the whole cleaned text",
		"max 0: text_xml_safe, no double space",
	};
	char	*in, *got, *full, *bad_in[6] = { NULL }, name[120];
	size_t	 bad_max[6] = { 0 }, max, len;
	int	 bad[6] = { 0 }, fail[6], i, k;

	for (i = 0; i < 20000; i++) {
		in = random_text();
		max = 3 + rng() % 60;
		got = text_clean(in, max);
		full = text_clean(in, 0);
		len = strlen(got);
		fail[0] = len > max;
		fail[1] = !text_xml_safe(got);
		fail[2] = len > 0 && (got[0] == ' ' || got[len - 1] == ' ');
		fail[3] = strstr(got, "  ") != NULL ||
		    strpbrk(got, "\t\n\r") != NULL;
		fail[4] = strlen(full) <= max && strcmp(full, got) != 0;
		fail[5] = !text_xml_safe(full) || strstr(full, "  ") != NULL;
		for (k = 0; k < 6; k++) {
			if (fail[k] && bad[k]++ == 0) {
				bad_in[k] = xstrdup(in);
				bad_max[k] = max;
			}
		}
		free(full);
		free(got);
		free(in);
	}
	for (k = 0; k < 6; k++) {
		snprintf(name, sizeof(name), "text_clean, 20000 random inputs: "
		    "%s", what[k]);
		if (!tap_ok(bad[k] == 0, name)) {
			printf("#   %d failures; first with max %zu:\n", bad[k],
			    bad_max[k]);
			show("input", bad_in[k]);
			got = text_clean(bad_in[k], bad_max[k]);
			show("got  ", got);
			free(got);
		}
		free(bad_in[k]);
	}
}

static void
test_xml_safe(void)
{
	char	 name[160];
	size_t	 i;
	int	 got;

	for (i = 0; i < sizeof(xml_safe_cases) / sizeof(xml_safe_cases[0]);
	    i++) {
		got = text_xml_safe(xml_safe_cases[i].in);
		snprintf(name, sizeof(name), "text_xml_safe case %zu is %d", i,
		    xml_safe_cases[i].want);
		if (!tap_ok(got == xml_safe_cases[i].want, name))
			show("input", xml_safe_cases[i].in);
	}
}

static void
test_json(void)
{
	struct buf	 b;
	char		 name[160], *in, *got;
	size_t		 i, len, j;
	int		 bad = 0;

	for (i = 0; i < sizeof(json_cases) / sizeof(json_cases[0]); i++) {
		buf_init(&b, 4096);
		text_json_string(&b, json_cases[i].in);
		snprintf(name, sizeof(name), "text_json_string case %zu", i);
		if (!tap_ok(b.b_data != NULL &&
		    strcmp(b.b_data, json_cases[i].want) == 0, name)) {
			show("expected", json_cases[i].want);
			show("got     ", b.b_data ? b.b_data : "(null)");
		}
		buf_free(&b);
	}

	/* Appends after what the buffer holds. */
	buf_init(&b, 4096);
	buf_addstr(&b, "{\"k\":");
	text_json_string(&b, "v");
	buf_addstr(&b, "}");
	tap_str(b.b_data, "{\"k\":\"v\"}", "text_json_string appends");
	buf_free(&b);

	/* Random input: output is valid UTF-8 with no raw control byte. */
	for (i = 0; i < 5000; i++) {
		in = random_text();
		buf_init(&b, 1 << 20);
		text_json_string(&b, in);
		got = buf_take(&b, &len);
		for (j = 0; j < len; j++)
			if ((unsigned char)got[j] < 0x20)
				break;
		if (j < len || !utf8_valid(got) || len < 2 ||
		    got[0] != '"' || got[len - 1] != '"') {
			if (!bad++)
				show("bad json", got);
		}
		free(got);
		free(in);
	}
	tap_ok(bad == 0, "text_json_string, 5000 random inputs: quoted, "
	    "valid UTF-8, no raw control bytes");
}

static void
test_uri(void)
{
	char	 name[160], *got;
	size_t	 i;

	for (i = 0; i < sizeof(uri_cases) / sizeof(uri_cases[0]); i++) {
		got = text_uri_escape(uri_cases[i].in);
		snprintf(name, sizeof(name), "text_uri_escape case %zu", i);
		tap_str(got, uri_cases[i].want, name);
		free(got);
	}
}

static void
test_buf(void)
{
	struct buf	 b;
	char		*s, big[10000];
	size_t		 len, i;

	buf_init(&b, 10);
	tap_ok(b.b_data == NULL && b.b_len == 0 && b.b_max == 10,
	    "buf_init: empty");
	tap_long(buf_add(&b, "0123456789", 10), 0, "buf_add up to the cap");
	tap_long(buf_add(&b, "x", 1), -1, "buf_add beyond the cap fails");
	tap_long((long long)b.b_len, 10, "failed add leaves the length");
	tap_str(b.b_data, "0123456789", "failed add leaves the data");
	tap_long(buf_add(&b, "", 0), 0, "buf_add of nothing at the cap");
	tap_long(buf_addstr(&b, "y"), -1, "buf_addstr beyond the cap fails");
	tap_long(buf_printf(&b, "%d", 7), -1, "buf_printf beyond the cap "
	    "fails");
	tap_str(b.b_data, "0123456789", "data unchanged after failed adds");
	buf_reset(&b);
	tap_ok(b.b_len == 0 && b.b_data != NULL && b.b_data[0] == '\0',
	    "buf_reset empties");
	tap_long(buf_add(&b, "abc", 3), 0, "add after reset");
	tap_long(buf_add(&b, "defghijk", 8), -1, "add crossing the cap fails");
	tap_str(b.b_data, "abc", "crossing add appended nothing");
	tap_long(buf_add(&b, "x", SIZE_MAX), -1, "huge length fails, no "
	    "overflow");
	tap_long(buf_printf(&b, "%s-%d", "q", 42), 0, "buf_printf within the "
	    "cap");
	tap_str(b.b_data, "abcq-42", "buf_printf appended");

	s = buf_take(&b, &len);
	tap_str(s, "abcq-42", "buf_take hands the data over");
	tap_long((long long)len, 7, "buf_take gives the length");
	tap_ok(b.b_data == NULL && b.b_len == 0 && b.b_cap == 0,
	    "buf_take empties the buffer");
	free(s);
	tap_long(buf_add(&b, "again", 5), 0, "buffer usable after buf_take");
	tap_str(b.b_data, "again", "new data after buf_take");
	buf_free(&b);
	tap_ok(b.b_data == NULL && b.b_len == 0, "buf_free empties");

	buf_init(&b, 100);
	s = buf_take(&b, &len);
	tap_ok(s != NULL && s[0] == '\0' && len == 0, "buf_take of an empty "
	    "buffer gives \"\"");
	free(s);

	/* Growth past the first allocation keeps every byte. */
	for (i = 0; i < sizeof(big); i++)
		big[i] = 'A' + i % 23;
	buf_init(&b, 20000);
	for (i = 0; i < sizeof(big); i += 1000)
		buf_add(&b, big + i, 1000);
	tap_ok(b.b_len == sizeof(big) && memcmp(b.b_data, big,
	    sizeof(big)) == 0 && b.b_data[b.b_len] == '\0',
	    "buf grows, keeps the bytes, stays NUL-terminated");
	tap_long(buf_add(&b, big, sizeof(big)), 0, "buf_add to exactly "
	    "20000");
	tap_long(buf_add(&b, "z", 1), -1, "then one more byte fails");
	tap_long((long long)b.b_len, 20000, "length stays at the cap");
	buf_free(&b);
}

/* The one decoder: WHATWG's maximal invalid subpart, its length negated. */
static void
test_utf8_char(void)
{
	static const struct {
		const char	*in;
		long		 want;
		uint32_t	 cp;
	} cases[] = {
		{ "a", 1, 'a' }, { "\xc3\xa9", 2, 0xe9 },
		{ "\xe2\x82\xac", 3, 0x20ac }, { "\xf0\x9f\x98\x80", 4, 0x1f600 },
		{ "\xf4\x8f\xbf\xbf", 4, 0x10ffff },
		{ "\xc0\xaf", -1, 0 }, { "\xc1\xbf", -1, 0 },
		{ "\xe0\x80\xaf", -1, 0 }, { "\xed\xa0\x80", -1, 0 },
		{ "\xf0\x80\x80\xaf", -1, 0 }, { "\xf4\x90\x80\x80", -1, 0 },
		{ "\xf5\x80", -1, 0 }, { "\x80", -1, 0 },
		{ "\xe2\x82", -2, 0 }, { "\xe2\x82" "a", -2, 0 },
		{ "\xf0\x9f\x98" "a", -3, 0 },
	};
	size_t		 i;
	uint32_t	 cp;
	long		 n;
	char		 what[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cp = 0;
		n = text_utf8_char((const unsigned char *)cases[i].in,
		    strlen(cases[i].in), &cp);
		snprintf(what, sizeof(what), "text_utf8_char case %zu", i);
		tap_ok(n == cases[i].want && (n < 0 || cp == cases[i].cp),
		    what);
		tap_long((long long)text_utf8_decode((const unsigned char *)
		    cases[i].in, strlen(cases[i].in), &cp),
		    n < 0 ? 0 : n, "text_utf8_decode agrees");
	}
}

/* The one clean-for-XML routine, as stored text and as a parser is fed. */
static void
test_xml_clean(void)
{
	static const char	 in[] = "a\fb\x01" "c\xe2\x82" "d\xef\xbf\xbe" "e\0f";
	char			*s;
	size_t			 len;

	s = text_xml_clean(in, sizeof(in) - 1, 0, &len);
	tap_str(s, "abc" FFFD FFFD "def", "xml_clean: per byte, FF dropped");
	tap_long((long long)len, (long long)strlen(s), "xml_clean: length");
	free(s);
	s = text_xml_clean(in, sizeof(in) - 1, TEXT_XML_HTML, &len);
	tap_str(s, "a bc" FFFD "def", "xml_clean HTML: per subpart, FF a space");
	tap_long((long long)len, 10, "xml_clean HTML: NUL dropped, f kept");
	free(s);
	s = text_xml_filter("x\xc0\xafy\x0b");
	tap_str(s, "x" FFFD FFFD "y", "xml_filter is xml_clean of a string");
	free(s);
}

/* The one HTML escaper, for item HTML and for our own pages. */
static void
test_html_escape(void)
{
	struct buf	 b;
	char		*s;
	static const char in[] = "<a href=\"x\">&'\x7f\xc2\x85\x01\t\xff";

	s = text_html_escape_str(in);
	tap_str(s, "&lt;a href=\"x\"&gt;&amp;'\x7f\xc2\x85\t" FFFD,
	    "html_escape: &, <, > only; DEL and C1 kept");
	free(s);
	buf_init(&b, 1000);
	text_html_escape(&b, in, strlen(in), TEXT_HTML_PAGE);
	tap_str(b.b_data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\t" FFFD,
	    "html_escape page: quotes too; DEL and C1 dropped");
	buf_free(&b);
}

static void
test_buf_growth(void)
{
	struct buf	 b;
	char		 big[9000];

	memset(big, 'x', sizeof(big));
	/* A doubling stops at the cap: never more than the cap + NUL. */
	buf_init(&b, 5000);
	tap_long(buf_add(&b, big, 4096), 0, "buf: 4096 of a 5000 cap");
	tap_long(buf_add(&b, big, 904), 0, "buf: filled to the cap");
	tap_long((long long)b.b_cap, 5001, "buf: allocated cap + 1, not 8192");
	tap_long(buf_add(&b, "x", 1), -1, "buf: full");
	buf_free(&b);
	buf_init(&b, 100);
	tap_long(buf_add(&b, "abc", 3), 0, "buf: small cap");
	tap_ok(b.b_cap <= 101, "buf: first allocation within a small cap");
	buf_free(&b);
	buf_init(&b, (size_t)-1);
	tap_long(buf_add(&b, big, sizeof(big)), 0, "buf: unbounded cap");
	tap_ok(b.b_cap >= sizeof(big) + 1, "buf: unbounded cap grows");
	buf_free(&b);
}

/* Whether a word of WORDS occurs in S, the plain way. */
static int
naive_in_text(const char *const *words, const char *s)
{
	size_t	 i;

	for (i = 0; words[i] != NULL; i++)
		if (strcasestr(s, words[i]) != NULL)
			return (1);
	return (0);
}

/* wordset_in_text skips places by their first two letters: it must
 * find what a plain search finds, one-letter words too. */
static void
test_wordset_text(void)
{
	static const char *words[] = { "title", "ti", "b", "nadpis", "Ab",
	    NULL };
	static const char *words2[] = { "title", "ti", "nadpis", "Ab", NULL };
	static struct wordset set = WORDSET(words), set2 = WORDSET(words2);
	static const char alphabet[] = "abdinpstTIBN- ";
	char		 s[24];
	unsigned	 seed = 12345;
	size_t		 i, k, len;
	int		 bad = 0;

	for (i = 0; i < 40000; i++) {
		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % (sizeof(s) - 1);
		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			s[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		s[len] = '\0';
		bad += i % 2 ? wordset_in_text(&set, s) != naive_in_text(words,
		    s) : wordset_in_text(&set2, s) != naive_in_text(words2, s);
	}
	tap_ok(bad == 0, "wordset: in a text as a plain search, 40000 texts");
}

/* Word lists: a set must answer as the plain list does, whatever the
 * case, and find its words inside a text. */
static void
test_wordset(void)
{
	static const char *words[] = { "sr-only", "Hidden", "nav", ".zip",
	    "read more", NULL };
	static struct wordset set = WORDSET(words);
	static const char *probe[] = { "sr-only", "SR-ONLY", "hidden",
	    "HIDDEN", "hid", "hiddenx", "nav", "na", "navs", ".zip", ".ZIP",
	    "zip", "read more", "Read More", "read  more", "", "x", NULL };
	size_t	 i;
	int	 bad = 0;

	for (i = 0; probe[i] != NULL; i++)
		bad += wordset_has(&set, probe[i]) != strcase_in(probe[i], words);
	tap_ok(bad == 0, "wordset: answers as strcase_in on 17 probes");
	tap_ok(wordset_has_n(&set, "navigation", 3) &&
	    !wordset_has_n(&set, "navigation", 4),
	    "wordset: a word's first LEN bytes");
	tap_ok(wordset_in_text(&set, "main-NAV top") &&
	    wordset_in_text(&set, "file.Zip") &&
	    !wordset_in_text(&set, "na v hid") && !wordset_in_text(&set, "") &&
	    !wordset_in_text(&set, NULL),
	    "wordset: words found inside a text, any case");
	test_wordset_text();
}

/*
 * hash64, the hash of a page's bytes: the same bytes the same hash, any
 * one byte changed (of 4,000, in any place, tail included) or the
 * length changed a different one, and the hash of 20,000 distinct short
 * texts all different.
 */
static int
cmp_u64(const void *a, const void *b)
{
	uint64_t	 x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return ((x > y) - (x < y));
}

static void
test_hash64(void)
{
	static char	 page[4000];
	uint64_t	 h, *seen;
	size_t		 i, bad = 0, same = 0, n = 20000;
	char		 s[32];

	for (i = 0; i < sizeof(page); i++)
		page[i] = (char)('a' + i % 23);
	h = hash64(page, sizeof(page), 1);
	tap_ok(hash64(page, sizeof(page), 1) == h, "hash64: same bytes, "
	    "same hash");
	for (i = 0; i < sizeof(page); i++) {
		page[i] ^= 1;
		bad += hash64(page, sizeof(page), 1) == h;
		page[i] ^= 1;
	}
	tap_ok(bad == 0, "hash64: any one byte changed changes it");
	tap_ok(hash64(page, sizeof(page) - 1, 1) != h &&
	    hash64(page, 0, 1) != hash64(page, 1, 1), "hash64: the length "
	    "counts");
	seen = xcalloc(n, sizeof(*seen));
	for (i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "item %zu", i);
		seen[i] = hash64(s, strlen(s), 1);
	}
	qsort(seen, n, sizeof(*seen), cmp_u64);
	for (i = 1; i < n; i++)
		same += seen[i] == seen[i - 1];
	tap_ok(same == 0, "hash64: 20,000 short texts, no two alike");
	free(seen);
}

int
main(void)
{
	test_clean_table();
	test_clean_cuts();
	test_clean_random();
	test_xml_safe();
	test_json();
	test_uri();
	test_buf();
	test_buf_growth();
	test_utf8_char();
	test_xml_clean();
	test_html_escape();
	test_wordset();
	test_hash64();
	return (tap_done());
}
