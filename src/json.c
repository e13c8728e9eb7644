/*
 * json.c: a strict recursive-descent JSON parser.  Input comes from hostile
 * pages, so every limit is checked before it can be exceeded: length before
 * parsing, depth on every nested value (the recursion is bounded by it),
 * node count on every value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "text.h"
#include "util.h"

struct json_parser {
	const char	*p_s;
	size_t		 p_len;
	size_t		 p_pos;
	size_t		 p_nodes;
	size_t		 p_max_nodes;
	const char	*p_err;
};

static struct json	*json_value(struct json_parser *, int);

static void
json_ws(struct json_parser *p)
{
	while (p->p_pos < p->p_len && (p->p_s[p->p_pos] == ' ' ||
	    p->p_s[p->p_pos] == '\t' || p->p_s[p->p_pos] == '\n' ||
	    p->p_s[p->p_pos] == '\r'))
		p->p_pos++;
}

static struct json *
json_new(struct json_parser *p, enum json_type type)
{
	struct json	*j;

	if (++p->p_nodes > p->p_max_nodes) {
		p->p_err = "too many values";
		return (NULL);
	}
	j = xcalloc(1, sizeof(*j));
	j->j_type = type;
	return (j);
}

void
json_free(struct json *j)
{
	struct json	*next;

	/* Siblings iteratively; children recurse at most JSON_MAX_DEPTH. */
	for (; j != NULL; j = next) {
		next = j->j_next;
		json_free(j->j_child);
		free(j->j_key);
		free(j->j_str);
		free(j);
	}
}

static int
json_hex4(struct json_parser *p, uint32_t *out)
{
	uint32_t	 v = 0;
	int		 i, d;

	if (p->p_len - p->p_pos < 4)
		return (-1);
	for (i = 0; i < 4; i++) {
		if ((d = text_hexval(p->p_s[p->p_pos++])) == -1)
			return (-1);
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return (0);
}


/* The escapes that stand for one character, and the characters. */
static const char json_escapes[] = "\"\\/bfnrt";
static const char json_escaped[] = "\"\\/\b\f\n\r\t";

/* Parses a string at p_pos (the opening quote); returns it or NULL. */
static char *
json_string_lit(struct json_parser *p)
{
	struct buf	 b;
	uint32_t	 c, lo, cp;
	size_t		 n;
	unsigned char	 ch;
	const char	*e;

	p->p_pos++;
	/* A string is never longer than the document it is in. */
	buf_init(&b, p->p_len + 1);
	buf_add(&b, "", 0);
	for (;;) {
		if (p->p_pos >= p->p_len) {
			p->p_err = "unterminated string";
			goto bad;
		}
		ch = (unsigned char)p->p_s[p->p_pos];
		if (ch == '"') {
			p->p_pos++;
			return (buf_take(&b, NULL));
		}
		if (ch < 0x20) {
			p->p_err = "control character in string";
			goto bad;
		}
		if (ch != '\\') {
			n = text_utf8_decode((const unsigned char *)p->p_s +
			    p->p_pos, p->p_len - p->p_pos, &cp);
			if (n == 0) {
				p->p_err = "invalid UTF-8";
				goto bad;
			}
			buf_add(&b, p->p_s + p->p_pos, n);
			p->p_pos += n;
			continue;
		}
		if (++p->p_pos >= p->p_len) {
			p->p_err = "unterminated string";
			goto bad;
		}
		ch = (unsigned char)p->p_s[p->p_pos++];
		if (ch != '\0' && (e = strchr(json_escapes, ch)) != NULL) {
			buf_add(&b, &json_escaped[e - json_escapes], 1);
			continue;
		}
		if (ch != 'u') {
			p->p_err = "bad escape";
			goto bad;
		}
		if (json_hex4(p, &c) == -1) {
			p->p_err = "bad \\u escape";
			goto bad;
		}
		if (c >= 0xd800 && c <= 0xdbff) {
			if (p->p_len - p->p_pos < 6 ||
			    p->p_s[p->p_pos] != '\\' ||
			    p->p_s[p->p_pos + 1] != 'u') {
				p->p_err = "lone surrogate";
				goto bad;
			}
			p->p_pos += 2;
			if (json_hex4(p, &lo) == -1 ||
			    lo < 0xdc00 || lo > 0xdfff) {
				p->p_err = "lone surrogate";
				goto bad;
			}
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
		} else if ((c >= 0xdc00 && c <= 0xdfff) || c == 0) {
			p->p_err = "lone surrogate or \\u0000";
			goto bad;
		}
		text_utf8_encode(&b, c);
	}
bad:
	buf_free(&b);
	return (NULL);
}

static struct json *
json_number(struct json_parser *p)
{
	struct json	*j;
	size_t		 start = p->p_pos;
	const char	*s = p->p_s;
	size_t		 len = p->p_len;

#define DIGIT(i)	((i) < len && s[i] >= '0' && s[i] <= '9')
	if (p->p_pos < len && s[p->p_pos] == '-')
		p->p_pos++;
	if (p->p_pos < len && s[p->p_pos] == '0')
		p->p_pos++;
	else if (DIGIT(p->p_pos))
		while (DIGIT(p->p_pos))
			p->p_pos++;
	else
		goto bad;
	if (p->p_pos < len && s[p->p_pos] == '.') {
		p->p_pos++;
		if (!DIGIT(p->p_pos))
			goto bad;
		while (DIGIT(p->p_pos))
			p->p_pos++;
	}
	if (p->p_pos < len && (s[p->p_pos] == 'e' || s[p->p_pos] == 'E')) {
		p->p_pos++;
		if (p->p_pos < len && (s[p->p_pos] == '+' || s[p->p_pos] == '-'))
			p->p_pos++;
		if (!DIGIT(p->p_pos))
			goto bad;
		while (DIGIT(p->p_pos))
			p->p_pos++;
	}
#undef DIGIT
	if ((j = json_new(p, JSON_NUMBER)) == NULL)
		return (NULL);
	/* The text is kept: huge numbers become inf in j_num, nothing worse. */
	j->j_str = xstrndup(s + start, p->p_pos - start);
	j->j_num = strtod(j->j_str, NULL);
	return (j);
bad:
	p->p_err = "bad number";
	return (NULL);
}

static int
json_word(struct json_parser *p, const char *w)
{
	size_t	 n = strlen(w);

	if (p->p_len - p->p_pos < n || memcmp(p->p_s + p->p_pos, w, n) != 0)
		return (-1);
	p->p_pos += n;
	return (0);
}

/* An array or object at p_pos; members are values, with names in objects. */
static struct json *
json_container(struct json_parser *p, int depth, int object)
{
	struct json	*j, *m, **tail;
	char		 close = object ? '}' : ']';
	char		*key = NULL;

	if ((j = json_new(p, object ? JSON_OBJECT : JSON_ARRAY)) == NULL)
		return (NULL);
	tail = &j->j_child;
	p->p_pos++;
	json_ws(p);
	if (p->p_pos < p->p_len && p->p_s[p->p_pos] == close) {
		p->p_pos++;
		return (j);
	}
	for (;;) {
		json_ws(p);
		if (object) {
			if (p->p_pos >= p->p_len || p->p_s[p->p_pos] != '"') {
				p->p_err = "expected a member name";
				goto bad;
			}
			if ((key = json_string_lit(p)) == NULL)
				goto bad;
			json_ws(p);
			if (p->p_pos >= p->p_len || p->p_s[p->p_pos] != ':') {
				p->p_err = "expected ':'";
				goto bad;
			}
			p->p_pos++;
		}
		if ((m = json_value(p, depth + 1)) == NULL)
			goto bad;
		m->j_key = key;
		key = NULL;
		*tail = m;
		tail = &m->j_next;
		json_ws(p);
		if (p->p_pos >= p->p_len) {
			p->p_err = "truncated";
			goto bad;
		}
		if (p->p_s[p->p_pos] == ',') {
			p->p_pos++;
			continue;
		}
		if (p->p_s[p->p_pos] == close) {
			p->p_pos++;
			return (j);
		}
		p->p_err = object ? "expected ',' or '}'" : "expected ',' or ']'";
		goto bad;
	}
bad:
	free(key);
	json_free(j);
	return (NULL);
}

static struct json *
json_value(struct json_parser *p, int depth)
{
	struct json	*j;
	char		*s;

	if (depth > JSON_MAX_DEPTH) {
		p->p_err = "nested too deeply";
		return (NULL);
	}
	json_ws(p);
	if (p->p_pos >= p->p_len) {
		p->p_err = "truncated";
		return (NULL);
	}
	switch (p->p_s[p->p_pos]) {
	case '{':
		return (json_container(p, depth, 1));
	case '[':
		return (json_container(p, depth, 0));
	case '"':
		if ((s = json_string_lit(p)) == NULL)
			return (NULL);
		if ((j = json_new(p, JSON_STRING)) == NULL) {
			free(s);
			return (NULL);
		}
		j->j_str = s;
		return (j);
	case 't':
		if (json_word(p, "true") == 0)
			return (json_new(p, JSON_TRUE));
		break;
	case 'f':
		if (json_word(p, "false") == 0)
			return (json_new(p, JSON_FALSE));
		break;
	case 'n':
		if (json_word(p, "null") == 0)
			return (json_new(p, JSON_NULL));
		break;
	default:
		return (json_number(p));
	}
	p->p_err = "unexpected character";
	return (NULL);
}

/*
 * One value at the start of S; with USED its end is returned there and
 * what follows is the caller's, else only white space may follow.
 */
static struct json *
json_parse_at(const char *s, size_t len, size_t max_len, size_t max_nodes,
    size_t *used, char **cause)
{
	struct json_parser	 p;
	struct json		*j;

	memset(&p, 0, sizeof(p));
	if (len > max_len) {
		if (cause != NULL)
			xasprintf(cause, "document too large (%zu bytes, at "
			    "most %zu)", len, max_len);
		return (NULL);
	}
	p.p_s = s;
	p.p_len = len;
	p.p_max_nodes = max_nodes;
	if ((j = json_value(&p, 1)) != NULL) {
		if (used != NULL)
			*used = p.p_pos;
		else {
			json_ws(&p);
			if (p.p_pos != p.p_len) {
				p.p_err = "trailing garbage";
				json_free(j);
				j = NULL;
			}
		}
	}
	if (j == NULL && cause != NULL)
		xasprintf(cause, "offset %zu: %s", p.p_pos,
		    p.p_err ? p.p_err : "invalid");
	return (j);
}

struct json *
json_parse(const char *s, size_t len, char **cause)
{
	return (json_parse_at(s, len, JSON_MAX_LEN, JSON_MAX_NODES, NULL,
	    cause));
}

struct json *
json_parse_len(const char *s, size_t len, size_t max_len, size_t max_nodes,
    char **cause)
{
	return (json_parse_at(s, len, max_len, max_nodes, NULL, cause));
}

struct json *
json_parse_prefix(const char *s, size_t len, size_t max_len,
    size_t max_nodes, size_t *used, char **cause)
{
	return (json_parse_at(s, len, max_len, max_nodes, used, cause));
}

const struct json *
json_get(const struct json *obj, const char *key)
{
	const struct json	*m;

	if (obj == NULL || obj->j_type != JSON_OBJECT)
		return (NULL);
	for (m = obj->j_child; m != NULL; m = m->j_next)
		if (m->j_key != NULL && strcmp(m->j_key, key) == 0)
			return (m);
	return (NULL);
}

const char *
json_string(const struct json *j)
{
	return (j != NULL && j->j_type == JSON_STRING ? j->j_str : NULL);
}

/* S..END past white space and the wrappers at its start. */
static const char *
json_unwrap_start(const char *s, const char *end)
{
	static const char *opens[] = { "<![CDATA[", "<!--", NULL };
	const char	*p;
	size_t		 i, l;

	for (;;) {
		while (s < end && strchr(" \t\r\n", *s) != NULL)
			s++;
		p = end - s >= 2 && s[0] == '/' && s[1] == '/' ? s + 2 : s;
		for (i = 0; opens[i] != NULL; i++)
			if ((size_t)(end - p) >= (l = strlen(opens[i])) &&
			    memcmp(p, opens[i], l) == 0)
				break;
		if (opens[i] == NULL)
			return (s);
		s = p + l;
	}
}

/* The end of S..END without white space and trailing wrappers. */
static const char *
json_unwrap_end(const char *s, const char *end)
{
	static const char *closes[] = { "]]>", "-->", NULL };
	size_t		 i, l;

	for (;;) {
		while (end > s && strchr(" \t\r\n", end[-1]) != NULL)
			end--;
		for (i = 0; closes[i] != NULL; i++)
			if ((size_t)(end - s) >= (l = strlen(closes[i])) &&
			    memcmp(end - l, closes[i], l) == 0)
				break;
		if (closes[i] == NULL)
			break;
		end -= l;
		while (end > s && strchr(" \t\r\n", end[-1]) != NULL)
			end--;
		if (end - s >= 2 && end[-1] == '/' && end[-2] == '/')
			end -= 2;
	}
	return (end);
}

struct json *
json_parse_script(const char *s, size_t len, char **cause)
{
	return (json_parse_script_len(s, len, JSON_MAX_LEN, JSON_MAX_NODES,
	    cause));
}

struct json *
json_parse_script_len(const char *s, size_t len, size_t max_len,
    size_t max_nodes, char **cause)
{
	const char	*start = json_unwrap_start(s, s + len);
	const char	*end = json_unwrap_end(start, s + len);

	return (json_parse_at(start, (size_t)(end - start), max_len,
	    max_nodes, NULL, cause));
}

