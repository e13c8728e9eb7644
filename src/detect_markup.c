/*
 * detect_markup.c: items from the markup when the page has no structured
 * data.  The page is measured in one linear pass (text, link text and
 * links per subtree, furniture marked), sibling elements sharing a tag
 * and class token make runs, runs make groups, groups are scored (dates
 * checked in the best few) and the best one's members become items, each
 * with its title, link, date and summary picked from the member.  Also
 * the XPath that selects them and the runners-up preview shows.  Every
 * loop is bounded by the element count, a per-item node budget or a cap.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "date.h"
#include "detect.h"
#include "detect_date.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* Words in class or id that mark page furniture rather than content. */
static const char *boiler_words[] = {
	"nav", "navbar", "navigation", "menu", "menubar", "breadcrumb",
	"breadcrumbs", "pagination", "pager", "paging", "footer", "sidebar",
	"widget", "widgets", "share", "sharing", "social", "comments",
	"comment", "tagcloud", "cloud", "related", "cookie", "cookies",
	"skip", "masthead", "topbar", "toolbar", "login", "banner", NULL
};
static const char *boiler_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "menu",
	"menubar", "search", NULL
};

static struct wordset	 boiler_set = WORDSET(boiler_words);

/* 1 if a word of S (split on anything not alphanumeric) is furniture. */
static int
detect_boiler_words(const char *s)
{
	char	 w[32];
	size_t	 len;

	while (s != NULL && *s != '\0') {
		while (*s != '\0' && !isalnum((unsigned char)*s))
			s++;
		for (len = 0; isalnum((unsigned char)s[len]); len++)
			;
		if (len > 0 && len < sizeof(w)) {
			memcpy(w, s, len);
			w[len] = '\0';
			if (wordset_has_n(&boiler_set, w, len))
				return (1);
			/* mainmenu, topnav, subnav, menuitem */
			if (len > 4 && ((ascii_lower(w[0]) == 'm' &&
			    strncasecmp(w, "menu", 4) == 0) ||
			    (ascii_lower(w[len - 4]) == 'm' &&
			    strcasecmp(w + len - 4, "menu") == 0) ||
			    (ascii_lower(w[len - 3]) == 'n' &&
			    strcasecmp(w + len - 3, "nav") == 0)))
				return (1);
		}
		s += len;
	}
	return (0);
}

/* A new dnode for element N under the element at STACK[DEPTH]. */
static int
detect_node_add(struct detect *d, xmlNodePtr n, size_t *cap, int parent,
    int *last)
{
	struct dnode	*dn;
	xmlAttrPtr	 a;
	int		 idx;

	if (d->d_n == *cap) {
		*cap *= 2;
		d->d_nodes = xreallocarray(d->d_nodes, *cap, sizeof(*d->d_nodes));
	}
	idx = (int)d->d_n++;
	dn = &d->d_nodes[idx];
	memset(dn, 0, sizeof(*dn));
	dn->dn_node = n;
	dn->dn_parent = parent;
	dn->dn_first = dn->dn_next = -1;
	if (*last >= 0)
		d->d_nodes[*last].dn_next = idx;
	else if (parent >= 0)
		d->d_nodes[parent].dn_first = idx;
	*last = idx;
	if (parent >= 0)
		dn->dn_flags = d->d_nodes[parent].dn_flags &
		    (DN_INLINK | DN_ARTICLE);
	if (detect_is_link(n))
		dn->dn_flags |= DN_LINK | DN_INLINK;
	if (detect_is(n, "article"))
		dn->dn_flags |= DN_ARTICLE;
	if (detect_is_heading(n))
		dn->dn_flags |= DN_HEADING;
	/* Structured data's marks, read while the element is at hand. */
	for (a = n->properties; a != NULL; a = a->next)
		if (detect_same_name(a->name, "itemscope"))
			dn->dn_flags |= DN_ITEMSCOPE;
		else if (detect_same_name(a->name, "class") &&
		    detect_has_token(detect_attr(n, "class"), "h-entry"))
			dn->dn_flags |= DN_HENTRY;
	return (idx);
}

/* JSON-LD blocks in hidden element N the measuring walk skips: N itself,
 * or the scripts of <head> (or of another hidden box). */
static void
detect_note_scripts(struct detect *d, xmlNodePtr n)
{
	xmlNodePtr	 s;

	for (s = n; s != NULL && d->d_nscripts < DETECT_MAX_SCRIPTS;
	    s = detect_next_any(s, n))
		if (s->type == XML_ELEMENT_NODE && detect_is_ld_script(s))
			d->d_scripts[d->d_nscripts++] = s;
}

/* Elements in document order with their parent, and each one's own text
 * (a subtree's indexes follow its root's, together). */
static void
detect_walk(struct detect *d, xmlNodePtr root)
{
	xmlNodePtr	 n = root;
	int		 stack[DETECT_MAX_DEPTH + 1], last[DETECT_MAX_DEPTH + 1];
	int		 depth = 0, idx, descend;
	size_t		 cap = 1024;
	struct dnode	*dn;
	uint32_t	 c;

	d->d_nodes = xcalloc(cap, sizeof(*d->d_nodes));
	stack[0] = last[0] = -1;
	while (n != NULL) {
		descend = 0;
		if (n->type == XML_ELEMENT_NODE && (d->d_n >= DETECT_MAX_ELEMENTS ||
		    depth >= DETECT_MAX_DEPTH))
			d->d_walk_cut = 1;
		if (n->type == XML_ELEMENT_NODE && detect_hidden(n))
			detect_note_scripts(d, n);
		else if (n->type == XML_ELEMENT_NODE &&
		    d->d_n < DETECT_MAX_ELEMENTS && depth < DETECT_MAX_DEPTH) {
			idx = detect_node_add(d, n, &cap, stack[depth],
			    &last[depth]);
			if ((descend = n->children != NULL)) {
				stack[++depth] = idx;
				last[depth] = -1;
				n = n->children;
				continue;
			}
		} else if ((n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) && n->content != NULL &&
		    depth > 0 && stack[depth] >= 0) {
			dn = &d->d_nodes[stack[depth]];
			c = detect_count((const char *)n->content);
			dn->dn_text += c;
			if (dn->dn_flags & DN_INLINK)
				dn->dn_ltext += c;
		}
		while (n->next == NULL) {
			n = n->parent;
			if (n == NULL || n == (xmlNodePtr)d->d_doc ||
			    n == root->parent) {
				n = NULL;
				break;
			}
			/* Leaving an element we descended into. */
			if (depth > 0 && d->d_nodes[stack[depth]].dn_node == n)
				depth--;
		}
		if (n != NULL)
			n = n->next;
	}
}

/* Text, links and headings summed up the tree (children come after
 * their parent: in reverse order). */
static void
detect_sum(struct detect *d)
{
	struct dnode	*dn, *pn;
	int		 i;

	for (i = (int)d->d_n - 1; i >= 0; i--) {
		dn = &d->d_nodes[i];
		if (dn->dn_flags & DN_LINK) {
			dn->dn_links++;
			if (dn->dn_ltext > dn->dn_maxlink)
				dn->dn_maxlink = dn->dn_ltext;
		}
		if (dn->dn_flags & DN_HEADING)
			dn->dn_heads++;
		if (dn->dn_parent < 0)
			continue;
		pn = &d->d_nodes[dn->dn_parent];
		pn->dn_text += dn->dn_text;
		pn->dn_ltext += dn->dn_ltext;
		pn->dn_links += dn->dn_links;
		pn->dn_heads += dn->dn_heads;
		if (dn->dn_maxlink > pn->dn_maxlink)
			pn->dn_maxlink = dn->dn_maxlink;
	}
}

/* Whether N's one heading holds a link of a headline's length. */
static int
detect_headlined(xmlNodePtr n)
{
	xmlNodePtr	 h, link;
	int		 budget = DETECT_ITEM_BUDGET;

	for (h = n; h != NULL && --budget > 0 && !detect_is_heading(h);
	    h = detect_next(h, n, 1))
		;
	return (h != NULL && budget > 0 && (link = detect_title_link(h,
	    n)) != NULL && detect_count(detect_text_peek(link, 64)) >= 20);
}

/* Whether element N is named or placed as furniture. */
static int
detect_furniture(const struct detect *d, const struct dnode *dn)
{
	xmlNodePtr	 n = dn->dn_node;
	const char	*v;
	int		 aside = detect_is(n, "aside");

	if (detect_is(n, "nav") || (aside && !d->d_weak_aside) ||
	    detect_is(n, "menu"))
		return (1);
	if ((detect_is(n, "header") || detect_is(n, "footer")) &&
	    !(dn->dn_flags & DN_ARTICLE))
		return (1);
	if ((v = detect_attr(n, "role")) != NULL && strcase_in(v, boiler_roles))
		return (1);
	/* A class word is weaker than an element or a role: a list whose
	 * entries have headings of their own is content, whatever it is
	 * called (python.org's events are "list-recent-events menu"). */
	if (dn->dn_heads >= 3)
		return (0);
	if (aside)
		return (1);
	if (!detect_boiler_words(detect_attr(n, "class")) &&
	    !detect_boiler_words(detect_attr(n, "id")))
		return (0);
	/* One story under a headline of its own is content too, whatever
	 * its class says (a carousel's "hero banner" slide). */
	return (dn->dn_heads != 1 || !detect_headlined(n));
}

/*
 * Furniture, top down.  An element only counts as furniture when it holds
 * less than half the page's text: a wrapper named "content-sidebar-wrap"
 * holds the content too.
 */
static void
detect_mark_boiler(struct detect *d)
{
	struct dnode	*dn;
	size_t		 i, body = 0;

	for (i = 0; i < d->d_n && body == 0; i++)
		if (detect_is(d->d_nodes[i].dn_node, "body"))
			body = i;
	for (i = 0; i < d->d_n; i++) {
		dn = &d->d_nodes[i];
		if (dn->dn_parent >= 0 &&
		    (d->d_nodes[dn->dn_parent].dn_flags & DN_BOILER))
			dn->dn_flags |= DN_BOILER;
		if ((dn->dn_flags & DN_BOILER) || detect_is(dn->dn_node,
		    "html") || detect_is(dn->dn_node, "body"))
			continue;
		if (detect_furniture(d, dn) &&
		    dn->dn_text * 2 < d->d_nodes[body].dn_text + 1)
			dn->dn_flags |= DN_BOILER;
	}
}

/*
 * A page that found nothing, whose blocks are all <aside>s (a theme that
 * makes every block of the main column one): its furniture marked again
 * with an <aside> as weak as a class word, so that one whose entries have
 * headings of their own is content.  1 when marked again.
 */
int
detect_relax_asides(struct detect *d)
{
	size_t	 i, asides = 0;

	if (d->d_weak_aside)
		return (0);
	for (i = 0; i < d->d_n; i++) {
		asides += detect_is(d->d_nodes[i].dn_node, "aside");
		d->d_nodes[i].dn_flags &= ~DN_BOILER;
	}
	d->d_weak_aside = 1;
	detect_mark_boiler(d);
	return (asides > 0);
}

/* The page's main content as its author marked it: the first <main> or
 * role=main holding text; -1 when none. */
static void
detect_find_main(struct detect *d)
{
	const char	*role;
	size_t		 i;

	d->d_main = -1;
	for (i = 0; i < d->d_n; i++) {
		if ((detect_is(d->d_nodes[i].dn_node, "main") ||
		    ((role = detect_attr(d->d_nodes[i].dn_node, "role")) !=
		    NULL && strcasecmp(role, "main") == 0)) &&
		    d->d_nodes[i].dn_text > 0) {
			d->d_main = (int)i;
			return;
		}
	}
}

/* Whether element index IDX is inside the page's main content. */
static int
detect_in_main(const struct detect *d, int idx)
{
	for (; idx >= 0; idx = d->d_nodes[idx].dn_parent)
		if (idx == d->d_main)
			return (1);
	return (0);
}

/*
 * The measuring pass: elements in document order with their parent, and
 * (summed bottom-up afterwards) the text and links under each; then what
 * is page furniture.
 */
void
detect_measure(struct detect *d)
{
	xmlNodePtr	 root;

	if ((root = xmlDocGetRootElement(d->d_doc)) == NULL)
		return;
	detect_walk(d, root);
	detect_records_link(d);
	detect_sum(d);
	detect_mark_boiler(d);
	detect_find_main(d);
}

/* Class tokens that stripe a list or mark one member (even/odd rows, the
 * active one): never the list's own token. */
static const char *zebra_tokens[] = {
	"even", "odd", "alt", "alternate", "altrow", "stripe", "striped",
	"zebra", "first", "last", "active", "selected", "current", "new",
	"row-even", "row-odd", "row1", "row2", NULL
};

static int
detect_zebra(const char *c, size_t len)
{
	char	 w[16];

	if (len >= sizeof(w))
		return (0);
	memcpy(w, c, len);
	w[len] = '\0';
	return (strcase_in(w, zebra_tokens));
}

/*
 * Whether the members carrying TOKEN start records of 2 to 4 siblings
 * (a story's title row, its subtext row, a spacer): carriers at one
 * steady distance, and holding the longer links.
 */
static int
detect_periodic(const struct detect *d, const int *mem, size_t n,
    const char *token)
{
	size_t		 i, last = 0, carriers = 0, steady = 0, gap = 0;
	double		 in = 0, out = 0;
	const struct dnode *dn;

	if (token[0] == '\0' || n < 6)
		return (0);
	for (i = 0; i < n && i < DETECT_TOKEN_SAMPLE; i++) {
		dn = &d->d_nodes[mem[i]];
		if (!detect_has_token(detect_attr(dn->dn_node, "class"), token)) {
			out += dn->dn_maxlink;
			continue;
		}
		in += dn->dn_maxlink;
		if (carriers > 0) {
			if (gap == 0)
				gap = i - last;
			steady += i - last == gap;
		}
		last = i;
		carriers++;
	}
	if (carriers < 3 || gap < 2 || gap > 4 || steady * 10 < (carriers - 1)
	    * 8)
		return (0);
	return (in / (double)carriers > out / (double)(i - carriers));
}

/* Whether two of the N tokens at CAND differ only in the digits they
 * end with ("item" and "item2", "row1" and "row2"). */
static int
detect_numbered_twins(char cand[][64], size_t n)
{
	size_t	 i, j, a, b;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			for (a = strlen(cand[i]); a > 0 &&
			    isdigit((unsigned char)cand[i][a - 1]); a--)
				;
			for (b = strlen(cand[j]); b > 0 &&
			    isdigit((unsigned char)cand[j][b - 1]); b--)
				;
			if (a > 0 && a == b && strncmp(cand[i], cand[j], a) ==
			    0)
				return (1);
		}
	return (0);
}

/* The shared class token of a sibling group's members, chosen by count;
 * EXTENT_TOKEN when it marks records of several siblings, else 0. */
static int
detect_choose_token(const struct detect *d, const int *mem, size_t n,
    char *token, size_t size)
{
	char		 cand[DETECT_TOKENS][64];
	size_t		 ncand = 0, i, j, j0, k, m, len, count, bestc = 0;
	size_t		 limit;
	const char	*c;

	token[0] = '\0';
	/* Candidates: the tokens of the first two members with a class, then
	 * of the next four when those cover too few (a box or a heading may
	 * open the run). */
	for (i = 0, k = 0, j0 = 0, limit = 2; limit <= 6; limit += 4) {
		for (; i < n && k < limit && ncand < DETECT_TOKENS; i++) {
			if ((c = detect_attr(d->d_nodes[mem[i]].dn_node,
			    "class")) == NULL || *c == '\0')
				continue;
			k++;
			while (*c != '\0' && ncand < DETECT_TOKENS) {
				while (isspace((unsigned char)*c))
					c++;
				len = strcspn(c, " \t\r\n\f");
				if (len > 0 && len < sizeof(cand[0]) &&
				    strcspn(c, "'\"") >= len &&
				    !detect_zebra(c, len)) {
					memcpy(cand[ncand], c, len);
					cand[ncand][len] = '\0';
					for (j = 0; j < ncand; j++)
						if (strcmp(cand[j],
						    cand[ncand]) == 0)
							break;
					if (j == ncand)
						ncand++;
				}
				c += len;
			}
		}
		for (j = j0; j < ncand; j++) {
			for (m = count = 0; m < n && m < DETECT_TOKEN_SAMPLE;
			    m++)
				if (detect_has_token(detect_attr(
				    d->d_nodes[mem[m]].dn_node, "class"),
				    cand[j]))
					count++;
			if (count > bestc) {
				bestc = count;
				strlcpy_pf(token, cand[j], size);
			}
		}
		j0 = ncand;
		if (bestc * 2 >= (n < DETECT_TOKEN_SAMPLE ? n :
		    DETECT_TOKEN_SAMPLE))
			break;
	}
	/* A token only some of them carry marks a variant, not the group,
	 * unless it marks the first row of records of a few rows each
	 * ("item" and "item2" in turn are stripes of one list, though). */
	if (bestc * 2 < (n < DETECT_TOKEN_SAMPLE ? n : DETECT_TOKEN_SAMPLE)) {
		if (!detect_numbered_twins(cand, ncand) &&
		    detect_periodic(d, mem, n, token))
			return (EXTENT_TOKEN);
		token[0] = '\0';
	}
	return (0);
}

struct dkid {
	const char	*k_tag;
	int		 k_idx;
};

static int
detect_cmp_kid(const void *a, const void *b)
{
	const struct dkid	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->k_tag, y->k_tag)) != 0)
		return (c);
	return ((x->k_idx > y->k_idx) - (x->k_idx < y->k_idx));
}

/* Stats of one member (with its extent) added to run R. */
static void
detect_member_stats(const struct detect *d, int idx, struct drun *r)
{
	const struct dnode	*dn = &d->d_nodes[idx], *sib;
	int			 k, i;

	r->r_text += dn->dn_text;
	r->r_ltext += dn->dn_ltext;
	r->r_links += dn->dn_links;
	r->r_heads += dn->dn_heads > 0 || (dn->dn_flags & DN_HEADING);
	r->r_maxlink += dn->dn_maxlink;
	if (r->r_extent != EXTENT_TAG && r->r_extent != EXTENT_TOKEN)
		return;
	for (i = dn->dn_next, k = 0; i >= 0 && k < DETECT_EXTENT_MAX;
	    i = d->d_nodes[i].dn_next, k++) {
		sib = &d->d_nodes[i];
		if (strcmp((const char *)sib->dn_node->name, r->r_tag) == 0 &&
		    (r->r_extent == EXTENT_TAG || detect_has_token(
		    detect_attr(sib->dn_node, "class"), r->r_token)))
			break;
		r->r_text += sib->dn_text;
		r->r_ltext += sib->dn_ltext;
		r->r_links += sib->dn_links;
	}
}

static int
detect_header_row(const struct detect *d, const struct dnode *m)
{
	int	 c, th = 0;

	for (c = m->dn_first; c >= 0; c = d->d_nodes[c].dn_next) {
		if (detect_is(d->d_nodes[c].dn_node, "td"))
			return (0);
		th |= detect_is(d->d_nodes[c].dn_node, "th");
	}
	return (th);
}

/*
 * What marks up N's title: its first heading with a class, else its first
 * link with a class ("h2.title", "a.node_title"); NULL when neither (a
 * node budget).
 */
static xmlNodePtr
detect_title_mark(xmlNodePtr n)
{
	xmlNodePtr	 c, link = NULL;
	int		 budget = DETECT_ITEM_BUDGET;

	for (c = n; c != NULL && --budget > 0; c = detect_next(c, n, 1)) {
		if (c->type != XML_ELEMENT_NODE ||
		    detect_attr(c, "class") == NULL)
			continue;
		if (detect_is_heading(c))
			return (c);
		if (link == NULL && detect_is(c, "a"))
			link = c;
	}
	return (link);
}

static int
detect_member_kind(const struct detect *d, const struct drun *r,
    const struct dnode *m, xmlNodePtr title)
{
	xmlNodePtr	 h;

	if (m->dn_flags & DN_BOILER || m->dn_text < 2)
		return (0);
	/* Without the token, a story of another class (div.feature and
	 * div.brief among div.entry) whose title is marked up alike. */
	if (r->r_token[0] != '\0' && !detect_has_token(detect_attr(m->dn_node,
	    "class"), r->r_token) && (title == NULL ||
	    (h = detect_title_mark(m->dn_node)) == NULL ||
	    !xmlStrEqual(h->name, title->name) ||
	    !xmlStrEqual((const xmlChar *)detect_attr(h, "class"),
	    (const xmlChar *)detect_attr(title, "class"))))
		return (0);
	if (m->dn_links > 0 || ((r->r_extent == EXTENT_TAG || r->r_extent ==
	    EXTENT_TOKEN) && m->dn_next >= 0 &&
	    d->d_nodes[m->dn_next].dn_links > 0))
		return (1);
	/* A table's header row (cells all <th>) is no item. */
	if (detect_is(m->dn_node, "tr") && detect_header_row(d, m))
		return (0);
	return (2);
}

/* Whether N's text, at most MAX characters, is a date with its year. */
static int
detect_full_date(struct detect *d, xmlNodePtr n, uint32_t max)
{
	struct date_opts	 defaults;
	struct date_info	 di;
	const char		*s = detect_text_peek(n, 256);
	time_t			 t;

	memset(&defaults, 0, sizeof(defaults));
	memset(&di, 0, sizeof(di));
	return (detect_count(s) <= max && detect_maybe_date(s) &&
	    date_parse_info(s, d->d_dopts != NULL ? d->d_dopts : &defaults,
	    &t, &di) == 0 && !di.di_no_year && !di.di_relative);
}

/*
 * Whether the N siblings at MEM are headings (or boxes that open with
 * one) that mostly show a date with its year (a news page's "October
 * 15th, 2017, FFmpeg 3.4" over its paragraphs), or have one as the short
 * block right under them (a changelog's "Version 2.0" over "Sep 19,
 * 2019"): posts without links, marked alike by their dates.
 */
static int
detect_head_dated(struct detect *d, xmlNodePtr m)
{
	xmlNodePtr	 h = m, under;

	/* A record's box that opens with its heading: that heading. */
	if (!detect_is_heading(h)) {
		for (h = m->children; h != NULL && h->type !=
		    XML_ELEMENT_NODE; h = h->next)
			;
		if (h == NULL || !detect_is_heading(h))
			return (0);
	}
	return (detect_full_date(d, h, 160) ||
	    ((under = detect_next_element(h)) != NULL &&
	    !detect_is_heading(under) && detect_full_date(d, under, 40)));
}

static int
detect_dated_heads(struct detect *d, const int *mem, size_t n)
{
	size_t		 k, seen, dated = 0;

	seen = n < 8 ? n : 8;
	for (k = 0; k < seen; k++)
		dated += detect_head_dated(d, d->d_nodes[mem[k]].dn_node);
	return (dated * 5 >= seen * 4);
}

/* Fills run R from the N siblings at MEM (one tag, in document order). */
static void
detect_run_fill(struct detect *d, struct drun *r, const int *mem, size_t n,
    size_t *memcap)
{
	size_t		 k, linked = 0, linkless = 0;
	int		 kind, by_dates = 0;
	xmlNodePtr	 title = NULL;

	/* The title markup of the token's members (one of the first few),
	 * when some sibling lacks the token. */
	for (k = 0; r->r_token[0] != '\0' && k < n; k++)
		if (!detect_has_token(detect_attr(d->d_nodes[mem[k]].dn_node,
		    "class"), r->r_token))
			break;
	for (k = k < n ? 0 : n; k < n && k < 8 && title == NULL; k++)
		if (detect_has_token(detect_attr(d->d_nodes[mem[k]].dn_node,
		    "class"), r->r_token))
			title = detect_title_mark(d->d_nodes[mem[k]].dn_node);
	for (k = 0; k < n; k++) {
		kind = detect_member_kind(d, r, &d->d_nodes[mem[k]], title);
		linked += kind == 1;
		linkless += kind == 2;
	}
	/* Rows without links belong to a strong list of linked ones; a list
	 * with no links at all must be marked alike (a class, or rows). */
	r->r_linkless = linked >= 4 && linkless > 0 && linked * 2 >= linkless
	    * 3 && linked + linkless >= n * 3 / 4;
	/* (A link in one post's text does not make it a linked list.) */
	if (linked <= 1 && linkless >= DETECT_MIN_LINKLESS &&
	    linkless >= n * 3 / 4 && ((linked == 0 && (r->r_token[0] !=
	    '\0' || strcmp(r->r_tag, "tr") == 0 ||
	    strcmp(r->r_tag, "dt") == 0)) ||
	    (by_dates = detect_dated_heads(d, mem, n))))
		r->r_linkless = r->r_nolinks = 1;
	for (k = 0; k < n; k++) {
		kind = detect_member_kind(d, r, &d->d_nodes[mem[k]], title);
		if (kind == 0 || (kind == 2 && !r->r_linkless))
			continue;
		/* Headings told apart by their dates: the page's own
		 * undated one ("Changelog") above them is none of them. */
		if (by_dates &&
		    !detect_head_dated(d, d->d_nodes[mem[k]].dn_node))
			continue;
		if (d->d_nmembers == *memcap) {
			*memcap = *memcap ? *memcap * 2 : 256;
			d->d_members = xreallocarray(d->d_members, *memcap,
			    sizeof(*d->d_members));
		}
		d->d_members[d->d_nmembers++] = mem[k];
		r->r_n++;
		detect_member_stats(d, mem[k], r);
	}
}

/* Sorts the children of P into KIDS (by tag, then document order);
 * returns how many. */
static size_t
detect_kids(const struct detect *d, int p, struct dkid **kids, size_t *kcap)
{
	size_t	 nkids = 0;
	int	 c;

	for (c = d->d_nodes[p].dn_first; c >= 0; c = d->d_nodes[c].dn_next) {
		if (nkids == *kcap) {
			*kcap = *kcap ? *kcap * 2 : 64;
			*kids = xreallocarray(*kids, *kcap, sizeof(**kids));
		}
		(*kids)[nkids].k_tag = (const char *)d->d_nodes[c].dn_node->name;
		(*kids)[nkids++].k_idx = c;
	}
	if (nkids > 1)
		qsort(*kids, nkids, sizeof(**kids), detect_cmp_kid);
	return (nkids);
}

/* Whether the sibling before heading M is a short date of its own ("May
 * 5, 2019" above each title), so dates lead their items. */
static int
detect_date_leads(const struct detect *d, xmlNodePtr m)
{
	xmlNodePtr	 p = detect_prev_element(m);
	char		*s;
	time_t		 t;
	int		 lead = 0;

	if (p == NULL || detect_is(p, "br"))
		return (0);
	s = detect_clean_text(p, 128);
	if (s != NULL && detect_count(s) <= 40)
		lead = detect_parse_date(d, s, &t) == 0;
	free(s);
	return (lead);
}

/* How far the items of run R, first member FIRST, reach. */
static int
detect_extent_kind(const struct detect *d, const struct drun *r, int first,
    int periodic)
{
	if (periodic)
		return (periodic);
	if (strcmp(r->r_tag, "dt") == 0 ||
	    detect_is_heading(d->d_nodes[first].dn_node))
		return (EXTENT_TAG);
	if (html_inline(r->r_tag))
		return (EXTENT_LINE);
	return (0);
}

/*
 * Whether the N siblings at MEM are the fields of one record, not a
 * list: a few, each with a class, no class word shared by two of them
 * ("newstitle", "newsbyline", "newsbody", "newsfooter").
 */
static int
detect_fields_run(const struct detect *d, const int *mem, size_t n)
{
	const char	*c, *o;
	size_t		 i, k, len;

	if (n < 2 || n > DETECT_FIELDS_MAX)
		return (0);
	for (i = 0; i < n; i++) {
		c = detect_attr(d->d_nodes[mem[i]].dn_node, "class");
		if (c == NULL || c[strspn(c, " \t\r\n\f")] == '\0')
			return (0);
	}
	for (i = 0; i < n; i++) {
		c = detect_attr(d->d_nodes[mem[i]].dn_node, "class");
		while (*(c += strspn(c, " \t\r\n\f")) != '\0') {
			char	 tok[64];

			len = strcspn(c, " \t\r\n\f");
			if (len < sizeof(tok)) {
				memcpy(tok, c, len);
				tok[len] = '\0';
				/* "clearfix" on several parts says nothing. */
				for (k = i + 1; k < n && !detect_layout_token(
				    tok) && !detect_zebra(tok, len);
				    k++) {
					o = detect_attr(d->d_nodes[mem[k]].
					    dn_node, "class");
					if (detect_has_token(o, tok))
						return (0);
				}
			}
			c += len;
		}
	}
	return (1);
}

/* Sibling groups: per parent, children by tag, then by a class token. */
static void
detect_runs(struct detect *d)
{
	struct dkid	*kids = NULL;
	int		*mem = NULL;
	size_t		 nkids, kcap = 0, i, j, runcap = 0, memcap = 0;
	int		 p, periodic;
	struct drun	*r;

	for (p = 0; p < (int)d->d_n; p++) {
		if (d->d_nodes[p].dn_flags & DN_BOILER ||
		    (d->d_nodes[p].dn_links < DETECT_MIN_ITEMS - 1 &&
		    d->d_nodes[p].dn_text < DETECT_MIN_LINKLESS * 8) ||
		    (nkids = detect_kids(d, p, &kids, &kcap)) < 2)
			continue;
		mem = xreallocarray(mem, nkids, sizeof(*mem));
		for (i = 0; i < nkids; i++)
			mem[i] = kids[i].k_idx;
		for (i = 0; i < nkids; i = j) {
			for (j = i + 1; j < nkids &&
			    strcmp(kids[i].k_tag, kids[j].k_tag) == 0; j++)
				;
			if (j - i < 2)
				continue;
			if (d->d_nruns == runcap) {
				runcap = runcap ? runcap * 2 : 64;
				d->d_runs = xreallocarray(d->d_runs, runcap,
				    sizeof(*d->d_runs));
			}
			r = &d->d_runs[d->d_nruns];
			memset(r, 0, sizeof(*r));
			r->r_parent = p;
			r->r_gparent = d->d_nodes[p].dn_parent;
			r->r_tag = kids[i].k_tag;
			periodic = detect_choose_token(d, mem + i, j - i,
			    r->r_token, sizeof(r->r_token));
			if (r->r_token[0] == '\0' && detect_fields_run(d,
			    mem + i, j - i))
				continue;
			r->r_extent = detect_extent_kind(d, r, mem[i], periodic);
			r->r_lead = r->r_extent == EXTENT_TAG &&
			    detect_date_leads(d, d->d_nodes[mem[i]].dn_node);
			r->r_first = d->d_nmembers;
			detect_run_fill(d, r, mem + i, j - i, &memcap);
			if (r->r_n < 2) {
				d->d_nmembers = r->r_first;
				continue;
			}
			/* "stories col-A" and "stories col-B" are one list. */
			detect_first_token(d->d_nodes[p].dn_node, r->r_psig,
			    sizeof(r->r_psig));
			d->d_nruns++;
		}
	}
	free(kids);
	free(mem);
}

static int
detect_cmp_run(const void *a, const void *b)
{
	const struct drun	*x = a, *y = b;
	int			 c;

	if (x->r_gparent != y->r_gparent)
		return ((x->r_gparent > y->r_gparent) -
		    (x->r_gparent < y->r_gparent));
	if ((c = strcmp(x->r_psig, y->r_psig)) != 0)
		return (c);
	if ((c = strcmp(x->r_tag, y->r_tag)) != 0)
		return (c);
	if ((c = strcmp(x->r_token, y->r_token)) != 0)
		return (c);
	return ((x->r_parent > y->r_parent) - (x->r_parent < y->r_parent));
}

static int
detect_same_group(const struct detect *d, const struct drun *x,
    const struct drun *y)
{
	return (x->r_gparent == y->r_gparent && x->r_gparent >= 0 &&
	    strcmp(x->r_psig, y->r_psig) == 0 &&
	    strcmp(x->r_tag, y->r_tag) == 0 &&
	    strcmp(x->r_token, y->r_token) == 0 &&
	    strcmp((const char *)d->d_nodes[x->r_parent].dn_node->name,
	    (const char *)d->d_nodes[y->r_parent].dn_node->name) == 0);
}

/* log2(x) for x >= 1, piecewise linear: monotone is all a score needs. */
static double
detect_log2(double x)
{
	double	 r = 0;

	while (x >= 2 && r < 64) {
		x /= 2;
		r++;
	}
	return (r + (x - 1));
}

/* Whether S ends with a count in brackets: "GetYourGuide (57)",
 * "March 2018 (12)", "Linux [40]". */
static int
detect_counted(const char *s)
{
	size_t	 len = strlen(s), d;

	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len < 4 || (s[len - 1] != ')' && s[len - 1] != ']'))
		return (0);
	for (d = 0; len - 1 > d + 1 && isdigit((unsigned char)s[len - 2 - d]);
	    d++)
		;
	return (d > 0 && (s[len - 2 - d] == '(' || s[len - 2 - d] == '['));
}

/*
 * Whether most members of group G (a sample) are a name and a count,
 * nothing more: the categories, tags or companies of a site with how
 * many posts each, a directory, not a list of posts (a row ending with
 * its reviews' count holds more).
 */
static int
detect_taxonomy(const struct detect *d, const struct dgroup *g)
{
	const struct drun	*r = &d->d_runs[g->g_run];
	const char		*s;
	size_t			 j, seen, counted = 0;

	seen = r->r_n < 8 ? r->r_n : 8;
	for (j = 0; j < seen; j++) {
		s = detect_text_peek(d->d_nodes[d->d_members[r->r_first +
		    j]].dn_node, 256);
		counted += detect_count(s) <= 48 && detect_counted(s);
	}
	return (seen >= 3 && counted * 10 >= seen * 7);
}

/*
 * A group's score: count x log2(mean text), cut down for short link texts
 * (menus, pagers, tag clouds), for link density above one half (link
 * farms), for many links per item (directories) and near the page's end;
 * raised by the share of members with a heading.
 */
static double
detect_score(const struct detect *d, const struct dgroup *g)
{
	double		 text = 0, ltext = 0, links = 0, maxlink = 0, heads = 0;
	double		 n = (double)g->g_n, tbar, dens, mlen, s;
	size_t		 i;
	const struct drun *r;

	for (i = 0; i < g->g_nruns; i++) {
		r = &d->d_runs[g->g_run + i];
		text += r->r_text;
		ltext += r->r_ltext;
		links += r->r_links;
		maxlink += r->r_maxlink;
		heads += r->r_heads;
	}
	tbar = text / n;
	dens = text > 0 ? ltext / text : 1;
	mlen = maxlink / n;
	s = n * detect_log2(2 + tbar);
	/* Menus, pagination, tag clouds: short link texts that are most of
	 * the text (a table row's "more..." beside its own text is not). */
	if (mlen < 20 && dens > 0.4)
		s *= (mlen / 20) * (mlen / 20);
	if (tbar < 15)
		s *= tbar / 15;
	/* Links of a digit or two name days of a calendar or pages of a
	 * pager, whatever text stands beside them (image links, no text,
	 * are cards). */
	if (mlen >= 0.5 && mlen < 3)
		s *= 0.1;
	/* Nothing but links (a link farm) counts for less. */
	if (dens > 0.5)
		s *= 1 - 0.6 * (dens - 0.5);
	/* Many links per item is a directory, not a list of posts. */
	if (links / n > 6)
		s *= 6 / (links / n);
	s *= 1 + heads / n;
	/* A list without links is taken when nothing better is there. */
	if (d->d_runs[g->g_run].r_nolinks)
		s *= 0.3;
	/* A table's cells are the fields of its rows, unless marked alike. */
	r = &d->d_runs[g->g_run];
	if ((strcmp(r->r_tag, "td") == 0 || strcmp(r->r_tag, "th") == 0) &&
	    r->r_token[0] == '\0')
		s *= 0.25;
	/* Categories with their counts are a directory. */
	if (dens > 0.5 && mlen < 48 && detect_taxonomy(d, g))
		s *= 0.1;
	/* Outside the content its author marked as the main one. */
	if (d->d_main >= 0 && !detect_in_main(d, r->r_parent))
		s *= 0.5;
	/* The end of the page holds footers and "more from us". */
	if ((size_t)d->d_members[d->d_runs[g->g_run].r_first] > d->d_n * 9 / 10)
		s *= 0.7;
	return (s);
}

static int
detect_cmp_score(const void *a, const void *b)
{
	const struct dgroup	*x = a, *y = b;

	return ((x->g_score < y->g_score) - (x->g_score > y->g_score));
}

/* The first token of N's class, one without digits if any, into TOKEN. */
/* Forgets the runs, for detect_markup to redo; the measuring pass stays
 * (the document has not changed). */
void
detect_runs_reset(struct detect *d)
{
	free(d->d_members);
	d->d_members = NULL;
	d->d_nmembers = 0;
	free(d->d_runs);
	d->d_runs = NULL;
	d->d_nruns = 0;
}

/* Groups of the runs (cousins, div.row > div.col row after row, make
 * one), scored; returns how many reached DETECT_MIN_ITEMS. */
static size_t
detect_groups(struct detect *d, struct dgroup *groups)
{
	size_t		 ngroups = 0, i, j;
	struct dgroup	*g;

	qsort(d->d_runs, d->d_nruns, sizeof(*d->d_runs), detect_cmp_run);
	for (i = 0; i < d->d_nruns; i = j) {
		g = &groups[ngroups];
		g->g_run = i;
		g->g_n = d->d_runs[i].r_n;
		for (j = i + 1; j < d->d_nruns &&
		    detect_same_group(d, &d->d_runs[i], &d->d_runs[j]); j++)
			g->g_n += d->d_runs[j].r_n;
		g->g_nruns = j - i;
		if (g->g_n >= DETECT_MIN_ITEMS) {
			g->g_score = detect_score(d, g);
			ngroups++;
		}
	}
	qsort(groups, ngroups, sizeof(*groups), detect_cmp_score);
	return (ngroups);
}

/* Raises group G by the share of its sampled members with a date. */
static void
detect_date_sample(struct detect *d, struct dgroup *g)
{
	size_t		 j, k, dated = 0, seen = 0;
	struct dsampled	*s;
	const struct drun *r;

	for (k = 0; k < g->g_nruns && seen < DETECT_SAMPLE; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n && seen < DETECT_SAMPLE; j++) {
			seen++;
			s = &d->d_sampled[d->d_nsampled++];
			s->s_parent = r->r_parent;
			s->s_first = r->r_first;
			s->s_rc = detect_pick_some(d, d->d_nodes[
			    d->d_members[r->r_first + j]].dn_node, r, &s->s_f, 0);
			dated += s->s_rc == 0 && s->s_f.f_date_text != NULL;
		}
	}
	g->g_score *= 1 + DETECT_DATE_BOOST * (double)dated / (double)seen;
}

/*
 * Dates separate lists of posts from lists of anything else: the TOP
 * groups (by score, the first leading) are raised by the share of sampled
 * members with a date.  A group that even so could not pass the first is
 * sampled only when the order behind the first matters: for the
 * runners-up shown, or for detect_prefer_records (a first group mostly
 * without titles).
 */
static void
detect_date_boost(struct detect *d, struct dgroup *groups, size_t top)
{
	double		 lead = groups[0].g_score;
	size_t		 i, first = 0;
	int		 done[DETECT_TOP] = { 0 };

	for (i = 0; i < top; i++) {
		if (groups[i].g_score * (1 + DETECT_DATE_BOOST) < lead)
			continue;
		detect_date_sample(d, &groups[i]);
		done[i] = 1;
		if (groups[i].g_score > groups[first].g_score)
			first = i;
	}
	if (d->d_runners || detect_titled_share(d, &groups[first]) < 0.5)
		for (i = 0; i < top; i++)
			if (!done[i])
				detect_date_sample(d, &groups[i]);
	qsort(groups, top, sizeof(*groups), detect_cmp_score);
}

/* Whether link N goes to a site's home page ("/", "https://host/"). */
static int
detect_home_link(xmlNodePtr n)
{
	const char	*href = detect_attr(n, "href"), *p;

	if (href == NULL)
		return (1);
	p = detect_href_path(href);
	return (p[strspn(p, "/")] == '\0' || strncmp(p, "/index.", 7) == 0);
}

/* The level of the first heading at or under M (1 for <h1>), or 0. */
static int
detect_heading_level(xmlNodePtr m)
{
	xmlNodePtr	 n;
	int		 budget = DETECT_ITEM_BUDGET;

	for (n = m; n != NULL && --budget > 0; n = detect_next(n, m, 1))
		if (detect_is_heading(n) && !detect_hidden(n))
			return (n->name[1] - '0');
	return (0);
}

/* Whether N has a sibling of its tag sharing its first class token: a
 * list of its own (a sidebar's box built like the list), no lone
 * featured item.  With PLAIN, only a sibling without a headline of its
 * own counts: N is one of a grid of other things (a "most downloaded"
 * grid whose one long name looks like a headline). */
static int
detect_has_twin(xmlNodePtr n, int plain)
{
	char		 token[64], other[64];
	xmlNodePtr	 s;
	int		 dir;

	detect_first_token(n, token, sizeof(token));
	for (dir = 0; dir < 2; dir++)
		for (s = dir ? n->next : n->prev; s != NULL;
		    s = dir ? s->next : s->prev) {
			if (s->type != XML_ELEMENT_NODE ||
			    !xmlStrEqual(s->name, n->name))
				continue;
			detect_first_token(s, other, sizeof(other));
			if (strcmp(token, other) == 0 &&
			    (!plain || !detect_headlined(s)))
				return (1);
		}
	return (0);
}

/*
 * Featured stories above a list of headlines, in containers of their
 * own (a lead story in <h1>, teasers in <h2>, then the list in <h3>s):
 * headings at the list's heading level or above, each with a title link
 * of some length to a page of its own, between ancestor A and the first
 * member FIRST.  Each is taken with its container up to where another
 * heading would join.  Adds to OUT (N used, MAX at most; more are a list
 * of their own, and then none is taken); returns N.
 */
static size_t
detect_featured_heads(const struct detect *d, int a, int first, int *out,
    size_t n, size_t max)
{
	const struct dnode	*dn;
	xmlNodePtr		 link;
	int			 level, i, u, p;

	if ((level = detect_heading_level(d->d_nodes[first].dn_node)) == 0)
		return (n);
	for (i = a + 1; i < first; i++) {
		dn = &d->d_nodes[i];
		if (!(dn->dn_flags & DN_HEADING) || dn->dn_flags & DN_BOILER ||
		    dn->dn_node->name[1] - '0' > level ||
		    detect_hidden(dn->dn_node) || (link = detect_title_link(
		    dn->dn_node, d->d_nodes[a].dn_node)) == NULL ||
		    !detect_permalink(link) ||
		    detect_count(detect_text_peek(link, 256)) < 20)
			continue;
		for (u = i; (p = d->d_nodes[u].dn_parent) > a &&
		    d->d_nodes[p].dn_heads == 1; u = p)
			;
		/* Beside the members it would be one of them (an ad among
		 * results is not); the site's home is no story. */
		if (d->d_nodes[u].dn_parent == d->d_nodes[first].dn_parent ||
		    detect_home_link(link) || detect_has_twin(
		    d->d_nodes[u].dn_node, 1))
			continue;
		/* More than a few: a list of its own, not featured ones. */
		if (n == max)
			return (0);
		out[n++] = u;
	}
	return (n);
}

/*
 * A featured item above the list: elements of the members' tag and class
 * just before the first member, under its ancestor DETECT_FEATURED_UP
 * levels up (dnode indexes are in document order, a subtree's together),
 * each alone among its siblings; else headline stories in containers of
 * their own (detect_featured_heads, *HEADS set).  Returns how many went
 * into OUT.
 */
static size_t
detect_featured(const struct detect *d, const struct drun *r, int *out,
    int *heads)
{
	int		 first = d->d_members[r->r_first], a = first, i, lvl;
	xmlNodePtr	 m = d->d_nodes[first].dn_node;
	const char	*cls = detect_attr(m, "class"), *c;
	size_t		 n = 0;

	*heads = 0;
	for (lvl = 0; lvl < DETECT_FEATURED_UP && d->d_nodes[a].dn_parent >= 0;
	    lvl++)
		a = d->d_nodes[a].dn_parent;
	for (i = a + 1; cls != NULL && *cls != '\0' && i < first &&
	    n < DETECT_FEATURED_MAX; i++) {
		const struct dnode	*dn = &d->d_nodes[i];

		if (dn->dn_flags & DN_BOILER || dn->dn_links == 0 ||
		    dn->dn_parent == d->d_nodes[first].dn_parent ||
		    strcmp((const char *)dn->dn_node->name,
		    (const char *)m->name) != 0 ||
		    (c = detect_attr(dn->dn_node, "class")) == NULL ||
		    strcmp(c, cls) != 0 || detect_has_twin(dn->dn_node, 0))
			continue;
		out[n++] = i;
	}
	if (n > 0)
		return (n);
	/* Stories in containers of their own sit further up. */
	for (; lvl < DETECT_FEATURED_HEADS_UP && d->d_nodes[a].dn_parent >= 0;
	    lvl++)
		a = d->d_nodes[a].dn_parent;
	if ((n = detect_featured_heads(d, a, first, out, 0,
	    DETECT_FEATURED_MAX)) > 0)
		*heads = 1;
	return (n);
}

/* detect_pick of member M of run R, finishing the date boost's pick of
 * it where there was one. */
static int
detect_pick_again(struct detect *d, xmlNodePtr m, const struct drun *r,
    struct dfields *f)
{
	struct dsampled	*s;
	size_t		 i;

	for (i = 0; i < d->d_nsampled; i++) {
		s = &d->d_sampled[i];
		/* By value: detect_sisters may have moved the runs. */
		if (s->s_parent != r->r_parent || s->s_first != r->r_first ||
		    s->s_f.f_pick.p_root != m)
			continue;
		*f = s->s_f;
		memset(&s->s_f, 0, sizeof(s->s_f));
		s->s_parent = -1;
		if (s->s_rc == 0)
			detect_pick_finish(d, m, r, f);
		return (s->s_rc);
	}
	return (detect_pick(d, m, r, f));
}

/*
 * The date a run's list is headed by: the element just before the list's
 * own element, a heading or a short line whose text is a date ("<h2>Friday,
 * March 29, 2013</h2><ul>...").  Returns that element with its text in
 * *TEXT (caller frees), or NULL.
 */
static xmlNodePtr
detect_list_date(struct detect *d, const struct drun *r, char **text)
{
	xmlNodePtr	 prev, n;
	int		 up;
	char		*s;
	time_t		 t;

	*text = NULL;
	/* The list may open its box ("<h3>date</h3><div><table>"). */
	for (n = d->d_nodes[r->r_parent].dn_node, up = 0; (prev =
	    detect_prev_element(n)) == NULL && n->parent != NULL &&
	    n->parent->type == XML_ELEMENT_NODE && up < 2; up++)
		n = n->parent;
	if (prev == NULL || detect_hidden(prev) || (s = detect_clean_text(prev,
	    128)) == NULL)
		return (NULL);
	if ((detect_is_heading(prev) || detect_count(s) <= 40) &&
	    detect_count(s) <= 60 && detect_maybe_date(s) &&
	    detect_parse_date(d, s, &t) == 0) {
		*text = s;
		return (prev);
	}
	free(s);
	return (NULL);
}

/* An item without a date of its own takes its list's (F, of run R; the
 * run's date looked up once, in *DONE, *NODE and *TEXT). */
static void
detect_date_from_list(struct detect *d, const struct drun *r,
    struct dfields *f, int *done, xmlNodePtr *node, char **text)
{
	if (f->f_date_text != NULL || f->f_date_attr != NULL)
		return;
	if (!*done) {
		*node = detect_list_date(d, r, text);
		*done = 1;
	}
	if (*node != NULL) {
		f->f_date_text = xstrdup(*text);
		f->f_pick.p_node[RULE_DATE] = *node;
	}
}

/* Whether N's class names a date ("date-header", "day"). */
static int
detect_dated_class(xmlNodePtr n)
{
	const char	*c = detect_attr(n, "class");

	return (c != NULL && (strcase_find(c, "date") != NULL ||
	    strcase_find(c, "day") != NULL));
}

/* Whether S holds a year of four digits (1970..2199) standing alone. */
static int
detect_has_year(const char *s)
{
	size_t	 i, run = 0;

	for (i = 0;; i++) {
		if (isdigit((unsigned char)s[i])) {
			run++;
			continue;
		}
		if (run == 4 && (strncmp(s + i - 4, "19", 2) == 0 ||
		    strncmp(s + i - 4, "20", 2) == 0 ||
		    strncmp(s + i - 4, "21", 2) == 0))
			return (1);
		if (s[i] == '\0')
			return (0);
		run = 0;
	}
}

/*
 * Days heading the posts below them, among their siblings ("<h2>March
 * 19</h2>" then the day's "<h2 class=posttitle>"s): the nearest sibling
 * before member M, back to the member before it (PREV, or a few
 * elements for the first): a heading, or classed as a date, whose short
 * text is a date; or any other element without a link whose short text
 * is a date with its year ("maandag 19 maart 2018": a relative one
 * there is the end of the previous record).  Found,
 * it replaces *NODE and *TEXT (freed); else they stay, the day still
 * running.
 */
static void
detect_day_heading(struct detect *d, xmlNodePtr m, xmlNodePtr prev,
    xmlNodePtr *node, char **text)
{
	xmlNodePtr	 p;
	char		*s;
	time_t		 t;
	int		 budget = prev != NULL ? DETECT_ITEM_BUDGET : 4;

	for (p = detect_prev_element(m); p != NULL && p != prev &&
	    --budget > 0; p = detect_prev_element(p)) {
		const struct dnode *dn = detect_record(d, p);
		int	 named = detect_is_heading(p) || detect_dated_class(p);

		/* The measured text tells a long block without reading it. */
		/* A heading of links to several days ("Today ·
		 * Yesterday") is a calendar's, no day of the posts. */
		if ((!named && (dn == NULL || dn->dn_links > 0 ||
		    dn->dn_text > 120 || dn->dn_text < 6)) ||
		    (named && dn != NULL && dn->dn_links >= 2) ||
		    detect_hidden(p) || (s = detect_clean_text(p, 64)) == NULL)
			continue;
		if (detect_count(s) <= 40 && detect_maybe_date(s) &&
		    (named || detect_has_year(s)) &&
		    detect_parse_date(d, s, &t) == 0) {
			free(*text);
			*text = s;
			*node = p;
			return;
		}
		free(s);
	}
}

/* The items of group G (and a featured one above it); returns how many. */
static size_t
detect_take(struct detect *d, const struct dgroup *g)
{
	int		 featured[DETECT_FEATURED_MAX], done, heads;
	size_t		 from = d->d_pg->ex_nitems, nf, j, k;
	struct dfields	 f;
	const struct drun *r = &d->d_runs[g->g_run];
	xmlNodePtr	 dnode = NULL, hnode = NULL, m;
	char		*dtext = NULL, *htext = NULL;

	nf = detect_featured(d, r, featured, &heads);
	for (j = 0; j < nf; j++) {
		/* A story in a container of its own is not one of the
		 * list's records. */
		if (detect_pick(d, d->d_nodes[featured[j]].dn_node,
		    heads ? NULL : r, &f) == 0)
			detect_add(d, &f);
		detect_fields_free(&f);
	}
	for (k = 0; k < g->g_nruns; k++) {
		r = &d->d_runs[g->g_run + k];
		done = 0;
		for (j = 0; j < r->r_n && d->d_pg->ex_nitems < ITEM_MAX_ITEMS;
		    j++) {
			m = d->d_nodes[d->d_members[r->r_first + j]].dn_node;
			detect_day_heading(d, m, j > 0 ? d->d_nodes[
			    d->d_members[r->r_first + j - 1]].dn_node : NULL,
			    &hnode, &htext);
			if (detect_pick_again(d, m, r, &f) == 0) {
				detect_date_from_list(d, r, &f, &done,
				    &dnode, &dtext);
				if (f.f_date_text == NULL && f.f_date_attr ==
				    NULL && hnode != NULL) {
					f.f_date_text = xstrdup(htext);
					f.f_pick.p_node[RULE_DATE] = hnode;
				}
				detect_add(d, &f);
			}
			detect_fields_free(&f);
		}
		free(dtext);
		dtext = NULL;
		free(htext);
		htext = NULL;
		hnode = NULL;
	}
	detect_drop_demoted(d, from);
	return (d->d_pg->ex_nitems - from);
}

/* Items from the best group of the markup; returns how many. */
size_t
detect_markup(struct detect *d, char **how)
{
	struct dgroup	*groups;
	size_t		 ngroups, top, from = d->d_pg->ex_nitems;

	if (d->d_nodes == NULL)
		detect_measure(d);
	d->d_why = "the page has no visible elements";
	if (d->d_n == 0)
		return (0);
	detect_runs(d);
	d->d_why = "no repeated structure with links found (3 or more "
	    "similar elements side by side, each with a link)";
	if (d->d_nruns == 0)
		return (0);
	groups = xcalloc(d->d_nruns, sizeof(*groups));
	if ((ngroups = detect_groups(d, groups)) > 0) {
		d->d_why = NULL;
		top = ngroups < DETECT_TOP ? ngroups : DETECT_TOP;
		detect_date_boost(d, groups, top);
		detect_prefer_records(d, groups, ngroups);
		detect_prefer_headed(d, groups, ngroups);
		detect_prefer_outer(d, groups, ngroups);
		if (d->d_runners)
			detect_runners_up(d, groups, top);
		detect_prefer_inner(d, groups, ngroups);
		/* After it: a record's title is short like a section's. */
		detect_prefer_fielded(d, groups, ngroups);
		detect_sisters(d, groups, ngroups);
		if (detect_take(d, &groups[0]) >= DETECT_MIN_ITEMS)
			detect_how(d, &groups[0], how, NULL);
		else {
			d->d_why = "the likeliest list had fewer than 3 "
			    "elements with a usable link";
			detect_truncate(d, from);
		}
	}
	detect_sampled_free(d);
	free(groups);
	return (d->d_pg->ex_nitems);
}
