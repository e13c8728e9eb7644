/*
 * detect_prefer.c: the choice among the markup's scored groups.  The
 * unit that carries one title each (records over their rows, headings
 * over prose siblings, sections over their lists, stories over the
 * related links inside them), sister lists that look alike from above
 * joined to the first, and the shape that names a list for that.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "detect.h"
#include "detect_date.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* The share of group G's members (a sample) that carry a title: a
 * heading, or a link of some length. */
double
detect_titled_share(const struct detect *d, const struct dgroup *g)
{
	const struct drun	*r;
	const struct dnode	*m;
	size_t			 k, j, seen = 0, titled = 0;

	for (k = 0; k < g->g_nruns && seen < DETECT_TOKEN_SAMPLE; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n && seen < DETECT_TOKEN_SAMPLE; j++) {
			m = &d->d_nodes[d->d_members[r->r_first + j]];
			seen++;
			titled += m->dn_heads > 0 || m->dn_maxlink >= 10;
		}
	}
	return (seen ? (double)titled / (double)seen : 0);
}

/* 1 when node IDX is a member of group G. */
static int
detect_group_has(const struct detect *d, const struct dgroup *g, int idx)
{
	const struct drun	*r;
	size_t			 k, j;

	for (k = 0; k < g->g_nruns; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n; j++)
			if (d->d_members[r->r_first + j] == idx)
				return (1);
	}
	return (0);
}

/* Group I becomes the list taken; the first takes its place. */
static void
detect_first_group(struct dgroup *groups, size_t i)
{
	struct dgroup	 tmp = groups[0];

	groups[0] = groups[i];
	groups[i] = tmp;
}

/*
 * The unit that carries one title each: when the winner's members are
 * mostly untitled parts (a file's <dd>s: date, author, tags) of elements
 * that form a group of their own, each with its title, that group is the
 * list.
 */
void
detect_prefer_records(const struct detect *d, struct dgroup *groups,
    size_t n)
{
	const struct drun	*r = &d->d_runs[groups[0].g_run];
	size_t			 i;

	if (groups[0].g_nruns < DETECT_MIN_ITEMS ||
	    detect_titled_share(d, &groups[0]) >= 0.5)
		return;
	for (i = 1; i < n; i++) {
		if (!detect_group_has(d, &groups[i], r->r_parent) ||
		    detect_titled_share(d, &groups[i]) < 0.8)
			continue;
		detect_first_group(groups, i);
		return;
	}
}

/*
 * Records with their fields in a table of their own: when the winner is
 * rows without a title each ("Category:", "License:"), and rows like them
 * (tag and class) sit in several members of a group whose members each
 * carry a title, one table per record a few levels down, that group is
 * the list (the winner took one record's table, or all of them joined).
 * One pass over the runs, each member knowing its group: linear in the
 * page whatever the number of groups.
 */
void
detect_prefer_fielded(const struct detect *d, struct dgroup *groups,
    size_t n)
{
	const struct drun	*w = &d->d_runs[groups[0].g_run], *r;
	int			*group_of, (*held)[DETECT_MIN_ITEMS];
	int			 seen[DETECT_RECORD_DEPTH], idx, gi, up;
	size_t			*nheld, i, j, k, q, ns;

	if (detect_titled_share(d, &groups[0]) >= 0.5)
		return;
	group_of = xreallocarray(NULL, d->d_n, sizeof(*group_of));
	for (k = 0; k < d->d_n; k++)
		group_of[k] = -1;
	held = xcalloc(n, sizeof(*held));
	nheld = xcalloc(n, sizeof(*nheld));
	for (i = 1; i < n; i++) {
		if (groups[i].g_n < DETECT_MIN_ITEMS ||
		    detect_titled_share(d, &groups[i]) < 0.8)
			continue;
		for (k = 0; k < groups[i].g_nruns; k++) {
			r = &d->d_runs[groups[i].g_run + k];
			for (j = 0; j < r->r_n; j++)
				group_of[d->d_members[r->r_first + j]] = (int)i;
		}
	}
	/* Each run like the winner's counts for the groups whose members
	 * hold it, the nearest member of each. */
	for (k = 0; k < d->d_nruns; k++) {
		r = &d->d_runs[k];
		if (strcmp(r->r_tag, w->r_tag) != 0 ||
		    strcmp(r->r_token, w->r_token) != 0)
			continue;
		for (idx = r->r_parent, up = 0, ns = 0; idx >= 0 &&
		    up < DETECT_RECORD_DEPTH; up++,
		    idx = d->d_nodes[idx].dn_parent) {
			if ((gi = group_of[idx]) < 0)
				continue;
			for (q = 0; q < ns && seen[q] != gi; q++)
				;
			if (q < ns)
				continue;
			seen[ns++] = gi;
			for (q = 0; q < nheld[gi] && held[gi][q] != idx; q++)
				;
			if (q == nheld[gi] && nheld[gi] < DETECT_MIN_ITEMS)
				held[gi][nheld[gi]++] = idx;
		}
	}
	for (i = 1; i < n && nheld[i] < DETECT_MIN_ITEMS; i++)
		;
	if (i < n)
		detect_first_group(groups, i);
	free(group_of);
	free(held);
	free(nheld);
}

/*
 * Posts without a wrapper: each a heading with its title link, then its
 * byline and body as plain siblings.  When the winner is those siblings
 * (mixed classes, prose rather than links, at most four to a heading)
 * and the headings among them form a group of story titles, the headings
 * (each reaching to the next) are the list.
 */
void
detect_prefer_headed(const struct detect *d, struct dgroup *groups,
    size_t n)
{
	const struct drun	*r = &d->d_runs[groups[0].g_run], *h;
	double			 text = 0, ltext = 0, maxlink = 0;
	size_t			 i, k;

	if (r->r_extent != 0 || r->r_token[0] != '\0' ||
	    detect_is_heading(d->d_nodes[d->d_members[r->r_first]].dn_node))
		return;
	for (k = 0; k < groups[0].g_nruns; k++) {
		text += d->d_runs[groups[0].g_run + k].r_text;
		ltext += d->d_runs[groups[0].g_run + k].r_ltext;
	}
	if (text <= 0 || ltext / text >= 0.5)
		return;
	for (i = 1; i < n; i++) {
		h = &d->d_runs[groups[i].g_run];
		if (h->r_extent != EXTENT_TAG || h->r_parent != r->r_parent ||
		    !detect_is_heading(d->d_nodes[d->d_members[h->r_first]].
		    dn_node) || groups[i].g_n < DETECT_MIN_ITEMS ||
		    groups[i].g_n * 4 < groups[0].g_n)
			continue;
		for (k = 0, maxlink = 0; k < groups[i].g_nruns; k++)
			maxlink += d->d_runs[groups[i].g_run + k].r_maxlink;
		if (maxlink / (double)groups[i].g_n < 20 ||
		    detect_titled_share(d, &groups[i]) < 0.8)
			continue;
		detect_first_group(groups, i);
		return;
	}
}

/* How many levels above element index A the element index B's ancestor
 * chain meets A's, or -1 beyond UP. */
static int
detect_meet(const struct detect *d, int a, int b, int up)
{
	int	 x, y, i, j;

	for (x = a, i = 0; x >= 0 && i <= up; x =
	    d->d_nodes[x].dn_parent, i++)
		for (y = b, j = 0; y >= 0 && j <= up; y =
		    d->d_nodes[y].dn_parent, j++)
			if (x == y)
				return (i > j ? i : j);
	return (-1);
}

/*
 * What a list element looks like from above: its tag and its parents'
 * up to the first with a class, and that class's first token ("ul <
 * article < section.jobs"); "" when none has a class within three levels.
 */
static void
detect_list_shape(const struct detect *d, int idx, char *out, size_t size)
{
	const char	*id;
	char	 tok[64];
	size_t	 len = 0;
	int	 k;

	out[0] = '\0';
	for (k = 0; idx >= 0 && k < DETECT_SISTER_UP; k++,
	    idx = d->d_nodes[idx].dn_parent) {
		detect_first_token(d->d_nodes[idx].dn_node, tok, sizeof(tok));
		/* A class of layout ("clear-block") names no list; a
		 * container named by an id ("right", "center") without a
		 * class is as good a name as a class. */
		if (detect_layout_token(tok))
			tok[0] = '\0';
		id = tok[0] == '\0' ? detect_attr(d->d_nodes[idx].dn_node,
		    "id") : NULL;
		len += (size_t)snprintf(out + len, len < size ? size - len : 0,
		    "%s%s.%s%s%.60s", k > 0 ? "<" : "",
		    (const char *)d->d_nodes[idx].dn_node->name, tok,
		    id != NULL ? "#" : "", id != NULL ? id : "");
		if (len >= size)
			break;
		if (tok[0] != '\0' || id != NULL)
			return;
	}
	out[0] = '\0';
}

/* Prefixes of grid classes that give a column's width: "span8",
 * "col-md-4", "w-col-10", "grid_6", "large-8". */
static const char *const grid_prefixes[] = { "span", "col-xs-", "col-sm-",
    "col-md-", "col-lg-", "col-xl-", "col-", "w-col-", "grid_", "grid-",
    "large-", "medium-", NULL };

/* The width element N's class gives under grid prefix number P, or 0. */
static int
detect_grid_width(xmlNodePtr n, size_t p)
{
	const char	*c = detect_attr(n, "class"), *s;
	size_t		 len, plen = strlen(grid_prefixes[p]), k;
	int		 w;

	for (s = c; s != NULL && *(s += strspn(s, " \t\r\n\f")) != '\0';
	    s += len) {
		len = strcspn(s, " \t\r\n\f");
		if (len <= plen || len > plen + 2 ||
		    strncmp(s, grid_prefixes[p], plen) != 0)
			continue;
		/* One or two digits, read within the token. */
		for (k = plen, w = 0; k < len && isdigit((unsigned char)s[k]);
		    k++)
			w = w * 10 + (s[k] - '0');
		if (k == len)
			return (w);
	}
	return (0);
}

/*
 * Whether the lists at element indexes A and B sit in grid columns of
 * different widths below where they meet (UP levels): "span8" beside
 * "span4" is the main column and a side one, no sisters.
 */
static int
detect_columns_differ(const struct detect *d, int a, int b, int up)
{
	int	 x, y, i, j, wa, wb;
	size_t	 p;

	for (p = 0; grid_prefixes[p] != NULL; p++)
		for (x = a, i = 0; x >= 0 && i < up;
		    x = d->d_nodes[x].dn_parent, i++) {
			wa = detect_grid_width(d->d_nodes[x].dn_node, p);
			if (wa == 0)
				continue;
			for (y = b, j = 0; y >= 0 && j < up;
			    y = d->d_nodes[y].dn_parent, j++)
				if ((wb = detect_grid_width(
				    d->d_nodes[y].dn_node, p)) != 0)
					return (wa != wb);
			break;
		}
	return (0);
}

/* Whether run R's members each carry a title: a heading, or a link of
 * a headline's length. */
static int
detect_run_titled(const struct drun *r)
{
	return (r->r_heads >= (double)r->r_n * 0.8 ||
	    r->r_maxlink >= (double)r->r_n * 20);
}

/*
 * Whether group S's lists are kin of the list of run M: stories as
 * <article>s both, each titled, in sections above the list in its column
 * (a carousel, "A la une" over the latest news), however each section is
 * built; near (DETECT_KIN_UP), not furniture, not one inside the other.
 * Sections below the list are left: strips of "more" close a page.
 */
static int
detect_kin(const struct detect *d, const struct drun *m,
    const struct dgroup *s)
{
	const struct drun	*r;
	size_t			 k;
	int			 up;

	if (strcmp(m->r_tag, "article") != 0 || !detect_run_titled(m))
		return (0);
	for (k = 0; k < s->g_nruns; k++) {
		r = &d->d_runs[s->g_run + k];
		if (strcmp(r->r_tag, "article") != 0 || !detect_run_titled(r) ||
		    r->r_parent >= m->r_parent ||
		    (d->d_nodes[r->r_parent].dn_flags & DN_BOILER))
			return (0);
		up = detect_meet(d, m->r_parent, r->r_parent, DETECT_KIN_UP);
		if (up < 1 ||
		    detect_contains(d->d_nodes[r->r_parent].dn_node,
		    d->d_nodes[m->r_parent].dn_node))
			return (0);
	}
	return (s->g_nruns > 0);
}

/* Whether group S's lists are sisters of the list of run M: lists that
 * look alike from above ("ul.stories col-A" and "ul.stories col-B";
 * "section.jobs > article > ul" again and again), with the same members,
 * near, not furniture, not one inside the other, of like length. */
static int
detect_sister(const struct detect *d, const struct drun *m,
    const struct dgroup *s)
{
	const struct drun	*r;
	double			 mm = m->r_text / (double)m->r_n, sm;
	size_t			 k;
	int			 up;
	char			 mshape[256], rshape[256];

	detect_list_shape(d, m->r_parent, mshape, sizeof(mshape));
	for (k = 0; k < s->g_nruns; k++) {
		r = &d->d_runs[s->g_run + k];
		/* Members' classes may differ ("big img", "normal") unless
		 * a class marks where each item starts. */
		detect_list_shape(d, r->r_parent, rshape, sizeof(rshape));
		if (mshape[0] == '\0' || strcmp(rshape, mshape) != 0 ||
		    strcmp(r->r_tag, m->r_tag) != 0 ||
		    ((r->r_extent == EXTENT_TOKEN || m->r_extent ==
		    EXTENT_TOKEN) && strcmp(r->r_token, m->r_token) != 0) ||
		    !xmlStrEqual(d->d_nodes[r->r_parent].dn_node->name,
		    d->d_nodes[m->r_parent].dn_node->name) ||
		    (d->d_nodes[r->r_parent].dn_flags & DN_BOILER))
			return (0);
		up = detect_meet(d, m->r_parent, r->r_parent,
		    DETECT_SISTER_UP);
		if (up < 1 || detect_columns_differ(d, m->r_parent,
		    r->r_parent, up) ||
		    detect_contains(d->d_nodes[m->r_parent].dn_node,
		    d->d_nodes[r->r_parent].dn_node) ||
		    detect_contains(d->d_nodes[r->r_parent].dn_node,
		    d->d_nodes[m->r_parent].dn_node))
			return (0);
		sm = r->r_text / (double)r->r_n;
		if (sm * 3 < mm || sm > mm * 3)
			return (0);
	}
	return (1);
}

static int
detect_cmp_parent(const void *a, const void *b)
{
	const struct drun	*x = a, *y = b;

	return ((x->r_parent > y->r_parent) - (x->r_parent < y->r_parent));
}

/*
 * A sister of M's list too short to be a run of its own (one item: gov.uk
 * sections of one publication): a run made for it from M, into *RUNS
 * (grown; *N runs, *CAP room).
 */
static void
detect_lone_sisters(struct detect *d, const struct drun *m,
    struct drun **runs, size_t *n, size_t *cap)
{
	char		 mshape[256], shape[256];
	const char	*ptag = (const char *)d->d_nodes[m->r_parent].dn_node->name;
	struct drun	 r;
	double		 mm = m->r_text / (double)m->r_n;
	char		*parents;
	size_t		 k;
	int		 idx, c, up;

	detect_list_shape(d, m->r_parent, mshape, sizeof(mshape));
	if (mshape[0] == '\0')
		return;
	/* The lists of runs, marked once: every element of the tag is
	 * looked at. */
	parents = xcalloc(d->d_n, 1);
	for (k = 0; k < d->d_nruns; k++)
		parents[d->d_runs[k].r_parent] = 1;
	for (k = 0; k < *n; k++)
		parents[(*runs)[k].r_parent] = 1;
	for (idx = 0; idx < (int)d->d_n; idx++) {
		if (parents[idx] || (d->d_nodes[idx].dn_flags & DN_BOILER) ||
		    !detect_same_name(d->d_nodes[idx].dn_node->name, ptag) ||
		    (up = detect_meet(d, m->r_parent, idx,
		    DETECT_SISTER_UP)) < 1)
			continue;
		detect_list_shape(d, idx, shape, sizeof(shape));
		if (strcmp(shape, mshape) != 0 ||
		    detect_columns_differ(d, m->r_parent, idx, up) ||
		    detect_contains(d->d_nodes[m->r_parent].dn_node,
		    d->d_nodes[idx].dn_node) ||
		    detect_contains(d->d_nodes[idx].dn_node,
		    d->d_nodes[m->r_parent].dn_node))
			continue;
		r = *m;
		r.r_parent = idx;
		r.r_gparent = d->d_nodes[idx].dn_parent;
		r.r_first = d->d_nmembers;
		r.r_n = 0;
		r.r_text = 0;
		for (c = d->d_nodes[idx].dn_first; c >= 0;
		    c = d->d_nodes[c].dn_next) {
			/* Items of their own: each with a link. */
			if (strcmp((const char *)d->d_nodes[c].dn_node->name,
			    m->r_tag) != 0 || d->d_nodes[c].dn_links == 0)
				continue;
			d->d_members = xreallocarray(d->d_members,
			    d->d_nmembers + 1, sizeof(*d->d_members));
			d->d_members[d->d_nmembers++] = c;
			r.r_n++;
			r.r_text += d->d_nodes[c].dn_text;
		}
		if (r.r_n == 0 || r.r_text / (double)r.r_n * 3 < mm ||
		    r.r_text / (double)r.r_n > mm * 3) {
			d->d_nmembers = r.r_first;
			continue;
		}
		if (*n == *cap) {
			*cap *= 2;
			*runs = xreallocarray(*runs, *cap, sizeof(**runs));
		}
		(*runs)[(*n)++] = r;
	}
	free(parents);
}

/*
 * A list laid out in columns of their own (derStandard's "ul.stories
 * col-A" and "col-B" under different parents; gov.uk's sections of a
 * collection, one list each) is one list: the first group takes its
 * sister groups' runs, and runs made for sisters of one item.  d_runs is
 * rewritten with the first group's runs first, in page order (the other
 * groups are not used after this).
 */
void
detect_sisters(struct detect *d, struct dgroup *groups, size_t n)
{
	struct drun	*runs;
	const struct drun *m = &d->d_runs[groups[0].g_run];
	size_t		 i, k, at = 0, total, cap;
	int		*take;

	take = xcalloc(n, sizeof(*take));
	take[0] = 1;
	for (i = 1; i < n; i++)
		take[i] = detect_sister(d, m, &groups[i]) ||
		    detect_kin(d, m, &groups[i]);
	cap = d->d_nruns + 16;
	runs = xcalloc(cap, sizeof(*runs));
	for (i = 0; i < n; i++)
		for (k = 0; take[i] && k < groups[i].g_nruns; k++)
			runs[at++] = d->d_runs[groups[i].g_run + k];
	detect_lone_sisters(d, m, &runs, &at, &cap);
	if (at == groups[0].g_nruns) {
		free(runs);
		free(take);
		return;
	}
	total = at;
	/* The page's order: a sister above the first comes first. */
	qsort(runs, total, sizeof(*runs), detect_cmp_parent);
	for (i = 0; i < d->d_nruns; i++) {
		for (k = 0; k < total; k++)
			if (runs[k].r_first == d->d_runs[i].r_first &&
			    runs[k].r_parent == d->d_runs[i].r_parent)
				break;
		if (k == total) {
			if (at == cap) {
				cap *= 2;
				runs = xreallocarray(runs, cap, sizeof(*runs));
			}
			runs[at++] = d->d_runs[i];
		}
	}
	/* Members of sisters with other classes: the list is their tag. */
	for (k = 1; k < total; k++)
		if (strcmp(runs[k].r_token, runs[0].r_token) != 0)
			break;
	for (i = 0; k < total && i < total; i++)
		runs[i].r_token[0] = '\0';
	free(d->d_runs);
	d->d_runs = runs;
	d->d_nruns = at;
	groups[0].g_run = 0;
	groups[0].g_nruns = total;
	for (i = 0, groups[0].g_n = 0; i < total; i++)
		groups[0].g_n += runs[i].r_n;
	free(take);
}

/* The member of group G that holds element index IDX, or -1. */
static int
detect_member_over(const struct detect *d, const struct dgroup *g, int idx)
{
	size_t	 k;
	int	 up;

	for (up = 0; idx >= 0 && up < DETECT_MAX_DEPTH; up++,
	    idx = d->d_nodes[idx].dn_parent)
		for (k = 0; d->d_nodes[idx].dn_parent >= 0 && k < g->g_nruns;
		    k++)
			if (d->d_runs[g->g_run + k].r_parent ==
			    d->d_nodes[idx].dn_parent)
				return (idx);
	return (-1);
}

/* Whether the first link under member M (index MI) is a title (no
 * section's name) outside every member of group A: the member's own,
 * not one of A's. */
static int
detect_own_link(const struct detect *d, const struct dgroup *a, int mi)
{
	xmlNodePtr	 m = d->d_nodes[mi].dn_node, n, x;
	const struct dnode *r;
	int		 budget = DETECT_ITEM_BUDGET;

	for (n = m; n != NULL && --budget > 0 && !detect_is_link(n);
	    n = detect_next(n, m, 1))
		;
	if (n == NULL || budget <= 0 ||
	    detect_count(detect_text_peek(n, 64)) < DETECT_SECTION_NAME)
		return (0);
	for (x = n; x != NULL && x != m; x = x->parent)
		if ((r = detect_record(d, x)) != NULL &&
		    detect_group_has(d, a, (int)(r - d->d_nodes)))
			return (0);
	return (1);
}

/*
 * Whether group A's members are related links inside group B's members
 * ("<li><a>story</a><span><a>related</a></span>...</li>"): links to
 * stories (one each, of some length) without headings, nine in ten
 * inside B's members, B's members each with a
 * title link of its own before them, and not one to one (some stories
 * have none, some several).
 */
static int
detect_related_inside(const struct detect *d, const struct dgroup *b,
    const struct dgroup *a)
{
	const struct drun	*r;
	int			 hits[DETECT_TOKEN_SAMPLE], mem[DETECT_TOKEN_SAMPLE];
	size_t			 k, j, nb, inside, seen, own, uneven;
	int			 idx, over, q;

	/* Each a link to a story: no heading, a link of some length. */
	for (k = 0; k < a->g_nruns; k++) {
		r = &d->d_runs[a->g_run + k];
		if (r->r_heads > 0 || r->r_links < (double)r->r_n ||
		    r->r_maxlink < (double)r->r_n * DETECT_SECTION_NAME)
			return (0);
	}
	/* B's first members, and how many of A's sit in each. */
	for (k = nb = 0; k < b->g_nruns && nb < DETECT_TOKEN_SAMPLE; k++) {
		r = &d->d_runs[b->g_run + k];
		for (j = 0; j < r->r_n && nb < DETECT_TOKEN_SAMPLE; j++)
			mem[nb++] = d->d_members[r->r_first + j];
	}
	memset(hits, 0, sizeof(hits));
	for (k = inside = seen = 0; k < a->g_nruns; k++) {
		r = &d->d_runs[a->g_run + k];
		for (j = 0; j < r->r_n && seen < 512; j++, seen++) {
			idx = d->d_members[r->r_first + j];
			over = detect_member_over(d, b, idx);
			inside += over >= 0 && over != idx;
			for (q = 0; q < (int)nb; q++)
				hits[q] += mem[q] == over;
		}
	}
	if (seen == 0 || inside * 10 < seen * 9)
		return (0);
	for (q = 0, own = uneven = 0; q < (int)nb; q++) {
		own += detect_own_link(d, a, mem[q]);
		uneven += hits[q] != 1;
	}
	return (own * 5 >= nb * 4 && uneven > 0);
}

/* Whether A and B have the same class attribute (or both none). */
static int
detect_same_class(xmlNodePtr a, xmlNodePtr b)
{
	const char	*x = detect_attr(a, "class"), *y = detect_attr(b, "class");

	return (x == NULL || y == NULL ? x == y : strcmp(x, y) == 0);
}

/* Group A's members hold related links inside B's: their links name
 * no item, nor do lone ones like them, of their tag and class (a story
 * with one related link has no run of them); the date boost's picks,
 * made without knowing, are dropped. */
static void
detect_mark_aside(struct detect *d, const struct dgroup *b,
    const struct dgroup *a)
{
	const struct drun	*r;
	const char		*tag = d->d_runs[a->g_run].r_tag;
	xmlNodePtr		 like = d->d_nodes[d->d_members[
				    d->d_runs[a->g_run].r_first]].dn_node;
	size_t			 k, j;
	int			 c, m;

	detect_sampled_free(d);
	for (k = 0; k < a->g_nruns; k++) {
		r = &d->d_runs[a->g_run + k];
		for (j = 0; j < r->r_n; j++)
			d->d_nodes[d->d_members[r->r_first + j]].dn_flags |=
			    DN_ASIDE;
	}
	for (k = 0; k < b->g_nruns; k++) {
		r = &d->d_runs[b->g_run + k];
		for (j = 0; j < r->r_n; j++) {
			m = d->d_members[r->r_first + j];
			for (c = d->d_nodes[m].dn_first; c >= 0;
			    c = d->d_nodes[c].dn_next)
				if (c != d->d_nodes[m].dn_first &&
				    strcmp((const char *)d->d_nodes[c].dn_node->
				    name, tag) == 0 && detect_same_class(
				    d->d_nodes[c].dn_node, like))
					d->d_nodes[c].dn_flags |= DN_ASIDE;
		}
	}
}

/*
 * Stories with related links inside: when the winner is the related
 * links and the stories are a group about as strong, the stories are
 * the list; either way the related links name no story.
 */
void
detect_prefer_outer(struct detect *d, struct dgroup *groups, size_t n)
{
	size_t	 i;

	for (i = 1; i < n && groups[0].g_n >= DETECT_MIN_ITEMS; i++)
		if (groups[i].g_score >= groups[0].g_score * 0.8 &&
		    groups[i].g_n * 2 >= groups[0].g_n &&
		    groups[i].g_n >= DETECT_MIN_ITEMS &&
		    detect_related_inside(d, &groups[i], &groups[0])) {
			detect_mark_aside(d, &groups[i], &groups[0]);
			detect_first_group(groups, i);
			return;
		}
	for (i = 1; i < n; i++)
		if (detect_related_inside(d, &groups[0], &groups[i]))
			detect_mark_aside(d, &groups[0], &groups[i]);
}

/* Whether heading H shows a date ("October 15th, 2017, FFmpeg 3.4"): a
 * post's heading, no section's name. */
static int
detect_dated(const struct detect *d, xmlNodePtr h)
{
	const char	*s = detect_text_peek(h, 256);
	time_t		 t;

	return (detect_count(s) <= 160 && detect_maybe_date(s) &&
	    detect_parse_date(d, s, &t) == 0);
}

/* Whether member IDX, without a heading, is mostly lists of its own (a
 * panel or two: a name, then a list of linked entries). */
static int
detect_holds_list(const struct detect *d, int idx)
{
	const struct drun	*r;
	double			 text = 0;
	size_t			 k;
	int			 a, up;

	for (k = 0; k < d->d_nruns; k++) {
		r = &d->d_runs[k];
		if (r->r_parent <= idx || r->r_n < 3)
			continue;
		for (a = r->r_parent, up = 0; a > idx && up < DETECT_MAX_DEPTH;
		    a = d->d_nodes[a].dn_parent, up++)
			;
		if (a == idx)
			text += r->r_text;
	}
	return (text >= d->d_nodes[idx].dn_text * 0.6);
}

/* Whether most of group G's members are sections: their first heading
 * names them without a link, or with a short one to the section's page
 * ("Latest", "News"; the entries below it have the links), and shows no
 * date. */
static int
detect_sections(const struct detect *d, const struct dgroup *g)
{
	const struct drun	*r;
	xmlNodePtr		 m, n, link;
	size_t			 k, j, seen = 0, sections = 0;
	int			 budget;

	for (k = 0; k < g->g_nruns && seen < DETECT_TOKEN_SAMPLE; k++) {
		r = &d->d_runs[g->g_run + k];
		for (j = 0; j < r->r_n && seen < DETECT_TOKEN_SAMPLE; j++) {
			m = d->d_nodes[d->d_members[r->r_first + j]].dn_node;
			seen++;
			budget = DETECT_ITEM_BUDGET;
			for (n = m; n != NULL && --budget > 0 &&
			    !detect_is_heading(n); n = detect_next(n, m, 1))
				;
			if (n != NULL && budget > 0)
				sections += ((link = detect_title_link(n, m)) ==
				    NULL || detect_count(detect_text_peek(link,
				    64)) < DETECT_SECTION_NAME) &&
				    !detect_dated(d, n);
			else
				sections += detect_holds_list(d,
				    d->d_members[r->r_first + j]);
		}
	}
	return (seen > 0 && sections * 5 >= seen * 4);
}

/* Whether run R is a list of entries each with a link of some text, in
 * a member of group G (a section's list). */
static int
detect_inner_list(const struct detect *d, const struct dgroup *g,
    const struct drun *r)
{
	return (r->r_links <= (double)r->r_n * 1.5 &&
	    r->r_maxlink >= (double)r->r_n * 10 &&
	    detect_member_over(d, g, r->r_parent) >= 0);
}

/* Of the groups like group number AT (a list of SHAPE in a section),
 * the one first on the page: the sections' lists were not joined (too
 * far apart), and the first section leads ("All recent posts" above the
 * boards' own). */
static size_t
detect_first_inner(const struct detect *d, const struct dgroup *groups,
    size_t n, size_t at, const char *shape)
{
	char			 other[256];
	const struct drun	*r, *best = &d->d_runs[groups[at].g_run];
	size_t			 i, first = at;

	for (i = 1; i < n; i++) {
		r = &d->d_runs[groups[i].g_run];
		if (r->r_parent >= best->r_parent ||
		    !xmlStrEqual(d->d_nodes[r->r_parent].dn_node->name,
		    d->d_nodes[best->r_parent].dn_node->name) ||
		    !detect_inner_list(d, &groups[0], r))
			continue;
		detect_list_shape(d, r->r_parent, other, sizeof(other));
		if (strcmp(other, shape) == 0) {
			best = r;
			first = i;
		}
	}
	return (first);
}

/*
 * A list of sections, each a heading over a list of its own (gov.uk's
 * groups of publications): the items are the inner lists' entries.  When
 * the first group's members are such sections and most hold a list shaped
 * like a later group's, whose entries have a link each, that group goes
 * first (detect_sisters then joins the other sections' lists to it).
 */
void
detect_prefer_inner(const struct detect *d, struct dgroup *groups, size_t n)
{
	char		 shape[256], other[256];
	const struct drun *r;
	size_t		 i, held;
	int		 idx, member, last;

	if (!detect_sections(d, &groups[0]))
		return;
	for (i = 1; i < n; i++) {
		r = &d->d_runs[groups[i].g_run];
		if (!detect_inner_list(d, &groups[0], r))
			continue;
		detect_list_shape(d, r->r_parent, shape, sizeof(shape));
		if (shape[0] == '\0')
			continue;
		for (idx = 0, held = 0, last = -1; idx < (int)d->d_n; idx++) {
			if (!xmlStrEqual(d->d_nodes[idx].dn_node->name,
			    d->d_nodes[r->r_parent].dn_node->name))
				continue;
			detect_list_shape(d, idx, other, sizeof(other));
			if (strcmp(other, shape) != 0 || (member =
			    detect_member_over(d, &groups[0], idx)) < 0 ||
			    member == last)
				continue;
			held++;
			last = member;
		}
		if (held * 2 < groups[0].g_n)
			continue;
		detect_first_group(groups, detect_first_inner(d, groups, n, i,
		    shape));
		return;
	}
}
