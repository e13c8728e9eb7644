/*
 * css.c: CSS selector to XPath 1.0 translation, a pure function.
 *
 * Selectors come from config files (and fuzzers): the whole string is first
 * checked to be UTF-8 without control characters, so the parser below can
 * step over characters without rechecking; it never moves past the NUL,
 * bounds :not() nesting and names a 1-based column (in characters) in every
 * error.  Element and attribute names are lowercased because libxml2's HTML
 * parser lowercases them in the document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "css.h"
#include "text.h"
#include "util.h"

#define CSS_MAX_LEN	4096	/* bytes of selector text */
#define CSS_MAX_DEPTH	8	/* :not() nesting */
/* XPath text: bounded by CSS_MAX_LEN and CSS_MAX_DEPTH, not by the buffer. */
#define CSS_XPATH_MAX	((size_t)-1 / 2)
#define CSS_MAX_NUM	100000	/* |a| and |b| in an+b */

struct css_parser {
	const char	*p_sel;		/* the whole selector, for columns */
	const char	*p_pos;
	int		 p_depth;
	char		*p_cause;
};

/* A compound selector: a node test plus conditions on the node. */
struct css_compound {
	char				*c_name;	/* NULL for * */
	int				 c_ncname;	/* a name test */
	struct buf			 c_cond;	/* " and " list */
	const struct css_compound	*c_outer;	/* of a :not() */
};

enum css_pkind {
	CSS_P_FIRST,
	CSS_P_ONLY,
	CSS_P_NTH,
	CSS_P_EMPTY,
	CSS_P_ROOT,
	CSS_P_NOT,
	CSS_P_CONTAINS,
};

struct css_pseudo {
	const char	*ps_name;
	enum css_pkind	 ps_kind;
	int		 ps_func;	/* takes a parenthesized argument */
	int		 ps_last;	/* counts following siblings */
	int		 ps_type;	/* counts siblings of the same type */
};

static const struct css_pseudo css_pseudos[] = {
	{ "first-child",	CSS_P_FIRST,	0, 0, 0 },
	{ "last-child",		CSS_P_FIRST,	0, 1, 0 },
	{ "only-child",		CSS_P_ONLY,	0, 0, 0 },
	{ "first-of-type",	CSS_P_FIRST,	0, 0, 1 },
	{ "last-of-type",	CSS_P_FIRST,	0, 1, 1 },
	{ "only-of-type",	CSS_P_ONLY,	0, 0, 1 },
	{ "empty",		CSS_P_EMPTY,	0, 0, 0 },
	{ "root",		CSS_P_ROOT,	0, 0, 0 },
	{ "nth-child",		CSS_P_NTH,	1, 0, 0 },
	{ "nth-last-child",	CSS_P_NTH,	1, 1, 0 },
	{ "nth-of-type",	CSS_P_NTH,	1, 0, 1 },
	{ "nth-last-of-type",	CSS_P_NTH,	1, 1, 1 },
	{ "not",		CSS_P_NOT,	1, 0, 0 },
	{ "contains",		CSS_P_CONTAINS,	1, 0, 0 },
};

static int	css_parse_compound(struct css_parser *, struct css_compound *);
static int	css_error(struct css_parser *, const char *, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

static int
css_isspace(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f');
}

static int
css_isdigit(int c)
{
	return (c >= '0' && c <= '9');
}

static int
css_isnmstart(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    c == '_' || c >= 0x80);
}

static int
css_isnmchar(int c)
{
	return (css_isnmstart(c) || css_isdigit(c) || c == '-');
}

/* A backslash starts an escape unless a newline or the end follows it. */
static int
css_isescape(const char *s)
{
	return (s[0] == '\\' && s[1] != '\0' && s[1] != '\n' &&
	    s[1] != '\r' && s[1] != '\f');
}

static int
css_isident(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;

	if (u[0] == '-') {
		if (u[1] == '-')
			return (1);
		u++;
	}
	return (css_isnmstart(u[0]) || css_isescape((const char *)u));
}

/* Length of the (already validated) UTF-8 sequence at s. */
static size_t
css_utf8_len(const char *s)
{
	unsigned char	 c = *s;

	if (c < 0x80)
		return (c == '\0' ? 0 : 1);
	if (c < 0xe0)
		return (2);
	if (c < 0xf0)
		return (3);
	return (4);
}

static void
css_lower(char *s)
{
	for (; *s != '\0'; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s += 'a' - 'A';
}

/* Names outside [a-z_][a-z0-9_-]* are matched with name() = '...'. */
static int
css_isncname(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || *s == '_'))
		return (0);
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || css_isdigit(*s) ||
		    *s == '_' || *s == '-'))
			return (0);
	return (1);
}

static int
css_column(const struct css_parser *p, const char *at)
{
	const char	*s;
	int		 col = 1;

	for (s = p->p_sel; s < at; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			col++;
	return (col);
}

/* Keeps the first error only; always returns -1. */
static int
css_error(struct css_parser *p, const char *at, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (p->p_cause != NULL)
		return (-1);
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	xasprintf(&p->p_cause, "%s at column %d", msg, css_column(p, at));
	free(msg);
	return (-1);
}

static int
css_unexpected(struct css_parser *p)
{
	const char	*s = p->p_pos;

	if (*s == '\0')
		return (css_error(p, s, "unexpected end of selector"));
	return (css_error(p, s, "unexpected '%.*s'", (int)css_utf8_len(s), s));
}

static int
css_expected(struct css_parser *p, const char *what)
{
	const char	*s = p->p_pos;

	if (*s == '\0')
		return (css_error(p, s, "expected %s, found end of selector",
		    what));
	return (css_error(p, s, "expected %s, found '%.*s'", what,
	    (int)css_utf8_len(s), s));
}

static int
css_skip_ws(struct css_parser *p)
{
	const char	*start = p->p_pos;

	while (css_isspace(*p->p_pos))
		p->p_pos++;
	return (p->p_pos != start);
}

/* Returns 0 or -1: length cap, valid UTF-8, no control characters. */
static int
css_validate(struct css_parser *p)
{
	const unsigned char	*s = (const unsigned char *)p->p_sel;
	const char		*at;
	unsigned long		 cp, min;
	size_t			 i, k, n;

	for (i = 0; s[i] != '\0'; i += n) {
		at = p->p_sel + i;
		if (i >= CSS_MAX_LEN)
			return (css_error(p, at,
			    "selector longer than %d bytes", CSS_MAX_LEN));
		if (s[i] < 0x80) {
			n = 1;
			if ((s[i] < 0x20 && !css_isspace(s[i])) || s[i] == 0x7f)
				return (css_error(p, at,
				    "control character 0x%02x", s[i]));
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 2;
			cp = s[i] & 0x1f;
			min = 0x80;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 3;
			cp = s[i] & 0x0f;
			min = 0x800;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 4;
			cp = s[i] & 0x07;
			min = 0x10000;
		} else
			return (css_error(p, at, "invalid UTF-8"));
		/* Stops at the NUL too: it is no continuation byte. */
		for (k = 1; k < n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return (css_error(p, at, "invalid UTF-8"));
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return (css_error(p, at, "invalid UTF-8"));
		if (cp <= 0x9f)
			return (css_error(p, at, "control character U+%04lX",
			    cp));
	}
	return (0);
}

/* Decodes the escape at p->p_pos (a valid one) into b. */
static int
css_parse_escape(struct css_parser *p, struct buf *b)
{
	const char	*at = p->p_pos, *s = at + 1;
	unsigned long	 cp = 0;
	char		 u[4];
	int		 n;

	if (text_hexval((unsigned char)*s) == -1) {
		n = css_utf8_len(s);
		buf_add(b, s, n);
		p->p_pos = s + n;
		return (0);
	}
	for (n = 0; n < 6 && text_hexval((unsigned char)*s) != -1; n++, s++)
		cp = cp * 16 + text_hexval((unsigned char)*s);
	if (s[0] == '\r' && s[1] == '\n')
		s += 2;
	else if (css_isspace(*s))
		s++;
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return (css_error(p, at, "invalid escape '%.*s'",
		    (int)(s - at), at));
	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return (css_error(p, at, "escaped control character"));
	if (cp < 0x80) {
		u[0] = cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = 0xc0 | (cp >> 6);
		u[1] = 0x80 | (cp & 0x3f);
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = 0xe0 | (cp >> 12);
		u[1] = 0x80 | ((cp >> 6) & 0x3f);
		u[2] = 0x80 | (cp & 0x3f);
		n = 3;
	} else {
		u[0] = 0xf0 | (cp >> 18);
		u[1] = 0x80 | ((cp >> 12) & 0x3f);
		u[2] = 0x80 | ((cp >> 6) & 0x3f);
		u[3] = 0x80 | (cp & 0x3f);
		n = 4;
	}
	buf_add(b, u, n);
	p->p_pos = s;
	return (0);
}

/*
 * Parses an identifier into *out (caller frees).  With loose set any run of
 * name characters will do (#123, [colspan=2]): pages use such ids and
 * values, and refusing them would help nobody.
 */
static int
css_parse_ident(struct css_parser *p, char **out, const char *what,
    int loose)
{
	struct buf	 b;
	size_t		 n;

	buf_init(&b, CSS_XPATH_MAX);
	if (loose ? !css_isnmchar((unsigned char)*p->p_pos) &&
	    !css_isescape(p->p_pos) : !css_isident(p->p_pos))
		return (css_expected(p, what));
	for (;;) {
		if (css_isescape(p->p_pos)) {
			if (css_parse_escape(p, &b) == -1) {
				buf_free(&b);
				return (-1);
			}
		} else if (css_isnmchar((unsigned char)*p->p_pos)) {
			n = css_utf8_len(p->p_pos);
			buf_add(&b, p->p_pos, n);
			p->p_pos += n;
		} else
			break;
	}
	*out = buf_take(&b, NULL);
	return (0);
}

/* Parses a quoted string into *out (caller frees). */
static int
css_parse_string(struct css_parser *p, char **out)
{
	struct buf	 b;
	const char	*at = p->p_pos;
	char		 q = *at;
	size_t		 n;

	buf_init(&b, CSS_XPATH_MAX);
	for (p->p_pos++; *p->p_pos != q; ) {
		if (*p->p_pos == '\0' || *p->p_pos == '\n' ||
		    *p->p_pos == '\r' || *p->p_pos == '\f' ||
		    (p->p_pos[0] == '\\' && p->p_pos[1] == '\0')) {
			buf_free(&b);
			return (css_error(p, at, "unterminated string"));
		}
		if (p->p_pos[0] == '\\' && !css_isescape(p->p_pos)) {
			/* An escaped newline continues the string. */
			p->p_pos += 2;
			if (p->p_pos[-1] == '\r' && p->p_pos[0] == '\n')
				p->p_pos++;
		} else if (p->p_pos[0] == '\\') {
			if (css_parse_escape(p, &b) == -1) {
				buf_free(&b);
				return (-1);
			}
		} else {
			n = css_utf8_len(p->p_pos);
			buf_add(&b, p->p_pos, n);
			p->p_pos += n;
		}
	}
	p->p_pos++;
	*out = buf_take(&b, NULL);
	return (0);
}

/* Appends s as an XPath literal; XPath 1.0 has no escapes in literals. */
static void
css_literal(struct buf *b, const char *s)
{
	size_t	 n;
	int	 first;

	if (strchr(s, '\'') == NULL) {
		buf_printf(b, "'%s'", s);
		return;
	}
	if (strchr(s, '"') == NULL) {
		buf_printf(b, "\"%s\"", s);
		return;
	}
	buf_addstr(b, "concat(");
	for (first = 1; *s != '\0'; first = 0) {
		if (!first)
			buf_addstr(b, ", ");
		if (*s == '\'') {
			buf_addstr(b, "\"'\"");
			s++;
			continue;
		}
		n = strcspn(s, "'");
		buf_addstr(b, "'");
		buf_add(b, s, n);
		buf_addstr(b, "'");
		s += n;
	}
	buf_addstr(b, ")");
}

/* Starts a new condition of c. */
static struct buf *
css_cond(struct css_compound *c)
{
	if (c->c_cond.b_len > 0)
		buf_addstr(&c->c_cond, " and ");
	return (&c->c_cond);
}

static void
css_attr_ref(struct buf *b, const char *name)
{
	if (css_isncname(name)) {
		buf_printf(b, "@%s", name);
		return;
	}
	buf_addstr(b, "@*[name() = ");
	css_literal(b, name);
	buf_addstr(b, "]");
}

/* Appends the condition that a whitespace-separated list holds token. */
static void
css_token(struct buf *b, const char *attr, const char *token)
{
	char	*padded;

	if (*token == '\0' || strpbrk(token, " \t\n\r\f") != NULL) {
		/* Such a token can never be in the list. */
		buf_addstr(b, "false()");
		return;
	}
	buf_addstr(b, "contains(concat(' ', normalize-space(");
	css_attr_ref(b, attr);
	buf_addstr(b, "), ' '), ");
	xasprintf(&padded, " %s ", token);
	css_literal(b, padded);
	free(padded);
	buf_addstr(b, ")");
}

static size_t
css_utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return (n);
}

static void
css_attr_cond(struct buf *b, const char *name, char op, const char *v)
{
	char	*dashed;

	if (op != 0 && op != '=' && op != '|' && *v == '\0') {
		/* [a^=""], [a$=""], [a*=""], [a~=""] match nothing. */
		buf_addstr(b, "false()");
		return;
	}
	switch (op) {
	case 0:
		css_attr_ref(b, name);
		break;
	case '=':
		css_attr_ref(b, name);
		buf_addstr(b, " = ");
		css_literal(b, v);
		break;
	case '~':
		css_token(b, name, v);
		break;
	case '|':
		buf_addstr(b, "(");
		css_attr_ref(b, name);
		buf_addstr(b, " = ");
		css_literal(b, v);
		buf_addstr(b, " or starts-with(");
		css_attr_ref(b, name);
		buf_addstr(b, ", ");
		xasprintf(&dashed, "%s-", v);
		css_literal(b, dashed);
		free(dashed);
		buf_addstr(b, "))");
		break;
	case '^':
		buf_addstr(b, "starts-with(");
		css_attr_ref(b, name);
		buf_addstr(b, ", ");
		css_literal(b, v);
		buf_addstr(b, ")");
		break;
	case '$':
		/* XPath 1.0 has no ends-with; string-length counts chars. */
		buf_addstr(b, "substring(");
		css_attr_ref(b, name);
		buf_addstr(b, ", string-length(");
		css_attr_ref(b, name);
		buf_printf(b, ") - %zu) = ", css_utf8_chars(v) - 1);
		css_literal(b, v);
		break;
	case '*':
		buf_addstr(b, "contains(");
		css_attr_ref(b, name);
		buf_addstr(b, ", ");
		css_literal(b, v);
		buf_addstr(b, ")");
		break;
	}
}

/* Parses "[name]" or "[name op value]". */
static int
css_parse_attrib(struct css_parser *p, struct css_compound *c)
{
	const char	*at = p->p_pos;
	char		*name = NULL, *value = NULL, *flag = NULL;
	char		 op = 0;
	int		 rc = -1;

	p->p_pos++;
	css_skip_ws(p);
	if (*p->p_pos == '\0')
		goto unterminated;
	if (css_parse_ident(p, &name, "attribute name", 0) == -1)
		goto out;
	css_lower(name);
	css_skip_ws(p);
	switch (*p->p_pos) {
	case ']':
		break;
	case '=':
		op = '=';
		p->p_pos++;
		break;
	case '~':
	case '|':
	case '^':
	case '$':
	case '*':
		if (p->p_pos[1] != '=') {
			css_unexpected(p);
			goto out;
		}
		op = *p->p_pos;
		p->p_pos += 2;
		break;
	case '\0':
		goto unterminated;
	default:
		css_expected(p, "']' or attribute operator");
		goto out;
	}
	if (op != 0) {
		css_skip_ws(p);
		if (*p->p_pos == '\0')
			goto unterminated;
		if (*p->p_pos == '"' || *p->p_pos == '\'') {
			if (css_parse_string(p, &value) == -1)
				goto out;
		} else if (css_parse_ident(p, &value, "attribute value",
		    1) == -1)
			goto out;
		css_skip_ws(p);
		if (css_isident(p->p_pos)) {
			at = p->p_pos;
			if (css_parse_ident(p, &flag, "flag", 0) == -1)
				goto out;
			css_error(p, at, "unsupported attribute flag '%s'",
			    flag);
			goto out;
		}
	}
	if (*p->p_pos == '\0')
		goto unterminated;
	if (*p->p_pos != ']') {
		css_expected(p, "']'");
		goto out;
	}
	p->p_pos++;
	css_attr_cond(css_cond(c), name, op, value != NULL ? value : "");
	rc = 0;
	goto out;
unterminated:
	css_error(p, at, "unterminated attribute selector");
out:
	free(name);
	free(value);
	free(flag);
	return (rc);
}

/* Parses an+b (odd, even, 3, -n+3, 2n + 1) up to and including ')'. */
static int
css_parse_nth(struct css_parser *p, long *a, long *b)
{
	const char	*s, *t;
	long		 sign = 1, num = 0;
	int		 has_num = 0;

	css_skip_ws(p);
	s = p->p_pos;
	if (strncasecmp(s, "odd", 3) == 0 &&
	    !css_isnmchar((unsigned char)s[3]) && s[3] != '\\') {
		*a = 2;
		*b = 1;
		p->p_pos += 3;
		goto close;
	}
	if (strncasecmp(s, "even", 4) == 0 &&
	    !css_isnmchar((unsigned char)s[4]) && s[4] != '\\') {
		*a = 2;
		*b = 0;
		p->p_pos += 4;
		goto close;
	}
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (; css_isdigit(*s); s++, has_num = 1)
		if ((num = num * 10 + (*s - '0')) > CSS_MAX_NUM)
			return (css_error(p, p->p_pos, "number too large"));
	if (*s == 'n' || *s == 'N') {
		*a = sign * (has_num ? num : 1);
		*b = 0;
		for (t = s + 1; css_isspace(*t); t++)
			;
		s++;
		if (*t == '+' || *t == '-') {
			sign = *t++ == '-' ? -1 : 1;
			while (css_isspace(*t))
				t++;
			if (!css_isdigit(*t)) {
				p->p_pos = t;
				return (css_expected(p, "number"));
			}
			for (num = 0; css_isdigit(*t); t++)
				if ((num = num * 10 + (*t - '0')) > CSS_MAX_NUM)
					return (css_error(p, s,
					    "number too large"));
			*b = sign * num;
			s = t;
		}
	} else if (has_num) {
		*a = 0;
		*b = sign * num;
	} else
		return (css_expected(p, "an+b, odd or even"));
	p->p_pos = s;
close:
	css_skip_ws(p);
	if (*p->p_pos != ')')
		return (css_expected(p, "')'"));
	p->p_pos++;
	return (0);
}

/* Appends the sibling axis step an of-type or -child pseudo-class counts. */
static int
css_siblings(struct css_parser *p, const struct css_compound *c,
    const struct css_pseudo *ps, const char *at, struct buf *b)
{
	const struct css_compound	*t;

	buf_addstr(b, ps->ps_last ? "following-sibling::" :
	    "preceding-sibling::");
	if (!ps->ps_type) {
		buf_addstr(b, "*");
		return (0);
	}
	/* Inside :not() the type may come from the enclosing compound. */
	for (t = c; t != NULL && t->c_name == NULL; t = t->c_outer)
		;
	if (t == NULL)
		/* XPath 1.0 cannot compare with the context node's name. */
		return (css_error(p, at, "':%s' needs a type selector",
		    ps->ps_name));
	if (t->c_ncname)
		buf_addstr(b, t->c_name);
	else {
		buf_addstr(b, "*[name() = ");
		css_literal(b, t->c_name);
		buf_addstr(b, "]");
	}
	return (0);
}

/* Appends the condition that an+b matches the 1-based sibling position. */
static void
css_nth_cond(struct buf *b, long a, long bb, const char *sib)
{
	long	 k = bb - 1;	/* position - 1 is the sibling count */

	if (a == 0) {
		if (bb <= 0)
			buf_addstr(b, "false()");
		else
			buf_printf(b, "count(%s) = %ld", sib, k);
	} else if (a > 0) {
		if (k <= 0 && a == 1)
			buf_addstr(b, "true()");
		if (k > 0)
			buf_printf(b, "count(%s) >= %ld", sib, k);
		if (k > 0 && a != 1)
			buf_addstr(b, " and ");
		if (a != 1 && k == 0)
			buf_printf(b, "count(%s) mod %ld = 0", sib, a);
		else if (a != 1 && k > 0)
			buf_printf(b, "(count(%s) - %ld) mod %ld = 0",
			    sib, k, a);
		else if (a != 1)
			buf_printf(b, "(count(%s) + %ld) mod %ld = 0",
			    sib, -k, a);
	} else {
		if (k < 0)
			buf_addstr(b, "false()");
		else {
			buf_printf(b, "count(%s) <= %ld", sib, k);
			if (a != -1)
				buf_printf(b,
				    " and (%ld - count(%s)) mod %ld = 0",
				    k, sib, -a);
		}
	}
}

/* Parses the compound selectors of :not(a, b.c) up to ')'. */
static int
css_parse_not(struct css_parser *p, struct css_compound *c, const char *at)
{
	struct css_compound	 in;
	struct buf		 list, item;
	char			*first;
	int			 n, rc = -1;

	if (p->p_depth >= CSS_MAX_DEPTH)
		return (css_error(p, at, "':not()' nested too deeply"));
	p->p_depth++;
	buf_init(&list, CSS_XPATH_MAX);
	for (n = 0;; n++) {
		css_skip_ws(p);
		memset(&in, 0, sizeof(in));
		buf_init(&in.c_cond, CSS_XPATH_MAX);
		in.c_outer = c;
		if (css_parse_compound(p, &in) == -1) {
			free(in.c_name);
			buf_free(&in.c_cond);
			goto out;
		}
		buf_init(&item, CSS_XPATH_MAX);
		if (in.c_ncname)
			buf_printf(&item, "self::%s", in.c_name);
		else if (in.c_cond.b_len == 0)
			buf_addstr(&item, "self::*");
		if (in.c_cond.b_len > 0)
			buf_printf(&item, "%s%s", item.b_len ? " and " : "",
			    in.c_cond.b_data);
		free(in.c_name);
		buf_free(&in.c_cond);
		if (n == 1) {
			first = buf_take(&list, NULL);
			buf_printf(&list, "(%s)", first);
			free(first);
		}
		buf_printf(&list, n == 0 ? "%s" : " or (%s)", item.b_data);
		buf_free(&item);
		css_skip_ws(p);
		if (*p->p_pos == ')')
			break;
		if (*p->p_pos != ',') {
			css_expected(p, "')'");
			goto out;
		}
		p->p_pos++;
	}
	p->p_pos++;
	buf_printf(css_cond(c), "not(%s)", list.b_data);
	rc = 0;
out:
	buf_free(&list);
	p->p_depth--;
	return (rc);
}

/* Parses :name or :name(...) at p->p_pos into a condition of c. */
static int
css_parse_pseudo(struct css_parser *p, struct css_compound *c)
{
	const struct css_pseudo	*ps = NULL;
	const char		*at = p->p_pos;
	struct buf		 sib;
	char			*name = NULL, *text = NULL;
	long			 a = 0, b = 0;
	size_t			 i;
	int			 func, rc = -1;

	buf_init(&sib, CSS_XPATH_MAX);
	p->p_pos++;
	if (*p->p_pos == ':') {
		p->p_pos++;
		if (css_parse_ident(p, &name, "pseudo-element name", 0) == 0)
			css_error(p, at, "unsupported pseudo-element '::%s'",
			    name);
		goto out;
	}
	if (css_parse_ident(p, &name, "pseudo-class name", 0) == -1)
		goto out;
	css_lower(name);
	func = *p->p_pos == '(';
	for (i = 0; i < sizeof(css_pseudos) / sizeof(css_pseudos[0]); i++)
		if (strcmp(css_pseudos[i].ps_name, name) == 0)
			ps = &css_pseudos[i];
	if (ps == NULL) {
		css_error(p, at, "unsupported pseudo-class ':%s%s'", name,
		    func ? "()" : "");
		goto out;
	}
	if (ps->ps_func != func) {
		css_error(p, at, ps->ps_func ? "':%s' needs an argument" :
		    "':%s' takes no argument", name);
		goto out;
	}
	if (func)
		p->p_pos++;

	switch (ps->ps_kind) {
	case CSS_P_FIRST:
		if (css_siblings(p, c, ps, at, &sib) == -1)
			goto out;
		buf_printf(css_cond(c), "not(%s)", sib.b_data);
		break;
	case CSS_P_ONLY:
		if (css_siblings(p, c, ps, at, &sib) == -1)
			goto out;
		/* sib holds "preceding-sibling::x": make the other axis. */
		buf_printf(css_cond(c), "not(%s) and not(following%s)",
		    sib.b_data, sib.b_data + strlen("preceding"));
		break;
	case CSS_P_NTH:
		if (css_siblings(p, c, ps, at, &sib) == -1 ||
		    css_parse_nth(p, &a, &b) == -1)
			goto out;
		css_nth_cond(css_cond(c), a, b, sib.b_data);
		break;
	case CSS_P_EMPTY:
		buf_addstr(css_cond(c), "not(*) and not(text())");
		break;
	case CSS_P_ROOT:
		buf_addstr(css_cond(c), "not(parent::*)");
		break;
	case CSS_P_NOT:
		if (css_parse_not(p, c, at) == -1)
			goto out;
		break;
	case CSS_P_CONTAINS:
		css_skip_ws(p);
		if (*p->p_pos == '"' || *p->p_pos == '\'') {
			if (css_parse_string(p, &text) == -1)
				goto out;
		} else if (css_parse_ident(p, &text, "string", 1) == -1)
			goto out;
		css_skip_ws(p);
		if (*p->p_pos != ')') {
			css_expected(p, "')'");
			goto out;
		}
		p->p_pos++;
		buf_addstr(css_cond(c), "contains(., ");
		css_literal(&c->c_cond, text);
		buf_addstr(&c->c_cond, ")");
		break;
	}
	rc = 0;
out:
	buf_free(&sib);
	free(name);
	free(text);
	return (rc);
}

/* Parses a type or universal selector and what follows it without space. */
static int
css_parse_compound(struct css_parser *p, struct css_compound *c)
{
	char	*v;
	int	 any = 0;

	if (*p->p_pos == '*') {
		p->p_pos++;
		any = 1;
	} else if (css_isident(p->p_pos)) {
		if (css_parse_ident(p, &c->c_name, "type selector", 0) == -1)
			return (-1);
		css_lower(c->c_name);
		if (!(c->c_ncname = css_isncname(c->c_name))) {
			buf_addstr(css_cond(c), "name() = ");
			css_literal(&c->c_cond, c->c_name);
		}
		any = 1;
	}
	for (;; any = 1) {
		switch (*p->p_pos) {
		case '#':
			p->p_pos++;
			if (css_parse_ident(p, &v, "id", 1) == -1)
				return (-1);
			buf_addstr(css_cond(c), "@id = ");
			css_literal(&c->c_cond, v);
			free(v);
			break;
		case '.':
			p->p_pos++;
			if (css_parse_ident(p, &v, "class name", 1) == -1)
				return (-1);
			css_token(css_cond(c), "class", v);
			free(v);
			break;
		case '[':
			if (css_parse_attrib(p, c) == -1)
				return (-1);
			break;
		case ':':
			if (css_parse_pseudo(p, c) == -1)
				return (-1);
			break;
		default:
			if (!any)
				return (css_unexpected(p));
			return (0);
		}
	}
}

static void
css_emit_step(struct buf *out, int comb, const struct css_compound *c)
{
	const char	*test = c->c_ncname ? c->c_name : "*";

	switch (comb) {
	case ' ':
		buf_printf(out, "//%s", test);
		break;
	case '>':
		buf_printf(out, "/%s", test);
		break;
	case '~':
		buf_printf(out, "/following-sibling::%s", test);
		break;
	case '+':
		buf_addstr(out, "/following-sibling::*[1]");
		if (c->c_ncname)
			buf_printf(out, "[self::%s]", test);
		break;
	}
	if (c->c_cond.b_len > 0)
		buf_printf(out, "[%s]", c->c_cond.b_data);
}

static int
css_iscomb(int c)
{
	return (c == '>' || c == '+' || c == '~');
}

/* Parses compounds and combinators up to ',' or the end. */
static int
css_parse_complex(struct css_parser *p, int relative, int first,
    struct buf *out)
{
	struct css_compound	 c;
	const char		*comb_at = NULL;
	int			 comb = ' ', space, rc;

	if (css_iscomb(*p->p_pos)) {
		if (!relative)
			return (css_error(p, p->p_pos,
			    "combinator '%c' without a selector before it",
			    *p->p_pos));
		comb_at = p->p_pos;
		comb = *p->p_pos++;
		css_skip_ws(p);
	} else if (*p->p_pos == '\0' || *p->p_pos == ',')
		return (css_error(p, p->p_pos, first && *p->p_pos == '\0' ?
		    "empty selector" : "empty selector in list"));
	if (relative)
		buf_addstr(out, ".");

	for (;;) {
		if (comb_at != NULL && (*p->p_pos == '\0' ||
		    *p->p_pos == ',' || css_iscomb(*p->p_pos)))
			return (css_error(p, p->p_pos,
			    "missing selector after '%c'", *comb_at));
		memset(&c, 0, sizeof(c));
		buf_init(&c.c_cond, CSS_XPATH_MAX);
		if ((rc = css_parse_compound(p, &c)) == 0)
			css_emit_step(out, comb, &c);
		free(c.c_name);
		buf_free(&c.c_cond);
		if (rc == -1)
			return (-1);

		space = css_skip_ws(p);
		if (*p->p_pos == '\0' || *p->p_pos == ',')
			return (0);
		if (css_iscomb(*p->p_pos)) {
			comb_at = p->p_pos;
			comb = *p->p_pos++;
			css_skip_ws(p);
		} else if (space) {
			comb_at = NULL;
			comb = ' ';
		} else
			return (css_unexpected(p));
	}
}

char *
css_to_xpath(const char *selector, int relative, char **cause)
{
	struct css_parser	 p;
	struct buf		 out;
	int			 first;

	memset(&p, 0, sizeof(p));
	buf_init(&out, CSS_XPATH_MAX);
	if (selector == NULL) {
		if (cause != NULL)
			*cause = xstrdup("no selector");
		return (NULL);
	}
	p.p_sel = p.p_pos = selector;
	if (css_validate(&p) == -1)
		goto fail;
	css_skip_ws(&p);
	for (first = 1;; first = 0) {
		if (css_parse_complex(&p, relative, first, &out) == -1)
			goto fail;
		if (*p.p_pos == '\0')
			break;
		p.p_pos++;	/* the ',' */
		css_skip_ws(&p);
		buf_addstr(&out, " | ");
	}
	return (buf_take(&out, NULL));
fail:
	buf_free(&out);
	if (cause != NULL)
		*cause = p.p_cause;
	else
		free(p.p_cause);
	return (NULL);
}
