/*
 * changes.c: mode = changes.  The page is parsed as any page is (the
 * encoding rules of extract.c), what `ignore` selects is taken out of the
 * tree, and the text of what `watch` selects (or of the main content: the
 * page without its navigation, banner, footer, asides, forms and hidden
 * parts) is read a line per block.  What is stored is that text; what is
 * compared is the text with `ignore_text` taken out of each line, so that
 * a changed expression applies to the kept version too.  Every read is
 * bounded: CHANGES_MAX_TEXT bytes and CHANGES_MAX_LINES lines of text,
 * lines of CHANGES_MAX_LINE bytes at most (the input of each regular
 * expression), and linediff.c's bounds on the diff.
 */
#include <sys/types.h>

#include <ctype.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "buf.h"
#include "changes.h"
#include "config.h"
#include "extract.h"
#include "html.h"
#include "input.h"
#include "linediff.h"
#include "log.h"
#include "sanitize.h"
#include "selector.h"
#include "sha1.h"
#include "text.h"
#include "util.h"

#define CHANGES_MAX_DEPTH	256	/* elements deeper are not read */

/* The guids of change items: uuid5(NameSpace_URL, "urn:pagefeed:change"). */
static const unsigned char changes_uuid_ns[16] = {
	0xd7, 0xcc, 0xe8, 0xe6, 0xef, 0x4a, 0x5c, 0x56, 0xb8, 0xb3, 0x77,
	0x91, 0x19, 0x9f, 0x2e, 0xc5
};

/*
 * What the main content leaves out: the page's frame.  A header or footer
 * (or a box named so) inside an article, a section or <main> is the
 * article's own, as HTML maps only the page's to the banner and
 * contentinfo roles, and stays.
 */
static const char *const cw_frame_elements[] = {
	"nav", "aside", "form", "menu", "dialog", NULL
};
static const char *const cw_frame_roles[] = {
	"navigation", "banner", "contentinfo", "complementary", "search",
	"menu", "menubar", "dialog", "alertdialog", NULL
};
static const char *const cw_frame_names[] = {
	"header", "footer", "site-header", "site-footer", "nav", "navbar",
	"navigation", "sidebar", "breadcrumb", "breadcrumbs", "skip-link",
	"cookie-banner", "cookie-notice", "cookie-consent", NULL
};
static const char *const cw_sectioning[] = {
	"article", "section", "main", "aside", "nav", NULL
};
static struct wordset	 cw_frame_set = WORDSET(cw_frame_names);

/* The text being read: a line per block. */
struct cw {
	struct buf	 cw_buf;
	int		 cw_space;	/* a space owed before a word */
	int		 cw_main;	/* the main content: no frame */
	int		 cw_pre;	/* a text body: lines kept */
	int		 cw_full;	/* CHANGES_MAX_TEXT reached */
};

static void
cw_add(struct cw *t, const char *s, size_t len)
{
	if (!t->cw_full && buf_add(&t->cw_buf, s, len) == -1)
		t->cw_full = 1;
}

static void
cw_break(struct cw *t)
{
	struct buf	*b = &t->cw_buf;

	if (b->b_len > 0 && b->b_data[b->b_len - 1] != '\n')
		cw_add(t, "\n", 1);
	t->cw_space = 0;
}

/* Text: white space folded to one space; inside <pre>, lines kept. */
static void
cw_text(struct cw *t, const char *s, int pre)
{
	const unsigned char	*p = (const unsigned char *)s, *run;
	struct buf		*b = &t->cw_buf;

	while (*p != '\0' && !t->cw_full) {
		if (pre && *p == '\n') {
			cw_break(t);
			p++;
		} else if (isspace(*p)) {
			t->cw_space = 1;
			p++;
		} else {
			if (t->cw_space && b->b_len > 0 &&
			    b->b_data[b->b_len - 1] != '\n')
				cw_add(t, " ", 1);
			t->cw_space = 0;
			for (run = p; *p != '\0' && !isspace(*p); p++)
				;
			cw_add(t, (const char *)run, (size_t)(p - run));
		}
	}
}

/* 1 when N's class or id holds one of the frame's names, as a word. */
static int
cw_named_frame(xmlNodePtr n)
{
	const char	*v, *attrs[] = { "class", "id" };
	size_t		 i, len;

	for (i = 0; i < 2; i++) {
		if ((v = html_attr(n, attrs[i])) == NULL)
			continue;
		while (*v != '\0') {
			while (isspace((unsigned char)*v))
				v++;
			len = strcspn(v, " \t\r\n\f");
			if (len > 0 && wordset_has_n(&cw_frame_set, v, len))
				return (1);
			v += len;
		}
	}
	return (0);
}

/* 1 when N is part of the page's frame, not of its main content. */
static int
cw_frame(xmlNodePtr n)
{
	const char	*name = (const char *)n->name, *role;
	xmlNodePtr	 p;
	int		 depth;

	if (strcase_in(name, cw_frame_elements))
		return (1);
	if ((role = html_attr(n, "role")) != NULL &&
	    strcase_in(role, cw_frame_roles))
		return (1);
	if (strcasecmp(name, "header") != 0 &&
	    strcasecmp(name, "footer") != 0 && !cw_named_frame(n))
		return (0);
	for (p = n->parent, depth = 0; p != NULL &&
	    p->type == XML_ELEMENT_NODE && depth < CHANGES_MAX_DEPTH;
	    p = p->parent, depth++)
		if (strcase_in((const char *)p->name, cw_sectioning))
			return (0);
	return (1);
}

static int
cw_is(xmlNodePtr n, const char *name)
{
	return (strcasecmp((const char *)n->name, name) == 0);
}

/* A table's cell: cells of a row share its line, " | " apart. */
static void
cw_cell(struct cw *t)
{
	struct buf	*b = &t->cw_buf;

	if (b->b_len > 0 && b->b_data[b->b_len - 1] != '\n')
		cw_add(t, " | ", 3);
	t->cw_space = 0;
}

static void
cw_walk(struct cw *t, xmlNodePtr n, int pre, int depth)
{
	const htmlEntityDesc	*ent;
	struct buf		 eb;
	xmlNodePtr		 c;
	int			 block;

	for (c = n->children; c != NULL && !t->cw_full; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content != NULL)
				cw_text(t, (const char *)c->content, pre);
			continue;
		}
		if (c->type == XML_ENTITY_REF_NODE &&
		    (ent = htmlEntityLookup(c->name)) != NULL) {
			buf_init(&eb, 8);
			text_utf8_encode(&eb, ent->value);
			cw_text(t, eb.b_data ? eb.b_data : "", pre);
			buf_free(&eb);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE || depth >= CHANGES_MAX_DEPTH ||
		    html_hidden(c, HTML_WORDS | HTML_HIDE_MORE) ||
		    (t->cw_main && cw_frame(c)))
			continue;
		if (cw_is(c, "br")) {
			cw_break(t);
			continue;
		}
		if (cw_is(c, "td") || cw_is(c, "th")) {
			cw_cell(t);
			cw_walk(t, c, pre, depth + 1);
			continue;
		}
		block = !html_inline((const char *)c->name);
		if (block)
			cw_break(t);
		cw_walk(t, c, pre || cw_is(c, "pre"), depth + 1);
		if (block)
			cw_break(t);
	}
}

/*
 * One node `watch` selected, on lines of its own: an element's text (the
 * element itself is read even when hidden: the user named it, as one
 * names a <script> holding data), a text node's, an attribute's value.
 */
static void
cw_root(struct cw *t, xmlNodePtr n)
{
	xmlChar	*s;

	cw_break(t);
	if (n->type == XML_HTML_DOCUMENT_NODE || n->type == XML_DOCUMENT_NODE)
		cw_walk(t, n, t->cw_pre, 0);
	else if (n->type == XML_ELEMENT_NODE)
		cw_walk(t, n, t->cw_pre || cw_is(n, "pre"), 0);
	else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		cw_text(t, n->content ? (const char *)n->content : "",
		    t->cw_pre);
	else if ((s = xmlNodeGetContent(n)) != NULL) {
		cw_text(t, (const char *)s, t->cw_pre);
		xmlFree(s);
	}
	cw_break(t);
}

/*
 * SPEC, a selector of the whole document, evaluated on ED.  Returns the
 * result, or NULL with *cause set.
 */
static xmlXPathObjectPtr
changes_eval(struct selector_cache *cache, const char *spec,
    struct extract_doc *ed, char **cause)
{
	struct selector		 sel;
	xmlXPathObjectPtr	 obj;

	if (selector_compile(cache, &sel, spec, 0, 0, cause) == -1)
		return (NULL);
	obj = NULL;
	if (sel.sel_comp != NULL) {
		ed->ed_ctx->node = (xmlNodePtr)ed->ed_doc;
		obj = xmlXPathCompiledEval(sel.sel_comp, ed->ed_ctx);
	}
	selector_free(&sel);
	if (obj == NULL)
		xasprintf(cause, "'%s' could not be evaluated on the page",
		    spec);
	return (obj);
}

/* A node a selector may hand over and the tree may lose. */
static int
changes_node_usable(xmlNodePtr n)
{
	switch (n->type) {
	case XML_ELEMENT_NODE:
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
	case XML_ATTRIBUTE_NODE:
	case XML_COMMENT_NODE:
	case XML_PI_NODE:
		return (1);
	default:
		return (0);
	}
}

/*
 * Takes out of the tree what `ignore` selects, before anything is read.
 * Last first, in document order, so a node goes before its ancestor (and
 * its entry is cleared, since freeing the set looks at each node).
 */
static int
changes_prune(const struct source_conf *sc, struct selector_cache *cache,
    struct extract_doc *ed, char **cause)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 ns;
	xmlNodePtr		 n;
	size_t			 i;
	int			 j;

	for (i = 0; i < sc->sc_nignore; i++) {
		if ((obj = changes_eval(cache, sc->sc_ignore[i], ed,
		    cause)) == NULL)
			return (-1);
		ns = obj->type == XPATH_NODESET ? obj->nodesetval : NULL;
		if (ns != NULL)
			xmlXPathNodeSetSort(ns);
		for (j = ns != NULL ? ns->nodeNr - 1 : -1; j >= 0; j--) {
			n = ns->nodeTab[j];
			if (n == NULL || !changes_node_usable(n))
				continue;
			xmlUnlinkNode(n);
			xmlFreeNode(n);
			ns->nodeTab[j] = NULL;
		}
		xmlXPathFreeObject(obj);
	}
	return (0);
}

/* 1 when N is TOP or lies within it. */
static int
changes_within(xmlNodePtr n, xmlNodePtr top)
{
	int	 depth;

	for (depth = 0; n != NULL && depth <= CHANGES_MAX_DEPTH; depth++) {
		if (n == top)
			return (1);
		n = n->parent;
	}
	return (0);
}

/*
 * What one `watch` selector gave: its nodes into ALL, or, for an
 * expression that gives a string or a number, that value as a line of
 * VALUES.
 */
static void
changes_collect(xmlXPathObjectPtr obj, xmlNodeSetPtr all, struct cw *values)
{
	xmlNodeSetPtr	 ns = obj->nodesetval;
	xmlChar		*s;
	int		 i;

	if (obj->type != XPATH_NODESET) {
		if ((s = xmlXPathCastToString(obj)) != NULL) {
			cw_break(values);
			cw_text(values, (const char *)s, 0);
			xmlFree(s);
		}
		return;
	}
	/* The document itself too: "xpath:/" watches all of it. */
	for (i = 0; ns != NULL && i < ns->nodeNr; i++)
		if (changes_node_usable(ns->nodeTab[i]) ||
		    ns->nodeTab[i]->type == XML_HTML_DOCUMENT_NODE ||
		    ns->nodeTab[i]->type == XML_DOCUMENT_NODE)
			xmlXPathNodeSetAddUnique(all, ns->nodeTab[i]);
}

/*
 * The text of what `watch` selects: every node, in document order, each
 * once (a node within one already read is not read again); the values
 * of expressions that select none come last.  *MATCHED counts the nodes.
 */
static int
changes_watched(const struct source_conf *sc, struct selector_cache *cache,
    struct extract_doc *ed, struct cw *t, size_t *matched, char **cause)
{
	xmlXPathObjectPtr	 obj;
	xmlNodeSetPtr		 all;
	xmlNodePtr		 n, top = NULL;
	struct cw		 values;
	size_t			 i;
	int			 k, rv = 0;

	memset(&values, 0, sizeof(values));
	buf_init(&values.cw_buf, CHANGES_MAX_TEXT);
	if ((all = xmlXPathNodeSetCreate(NULL)) == NULL)
		fatalx("xmlXPathNodeSetCreate");
	for (i = 0; i < sc->sc_nwatch && rv == 0; i++) {
		if ((obj = changes_eval(cache, sc->sc_watch[i], ed,
		    cause)) == NULL) {
			rv = -1;
			break;
		}
		changes_collect(obj, all, &values);
		xmlXPathFreeObject(obj);
	}
	/* Numbered once, document order is a comparison of numbers. */
	xmlXPathOrderDocElems(ed->ed_doc);
	xmlXPathNodeSetSort(all);
	for (k = 0; rv == 0 && k < all->nodeNr && !t->cw_full; k++) {
		n = all->nodeTab[k];
		if (top != NULL && changes_within(n, top))
			continue;
		top = n;
		(*matched)++;
		cw_root(t, n);
	}
	if (rv == 0 && values.cw_buf.b_len > 0) {
		cw_break(t);
		cw_add(t, values.cw_buf.b_data, values.cw_buf.b_len);
		cw_break(t);
		*matched += 1;
	}
	t->cw_full |= values.cw_full;
	xmlXPathFreeNodeSet(all);
	buf_free(&values.cw_buf);
	return (rv);
}

/* The page's main content: its <main>, else its <body>, else its root. */
static xmlNodePtr
changes_main_root(struct extract_doc *ed)
{
	xmlXPathObjectPtr	 obj;
	xmlNodePtr		 root, c, found = NULL;

	ed->ed_ctx->node = (xmlNodePtr)ed->ed_doc;
	obj = xmlXPathEvalExpression((const xmlChar *)"//main[not(@hidden)] | "
	    "//*[@role = 'main']", ed->ed_ctx);
	if (obj != NULL && obj->type == XPATH_NODESET &&
	    obj->nodesetval != NULL && obj->nodesetval->nodeNr > 0) {
		xmlXPathNodeSetSort(obj->nodesetval);
		found = obj->nodesetval->nodeTab[0];
	}
	xmlXPathFreeObject(obj);
	if (found != NULL)
		return (found);
	if ((root = xmlDocGetRootElement(ed->ed_doc)) == NULL)
		return (NULL);
	for (c = root->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && cw_is(c, "body"))
			return (c);
	return (root);
}

/* One cleaned line into OUT; a long one broken at a space. */
static void
changes_add_line(struct buf *out, const char *s, struct changes_text *ct)
{
	size_t	 len = strlen(s), cut;

	while (len > 0) {
		if (ct->ct_nlines >= CHANGES_MAX_LINES) {
			ct->ct_capped = 1;
			return;
		}
		cut = len;
		if (cut > CHANGES_MAX_LINE) {
			for (cut = CHANGES_MAX_LINE; cut > 0 && s[cut] != ' ';
			    cut--)
				;
			if (cut == 0)
				for (cut = CHANGES_MAX_LINE; cut > 0 &&
				    ((unsigned char)s[cut] & 0xc0) == 0x80;
				    cut--)
					;
		}
		if (out->b_len > 0)
			buf_add(out, "\n", 1);
		buf_add(out, s, cut);
		ct->ct_nlines++;
		for (s += cut, len -= cut; *s == ' '; s++, len--)
			;
	}
}

/* The walk's text into CT: a line each, cleaned, none empty. */
static void
changes_finish(const char *raw, struct changes_text *ct)
{
	struct buf	 out;
	const char	*p = raw, *nl;
	char		*line, *clean;
	size_t		 len;

	buf_init(&out, SIZE_MAX);
	while (*p != '\0' && !ct->ct_capped) {
		len = (nl = strchr(p, '\n')) != NULL ? (size_t)(nl - p) :
		    strlen(p);
		line = xstrndup(p, len);
		clean = text_clean(line, 0);
		changes_add_line(&out, clean, ct);
		free_all(line, clean);
		p += nl != NULL ? len + 1 : len;
	}
	ct->ct_text = buf_take(&out, NULL);
}

/* A text/plain body (read as text, its lines kept, like JSON). */
static int
changes_plain(const char *content_type)
{
	while (content_type != NULL && isspace((unsigned char)*content_type))
		content_type++;
	return (content_type != NULL &&
	    strncasecmp(content_type, "text/plain", 10) == 0);
}

/* The watched text of the parsed page ED into CT. */
static int
changes_read_doc(const struct source_conf *sc, struct extract_doc *ed,
    int pre, struct changes_text *ct, char **cause)
{
	struct selector_cache	*cache = selector_cache_new();
	struct cw		 t;
	xmlNodePtr		 root;
	int			 rv;

	memset(&t, 0, sizeof(t));
	buf_init(&t.cw_buf, CHANGES_MAX_TEXT);
	t.cw_pre = pre;
	rv = changes_prune(sc, cache, ed, cause);
	if (rv == 0 && sc->sc_nwatch > 0)
		rv = changes_watched(sc, cache, ed, &t, &ct->ct_matched, cause);
	else if (rv == 0 && (root = changes_main_root(ed)) != NULL) {
		t.cw_main = !pre;
		cw_walk(&t, root, pre || cw_is(root, "pre"), 0);
	}
	if (rv == 0) {
		changes_finish(t.cw_buf.b_data ? t.cw_buf.b_data : "", ct);
		ct->ct_capped |= t.cw_full;
	}
	buf_free(&t.cw_buf);
	selector_cache_free(cache);
	return (rv);
}

int
changes_read(const struct source_conf *sc, const char *body, size_t len,
    const char *url, const char *content_type, struct extraction *ex,
    struct changes_text *ct, char **cause)
{
	struct extract_doc	 ed;
	int			 kind, rv;

	memset(ct, 0, sizeof(*ct));
	memset(ex, 0, sizeof(*ex));
	if ((kind = input_kind(content_type, body, len, cause)) == -1)
		return (-1);
	if (kind == 1) {
		*cause = xstrdup("the page is an RSS or Atom feed: mode = "
		    "items reads its entries");
		return (-1);
	}
	if (extract_doc_open(sc, body, len, url, content_type, ex, &ed,
	    cause) == -1)
		return (-1);
	rv = changes_read_doc(sc, &ed, kind == 2 || changes_plain(content_type),
	    ct, cause);
	extract_doc_close(&ed);
	if (rv == 0 && sc->sc_nwatch == 0 && ct->ct_nlines == 0) {
		*cause = xstrdup("the page shows no text to watch (one drawn "
		    "by scripts needs render = chromium)");
		rv = -1;
	}
	if (rv == -1)
		changes_text_free(ct);
	return (rv);
}

void
changes_text_free(struct changes_text *ct)
{
	free(ct->ct_text);
	memset(ct, 0, sizeof(*ct));
}

void
changes_hash(const char *text, char out[CHANGES_HASH_LEN])
{
	unsigned char	 d[SHA1_LEN];
	size_t		 i;

	sha1_digest(text, strlen(text), d);
	for (i = 0; i < SHA1_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static uint64_t
changes_hash_str(const char *s, uint64_t h)
{
	if (s == NULL)
		return (fnv1a64("", 1, h ^ 0x5a));
	return (fnv1a64(s, strlen(s) + 1, h));
}

void
changes_settings(const struct source_conf *sc, char out[CHANGES_SETTINGS_LEN])
{
	uint64_t	 h = FNV1A64_INIT;
	size_t		 i;

	h = changes_hash_str(sc->sc_url, h);
	for (i = 0; i < sc->sc_nwatch; i++)
		h = changes_hash_str(sc->sc_watch[i], h);
	h = fnv1a64(&sc->sc_nwatch, sizeof(sc->sc_nwatch), h);
	for (i = 0; i < sc->sc_nignore; i++)
		h = changes_hash_str(sc->sc_ignore[i], h);
	h = changes_hash_str(sc->sc_encoding, h);
	h = fnv1a64(&sc->sc_encoding_override, sizeof(int), h);
	h = fnv1a64(&sc->sc_render, sizeof(int), h);
	h = changes_hash_str(sc->sc_render_wait.sel_spec, h);
	snprintf(out, CHANGES_SETTINGS_LEN, "%016llx", (unsigned long long)h);
}

/*
 * The ignore_text expressions, compiled, and the time they may take on
 * one poll's texts: glibc's matcher tries every start in a line, so a
 * line built to almost match ("1111...1" against "[0-9]+ days") costs the
 * square of its length.  Lines are short (CHANGES_MAX_LINE) and the clock
 * is asked after each match; past CHANGES_REGEX_MS the poll fails.
 */
struct changes_rules {
	regex_t		*ru_re;
	size_t		 ru_n;
	long long	 ru_deadline;	/* monotonic ms */
};

static void
changes_rules_free(struct changes_rules *ru)
{
	size_t	 i;

	for (i = 0; i < ru->ru_n; i++)
		regfree(&ru->ru_re[i]);
	free(ru->ru_re);
	memset(ru, 0, sizeof(*ru));
}

static int
changes_rules_init(struct changes_rules *ru, const struct source_conf *sc,
    char **cause)
{
	size_t	 i;

	memset(ru, 0, sizeof(*ru));
	ru->ru_deadline = monotonic_ms() + CHANGES_REGEX_MS;
	ru->ru_re = xcalloc(sc->sc_nignore_text + 1, sizeof(regex_t));
	for (i = 0; i < sc->sc_nignore_text; i++) {
		if (regcomp(&ru->ru_re[i], sc->sc_ignore_text[i],
		    REG_EXTENDED | REG_ICASE) != 0) {
			xasprintf(cause, "ignore_text '%s' does not compile",
			    sc->sc_ignore_text[i]);
			changes_rules_free(ru);
			return (-1);
		}
		ru->ru_n++;
	}
	return (0);
}

/*
 * The next match of RE in S (LEN bytes) at or after POS, as offsets in S.
 * With REG_STARTEND (glibc, the BSDs) nothing is measured again at each
 * call and ^ holds at the line's start only, as it does without it here
 * by REG_NOTBOL.
 */
static int
changes_match(const regex_t *re, const char *s, size_t pos, size_t len,
    regmatch_t *m)
{
#ifdef REG_STARTEND
	m->rm_so = (regoff_t)pos;
	m->rm_eo = (regoff_t)len;
	return (regexec(re, s, 1, m, REG_STARTEND));
#else
	int	 rc;

	(void)len;
	if ((rc = regexec(re, s + pos, 1, m, pos > 0 ? REG_NOTBOL : 0)) == 0) {
		m->rm_so += (regoff_t)pos;
		m->rm_eo += (regoff_t)pos;
	}
	return (rc);
#endif
}

/* S with each match of RE taken out (caller frees); NULL past the deadline. */
static char *
changes_strip(const struct changes_rules *ru, const regex_t *re,
    const char *s)
{
	struct buf	 out;
	regmatch_t	 m;
	size_t		 pos = 0, len = strlen(s), step;
	int		 rc;

	buf_init(&out, SIZE_MAX);
	for (;;) {
		rc = pos < len ? changes_match(re, s, pos, len, &m) :
		    REG_NOMATCH;
		if (monotonic_ms() > ru->ru_deadline) {
			buf_free(&out);
			return (NULL);
		}
		if (rc != 0)
			break;
		buf_add(&out, s + pos, (size_t)m.rm_so - pos);
		pos = (size_t)m.rm_so;
		if (m.rm_eo > m.rm_so)
			pos = (size_t)m.rm_eo;
		else {
			/* An empty match: keep one character, go on. */
			for (step = 1; pos + step < len &&
			    ((unsigned char)s[pos + step] & 0xc0) == 0x80;
			    step++)
				;
			buf_add(&out, s + pos, step);
			pos += step;
		}
	}
	if (pos < len)
		buf_add(&out, s + pos, len - pos);
	return (buf_take(&out, NULL));
}

/*
 * TEXT's lines, noise taken out, empty ones dropped (free with strv_free).
 * Returns NULL with *cause set past the rules' deadline.
 */
static char **
changes_filter(const struct changes_rules *ru, const char *text, size_t *n,
    char **cause)
{
	const char	*p = text, *nl;
	char		**v, *line, *next;
	size_t		 len, i, cap = 16;

	v = xcalloc(cap, sizeof(*v));
	*n = 0;
	while (*p != '\0') {
		len = (nl = strchr(p, '\n')) != NULL ? (size_t)(nl - p) :
		    strlen(p);
		line = xstrndup(p, len);
		for (i = 0; i < ru->ru_n && line != NULL && *line != '\0';
		    i++) {
			next = changes_strip(ru, &ru->ru_re[i], line);
			free(line);
			line = next;
		}
		if (line == NULL) {
			xasprintf(cause, "ignore_text: over %d ms on the "
			    "page's text (lines built to nearly match?)",
			    CHANGES_REGEX_MS);
			strv_free(v, *n);
			*n = 0;
			return (NULL);
		}
		if (ru->ru_n > 0)
			line = text_clean_take(line, 0);
		if (line != NULL && *line != '\0') {
			if (*n + 1 >= cap)
				v = xreallocarray(v, cap *= 2, sizeof(*v));
			v[(*n)++] = line;
		} else
			free(line);
		p += nl != NULL ? len + 1 : len;
	}
	return (v);
}

char **
changes_lines(const struct source_conf *sc, const char *text, size_t *n,
    char **cause)
{
	struct changes_rules	 ru;
	char			**v;

	*n = 0;
	if (changes_rules_init(&ru, sc, cause) == -1)
		return (NULL);
	v = changes_filter(&ru, text, n, cause);
	changes_rules_free(&ru);
	return (v);
}

/*
 * The item of a version: "TITLE" and SUFFIX, the page's address with the
 * time it was seen as its fragment (a link of its own for readers that
 * dedupe by link; left alone when the address has a fragment already),
 * and a name-based uuid of the source, both versions' hashes and that
 * time as its guid.  SUMMARY and HTML are taken.
 */
static void
changes_item(const struct changes_poll *cp, const char *suffix,
    char *summary, char *html, struct item *it)
{
	const struct source_conf	*sc = cp->cp_conf;
	const char			*title, *parts[4];
	char				 stamp[32], *t;
	char				 urn[SHA1_UUID_URN_LEN];
	struct tm			 tm;

	title = sc->sc_title != NULL ? sc->sc_title : cp->cp_title != NULL ?
	    cp->cp_title : sc->sc_name;
	gmtime_r(&cp->cp_now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	xasprintf(&t, "%s%s", title, suffix);
	it->it_title = text_clean(t, ITEM_MAX_TITLE);
	free(t);
	if (strchr(sc->sc_url, '#') == NULL)
		xasprintf(&it->it_link, "%s#changed-%s", sc->sc_url, stamp);
	else
		it->it_link = xstrdup(sc->sc_url);
	parts[0] = sc->sc_name;
	parts[1] = cp->cp_new_hash != NULL ? cp->cp_new_hash : "";
	parts[2] = cp->cp_old_hash != NULL ? cp->cp_old_hash : "";
	parts[3] = stamp;
	sha1_uuid5(changes_uuid_ns, parts, 4, 1, urn);
	it->it_guid = xstrdup(urn);
	it->it_summary = summary;
	/* Made of escaped text, and checked as any content is all the same. */
	sanitize_html_string(html, sc->sc_url, NULL, &it->it_content);
	free(html);
}

/* The first version (or the first read with new settings): its text. */
static void
changes_first(const struct changes_poll *cp, char **b, size_t nb,
    struct changes_result *cr)
{
	char	*summary, *html;

	cr->cr_kind = cp->cp_old == NULL ? CHANGES_FIRST : CHANGES_REBASED;
	snprintf(cr->cr_what, sizeof(cr->cr_what), "first version%s: %zu "
	    "line%s", cr->cr_kind == CHANGES_REBASED ? " with new settings" :
	    "", nb, nb == 1 ? "" : "s");
	if (nb > 0)
		xasprintf(&summary, "%zu line%s watched: %.*s", nb, nb == 1 ?
		    "" : "s", CHANGES_MAX_SUMMARY + 1, b[0]);
	else
		summary = xstrdup("Nothing shown in the watched part yet");
	html = linediff_html_lines((const char *const *)b, nb,
	    CHANGES_MAX_HTML);
	changes_item(cp, cr->cr_kind == CHANGES_REBASED ?
	    ": first version (settings changed)" : ": first version",
	    text_clean_take(summary, CHANGES_MAX_SUMMARY), html, &cr->cr_item);
}

/* The last version's lines A against the new ones B. */
static void
changes_compare(const struct changes_poll *cp, char **a, size_t na, char **b,
    size_t nb, struct changes_result *cr)
{
	const char *const	*ca = (const char *const *)a;
	const char *const	*cb = (const char *const *)b;
	struct linediff		 ld;
	const char		*noise = NULL;
	char			 counts[96];
	size_t			 i;

	for (i = 0; na == nb && i < na && strcmp(a[i], b[i]) == 0; i++)
		;
	if (na == nb && i == na)
		noise = "ignore_text";
	else if (linediff_same_lines(ca, na, cb, nb))
		noise = "reordered lines";
	else if (linediff_same_words(ca, na, cb, nb))
		noise = "white space";
	cr->cr_kind = CHANGES_NOISE;
	if (noise != NULL) {
		snprintf(cr->cr_what, sizeof(cr->cr_what),
		    "unchanged (noise only: %s)", noise);
		return;
	}
	linediff_lines(ca, na, cb, nb, &ld);
	cr->cr_chars = ld.ld_chars;
	linediff_counts(&ld, counts, sizeof(counts));
	if (ld.ld_chars < (size_t)cp->cp_conf->sc_min_change)
		snprintf(cr->cr_what, sizeof(cr->cr_what), "unchanged (noise "
		    "only: %s, %zu characters, under min_change = %d)", counts,
		    ld.ld_chars, cp->cp_conf->sc_min_change);
	else {
		cr->cr_kind = CHANGES_CHANGED;
		snprintf(cr->cr_what, sizeof(cr->cr_what), "page changed: %s%s",
		    counts, ld.ld_bounded ? " (too many to align: shown as "
		    "replaced)" : "");
		changes_item(cp, " changed", linediff_summary(ca, cb, &ld,
		    CHANGES_MAX_SUMMARY), linediff_html(ca, cb, &ld,
		    CHANGES_MAX_HTML), &cr->cr_item);
	}
	linediff_free(&ld);
}

int
changes_judge(const struct changes_poll *cp, struct changes_result *cr,
    char **cause)
{
	struct changes_rules	 ru;
	char			**a = NULL, **b;
	size_t			 na = 0, nb = 0;
	int			 rv = 0;

	memset(cr, 0, sizeof(*cr));
	if (cp->cp_old != NULL && !cp->cp_rebase &&
	    strcmp(cp->cp_old, cp->cp_new) == 0) {
		cr->cr_kind = CHANGES_SAME;
		snprintf(cr->cr_what, sizeof(cr->cr_what), "unchanged");
		return (0);
	}
	if (changes_rules_init(&ru, cp->cp_conf, cause) == -1)
		return (-1);
	if ((b = changes_filter(&ru, cp->cp_new, &nb, cause)) == NULL)
		rv = -1;
	else if (cp->cp_old == NULL || cp->cp_rebase)
		changes_first(cp, b, nb, cr);
	else if ((a = changes_filter(&ru, cp->cp_old, &na, cause)) == NULL)
		rv = -1;
	else
		changes_compare(cp, a, na, b, nb, cr);
	strv_free(a, na);
	strv_free(b, nb);
	changes_rules_free(&ru);
	return (rv);
}

void
changes_result_free(struct changes_result *cr)
{
	item_free(&cr->cr_item);
}

int
changes_publishes(const struct changes_result *cr)
{
	return (cr->cr_kind == CHANGES_FIRST ||
	    cr->cr_kind == CHANGES_REBASED || cr->cr_kind == CHANGES_CHANGED);
}
