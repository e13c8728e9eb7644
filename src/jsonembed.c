/*
 * jsonembed.c: the JSON inside a page's scripts.  No script is run: JSON
 * is taken where it stands as a literal, in a <script> of a JSON type or
 * on the right of an assignment to a global (window.NAME = {...};), or in
 * JSON.parse("...") of a string literal; Nuxt 3's flattened payload
 * (__NUXT_DATA__) is unflattened (devalue.c).  A script built by code (Nuxt 2's
 * window.__NUXT__=(function(a,b){...})) holds no literal and needs
 * render = chromium.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "config.h"
#include "devalue.h"
#include "extract.h"
#include "json.h"
#include "jsonembed.h"
#include "jsonitems.h"
#include "text.h"
#include "util.h"

#define JE_MAX_NAME	256	/* characters of an assignment's target */

/* One JSON text found, and the json key that finds it again. */
struct je_doc {
	struct json	*d_root;
	char		*d_rule;
};

struct je_scan {
	const struct source_conf *s_sc;
	const char		*s_want;	/* js:NAME's NAME, bare, or NULL */
	struct je_doc		 s_docs[JSONEMBED_MAX_DOCS];
	size_t			 s_ndocs;
};

static size_t
je_max_len(const struct je_scan *s)
{
	return ((size_t)s->s_sc->sc_max_page_size);
}

static void
je_keep(struct je_scan *s, struct json *root, char *rule)
{
	if (s->s_ndocs == JSONEMBED_MAX_DOCS) {
		json_free(root);
		free(rule);
		return;
	}
	s->s_docs[s->s_ndocs].d_root = root;
	s->s_docs[s->s_ndocs++].d_rule = rule;
}

static int
je_hex(const char *p, const char *end, int n, uint32_t *out)
{
	int	 d;

	*out = 0;
	if (end - p < n)
		return (-1);
	while (n-- > 0) {
		if ((d = text_hexval(*p++)) == -1)
			return (-1);
		*out = *out << 4 | (uint32_t)d;
	}
	return (0);
}

/* One escape after the backslash at *P, into B; -1 when malformed. */
static int
je_escape(const char **pp, const char *end, struct buf *b)
{
	static const char	 from[] = "nrtbfv0", to[] = "\n\r\t\b\f\v";
	const char		*p = *pp, *q;
	uint32_t		 c, lo;

	if ((q = strchr(from, *p)) != NULL && *p != '\0') {
		if (*p == '0')
			return (-1);	/* \0 has no place in text */
		buf_add(b, &to[q - from], 1);
		*pp = p + 1;
		return (0);
	}
	if (*p == 'x') {
		if (je_hex(p + 1, end, 2, &c) == -1)
			return (-1);
		p += 3;
	} else if (*p == 'u') {
		if (je_hex(p + 1, end, 4, &c) == -1)
			return (-1);
		p += 5;
		/* A surrogate pair, as JSON text inside a JS string has. */
		if (c >= 0xd800 && c < 0xdc00 && end - p >= 6 &&
		    p[0] == '\\' && p[1] == 'u' &&
		    je_hex(p + 2, end, 4, &lo) == 0 && lo >= 0xdc00 &&
		    lo < 0xe000) {
			c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
			p += 6;
		}
	} else if (*p == '\n') {
		*pp = p + 1;	/* a continued line */
		return (0);
	} else {
		buf_add(b, p, 1);
		*pp = p + 1;
		return (0);
	}
	if (c == 0 || (c >= 0xd800 && c < 0xe000))
		return (-1);
	text_utf8_encode(b, c);
	*pp = p;
	return (0);
}

char *
jsonembed_js_string(const char *s, const char *end, const char **after)
{
	struct buf	 b;
	char		 quote = *s;
	const char	*p = s + 1;

	if (quote != '"' && quote != '\'' && quote != '`')
		return (NULL);
	buf_init(&b, (size_t)(end - s) + 1);
	buf_add(&b, "", 0);
	while (p < end && *p != quote) {
		if (*p == '\\' && p + 1 < end) {
			p++;
			if (je_escape(&p, end, &b) == -1)
				goto bad;
		} else if (quote == '`' && *p == '$' && p + 1 < end &&
		    p[1] == '{')
			goto bad;	/* a template with code in it */
		else
			buf_add(&b, p++, 1);
	}
	if (p >= end)
		goto bad;
	*after = p + 1;
	return (buf_take(&b, NULL));
bad:
	buf_free(&b);
	return (NULL);
}

/* The target of a global: NAME without window., self., globalThis. */
static const char *
je_bare(const char *name)
{
	static const char *const globals[] = { "window.", "self.",
	    "globalThis.", "this.", NULL };
	size_t	 i, n;

	for (i = 0; globals[i] != NULL; i++)
		if (strncmp(name, globals[i], n = strlen(globals[i])) == 0)
			return (name + n);
	return (name);
}

static int
je_ident(int c)
{
	return (isalnum(c) || c == '_' || c == '$' || c >= 0x80);
}

/* RAW ("window['X'].y") as a dotted name ("window.X.y"), or -1. */
static int
je_dotted(const char *raw, size_t n, char *name, size_t size)
{
	size_t	 i = 0, o = 0, j, k;

	while (i < n && o + 1 < size) {
		if (raw[i] == '[') {
			if (i + 3 >= n || (raw[i + 1] != '"' &&
			    raw[i + 1] != '\''))
				return (-1);
			for (j = i + 2; j < n && raw[j] != raw[i + 1]; j++)
				if (!je_ident((unsigned char)raw[j]))
					return (-1);
			if (j == i + 2 || j + 1 >= n || raw[j + 1] != ']')
				return (-1);
			name[o++] = '.';
			for (k = i + 2; k < j && o + 1 < size; k++)
				name[o++] = raw[k];
			i = j + 2;
			continue;
		}
		if (raw[i] == ']' || raw[i] == '"' || raw[i] == '\'')
			return (-1);
		name[o++] = raw[i++];
	}
	name[o] = '\0';
	return (i == n && o > 0 && name[0] != '.' && name[o - 1] != '.' &&
	    !isdigit((unsigned char)name[0]) ? 0 : -1);
}

/*
 * The target left of the '=' at EQ, as NAME ("window.X"; ["X"] read as
 * .X).  Returns 1 when it names a global or a declared variable, 0 for
 * anything else, -1 when there is no name.
 */
static int
je_target(const char *start, const char *eq, char *name, size_t size)
{
	static const char *const decl[] = { "var", "let", "const", NULL };
	const char	*p = eq, *q;
	size_t		 i, l;

	while (p > start && (p[-1] == ' ' || p[-1] == '\t'))
		p--;
	for (q = p; q > start && p - q < JE_MAX_NAME &&
	    (je_ident((unsigned char)q[-1]) || strchr(".[]'\"", q[-1]) !=
	    NULL); q--)
		;
	if (q == p || je_dotted(q, (size_t)(p - q), name, size) == -1)
		return (-1);
	if (je_bare(name) != name)
		return (1);
	while (q > start && (q[-1] == ' ' || q[-1] == '\t'))
		q--;
	for (i = 0; decl[i] != NULL; i++) {
		l = strlen(decl[i]);
		if ((size_t)(q - start) >= l && memcmp(q - l, decl[i], l) ==
		    0 && (q - start == (long)l ||
		    !je_ident((unsigned char)q[-1 - (long)l])) && q < p)
			return (1);
	}
	return (0);
}

/* The JSON value at V (a literal, or JSON.parse of a string), or NULL. */
static struct json *
je_value(const struct je_scan *s, const char *v, const char *end)
{
	struct json	*j;
	const char	*after;
	char		*text;
	size_t		 used;

	if (*v == '{' || *v == '[')
		return (json_parse_prefix(v, (size_t)(end - v), je_max_len(s),
		    JSONITEMS_MAX_NODES, &used, NULL));
	if ((size_t)(end - v) < 12 || memcmp(v, "JSON.parse(", 11) != 0)
		return (NULL);
	for (v += 11; v < end && (*v == ' ' || *v == '\t'); v++)
		;
	if (v >= end || (text = jsonembed_js_string(v, end, &after)) == NULL)
		return (NULL);
	j = json_parse_len(text, strlen(text), je_max_len(s),
	    JSONITEMS_MAX_NODES, NULL);
	free(text);
	return (j);
}

/* Assignments of JSON in one script's TEXT, kept in S. */
static void
je_assignments(struct je_scan *s, const char *text, size_t len)
{
	const char	*end = text + len, *p, *v;
	char		 name[JE_MAX_NAME + 1], *rule;
	struct json	*root;
	int		 global;

	for (p = memchr(text, '=', len); p != NULL && s->s_ndocs <
	    JSONEMBED_MAX_DOCS; p = memchr(p + 1, '=', (size_t)(end - p - 1))) {
		if (p == text || p + 1 >= end || p[1] == '=' || p[1] == '>' ||
		    strchr("=!<>+-*/%&|^?:", p[-1]) != NULL)
			continue;
		for (v = p + 1; v < end && strchr(" \t\r\n", *v) != NULL; v++)
			;
		if (v >= end || (*v != '{' && *v != '[' && *v != 'J'))
			continue;
		if ((global = je_target(text, p, name, sizeof(name))) == -1)
			continue;
		if (s->s_want != NULL ? strcmp(je_bare(name), s->s_want) != 0 :
		    !global)
			continue;
		if ((root = je_value(s, v, end)) == NULL)
			continue;
		xasprintf(&rule, "%s%s", SEL_JS_PREFIX, name);
		je_keep(s, root, rule);
		if (s->s_want != NULL)
			return;
	}
}

/* The json key that finds script N again: by its id, or its place. */
static char *
je_script_rule(xmlNodePtr n, int place)
{
	xmlChar		*id = xmlGetProp(n, (const xmlChar *)"id");
	char		*rule;
	size_t		 len;

	len = id != NULL ? strlen((const char *)id) : 0;
	if (len > 0 && len < 128 && strspn((const char *)id,
	    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
	    == len && !isdigit(id[0]) && !(id[0] == '-' && isdigit(id[1])))
		xasprintf(&rule, "script#%s", (const char *)id);
	else
		xasprintf(&rule, "xpath:(//script)[%d]", place);
	xmlFree(id);
	return (rule);
}

/* 1 when a <script>'s type says JSON (not JSON-LD: detection reads it). */
static int
je_json_type(xmlNodePtr n)
{
	xmlChar	*type = xmlGetProp(n, (const xmlChar *)"type");
	int	 json;

	json = type != NULL && strstr((const char *)type, "json") != NULL &&
	    strstr((const char *)type, "ld+json") == NULL;
	xmlFree(type);
	return (json);
}

/* One script: the whole of it when it is JSON, else its assignments. */
static void
je_script(struct je_scan *s, xmlNodePtr n, int place, int named)
{
	xmlChar		*text = xmlNodeGetContent(n);
	struct json	*root, *tree;
	size_t		 len;

	if (text == NULL)
		return;
	len = strlen((const char *)text);
	if ((named || je_json_type(n)) && s->s_want == NULL &&
	    (root = json_parse_script_len((const char *)text, len,
	    je_max_len(s), JSONITEMS_MAX_NODES, NULL)) != NULL) {
		/* Nuxt 3's payload is flattened: its tree is what it says. */
		if ((tree = devalue_unflatten(root, JSONITEMS_MAX_NODES)) !=
		    NULL) {
			json_free(root);
			root = tree;
		}
		je_keep(s, root, je_script_rule(n, place));
	}
	else if (!je_json_type(n))
		je_assignments(s, (const char *)text, len);
	xmlFree(text);
}

static void
je_scan_free(struct je_scan *s)
{
	size_t	 i;

	for (i = 0; i < s->s_ndocs; i++) {
		json_free(s->s_docs[i].d_root);
		free(s->s_docs[i].d_rule);
	}
	s->s_ndocs = 0;
}

/* The scripts the json key's selector names (CSS or XPath), in order. */
static int
je_named(struct je_scan *s, struct extract_doc *ed, char **cause)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	int			 i, found = 0;

	ed->ed_ctx->node = xmlDocGetRootElement(ed->ed_doc);
	obj = xmlXPathCompiledEval(s->s_sc->sc_json.sel_comp, ed->ed_ctx);
	ns = obj != NULL && obj->type == XPATH_NODESET ? obj->nodesetval :
	    NULL;
	for (i = 0; ns != NULL && i < ns->nodeNr && s->s_ndocs == 0; i++)
		if (ns->nodeTab[i]->type == XML_ELEMENT_NODE) {
			found = 1;
			je_script(s, ns->nodeTab[i], i + 1, 1);
		}
	xmlXPathFreeObject(obj);
	if (s->s_ndocs > 0)
		return (0);
	xasprintf(cause, "json = %s: %s", s->s_sc->sc_json.sel_spec, found ?
	    "no JSON in the element it selects" : "it selects nothing");
	return (-1);
}

/* Every <script>, for js:NAME or for the JSON detection looks for. */
static void
je_all(struct je_scan *s, struct extract_doc *ed)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	int			 i;

	ed->ed_ctx->node = xmlDocGetRootElement(ed->ed_doc);
	obj = xmlXPathEvalExpression((const xmlChar *)"//script", ed->ed_ctx);
	ns = obj != NULL && obj->type == XPATH_NODESET ? obj->nodesetval :
	    NULL;
	for (i = 0; ns != NULL && i < ns->nodeNr &&
	    s->s_ndocs < JSONEMBED_MAX_DOCS; i++) {
		je_script(s, ns->nodeTab[i], i + 1, 0);
		if (s->s_want != NULL && s->s_ndocs > 0)
			break;
	}
	xmlXPathFreeObject(obj);
}

int
jsonembed_items(const struct source_conf *sc, struct extract_doc *ed,
    const struct date_opts *dopts, int rules, struct extraction *ex,
    char **cause)
{
	struct je_scan		 s;
	struct jsonitems_from	 from;
	double			 score, best = 0;
	size_t			 i, pick = 0;
	int			 n = 0;

	memset(&s, 0, sizeof(s));
	s.s_sc = sc;
	if (sc->sc_json.sel_js != NULL)
		s.s_want = je_bare(sc->sc_json.sel_js);
	if (sc->sc_json.sel_comp != NULL) {
		if (je_named(&s, ed, cause) == -1)
			return (-1);
	} else
		je_all(&s, ed);
	if (s.s_want != NULL && s.s_ndocs == 0) {
		xasprintf(cause, "json = %s: no script assigns JSON to %s",
		    sc->sc_json.sel_spec, sc->sc_json.sel_js);
		return (-1);
	}
	for (i = 0; i < s.s_ndocs; i++)
		if ((score = jsonitems_score(sc, s.s_docs[i].d_root, dopts)) >
		    best) {
			best = score;
			pick = i;
		}
	if (best > 0) {
		from.jf_json_rule = sc->sc_json.sel_spec != NULL ? NULL :
		    s.s_docs[pick].d_rule;
		from.jf_base = ed->ed_base;
		n = (int)jsonitems_read(sc, s.s_docs[pick].d_root, &from,
		    dopts, rules, ex);
	}
	je_scan_free(&s);
	return (n);
}
