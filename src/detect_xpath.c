/*
 * detect_xpath.c: the XPath that selects the markup's chosen items, as
 * preview and `item =` rules show it (a chain of the members' ancestors,
 * as short as selects the items and nothing else), and the runners-up,
 * the lists that lost, for a user who wants another one.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "detect.h"
#include "detect_markup.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

void
detect_first_token(xmlNodePtr n, char *token, size_t size)
{
	const char	*c;
	size_t		 len;
	int		 pass;

	token[0] = '\0';
	for (pass = 0; pass < 2; pass++) {
		c = detect_attr(n, "class");
		while (c != NULL && *c != '\0') {
			while (isspace((unsigned char)*c))
				c++;
			len = strcspn(c, " \t\r\n\f");
			if (len > 0 && len < size && strcspn(c, pass == 0 ?
			    "0123456789'\"" : "'\"") >= len) {
				memcpy(token, c, len);
				token[len] = '\0';
				return;
			}
			c += len;
		}
	}
}

/* One step of a list's XPath: a tag with its id, or one class token (the
 * whole class when it is only that token), or neither. */
struct dstep {
	const char	*ds_name;
	const char	*ds_id;
	char		 ds_token[64];
	int		 ds_whole;
};

#define DETECT_STEPS	9	/* 8 ancestors and the member */

static void
detect_step(struct dstep *st, xmlNodePtr n, const char *token, int use_id)
{
	const char	*id = detect_attr(n, "id");
	const char	*cls = detect_attr(n, "class");

	memset(st, 0, sizeof(*st));
	st->ds_name = (const char *)n->name;
	if (use_id && id != NULL && *id != '\0' && strchr(id, '\'') == NULL &&
	    strlen(id) < 64) {
		st->ds_id = id;
		return;
	}
	if (token == NULL || *token == '\0' ||
	    strlen(token) >= sizeof(st->ds_token))
		return;
	(void)snprintf(st->ds_token, sizeof(st->ds_token), "%s", token);
	st->ds_whole = cls != NULL && strcmp(cls, token) == 0;
}

/* 1 when N holds every list of group G. */
static int
detect_group_under(const struct detect *d, const struct dgroup *g,
    xmlNodePtr n)
{
	size_t	 k;

	for (k = 1; k < g->g_nruns; k++)
		if (!detect_contains(n, d->d_nodes[d->d_runs[g->g_run +
		    k].r_parent].dn_node))
			return (0);
	return (1);
}

/*
 * The steps of an XPath a person could paste, into STEPS (returns how
 * many), anchored at an id or class at least LEVELS elements above the
 * parent (the parent keeps its class too).
 */
static int
detect_chain(const struct detect *d, const struct dgroup *g, int levels,
    struct dstep *steps)
{
	const struct drun	*r = &d->d_runs[g->g_run];
	xmlNodePtr		 chain[DETECT_STEPS - 1], n;
	char			 tok[64];
	const char		*id;
	int			 k = 0, i, anchored = 0;

	for (n = d->d_nodes[r->r_parent].dn_node; n != NULL &&
	    n->type == XML_ELEMENT_NODE && k < DETECT_STEPS - 1;
	    n = n->parent) {
		chain[k++] = n;
		if (k - 1 < levels && !detect_is(n, "body"))
			continue;
		/* A group of several lists: only an id above them all. */
		id = detect_attr(n, "id");
		if (id != NULL && *id != '\0' && strchr(id, '\'') == NULL &&
		    detect_group_under(d, g, n)) {
			anchored = 2;
			break;
		}
		detect_first_token(n, tok, sizeof(tok));
		if (tok[0] != '\0') {
			anchored = 1;
			break;
		}
		if (detect_is(n, "body"))
			break;
	}
	for (i = k - 1; i >= 0; i--) {
		if ((i == k - 1 && anchored) || i == 0)
			detect_first_token(chain[i], tok, sizeof(tok));
		else
			tok[0] = '\0';
		detect_step(&steps[k - 1 - i], chain[i], tok,
		    i == k - 1 && anchored == 2);
	}
	detect_step(&steps[k], d->d_nodes[d->d_members[r->r_first]].dn_node,
	    r->r_token, 0);
	return (k + 1);
}

/* The XPath of N STEPS (caller frees). */
static char *
detect_xpath_text(const struct dstep *steps, int n)
{
	struct buf	 b;
	int		 i;

	buf_init(&b, 4096);
	for (i = 0; i < n; i++) {
		buf_addstr(&b, i == 0 ? "//" : "/");
		buf_addstr(&b, steps[i].ds_name);
		if (steps[i].ds_id != NULL)
			buf_printf(&b, "[@id='%s']", steps[i].ds_id);
		else if (steps[i].ds_whole)
			buf_printf(&b, "[@class='%s']", steps[i].ds_token);
		else if (steps[i].ds_token[0] != '\0')
			buf_printf(&b, "[contains(concat(' ', "
			    "normalize-space(@class), ' '), ' %s ')]",
			    steps[i].ds_token);
	}
	return (buf_take(&b, NULL));
}

/* 1 if the class S holds TOKEN, split as XPath's normalize-space does. */
static int
detect_xpath_token(const char *s, const char *token)
{
	size_t	 n = strlen(token), len;

	for (; s != NULL && *s != '\0'; s += len) {
		s += strspn(s, " \t\r\n");
		len = strcspn(s, " \t\r\n");
		if (len == n && strncmp(s, token, n) == 0)
			return (1);
	}
	return (0);
}

static int
detect_step_matches(const struct dstep *st, xmlNodePtr n)
{
	const char	*v;

	if (n == NULL || n->type != XML_ELEMENT_NODE ||
	    !detect_same_name(n->name, st->ds_name))
		return (0);
	if (st->ds_id != NULL)
		return ((v = detect_attr(n, "id")) != NULL &&
		    strcmp(v, st->ds_id) == 0);
	if (st->ds_token[0] == '\0')
		return (1);
	v = detect_attr(n, "class");
	if (st->ds_whole)
		return (v != NULL && strcmp(v, st->ds_token) == 0);
	return (detect_xpath_token(v, st->ds_token));
}

/* A list's XPath at one anchoring level: its steps and what they select. */
struct dchain {
	struct dstep	 c_steps[DETECT_STEPS];
	int		 c_n;
	int		 c_count;
};

/*
 * How many elements each of the N CHAINS selects (hidden ones too) into
 * its c_count, by one walk of the document: what libxml2's XPath finds,
 * at a fraction of its cost; -1 for an XPath that would not compile.
 * The chains share their last step, the members'.
 */
static void
detect_chains_count(const struct detect *d, struct dchain *chains, int n)
{
	xmlNodePtr	 root = xmlDocGetRootElement(d->d_doc), e, a;
	int		 c, i;

	for (c = 0; c < n; c++) {
		chains[c].c_count = 0;
		for (i = 0; i < chains[c].c_n; i++)
			if (strchr(chains[c].c_steps[i].ds_name, ':') != NULL ||
			    strchr(chains[c].c_steps[i].ds_token, '\'') != NULL)
				chains[c].c_count = -1;
	}
	for (e = root; e != NULL && n > 0; e = detect_next_any(e, root)) {
		if (!detect_step_matches(&chains[0].c_steps[chains[0].c_n - 1],
		    e))
			continue;
		for (c = 0; c < n; c++) {
			if (chains[c].c_count < 0)
				continue;
			for (i = chains[c].c_n - 2, a = e->parent; i >= 0 &&
			    detect_step_matches(&chains[c].c_steps[i], a); i--)
				a = a->parent;
			chains[c].c_count += i < 0;
		}
	}
}

/*
 * Lists built each its own way, joined (detect_sisters' kin): the union
 * of each run's XPath, "//a/article | //b/article", in page order as
 * XPath gives it; *COUNT the sum.  0, or -1 for a group of one run or of
 * too many.
 */
static int
detect_how_union(const struct detect *d, const struct dgroup *g, char **how,
    int *count)
{
	struct dgroup	 one;
	struct buf	 b;
	char		*parts[DETECT_UNION_MAX], *s;
	size_t		 k, j, nparts = 0;
	int		 n, total = 0;

	if (g->g_nruns < 2 || g->g_nruns > DETECT_UNION_MAX)
		return (-1);
	buf_init(&b, 4096);
	buf_addstr(&b, "markup: ");
	for (k = 0; k < g->g_nruns; k++) {
		memset(&one, 0, sizeof(one));
		one.g_run = g->g_run + k;
		one.g_nruns = 1;
		one.g_n = d->d_runs[one.g_run].r_n;
		detect_how(d, &one, &s, &n);
		/* Runs under one chain give it once. */
		for (j = 0; j < nparts && strcmp(parts[j], s) != 0; j++)
			;
		if (j < nparts) {
			free(s);
			continue;
		}
		if (nparts > 0)
			buf_addstr(&b, " | ");
		buf_addstr(&b, s + strlen("markup: "));
		parts[nparts++] = s;
		total += n;
	}
	for (j = 0; j < nparts; j++)
		free(parts[j]);
	*how = buf_take(&b, NULL);
	if (count != NULL)
		*count = total;
	return (0);
}

/*
 * *HOW: the shortest XPath that selects the group's members and little
 * else; a sidebar built like the content needs a longer one.  *COUNT, if
 * asked, is what it selects.
 */
void
detect_how(const struct detect *d, const struct dgroup *g, char **how,
    int *count)
{
	struct dchain	 chains[5];
	char		*xp, *prev = NULL;
	int		 levels, n = 0, c, best = -1;

	/* Each level once: one anchored at the same element again adds
	 * nothing. */
	for (levels = 0; levels < 5; levels++) {
		chains[n].c_n = detect_chain(d, g, levels, chains[n].c_steps);
		xp = detect_xpath_text(chains[n].c_steps, chains[n].c_n);
		if (prev != NULL && strcmp(xp, prev) == 0) {
			free(xp);
			continue;
		}
		free(prev);
		prev = xp;
		n++;
	}
	free(prev);
	detect_chains_count(d, chains, n);
	for (c = 0; c < n; c++) {
		if (chains[c].c_count >= (int)g->g_n && (best == -1 ||
		    chains[c].c_count < chains[best].c_count))
			best = c;
		if (best != -1 && chains[best].c_count == (int)g->g_n)
			break;
	}
	if (best == -1 && detect_how_union(d, g, how, count) == 0)
		return;
	if (best == -1)
		best = 0;	/* level 0, as the first chain always is */
	/* Lists joined whose one path reaches a list left (a third box
	 * built alike): the union of theirs, when it selects less. */
	if (chains[best].c_count > (int)g->g_n &&
	    detect_how_union(d, g, how, &c) == 0) {
		if (c < chains[best].c_count) {
			if (count != NULL)
				*count = c;
			return;
		}
		free(*how);
	}
	xp = detect_xpath_text(chains[best].c_steps, chains[best].c_n);
	xasprintf(how, "markup: %s", xp);
	free(xp);
	if (count != NULL)
		*count = chains[best].c_count;
}

/* Whether TEXT has a line that begins with PREFIX. */
static int
detect_has_line(const char *text, const char *prefix)
{
	size_t	 len = strlen(prefix);

	for (; *text != '\0'; text += strcspn(text, "\n") + 1) {
		if (strncmp(text, prefix, len) == 0)
			return (1);
		if (text[strcspn(text, "\n")] == '\0')
			break;
	}
	return (0);
}

/* ex_runners_up: the lists that lost to the first, for preview. */
void
detect_runners_up(struct detect *d, const struct dgroup *groups, size_t n)
{
	struct buf	 b;
	char		*how, *line;
	size_t		 i, shown;
	int		 count;

	/* The count is what the XPath selects: what --item with it takes.
	 * Sister lists say one XPath: it is offered once. */
	buf_init(&b, 64 * 1024);
	for (i = 1, shown = 0; i < n && shown < DETECT_RUNNERS_UP; i++) {
		detect_how(d, &groups[i], &how, &count);
		xasprintf(&line, "item = xpath:%s\t", how + strlen("markup: "));
		free(how);
		if (b.b_len == 0 || !detect_has_line(b.b_data, line)) {
			buf_printf(&b, "%s%d\t%.1f\n", line, count,
			    groups[i].g_score / groups[0].g_score);
			shown++;
		}
		free(line);
	}
	free(d->d_pg->ex_runners_up);
	d->d_pg->ex_runners_up = b.b_len > 0 ? buf_take(&b, NULL) : NULL;
	buf_free(&b);
}
