/*
 * detect_rules.c: what detection did, as a config's keys (for preview):
 * the item XPath, and per field the simplest CSS or positional XPath that
 * gives every item the same node as detection picked, tried on all of
 * them; comment lines on what no rule reproduces.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "css.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "detect_rules.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* A CSS identifier that needs no escaping. */
static int
detect_css_ident(const char *s)
{
	size_t	 n = strlen(s);

	return (n > 0 && n < 64 && (isalpha((unsigned char)s[0]) ||
	    s[0] == '_') && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") == n);
}

/* Appends N's tag and its itemprop or (WITH_CLASS) a class; -1 if unsafe. */
static int
detect_css_compound(struct buf *b, xmlNodePtr n, int with_class)
{
	const char	*prop = detect_attr(n, "itemprop");
	char		 tok[64];
	size_t		 len;

	if (n->type != XML_ELEMENT_NODE ||
	    !detect_css_ident((const char *)n->name))
		return (-1);
	buf_addstr(b, (const char *)n->name);
	if (prop != NULL) {
		prop += strspn(prop, " \t\r\n\f");
		len = strcspn(prop, " \t\r\n\f");
		if (len > 0 && len < sizeof(tok)) {
			memcpy(tok, prop, len);
			tok[len] = '\0';
			if (detect_css_ident(tok)) {
				buf_printf(b, "[itemprop~=%s]", tok);
				return (0);
			}
		}
	}
	if (with_class) {
		detect_first_token(n, tok, sizeof(tok));
		if (tok[0] != '\0' && detect_css_ident(tok))
			buf_printf(b, ".%s", tok);
	}
	return (0);
}

/* 1-based position of N among its preceding siblings of the same kind. */
static int
detect_position(xmlNodePtr n, int following_of, xmlNodePtr from)
{
	xmlNodePtr	 s;
	int		 k = 1;

	if (following_of) {
		for (s = from->next; s != NULL && s != n; s = s->next)
			if (s->type == XML_ELEMENT_NODE &&
			    strcmp((const char *)s->name,
			    (const char *)n->name) == 0)
				k++;
		return (k);
	}
	for (s = n->prev; s != NULL; s = s->prev)
		if (s->type == n->type && (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)s->name, (const char *)n->name) == 0))
			k++;
	return (k);
}

/*
 * An exact XPath from ROOT to N by positions ("./div[2]/time[1]"), or to a
 * sibling element that follows ROOT (the <dd> of a <dt>).  NULL if none.
 */
static char *
detect_xpath_to(xmlNodePtr root, xmlNodePtr n)
{
	xmlNodePtr	 chain[32], x;
	struct buf	 b;
	int		 k = 0, i, sib = 0;

	for (x = n; x != NULL && x != root && k < 32; x = x->parent) {
		if (x->parent == root->parent) {
			sib = 1;
			chain[k++] = x;
			break;
		}
		chain[k++] = x;
	}
	if (k == 0 || k == 32 || x == NULL)
		return (NULL);
	if (sib) {
		for (x = root->next; x != NULL && x != chain[k - 1];
		    x = x->next)
			;
		if (x == NULL || chain[k - 1]->type != XML_ELEMENT_NODE)
			return (NULL);
	}
	buf_init(&b, 4096);
	for (i = k - 1; i >= 0; i--) {
		x = chain[i];
		if (x->type == XML_TEXT_NODE)
			buf_printf(&b, "%stext()[%d]", i == k - 1 ? "./" : "/",
			    detect_position(x, 0, NULL));
		else if (x->type != XML_ELEMENT_NODE ||
		    !detect_css_ident((const char *)x->name)) {
			buf_free(&b);
			return (NULL);
		} else if (i == k - 1 && sib)
			buf_printf(&b, "following-sibling::%s[%d]", x->name,
			    detect_position(x, 1, root));
		else
			buf_printf(&b, "%s%s[%d]", i == k - 1 ? "./" : "/",
			    x->name, detect_position(x, 0, NULL));
	}
	return (buf_take(&b, NULL));
}

#define DETECT_MAX_CANDS	32

struct dcand {
	char			*c_rule;	/* as a config key takes it */
	xmlXPathCompExprPtr	 c_comp;
	char			*c_attr;	/* CSS " @attr", or NULL */
	char			*c_css;		/* the CSS, or NULL */
	char			*c_full;	/* XPath with any /@attr */
	size_t			 c_ok;		/* items it reproduces */
	int			 c_done;
};

struct dcands {
	struct dcand	 cs[DETECT_MAX_CANDS];
	size_t		 n;
};

static void
detect_cand_add(struct dcands *cs, const char *css, const char *xpath,
    const char *attr)
{
	struct dcand	*c;
	char		*rule, *xp;
	size_t		 i;

	if (cs->n == DETECT_MAX_CANDS)
		return;
	if (css != NULL) {
		if (attr != NULL)
			xasprintf(&rule, "%s%s@%s", css, *css ? " " : "",
			    attr);
		else
			rule = xstrdup(css);
		xp = *css == '\0' ? xstrdup(".") : css_to_xpath(css, 1, NULL);
	} else {
		if (attr != NULL)
			xasprintf(&xp, "%s/@%s", xpath, attr);
		else
			xp = xstrdup(xpath);
		xasprintf(&rule, "xpath:%s", xp);
	}
	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->cs[i].c_rule, rule) == 0)
			break;
	if (xp == NULL || i < cs->n) {
		free(rule);
		free(xp);
		return;
	}
	c = &cs->cs[cs->n];
	memset(c, 0, sizeof(*c));
	c->c_comp = xmlXPathCompile((const xmlChar *)xp);
	if (c->c_comp == NULL) {
		free(rule);
		free(xp);
		return;
	}
	c->c_rule = rule;
	c->c_attr = css != NULL && attr != NULL ? xstrdup(attr) : NULL;
	c->c_css = css != NULL && *css != '\0' ? xstrdup(css) : NULL;
	if (css != NULL && attr != NULL)
		xasprintf(&c->c_full, "%s/@%s", xp, attr);
	else
		c->c_full = xstrdup(xp);
	free(xp);
	cs->n++;
}

/* The union of PARTS (each right for some items) as one candidate. */
static void
detect_cand_union(struct dcands *cs, struct dcand **parts, size_t nparts)
{
	struct buf	 b;
	size_t		 i;
	int		 css = 1;

	for (i = 0; i < nparts; i++)
		if (parts[i]->c_css == NULL || (parts[i]->c_attr == NULL) !=
		    (parts[0]->c_attr == NULL) || (parts[i]->c_attr != NULL &&
		    strcmp(parts[i]->c_attr, parts[0]->c_attr) != 0))
			css = 0;
	buf_init(&b, 64 * 1024);
	for (i = 0; i < nparts; i++) {
		if (i > 0)
			buf_addstr(&b, css ? ", " : " | ");
		buf_printf(&b, css ? "%s" : "(%s)", css ? parts[i]->c_css :
		    parts[i]->c_full);
	}
	buf_add(&b, "", 0);
	if (css)
		detect_cand_add(cs, b.b_data, NULL, parts[0]->c_attr);
	else
		detect_cand_add(cs, NULL, b.b_data, NULL);
	buf_free(&b);
}

/*
 * A title's own text beside its annotations ("h3/text()"), also from a
 * title element whose like ones have annotations: N, a text node or a
 * heading, in element E.
 */
static void
detect_cand_own_text(struct dcands *cs, xmlNodePtr n, xmlNodePtr e)
{
	xmlNodePtr	 x;
	struct buf	 b;
	int		 k;

	if ((n->type != XML_TEXT_NODE && !detect_is_heading(n)) ||
	    !detect_css_ident((const char *)e->name))
		return;
	for (x = e->children, k = 0; x != NULL; x = x->next)
		if (x->type == XML_TEXT_NODE && x->content != NULL &&
		    detect_count((const char *)x->content) > 0) {
			k++;
			if (x == n || n == e)
				break;
		}
	if (x == NULL)
		return;
	buf_init(&b, 256);
	buf_printf(&b, ".//%s/text()[normalize-space()][%d]", e->name, k);
	detect_cand_add(cs, NULL, b.b_data, NULL);
	buf_free(&b);
}

/*
 * The heading N just before the item ROOT's list ("<h2>date</h2><ul>"),
 * or before the box the list opens ("<h3>date</h3><div><table>"):
 * "../preceding-sibling::h2[1]", one "../" a level.
 */
static void
detect_cand_list_heading(struct dcands *cs, xmlNodePtr root, xmlNodePtr n,
    const char *attr)
{
	xmlNodePtr	 x;
	struct buf	 b;
	int		 up, k;

	if (!detect_css_ident((const char *)n->name))
		return;
	for (x = root->parent, up = 1; x != NULL && up <= 3; x = x->parent,
	    up++) {
		if (n == detect_prev_element(x)) {
			buf_init(&b, 256);
			for (k = 0; k < up; k++)
				buf_addstr(&b, "../");
			buf_printf(&b, "preceding-sibling::%s[1]", n->name);
			detect_cand_add(cs, NULL, b.b_data, attr);
			buf_free(&b);
			return;
		}
		if (detect_prev_element(x) != NULL)
			return;
	}
}

/* Candidate rules that select N (reading ATTR) from ROOT, simplest first. */
static void
detect_cands_for(struct dcands *cs, xmlNodePtr root, xmlNodePtr n,
    const char *attr)
{
	xmlNodePtr	 e, x;
	struct buf	 b;
	char		*xp;
	int		 k, bad;

	if (n == root) {
		if (attr != NULL)
			detect_cand_add(cs, "", NULL, attr);
		else
			detect_cand_add(cs, NULL, ".", NULL);
		return;
	}
	e = n->type == XML_ELEMENT_NODE ? n : n->parent;
	if (e != root && detect_contains(root, e)) {
		buf_init(&b, 4096);
		for (k = 1; k >= 0; k--) {
			buf_reset(&b);
			if (detect_css_compound(&b, e, k) == 0)
				detect_cand_add(cs, b.b_data, NULL, attr);
		}
		if (e->parent != root) {
			buf_reset(&b);
			if (detect_css_compound(&b, e->parent, 1) == 0) {
				buf_addstr(&b, " > ");
				if (detect_css_compound(&b, e, 1) == 0)
					detect_cand_add(cs, b.b_data, NULL,
					    attr);
			}
			/* The whole chain of children: "> div.meta > time". */
			buf_reset(&b);
			for (x = e, k = 0, bad = 0; x != root && !bad;
			    x = x->parent, k++)
				bad = k > 8 || x->type != XML_ELEMENT_NODE;
			if (!bad) {
				xmlNodePtr	 chain[10];
				int		 i;

				for (x = e, i = 0; x != root; x = x->parent)
					chain[i++] = x;
				for (k = i - 1; k >= 0 && !bad; k--) {
					buf_addstr(&b, "> ");
					bad = detect_css_compound(&b, chain[k],
					    1) == -1;
					if (k > 0)
						buf_addstr(&b, " ");
				}
				if (!bad)
					detect_cand_add(cs, b.b_data, NULL,
					    attr);
			}
		}
		buf_free(&b);
	}
	if (attr == NULL && e != root)
		detect_cand_own_text(cs, n, e);
	if (n->type == XML_ELEMENT_NODE)
		detect_cand_list_heading(cs, root, n, attr);
	if ((xp = detect_xpath_to(root, n)) != NULL) {
		detect_cand_add(cs, NULL, xp,
		    n->type == XML_ELEMENT_NODE ? attr : NULL);
		free(xp);
	}
}

/* The text a rule's first match gives, as extract.c reads it (caller frees). */
static char *
detect_rule_value(xmlNodePtr first, const char *attr)
{
	char	*s;

	if (first->type == XML_ATTRIBUTE_NODE) {
		xmlChar	*v = xmlNodeGetContent(first);

		s = xstrdup(v != NULL ? (const char *)v : "");
		xmlFree(v);
		return (s);
	}
	if (attr != NULL) {
		xmlChar	*v = xmlGetProp(first, (const xmlChar *)attr);

		s = xstrdup(v != NULL ? (const char *)v : "");
		xmlFree(v);
		return (s);
	}
	return (detect_text(first, DETECT_MEASURE_MAX));
}

/* 1 when candidate C gives item I the FIELD detection gave it. */
static int
detect_cand_ok(struct detect *d, xmlXPathContextPtr ctx,
    const struct dcand *c, size_t i, int field)
{
	const struct dpick	*pk = &d->d_picks[i];
	const struct item	*it = &d->d_pg->ex_items[i];
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 first = NULL, elem;
	const char		*attr;
	char			*v, *s;
	int			 k, nn = 0, ok = 0;
	time_t			 t;

	ctx->node = pk->p_root;
	if ((obj = xmlXPathCompiledEval(c->c_comp, ctx)) == NULL)
		return (0);
	if (obj->type == XPATH_NODESET && obj->nodesetval != NULL)
		for (k = 0; k < obj->nodesetval->nodeNr; k++) {
			if (obj->nodesetval->nodeTab[k]->type ==
			    XML_NAMESPACE_DECL)
				continue;
			if (first == NULL)
				first = obj->nodesetval->nodeTab[k];
			nn++;
		}
	if (field == RULE_DATE) {
		t = 0;
		if (first != NULL) {
			v = detect_rule_value(first, c->c_attr);
			s = text_clean(v, 256);
			t = item_date(s, d->d_dopts, NULL, NULL, NULL);
			free(s);
			free(v);
		}
		ok = t == it->it_date;
	} else if (pk->p_node[field] == NULL) {
		if (first == NULL)
			ok = 1;
		else {
			v = detect_rule_value(first, c->c_attr);
			ok = detect_count(v) == 0;
			free(v);
		}
	} else if (first != NULL) {
		elem = first;
		attr = c->c_attr;
		if (first->type == XML_ATTRIBUTE_NODE) {
			elem = first->parent;
			attr = (const char *)first->name;
		}
		ok = elem == pk->p_node[field] && (attr == NULL ?
		    pk->p_attr[field] == NULL : pk->p_attr[field] != NULL &&
		    strcasecmp(attr, pk->p_attr[field]) == 0);
		/* Another node with the same words names the item as well
		 * (the heading's text node where some headings trail a
		 * count). */
		if (!ok && field == RULE_TITLE && attr == NULL &&
		    pk->p_attr[field] == NULL && it->it_title != NULL) {
			v = detect_rule_value(first, NULL);
			s = text_clean(v, DETECT_TEXT_MAX);
			ok = strcmp(s, it->it_title) == 0;
			free(s);
			free(v);
		}
		/* item.summary joins every match. */
		if (field == RULE_SUMMARY && nn > 1)
			ok = 0;
	}
	xmlXPathFreeObject(obj);
	return (ok);
}

/* Scores the candidates not yet scored; returns the best. */
static struct dcand *
detect_cands_score(struct detect *d, xmlXPathContextPtr ctx,
    struct dcands *cs, size_t from, int field)
{
	struct dcand	*best = NULL;
	size_t		 k, i;

	for (k = 0; k < cs->n; k++) {
		struct dcand	*c = &cs->cs[k];

		if (!c->c_done) {
			for (i = from; i < d->d_pg->ex_nitems; i++)
				c->c_ok += detect_cand_ok(d, ctx, c, i, field);
			c->c_done = 1;
		}
		if (best == NULL || c->c_ok > best->c_ok)
			best = c;
	}
	return (best);
}

static const char *rule_keys[RULE_COUNT] = {
	"item", "item.title", "item.link", "item.date", "item.summary"
};

/* The rule of one field that reproduces the most items. */
static void
detect_field_rule(struct detect *d, xmlXPathContextPtr ctx, size_t from,
    int field, struct buf *note)
{
	struct extraction	*ex = d->d_pg;
	struct dcands	 cs;
	struct dcand	*best = NULL, *part[4], *nb;
	size_t		 i, k, n = ex->ex_nitems - from, round, before, nparts;

	memset(&cs, 0, sizeof(cs));
	/* Featured stories come first and may differ: start from the
	 * list's middle. */
	for (i = from + n / 2; i < ex->ex_nitems; i++)
		if (d->d_picks[i].p_node[field] != NULL)
			break;
	if (i == ex->ex_nitems)
		for (i = from; i < ex->ex_nitems; i++)
			if (d->d_picks[i].p_node[field] != NULL)
				break;
	if (i == ex->ex_nitems)
		return;
	/*
	 * Start from that item.  While some item is not reproduced, take
	 * the best rule for it too, and try the union ("h2, h3").
	 */
	detect_cands_for(&cs, d->d_picks[i].p_root,
	    d->d_picks[i].p_node[field], d->d_picks[i].p_attr[field]);
	best = detect_cands_score(d, ctx, &cs, from, field);
	nparts = 0;
	if (best != NULL)
		part[nparts++] = best;
	for (round = 1; round < 4 && best != NULL && best->c_ok < n; round++) {
		for (i = from; i < ex->ex_nitems; i++)
			if (d->d_picks[i].p_node[field] != NULL &&
			    !detect_cand_ok(d, ctx, best, i, field))
				break;
		if (i == ex->ex_nitems)
			break;
		before = cs.n;
		detect_cands_for(&cs, d->d_picks[i].p_root,
		    d->d_picks[i].p_node[field], d->d_picks[i].p_attr[field]);
		best = detect_cands_score(d, ctx, &cs, from, field);
		for (nb = NULL, k = before; k < cs.n; k++)
			if (detect_cand_ok(d, ctx, &cs.cs[k], i, field) &&
			    (nb == NULL || cs.cs[k].c_ok > nb->c_ok))
				nb = &cs.cs[k];
		if (nb == NULL || best->c_ok == n)
			break;
		part[nparts++] = nb;
		detect_cand_union(&cs, part, nparts);
		best = detect_cands_score(d, ctx, &cs, from, field);
	}
	if (best != NULL) {
		ex->ex_rules[field] = xstrdup(best->c_rule);
		if (best->c_ok < n)
			buf_printf(note, "# %s gives what detection found in "
			    "%zu of %zu items\n", rule_keys[field], best->c_ok,
			    n);
	}
	for (i = 0; i < cs.n; i++) {
		free(cs.cs[i].c_rule);
		free(cs.cs[i].c_attr);
		free(cs.cs[i].c_css);
		free(cs.cs[i].c_full);
		xmlXPathFreeCompExpr(cs.cs[i].c_comp);
	}
}

/* How many nodes XPATH selects and whether they are exactly the roots. */
static int
detect_item_rule_ok(struct detect *d, size_t from, const char *xpath,
    int *count)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	size_t			 i, n = d->d_pg->ex_nitems - from;
	int			 k, ok = 0;

	*count = -1;
	if ((ctx = xmlXPathNewContext(d->d_doc)) == NULL)
		return (0);
	obj = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	if (obj != NULL && obj->type == XPATH_NODESET) {
		*count = obj->nodesetval ? obj->nodesetval->nodeNr : 0;
		ok = *count == (int)n;
		/* Past the cap on items, the first ones, in order. */
		if (n == ITEM_MAX_ITEMS && *count > (int)n) {
			for (i = from, k = 0; i < d->d_pg->ex_nitems &&
			    obj->nodesetval->nodeTab[k] ==
			    d->d_picks[i].p_root; i++, k++)
				;
			ok = i == d->d_pg->ex_nitems;
		}
		for (i = from; ok && *count == (int)n &&
		    i < d->d_pg->ex_nitems; i++) {
			for (k = 0; k < *count; k++)
				if (obj->nodesetval->nodeTab[k] ==
				    d->d_picks[i].p_root)
					break;
			ok = k < *count;
		}
	}
	xmlXPathFreeObject(obj);
	xmlXPathFreeContext(ctx);
	return (ok);
}

/* The item rule of structured data: itemtype or h-entry (OUTER: outermost). */
/*
 * XPATH and, joined to it, the exact path of each item it misses (a
 * featured story above the list, in a container of its own), when there
 * are few such; NULL otherwise.
 */
static char *
detect_item_with_featured(struct detect *d, size_t from, const char *xpath)
{
	xmlXPathContextPtr	 ctx;
	xmlXPathObjectPtr	 obj;
	struct buf		 b;
	xmlChar			*path;
	size_t			 i, extra = 0;
	int			 k, n;

	if ((ctx = xmlXPathNewContext(d->d_doc)) == NULL)
		return (NULL);
	obj = xmlXPathEvalExpression((const xmlChar *)xpath, ctx);
	xmlXPathFreeContext(ctx);
	if (obj == NULL || obj->type != XPATH_NODESET) {
		xmlXPathFreeObject(obj);
		return (NULL);
	}
	n = obj->nodesetval != NULL ? obj->nodesetval->nodeNr : 0;
	buf_init(&b, 64 * 1024);
	buf_addstr(&b, xpath);
	for (i = from; i < d->d_pg->ex_nitems && extra <= DETECT_FEATURED_MAX;
	    i++) {
		for (k = 0; k < n; k++)
			if (obj->nodesetval->nodeTab[k] == d->d_picks[i].p_root)
				break;
		if (k < n || d->d_picks[i].p_root == NULL)
			continue;
		if ((path = xmlGetNodePath(d->d_picks[i].p_root)) == NULL)
			break;
		buf_printf(&b, " | %s", (const char *)path);
		xmlFree(path);
		extra++;
	}
	xmlXPathFreeObject(obj);
	if (extra == 0 || extra > DETECT_FEATURED_MAX ||
	    i < d->d_pg->ex_nitems) {
		buf_free(&b);
		return (NULL);
	}
	return (buf_take(&b, NULL));
}

static char *
detect_structured_xpath(struct detect *d, size_t from, int mf, int outer)
{
	struct buf	 b, any;
	size_t		 i, j;
	const char	*t, *u;

	if (mf && !outer)
		return (xstrdup("//*[contains(concat(' ', normalize-space("
		    "@class), ' '), ' h-entry ')]"));
	if (mf)
		return (xstrdup("//*[contains(concat(' ', normalize-space("
		    "@class), ' '), ' h-entry ')][not(ancestor::*[contains("
		    "concat(' ', normalize-space(@class), ' '), ' h-entry ')])]"));
	buf_init(&any, 4096);
	for (i = from; i < d->d_pg->ex_nitems; i++) {
		t = detect_attr(d->d_picks[i].p_root, "itemtype");
		if (t == NULL || strchr(t, '\'') != NULL || strlen(t) > 200)
			continue;
		for (j = from; j < i; j++)
			if ((u = detect_attr(d->d_picks[j].p_root,
			    "itemtype")) != NULL && strcmp(u, t) == 0)
				break;
		if (j < i)
			continue;
		buf_printf(&any, "%s@itemtype='%s'", any.b_len ? " or " : "", t);
		if (any.b_len > 1024)
			break;
	}
	buf_add(&any, "", 0);
	buf_init(&b, 8192);
	if (outer)
		buf_printf(&b, "//*[@itemscope][%s][not(ancestor::*"
		    "[@itemscope][%s])]", any.b_data, any.b_data);
	else
		buf_printf(&b, "//*[@itemscope][%s]", any.b_data);
	buf_free(&any);
	return (buf_take(&b, NULL));
}

/*
 * Sets ex_rules and ex_rules_note to what reproduces the items found from
 * FROM on: the item XPath (markup: ITEM_XPATH) and one rule per field.
 */
void
detect_rules(struct detect *d, size_t from, const char *how,
    const char *item_xpath)
{
	struct extraction		*ex = d->d_pg;
	xmlXPathContextPtr	 ctx;
	struct buf		 note;
	char			*xp, *better;
	int			 field, count;

	buf_init(&note, 64 * 1024);
	if (strcmp(how, "json-ld") == 0) {
		buf_addstr(&note, "# the items come from the page's JSON-LD "
		    "(schema.org), which no\n# selector reaches: leave item "
		    "out and detection reads it again\n");
		goto out;
	}
	if (item_xpath != NULL)
		xp = xstrdup(item_xpath);
	else {
		xp = detect_structured_xpath(d, from, strcmp(how, "h-entry") == 0,
		    0);
		/* Entries inside entries: the outermost ones. */
		if (!detect_item_rule_ok(d, from, xp, &count)) {
			free(xp);
			xp = detect_structured_xpath(d, from,
			    strcmp(how, "h-entry") == 0, 1);
		}
	}
	if (!detect_item_rule_ok(d, from, xp, &count)) {
		/* Members without a usable link were left out. */
		xasprintf(&better, "%s[.//a[@href]]", xp);
		if (!detect_item_rule_ok(d, from, better, &count)) {
			/* Featured stories outside the list, joined. */
			free(better);
			if ((better = detect_item_with_featured(d, from,
			    xp)) != NULL && !detect_item_rule_ok(d, from,
			    better, &count)) {
				free(better);
				better = NULL;
			}
		}
		if (better != NULL) {
			free(xp);
			xp = better;
		} else {
			detect_item_rule_ok(d, from, xp, &count);
			buf_printf(&note, "# item selects %d elements; detection "
			    "kept %zu of them (links repeated or unusable)\n",
			    count, ex->ex_nitems - from);
		}
	}
	xasprintf(&ex->ex_rules[RULE_ITEM], "xpath:%s", xp);
	free(xp);
	if ((ctx = xmlXPathNewContext(d->d_doc)) == NULL)
		goto out;
	for (field = RULE_TITLE; field < RULE_COUNT; field++)
		detect_field_rule(d, ctx, from, field, &note);
	xmlXPathFreeContext(ctx);
out:
	if (note.b_len > 0)
		ex->ex_rules_note = buf_take(&note, NULL);
	else
		buf_free(&note);
}
