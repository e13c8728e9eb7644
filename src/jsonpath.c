/*
 * jsonpath.c: the JSON paths of json: selectors.  A path is a short list
 * of steps compiled once at config load; evaluation walks the parsed tree
 * (json.c bounds its depth, so the recursion here is bounded too) and
 * stops at the caller's count of matches.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "jsonpath.h"
#include "util.h"

enum jp_kind {
	JP_MEMBER,		/* .name */
	JP_INDEX,		/* [3], [-1] */
	JP_ALL,			/* [*], .* */
	JP_DEEP_MEMBER,		/* ..name */
	JP_DEEP_ALL,		/* ..* */
	JP_FILTER		/* [?(@.path OP literal)] */
};

enum jp_op { JP_HAS, JP_EQ, JP_NE };

struct jp_step {
	enum jp_kind	 s_kind;
	char		*s_name;
	long		 s_index;
	struct jsonpath	*s_filter;	/* the path tested from each element */
	enum jp_op	 s_op;
	struct json	*s_literal;	/* JP_EQ, JP_NE */
};

struct jsonpath {
	struct jp_step	 p_steps[JSONPATH_MAX_STEPS];
	size_t		 p_nsteps;
};

/* The compiler's place in the spec and its first error. */
struct jp_parser {
	const char	*q_spec;
	const char	*q_at;
	const char	*q_err;
};

static struct jsonpath	*jp_path(struct jp_parser *, int in_filter);

void
jsonpath_free(struct jsonpath *jp)
{
	size_t	 i;

	if (jp == NULL)
		return;
	for (i = 0; i < jp->p_nsteps; i++) {
		free(jp->p_steps[i].s_name);
		jsonpath_free(jp->p_steps[i].s_filter);
		json_free(jp->p_steps[i].s_literal);
	}
	free(jp);
}

static void
jp_ws(struct jp_parser *q)
{
	while (*q->q_at == ' ' || *q->q_at == '\t')
		q->q_at++;
}

/* A bare member name: anything but the path's punctuation and spaces. */
static int
jp_name_char(int c, int in_filter)
{
	if (c == '\0' || c == '.' || c == '[' || c == ']' || c == ' ' ||
	    c == '\t' || c == '*')
		return (0);
	return (!in_filter || (c != '=' && c != '!' && c != ')'));
}

static struct jp_step *
jp_add(struct jp_parser *q, struct jsonpath *jp, enum jp_kind kind)
{
	struct jp_step	*s;

	if (jp->p_nsteps == JSONPATH_MAX_STEPS) {
		q->q_err = "too many steps";
		return (NULL);
	}
	s = &jp->p_steps[jp->p_nsteps++];
	s->s_kind = kind;
	return (s);
}

static int
jp_bare_name(struct jp_parser *q, struct jsonpath *jp, enum jp_kind kind,
    int in_filter)
{
	const char	*start = q->q_at;
	struct jp_step	*s;

	while (jp_name_char((unsigned char)*q->q_at, in_filter))
		q->q_at++;
	if (q->q_at == start) {
		q->q_err = "expected a member name";
		return (-1);
	}
	if ((s = jp_add(q, jp, kind)) == NULL)
		return (-1);
	s->s_name = xstrndup(start, (size_t)(q->q_at - start));
	return (0);
}

/* A quoted name or literal ('...' or "..."; \ escapes the next byte). */
static char *
jp_quoted(struct jp_parser *q)
{
	struct buf	 b;
	char		 quote = *q->q_at++;

	buf_init(&b, JSONPATH_MAX_LEN + 1);
	buf_add(&b, "", 0);
	while (*q->q_at != quote) {
		if (*q->q_at == '\\' && q->q_at[1] != '\0')
			q->q_at++;
		if (*q->q_at == '\0') {
			q->q_err = "unterminated quote";
			buf_free(&b);
			return (NULL);
		}
		buf_add(&b, q->q_at++, 1);
	}
	q->q_at++;
	return (buf_take(&b, NULL));
}

/* The literal a filter compares with: a quoted string or a JSON value. */
static struct json *
jp_literal(struct jp_parser *q)
{
	struct json	*j;
	char		*s;
	size_t		 used = 0;

	jp_ws(q);
	if (*q->q_at == '\'' || *q->q_at == '"') {
		if ((s = jp_quoted(q)) == NULL)
			return (NULL);
		j = xcalloc(1, sizeof(*j));
		j->j_type = JSON_STRING;
		j->j_str = s;
		return (j);
	}
	j = json_parse_prefix(q->q_at, strcspn(q->q_at, ") \t"),
	    JSONPATH_MAX_LEN, 16, &used, NULL);
	if (j == NULL || j->j_type == JSON_ARRAY || j->j_type == JSON_OBJECT) {
		json_free(j);
		q->q_err = "expected a string, number, true, false or null";
		return (NULL);
	}
	q->q_at += used;
	return (j);
}

/* [?(@.path)], [?(@.path == literal)], after the "[?". */
static int
jp_filter(struct jp_parser *q, struct jsonpath *jp)
{
	struct jp_step	*s;

	if ((s = jp_add(q, jp, JP_FILTER)) == NULL)
		return (-1);
	jp_ws(q);
	if (*q->q_at++ != '(') {
		q->q_err = "expected '(' after '?'";
		return (-1);
	}
	jp_ws(q);
	if (*q->q_at != '@') {
		q->q_err = "a filter starts with @";
		return (-1);
	}
	if ((s->s_filter = jp_path(q, 1)) == NULL)
		return (-1);
	jp_ws(q);
	s->s_op = JP_HAS;
	if (strncmp(q->q_at, "==", 2) == 0 || strncmp(q->q_at, "!=", 2) == 0) {
		s->s_op = *q->q_at == '=' ? JP_EQ : JP_NE;
		q->q_at += 2;
		if ((s->s_literal = jp_literal(q)) == NULL)
			return (-1);
		jp_ws(q);
	}
	if (*q->q_at++ != ')') {
		q->q_err = "expected ')' to close the filter";
		return (-1);
	}
	return (0);
}

/* [...] after the '['; DEEP for ..[...]. */
static int
jp_bracket(struct jp_parser *q, struct jsonpath *jp, int deep)
{
	struct jp_step	*s;
	char		*end;
	long		 n;

	jp_ws(q);
	if (*q->q_at == '*') {
		q->q_at++;
		if (jp_add(q, jp, deep ? JP_DEEP_ALL : JP_ALL) == NULL)
			return (-1);
	} else if (*q->q_at == '\'' || *q->q_at == '"') {
		if ((s = jp_add(q, jp, deep ? JP_DEEP_MEMBER : JP_MEMBER)) ==
		    NULL || (s->s_name = jp_quoted(q)) == NULL)
			return (-1);
	} else if (*q->q_at == '?' && !deep) {
		q->q_at++;
		if (jp_filter(q, jp) == -1)
			return (-1);
	} else if (*q->q_at == '-' || isdigit((unsigned char)*q->q_at)) {
		n = strtol(q->q_at, &end, 10);
		if (deep || end == q->q_at || n > 1000000 || n < -1000000) {
			q->q_err = "expected an index";
			return (-1);
		}
		q->q_at = end;
		if ((s = jp_add(q, jp, JP_INDEX)) == NULL)
			return (-1);
		s->s_index = n;
	} else {
		q->q_err = "expected *, an index, a quoted name or ?(...)";
		return (-1);
	}
	jp_ws(q);
	if (*q->q_at++ != ']') {
		q->q_err = "expected ']'";
		return (-1);
	}
	return (0);
}

/* One step starting at '.', "..", '[' or "..["; 0, -1, or 1 at the end. */
static int
jp_step(struct jp_parser *q, struct jsonpath *jp, int in_filter)
{
	int	 deep = 0;

	if (*q->q_at == '[') {
		q->q_at++;
		return (jp_bracket(q, jp, 0));
	}
	if (*q->q_at != '.')
		return (1);
	q->q_at++;
	if (*q->q_at == '.') {
		deep = 1;
		q->q_at++;
	}
	if (*q->q_at == '[') {
		q->q_at++;
		return (deep ? jp_bracket(q, jp, 1) : (q->q_err =
		    "expected a member name", -1));
	}
	if (*q->q_at == '*') {
		q->q_at++;
		return (jp_add(q, jp, deep ? JP_DEEP_ALL : JP_ALL) ? 0 : -1);
	}
	return (jp_bare_name(q, jp, deep ? JP_DEEP_MEMBER : JP_MEMBER,
	    in_filter));
}

/*
 * A path: "$" or "@" and steps, or (outside filters) a name and steps.
 * Inside a filter it ends where a step cannot start.
 */
static struct jsonpath *
jp_path(struct jp_parser *q, int in_filter)
{
	struct jsonpath	*jp = xcalloc(1, sizeof(*jp));
	int		 rv;

	if (*q->q_at == '$' || (*q->q_at == '@' &&
	    (q->q_at[1] == '\0' || strchr(".[ )=!", q->q_at[1]) != NULL)))
		q->q_at++;
	else if (*q->q_at != '.' && *q->q_at != '[' &&
	    jp_bare_name(q, jp, JP_MEMBER, in_filter) == -1)
		goto bad;
	while ((rv = jp_step(q, jp, in_filter)) == 0)
		;
	if (rv == -1)
		goto bad;
	return (jp);
bad:
	jsonpath_free(jp);
	return (NULL);
}

struct jsonpath *
jsonpath_compile(const char *spec, char **cause)
{
	struct jp_parser	 q;
	struct jsonpath		*jp = NULL;

	memset(&q, 0, sizeof(q));
	q.q_spec = q.q_at = spec;
	if (strlen(spec) > JSONPATH_MAX_LEN)
		q.q_err = "longer than 1024 characters";
	else if (*spec == '\0')
		q.q_err = "empty";
	else if ((jp = jp_path(&q, 0)) != NULL && *q.q_at != '\0') {
		q.q_err = "unexpected character";
		jsonpath_free(jp);
		jp = NULL;
	}
	if (jp == NULL && cause != NULL)
		xasprintf(cause, "JSON path '%s', character %zu: %s", spec,
		    (size_t)(q.q_at - spec) + 1, q.q_err ? q.q_err : "invalid");
	return (jp);
}

/*
 * Values one evaluation may visit, its filters' included: each ".." step
 * multiplies the walk by the document's depth (a path with several on a
 * deep hostile document would run for years).  Far above what a path on
 * a document of JSONITEMS_MAX_NODES needs.
 */
#define JP_MAX_VISITS	10000000

/* The evaluation's output, its cap, and the values it visited. */
struct jp_out {
	const struct json	**o_v;
	size_t			  o_n;
	size_t			  o_max;
	size_t			 *o_visits;	/* shared with its filters */
};

static void	jp_eval(const struct jsonpath *, size_t, const struct json *,
		    struct jp_out *);

static int
jp_same(const struct json *a, const struct json *b)
{
	if (a == NULL || b == NULL)
		return (0);
	if ((a->j_type == JSON_STRING) != (b->j_type == JSON_STRING))
		return (0);
	if (a->j_type == JSON_STRING)
		return (strcmp(a->j_str, b->j_str) == 0);
	if (a->j_type == JSON_NUMBER && b->j_type == JSON_NUMBER)
		return (a->j_num == b->j_num);
	return (a->j_type == b->j_type && a->j_type != JSON_ARRAY &&
	    a->j_type != JSON_OBJECT);
}

static int
jp_filter_ok(const struct jp_step *s, const struct json *v,
    struct jp_out *o)
{
	const struct json	*got = NULL;
	struct jp_out		 f = { &got, 0, 1, o->o_visits };

	jp_eval(s->s_filter, 0, v, &f);

	switch (s->s_op) {
	case JP_HAS:
		return (got != NULL);
	case JP_EQ:
		return (jp_same(got, s->s_literal));
	case JP_NE:
		return (!jp_same(got, s->s_literal));
	}
	return (0);
}

/* Every value below V (not V), depth first, each through step I. */
static void
jp_descend(const struct jsonpath *jp, size_t i, const struct json *v,
    struct jp_out *o)
{
	const struct json	*c;

	for (c = v->j_child; c != NULL && o->o_n < o->o_max; c = c->j_next) {
		jp_eval(jp, i, c, o);
		jp_descend(jp, i, c, o);
	}
}

static void
jp_eval_step(const struct jsonpath *jp, size_t i, const struct json *v,
    struct jp_out *o)
{
	const struct jp_step	*s = &jp->p_steps[i];
	const struct json	*c;
	long			 n = 0, want;

	switch (s->s_kind) {
	case JP_MEMBER:
		if ((c = json_get(v, s->s_name)) != NULL)
			jp_eval(jp, i + 1, c, o);
		return;
	case JP_INDEX:
		if (v->j_type != JSON_ARRAY)
			return;
		want = s->s_index;
		if (want < 0) {
			for (c = v->j_child; c != NULL; c = c->j_next)
				n++;
			want += n;
		}
		for (c = v->j_child, n = 0; c != NULL && n < want;
		    c = c->j_next)
			n++;
		if (c != NULL && want >= 0)
			jp_eval(jp, i + 1, c, o);
		return;
	case JP_ALL:
	case JP_FILTER:
		if (v->j_type != JSON_ARRAY && v->j_type != JSON_OBJECT)
			return;
		for (c = v->j_child; c != NULL && o->o_n < o->o_max;
		    c = c->j_next)
			if (s->s_kind == JP_ALL || jp_filter_ok(s, c, o))
				jp_eval(jp, i + 1, c, o);
		return;
	case JP_DEEP_MEMBER:
		if ((c = json_get(v, s->s_name)) != NULL)
			jp_eval(jp, i + 1, c, o);
		for (c = v->j_child; c != NULL && o->o_n < o->o_max;
		    c = c->j_next)
			jp_eval(jp, i, c, o);
		return;
	case JP_DEEP_ALL:
		jp_descend(jp, i + 1, v, o);
		return;
	}
}

/* Steps I.. of JP applied to V, matches appended to O. */
static void
jp_eval(const struct jsonpath *jp, size_t i, const struct json *v,
    struct jp_out *o)
{
	if (o->o_n >= o->o_max)
		return;
	if (++*o->o_visits > JP_MAX_VISITS) {
		/* Every loop stops; what was found is kept. */
		o->o_max = o->o_n;
		return;
	}
	if (i == jp->p_nsteps) {
		o->o_v[o->o_n++] = v;
		return;
	}
	jp_eval_step(jp, i, v, o);
}

size_t
jsonpath_eval(const struct jsonpath *jp, const struct json *root,
    const struct json **out, size_t max)
{
	struct jp_out	 o;
	size_t		 visits = 0;

	if (jp == NULL || root == NULL || max == 0)
		return (0);
	o.o_v = out;
	o.o_n = 0;
	o.o_max = max;
	o.o_visits = &visits;
	jp_eval(jp, 0, root, &o);
	return (o.o_n);
}

const struct json *
jsonpath_first(const struct jsonpath *jp, const struct json *root)
{
	const struct json	*v = NULL;

	return (jsonpath_eval(jp, root, &v, 1) == 1 ? v : NULL);
}

char *
jsonpath_text(const struct json *v)
{
	static const char *const holders[] = { "rendered", "text", "value",
	    "name", "title", "url", "href", "src", "login", NULL };
	const struct json	*c;
	char			*s;
	size_t			 i;

	if (v == NULL)
		return (NULL);
	switch (v->j_type) {
	case JSON_STRING:
	case JSON_NUMBER:
		return (xstrdup(v->j_str));
	case JSON_TRUE:
		return (xstrdup("true"));
	case JSON_FALSE:
		return (xstrdup("false"));
	case JSON_OBJECT:
		for (i = 0; holders[i] != NULL; i++)
			if ((c = json_get(v, holders[i])) != NULL &&
			    (c->j_type == JSON_STRING ||
			    c->j_type == JSON_NUMBER))
				return (xstrdup(c->j_str));
		return (NULL);
	case JSON_ARRAY:
		for (c = v->j_child; c != NULL; c = c->j_next)
			if (c->j_type != JSON_ARRAY &&
			    (s = jsonpath_text(c)) != NULL)
				return (s);
		return (NULL);
	default:
		return (NULL);
	}
}
