/*
 * article_meta.c: what a page says about its article beside the body: the
 * title, publication date, author, lead image and next page, from
 * structured data first (JSON-LD, <meta>, microdata), then the markup by
 * the headline, then the address.  Each field keeps the best-ranked value
 * seen in one walk of the page.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "article.h"
#include "buf.h"
#include "date.h"
#include "html.h"
#include "item.h"
#include "json.h"
#include "text.h"
#include "util.h"

#define META_MAX_DEPTH		256	/* elements deeper are not read */
#define META_MAX_NODES		200000	/* elements read at most */
#define META_MAX_DATELINES	64	/* short texts by the headline tried */
#define META_MAX_TEXT		512	/* bytes of a short text read */
#define META_NONE		100	/* rank of a field not found */

/* Ranks of where a date was read: lower wins. */
enum meta_date_rank {
	MD_LD_ARTICLE = 1,	/* JSON-LD datePublished of an article */
	MD_META,		/* <meta property=article:published_time> */
	MD_ITEMPROP,		/* itemprop=datePublished */
	MD_MARKED,		/* <time pubdate>, <time class=published> */
	MD_META_GENERIC,	/* <meta name=date>, dc.date */
	MD_LD_OTHER,		/* JSON-LD dateCreated, a WebPage's date */
	MD_TIME,		/* <time> by the headline */
	MD_MARKED_TEXT,		/* "Published on June 25, 2024" */
	MD_URL,			/* /2018/03/17/ in the address */
	MD_TIME_ANY,		/* a <time> anywhere, of no list */
	MD_DATELINE,		/* a short text by the headline */
	MD_TITLE,		/* a date in the page's <title> */
	MD_MODIFIED,		/* a modification date, when nothing else */
	MD_LOOSE		/* a box named for dates, or a date alone,
				   anywhere: when nothing else (meta_loose) */
};

static const char *meta_date_hows[] = {
	"", "JSON-LD datePublished", "<meta> publication date",
	"itemprop=datePublished", "a <time> marked as the publication",
	"<meta> date", "JSON-LD date", "<time> by the headline",
	"a text saying it was published", "the address",
	"a <time> of the page", "the text by the headline",
	"the page's title", "modification date", "a date of the page"
};

struct meta_seen {
	const struct date_opts	*ms_dopts;
	const char		*ms_base;
	char			*ms_title;
	int			 ms_title_rank;
	char			*ms_date;
	int			 ms_date_rank;
	char			*ms_author;
	int			 ms_author_rank;
	char			*ms_image;
	int			 ms_image_rank;
	char			*ms_next;
	int			 ms_next_rel;	/* ms_next named by rel=next */
	int			 ms_h1_seen;	/* the headline was passed */
	int			 ms_datelines;	/* short texts tried since */
	int			 ms_after_h1;	/* elements seen since */
	char			*ms_h1;		/* the headline's text */
	int			 ms_in_comments; /* inside a comments box */
	char			*ms_shown;	/* the first dateline's text */
	char			*ms_loose;	/* a date of the page found by
						   no rule above (meta_loose) */
	int			 ms_loose_rank;
	int			 ms_nodes;
};

/* <meta> names and properties: the field each gives, at which rank. */
enum meta_field { MF_TITLE, MF_DATE, MF_AUTHOR, MF_IMAGE };
static const struct meta_key {
	const char	*mk_name;
	enum meta_field	 mk_field;
	int		 mk_rank;
} meta_keys[] = {
	{ "og:title", MF_TITLE, 2 },
	{ "twitter:title", MF_TITLE, 3 },
	{ "dc.title", MF_TITLE, 3 },
	{ "article:published_time", MF_DATE, MD_META },
	{ "og:article:published_time", MF_DATE, MD_META },
	{ "article:published", MF_DATE, MD_META },
	{ "article.published", MF_DATE, MD_META },
	{ "published_time", MF_DATE, MD_META },
	{ "og:published_time", MF_DATE, MD_META },
	{ "datepublished", MF_DATE, MD_META },
	{ "publishdate", MF_DATE, MD_META },
	{ "publish_date", MF_DATE, MD_META },
	{ "publish-date", MF_DATE, MD_META },
	{ "pubdate", MF_DATE, MD_META },
	{ "pub_date", MF_DATE, MD_META },
	{ "parsely-pub-date", MF_DATE, MD_META },
	{ "sailthru.date", MF_DATE, MD_META_GENERIC },	/* often UTC's day */
	{ "dc.date.issued", MF_DATE, MD_META },
	{ "dcterms.issued", MF_DATE, MD_META },
	{ "citation_publication_date", MF_DATE, MD_META },
	{ "citation_date", MF_DATE, MD_META },
	{ "rnews:datepublished", MF_DATE, MD_META },
	{ "originalpublicationdate", MF_DATE, MD_META },
	{ "cxenseparse:recs:publishtime", MF_DATE, MD_META },
	{ "date_published", MF_DATE, MD_META },
	{ "published-date", MF_DATE, MD_META },
	{ "prism.publicationdate", MF_DATE, MD_META },
	{ "shareaholic:article_published_time", MF_DATE, MD_META },
	{ "article_date_original", MF_DATE, MD_META },
	{ "dc.date.published", MF_DATE, MD_META },
	{ "bt:pubdate", MF_DATE, MD_META },
	{ "ptime", MF_DATE, MD_META },
	{ "pdate", MF_DATE, MD_META },
	{ "datecreated", MF_DATE, MD_META_GENERIC },
	{ "date", MF_DATE, MD_META_GENERIC },
	{ "dc.date", MF_DATE, MD_META_GENERIC },
	{ "dcterms.date", MF_DATE, MD_META_GENERIC },
	{ "dc.date.created", MF_DATE, MD_META_GENERIC },
	{ "dcterms.created", MF_DATE, MD_META_GENERIC },
	{ "displaydate", MF_DATE, MD_META_GENERIC },
	{ "article:modified_time", MF_DATE, MD_MODIFIED },
	{ "og:updated_time", MF_DATE, MD_MODIFIED },
	{ "datemodified", MF_DATE, MD_MODIFIED },
	{ "dcterms.modified", MF_DATE, MD_MODIFIED },
	{ "last-modified", MF_DATE, MD_MODIFIED },
	{ "lastmod", MF_DATE, MD_MODIFIED },
	{ "author", MF_AUTHOR, 2 },
	{ "article:author", MF_AUTHOR, 3 },
	{ "parsely-author", MF_AUTHOR, 3 },
	{ "sailthru.author", MF_AUTHOR, 3 },
	{ "dc.creator", MF_AUTHOR, 3 },
	{ "dcterms.creator", MF_AUTHOR, 3 },
	{ "citation_author", MF_AUTHOR, 3 },
	{ "og:image", MF_IMAGE, 2 },
	{ "og:image:url", MF_IMAGE, 2 },
	{ "og:image:secure_url", MF_IMAGE, 2 },
	{ "twitter:image", MF_IMAGE, 3 },
	{ "twitter:image:src", MF_IMAGE, 3 },
	{ "thumbnailurl", MF_IMAGE, 4 },
};

/* Keeps VALUE (taken) in *SLOT when RANK beats *SLOT_RANK. */
static void
meta_offer(char **slot, int *slot_rank, char *value, int rank)
{
	if (value == NULL)
		return;
	if (*value == '\0' || rank >= *slot_rank) {
		free(value);
		return;
	}
	free(*slot);
	*slot = value;
	*slot_rank = rank;
}

/* 1 when TEXT reads as a date (not a relative one: that is a clock's). */
static int
meta_date_reads(const char *text, const struct date_opts *dopts)
{
	struct date_info	 di;
	time_t			 t;

	return (text != NULL && date_parse_info(text, dopts, &t, &di) == 0 &&
	    !di.di_relative && !di.di_no_year);
}

static void
meta_offer_date(struct meta_seen *m, const char *text, int rank)
{
	int	 shown = (rank == MD_DATELINE || rank == MD_MARKED_TEXT) &&
	    m->ms_shown == NULL;

	/* Each text read once: the first day the page shows in words is
	 * kept whatever wins. */
	if ((!shown && rank >= m->ms_date_rank) ||
	    !meta_date_reads(text, m->ms_dopts))
		return;
	if (shown)
		m->ms_shown = text_clean_nonempty(text, ITEM_MAX_DATE_TEXT);
	if (rank >= m->ms_date_rank)
		return;
	meta_offer(&m->ms_date, &m->ms_date_rank,
	    text_clean_nonempty(text, ITEM_MAX_DATE_TEXT), rank);
}

/* An author's name: no address, no "By " before it. */
static void
meta_offer_author(struct meta_seen *m, const char *text, int rank)
{
	char	*name;

	if (text == NULL || strstr(text, "://") != NULL)
		return;
	if ((name = text_clean_nonempty(text, ITEM_MAX_AUTHOR)) == NULL)
		return;
	if (strncasecmp(name, "by ", 3) == 0)
		memmove(name, name + 3, strlen(name + 3) + 1);
	meta_offer(&m->ms_author, &m->ms_author_rank, name, rank);
}

static void
meta_offer_image(struct meta_seen *m, const char *url, int rank)
{
	char	*abs;

	if (url == NULL || rank >= m->ms_image_rank ||
	    (abs = item_resolve_link(url, m->ms_base)) == NULL)
		return;
	if (strncasecmp(abs, "http://", 7) != 0 &&
	    strncasecmp(abs, "https://", 8) != 0) {
		free(abs);
		return;
	}
	meta_offer(&m->ms_image, &m->ms_image_rank, abs, rank);
}

static void
meta_tag(struct meta_seen *m, xmlNodePtr n)
{
	const char	*key, *content;
	size_t		 i;

	if ((content = html_attr(n, "content")) == NULL)
		return;
	if ((key = html_attr(n, "property")) == NULL &&
	    (key = html_attr(n, "name")) == NULL &&
	    (key = html_attr(n, "itemprop")) == NULL)
		return;
	for (i = 0; i < sizeof(meta_keys) / sizeof(meta_keys[0]); i++) {
		if (strcasecmp(meta_keys[i].mk_name, key) != 0)
			continue;
		switch (meta_keys[i].mk_field) {
		case MF_TITLE:
			meta_offer(&m->ms_title, &m->ms_title_rank,
			    text_clean_nonempty(content, ITEM_MAX_TITLE),
			    meta_keys[i].mk_rank);
			break;
		case MF_DATE:
			meta_offer_date(m, content, meta_keys[i].mk_rank);
			break;
		case MF_AUTHOR:
			meta_offer_author(m, content, meta_keys[i].mk_rank);
			break;
		case MF_IMAGE:
			meta_offer_image(m, content, meta_keys[i].mk_rank);
			break;
		}
		return;
	}
}

/* 1 when the JSON-LD @type T names an article (or a list of types does). */
static int
meta_ld_is_article(const struct json *t)
{
	const char	*s;
	size_t		 l;

	if (t != NULL && t->j_type == JSON_ARRAY) {
		for (t = t->j_child; t != NULL; t = t->j_next)
			if (meta_ld_is_article(t))
				return (1);
		return (0);
	}
	if ((s = json_string(t)) == NULL)
		return (0);
	l = strlen(s);
	return ((l >= 7 && strcmp(s + l - 7, "Article") == 0) ||
	    (l >= 7 && strcmp(s + l - 7, "Posting") == 0) ||
	    strcmp(s, "Report") == 0 || strcmp(s, "Review") == 0);
}

/* A name in JSON-LD: a string, {"name": ...}, or the first of a list. */
static const char *
meta_ld_name(const struct json *j, const char *key)
{
	if (j != NULL && j->j_type == JSON_ARRAY)
		j = j->j_child;
	if (j != NULL && j->j_type == JSON_OBJECT)
		j = json_get(j, key);
	return (json_string(j));
}

static void
meta_ld_object(struct meta_seen *m, const struct json *j)
{
	int	 article = meta_ld_is_article(json_get(j, "@type"));
	int	 bonus = article ? 0 : MD_LD_OTHER - MD_LD_ARTICLE;

	if (article) {
		meta_offer(&m->ms_title, &m->ms_title_rank,
		    text_clean_nonempty(json_string(json_get(j, "headline")),
		    ITEM_MAX_TITLE), 1);
		meta_offer_author(m, meta_ld_name(json_get(j, "author"),
		    "name"), 1);
		meta_offer_image(m, meta_ld_name(json_get(j, "image"), "url"),
		    1);
	}
	if (json_get(j, "headline") != NULL || article) {
		meta_offer_date(m, json_string(json_get(j, "datePublished")),
		    MD_LD_ARTICLE + bonus);
		meta_offer_date(m, json_string(json_get(j, "dateCreated")),
		    MD_LD_OTHER);
		meta_offer_date(m, json_string(json_get(j, "dateModified")),
		    MD_MODIFIED);
	}
}

/* Every object of a JSON-LD document, @graph and nested ones too. */
static void
meta_ld_walk(struct meta_seen *m, const struct json *j, int depth)
{
	const struct json	*c;

	if (j == NULL || depth > 6)
		return;
	if (j->j_type == JSON_OBJECT)
		meta_ld_object(m, j);
	if (j->j_type != JSON_OBJECT && j->j_type != JSON_ARRAY)
		return;
	for (c = j->j_child; c != NULL; c = c->j_next)
		if (c->j_type == JSON_OBJECT || c->j_type == JSON_ARRAY)
			meta_ld_walk(m, c, depth + 1);
}

static void
meta_ld_script(struct meta_seen *m, xmlNodePtr n)
{
	const char	*type = html_attr(n, "type");
	xmlChar		*body;
	struct json	*j;

	if (type == NULL || strcasestr(type, "ld+json") == NULL)
		return;
	if ((body = xmlNodeGetContent(n)) == NULL)
		return;
	if ((j = json_parse_script((const char *)body,
	    strlen((const char *)body), NULL)) != NULL) {
		meta_ld_walk(m, j, 0);
		json_free(j);
	}
	xmlFree(body);
}

/* The shown text of N, cleaned and short, or NULL (caller frees). */
static char *
meta_text(xmlNodePtr n)
{
	struct buf	 b;

	buf_init(&b, META_MAX_TEXT);
	html_text(n, &b, 16, HTML_WORDS);
	return (text_clean_take(buf_take(&b, NULL), META_MAX_TEXT));
}

static int
meta_is_dateline(const char *text, const struct date_opts *dopts)
{
	size_t	 len = text != NULL ? strlen(text) : 0;

	return (len >= 6 && len <= 160 && meta_date_reads(text, dopts));
}

/*
 * What is left of an address's tail once its page number, separators and
 * page words are taken out, into OUT (SIZE bytes); its first number (or
 * -1) into *NUM.
 */
static void
meta_page_rest(const char *p, char *out, size_t size, long *num)
{
	static const char *words[] = { "page", "seite", "pagina", "pg", "p",
	    NULL };
	size_t	 o = 0, i, l;

	*num = -1;
	while (*p != '\0' && o + 1 < size) {
		if (isdigit((unsigned char)*p)) {
			if (*num == -1)
				*num = strtol(p, NULL, 10);
			while (isdigit((unsigned char)*p))
				p++;
			continue;
		}
		if (strchr("/-_?&=.#", *p) != NULL) {
			p++;
			continue;
		}
		for (i = 0; words[i] != NULL; i++)
			if (strncasecmp(p, words[i], (l = strlen(words[i]))) ==
			    0 && !isalpha((unsigned char)p[l]))
				break;
		if (words[i] != NULL) {
			p += l;
			continue;
		}
		out[o++] = (char)tolower((unsigned char)*p++);
	}
	out[o] = '\0';
}

/*
 * A next page only when its address is this one's with a page number:
 * "/a/story" and "/a/story/2", "?page=2", "/page/2/"; "story-2.html" after
 * "story.html"; "?p=3" after "?p=2".  A small number, one more than this
 * page's: "/news/6651" is the next story, not a page.
 */
static int
meta_next_page(const char *base, const char *next)
{
	char	 rb[256], rn[256];
	size_t	 i = 0;
	long	 nb, nn;

	if (base == NULL || next == NULL || strcmp(base, next) == 0)
		return (0);
	while (base[i] != '\0' && base[i] == next[i])
		i++;
	while (i > 0 && isdigit((unsigned char)base[i - 1]))
		i--;
	if (strlen(base + i) >= sizeof(rb) || strlen(next + i) >= sizeof(rn))
		return (0);
	meta_page_rest(base + i, rb, sizeof(rb), &nb);
	meta_page_rest(next + i, rn, sizeof(rn), &nn);
	if (strcmp(rb, rn) != 0 || nn < 2 || nn > 50)
		return (0);
	return (nb == -1 ? 1 : nb < 50 && nn == nb + 1);
}

/* 1 when TEXT names the next page of a paged article ("2", "Next »"). */
static int
meta_next_words(const char *text)
{
	static const char *words[] = { "2", "next", "next page", "next »",
	    "next ›", "»", "›", "weiter", "nächste seite", "page suivante",
	    "suivant", "siguiente", "página siguiente", "successiva",
	    "pagina successiva", "далее", "следующая", "następna", "další",
	    "下一页", "次へ", "次のページ", NULL };
	size_t	 i;

	for (i = 0; text != NULL && words[i] != NULL; i++)
		if (strcasecmp(text, words[i]) == 0)
			return (1);
	return (0);
}

/*
 * The article's next page: a <link> or <a> rel=next, else a link named
 * "2" or "Next page"; either only when its address is this one's with a
 * page number (a blog's rel=next often names the next post).
 */
static void
meta_link(struct meta_seen *m, xmlNodePtr n)
{
	const char	*rel = html_attr(n, "rel"), *href;
	char		*abs, *text = NULL;
	int		 by_rel;

	if (m->ms_next_rel || (href = html_attr(n, "href")) == NULL)
		return;
	by_rel = rel != NULL && strcasecmp(rel, "next") == 0;
	if (!by_rel) {
		if (m->ms_next != NULL || !xmlStrEqual(n->name,
		    (const xmlChar *)"a") || (rel != NULL &&
		    strcasestr(rel, "prev") != NULL))
			return;
		text = meta_text(n);
		if (!meta_next_words(text)) {
			free(text);
			return;
		}
		free(text);
	}
	if ((abs = item_resolve_link(href, m->ms_base)) == NULL)
		return;
	if (meta_next_page(m->ms_base, abs)) {
		free(m->ms_next);
		m->ms_next = abs;
		m->ms_next_rel = by_rel;
	} else
		free(abs);
}

/* Microdata: itemprop=datePublished, author, headline, image. */
static void
meta_itemprop(struct meta_seen *m, xmlNodePtr n, const char *prop)
{
	const char	*v;
	char		*text;

	if (strcasecmp(prop, "datePublished") == 0) {
		if ((v = html_attr(n, "content")) != NULL ||
		    (v = html_attr(n, "datetime")) != NULL)
			meta_offer_date(m, v, MD_ITEMPROP);
		else if ((text = meta_text(n)) != NULL) {
			meta_offer_date(m, text, MD_ITEMPROP);
			free(text);
		}
	} else if (strcasecmp(prop, "author") == 0 && m->ms_author_rank > 4) {
		text = meta_text(n);
		if (text != NULL && strlen(text) < 80)
			meta_offer_author(m, text, 4);
		free(text);
	} else if (strcasecmp(prop, "headline") == 0 && m->ms_title_rank > 4)
		meta_offer(&m->ms_title, &m->ms_title_rank, meta_text(n), 4);
	else if (strcasecmp(prop, "image") == 0)
		meta_offer_image(m, (v = html_attr(n, "content")) != NULL ? v :
		    (v = html_attr(n, "src")) != NULL ? v :
		    html_attr(n, "href"), 4);
}

/* Class or id words that mark a byline or a dateline. */
static int
meta_is_byline_box(xmlNodePtr n)
{
	static const char *words[] = { "date", "time", "byline", "publish",
	    "posted", "meta", "dateline", "info", "created", "modif", "datum",
	    "fecha", NULL };

	return (html_names_any(n, words));
}

/* 1 when N holds a <time> at most DEPTH levels down. */
static int
meta_holds_time(xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;

	for (c = n != NULL ? n->children : NULL; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (xmlStrEqual(c->name, (const xmlChar *)"time") ||
		    (depth > 1 && meta_holds_time(c, depth - 1))))
			return (1);
	return (0);
}

/* The element sibling of N before it (BEFORE) or after it, or NULL. */
static xmlNodePtr
meta_sibling(xmlNodePtr n, int before)
{
	do
		n = before ? n->prev : n->next;
	while (n != NULL && n->type != XML_ELEMENT_NODE);
	return (n);
}

/*
 * A <time> of a list of dated entries (a ticker's "10:25 Euro ticks up":
 * a box up to three levels above it has neighbours dated too) or inside a
 * link: another story's date, not this one's.  A byline's one <time>
 * beside an author's link stays.
 */
static int
meta_time_of_list(xmlNodePtr t)
{
	xmlNodePtr	 p;
	int		 level;

	for (p = t->parent; p != NULL && p->type == XML_ELEMENT_NODE;
	    p = p->parent)
		if (xmlStrEqual(p->name, (const xmlChar *)"a"))
			return (1);
	for (p = t->parent, level = 1; level <= 3 && p != NULL &&
	    p->type == XML_ELEMENT_NODE; p = p->parent, level++)
		if (meta_holds_time(meta_sibling(p, 0), level) ||
		    meta_holds_time(meta_sibling(p, 1), level))
			return (1);
	return (0);
}

/* The first <time> of the page that is of no list nor link. */
static void
meta_time_any(struct meta_seen *m, xmlNodePtr n)
{
	const char	*v;

	if (m->ms_date_rank <= MD_TIME_ANY ||
	    !xmlStrEqual(n->name, (const xmlChar *)"time") ||
	    (v = html_attr(n, "datetime")) == NULL ||
	    !meta_date_reads(v, m->ms_dopts) || meta_time_of_list(n))
		return;
	meta_offer_date(m, v, MD_TIME_ANY);
}

/*
 * A data-* attribute naming the publication: a date, or an instant in
 * seconds or milliseconds since 1970 (data-publishtime="1376751840652").
 */
static void
meta_data_attrs(struct meta_seen *m, xmlNodePtr n)
{
	static const char *attrs[] = { "data-publishtime", "data-published",
	    "data-pubdate", "data-publish-date", "data-published-date",
	    "data-date-published", NULL };
	const char	*v;
	char		 iso[64];
	size_t		 i, l;
	long long	 t;

	for (i = 0; attrs[i] != NULL; i++) {
		if ((v = html_attr(n, attrs[i])) == NULL)
			continue;
		l = strspn(v, "0123456789");
		if (v[l] == '\0' && (l == 10 || l == 13)) {
			t = strtoll(v, NULL, 10) / (l == 13 ? 1000 : 1);
			date_format_rfc3339((time_t)t, iso, sizeof(iso));
			meta_offer_date(m, iso, MD_MARKED);
		} else
			meta_offer_date(m, v, MD_MARKED);
		return;
	}
}

/* Class or id words that mark the publication date, anywhere. */
static const char *meta_published_words[] = { "publish", "pubdate",
    "entry-date", "post-date", "postdate", "article-date", "posted-on",
    "dt-published", "date-post", NULL };

/* Words a text opens with to say when it was published. */
static const char *meta_published_openers[] = { "published", "posted",
    "veröffentlicht", "publié", "publicado", "pubblicato", "gepubliceerd",
    "opublikowano", "publicerad", "опубликовано", "publikováno",
    "yayınlanma", NULL };

/* 1 when TEXT opens with one of meta_published_openers. */
static int
meta_says_published(const char *text)
{
	size_t	 i, l;

	while (*text == ' ' || *text == '\t' || *text == '\n' ||
	    *text == '\r')
		text++;
	for (i = 0; meta_published_openers[i] != NULL; i++)
		if (strncasecmp(text, meta_published_openers[i],
		    (l = strlen(meta_published_openers[i]))) == 0 &&
		    !isalpha((unsigned char)text[l]))
			return (1);
	return (0);
}

/*
 * Anywhere on the page: a <time> marked as the publication (pubdate, a
 * class or id saying so), and an element whose own first words say it was
 * published ("Published on: June 25, 2024"); not of a list of entries.
 */
static void
meta_marked(struct meta_seen *m, xmlNodePtr n)
{
	const char	*v;
	char		*text;
	xmlNodePtr	 c;

	if (m->ms_date_rank <= MD_MARKED)
		return;
	if (n->properties != NULL)
		meta_data_attrs(m, n);
	if (xmlStrEqual(n->name, (const xmlChar *)"time")) {
		if ((html_attr(n, "pubdate") == NULL &&
		    !html_names_any(n, meta_published_words)) ||
		    meta_time_of_list(n))
			return;
		if ((v = html_attr(n, "datetime")) != NULL &&
		    meta_date_reads(v, m->ms_dopts))
			meta_offer_date(m, v, MD_MARKED);
		else if ((text = meta_text(n)) != NULL) {
			meta_offer_date(m, text, MD_MARKED);
			free(text);
		}
		return;
	}
	/* hAtom's <abbr class=published title="2014-05-01T10:00">. */
	if (html_names_any(n, meta_published_words) &&
	    (((v = html_attr(n, "datetime")) != NULL &&
	    meta_date_reads(v, m->ms_dopts)) || ((v = html_attr(n,
	    "title")) != NULL && meta_date_reads(v, m->ms_dopts)))) {
		meta_offer_date(m, v, MD_MARKED);
		return;
	}
	if (m->ms_date_rank <= MD_MARKED_TEXT)
		return;
	for (c = n->children; c != NULL && c->type != XML_TEXT_NODE;
	    c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			return;
	if (c == NULL || c->content == NULL ||
	    !meta_says_published((const char *)c->content))
		return;
	if ((text = meta_text(n)) != NULL &&
	    meta_is_dateline(text, m->ms_dopts))
		meta_offer_date(m, text, MD_MARKED_TEXT);
	free(text);
}

/* A block of a line's text: inline elements only, and few words. */
static int
meta_is_short_block(xmlNodePtr n)
{
	xmlNodePtr	 c;
	size_t		 len = 0;

	if (html_inline((const char *)n->name))
		return (0);
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    !html_inline((const char *)c->name))
			return (0);
		if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    (len += strlen((const char *)c->content)) > 200)
			return (0);
	}
	return (1);
}

/* Where to cut TEXT at most MAX bytes in, at a character's start. */
static size_t
meta_cut(const char *text, size_t max)
{
	size_t	 n = strlen(text);

	if (n <= max)
		return (n);
	while (max > 0 && ((unsigned char)text[max] & 0xc0) == 0x80)
		max--;
	return (max);
}

/* After the headline: its <time>, and short texts that are a date. */
static void
meta_by_headline(struct meta_seen *m, xmlNodePtr n)
{
	const char	*v;
	char		*text;

	/* Until a dateline is seen, for meta_utc_shown, even when a better
	 * date is known. */
	if (m->ms_datelines >= META_MAX_DATELINES ||
	    (m->ms_date_rank <= MD_TIME && m->ms_shown != NULL))
		return;
	if (xmlStrEqual(n->name, (const xmlChar *)"time")) {
		if (meta_time_of_list(n))
			return;
		m->ms_datelines++;
		if ((v = html_attr(n, "datetime")) != NULL &&
		    meta_date_reads(v, m->ms_dopts))
			meta_offer_date(m, v, MD_TIME);
		else if ((text = meta_text(n)) != NULL) {
			meta_offer_date(m, text, MD_TIME);
			free(text);
		}
		return;
	}
	if (m->ms_date_rank <= MD_DATELINE && m->ms_shown != NULL)
		return;
	/* The first few short blocks under the headline, named or not
	 * ("By Ann Roe | March 3, 2020"). */
	if (!meta_is_byline_box(n) && (m->ms_after_h1++ >= META_MAX_DATELINES ||
	    !meta_is_short_block(n)))
		return;
	m->ms_datelines++;
	if ((text = meta_text(n)) == NULL)
		return;
	/* A box that opens with its date, share buttons after it. */
	if (strlen(text) > 160)
		text[meta_cut(text, 60)] = '\0';
	if (meta_is_dateline(text, m->ms_dopts))
		meta_offer_date(m, text, MD_DATELINE);
	free(text);
}

/*
 * A date box just above the headline ("Updated: August 13, 2010" before
 * the title's block): the few element siblings before the headline, its
 * parent and grandparent.
 */
static void
meta_above_headline(struct meta_seen *m, xmlNodePtr h1)
{
	xmlNodePtr	 at, sib;
	char		*text;
	int		 level, seen;

	for (at = h1, level = 0; at != NULL && level < 3 &&
	    at->type == XML_ELEMENT_NODE; at = at->parent, level++)
		for (sib = meta_sibling(at, 1), seen = 0; sib != NULL &&
		    seen < 3 && m->ms_date_rank > MD_DATELINE;
		    sib = meta_sibling(sib, 1), seen++) {
			if (!meta_is_byline_box(sib))
				continue;
			if ((text = meta_text(sib)) != NULL &&
			    meta_is_dateline(text, m->ms_dopts))
				meta_offer_date(m, text, MD_DATELINE);
			free(text);
		}
}

/* The words of TEXT: runs between spaces, and each CJK character. */
static size_t
meta_words(const char *text)
{
	const unsigned char	*p;
	size_t			 n = 0;
	int			 in = 0;

	for (p = (const unsigned char *)text; *p != '\0'; p++) {
		if (*p >= 0xe3 && *p <= 0xed) {
			n++;
			in = 0;
		} else if (isspace(*p))
			in = 0;
		else if (!in && (*p & 0xc0) != 0x80) {
			n++;
			in = 1;
		}
	}
	return (n);
}

/*
 * The text of an <h1> that may be the page's headline, or NULL for a
 * logo's link ("<h1><a href=/>Home</a></h1>").
 */
static char *
meta_headline_text(xmlNodePtr h1)
{
	xmlNodePtr	 c, only = NULL;

	for (c = h1->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL &&
		    c->content[strspn((const char *)c->content, " \t\r\n")])
			only = h1;	/* text of its own */
		else if (c->type == XML_ELEMENT_NODE)
			only = only == NULL ? c : h1;
	}
	if (only != NULL && only != h1 &&
	    xmlStrEqual(only->name, (const xmlChar *)"a"))
		return (NULL);
	return (meta_text(h1));
}

/* Whether N sits in a link, a list's entry or the page's furniture. */
static int
meta_in_furniture(xmlNodePtr n)
{
	static const char *names[] = { "a", "li", "nav", "aside", "footer",
	    "dd", NULL };
	int	 i, depth;

	for (depth = 0; n != NULL && n->type == XML_ELEMENT_NODE &&
	    depth < 12; n = n->parent, depth++)
		for (i = 0; names[i] != NULL; i++)
			if (xmlStrEqual(n->name, (const xmlChar *)names[i]))
				return (1);
	return (0);
}

/*
 * A date no rule by the headline read (a page without an <h1>, a date in
 * a box beside the text): the first box whose class or id names a date
 * ("<span class=h-time> 2020-02-19 20:29</span>"), else the first element
 * whose whole text is a date with its year ("<div>Apr 7, 2009</div>"),
 * neither in a link, a list's entry or the page's furniture.
 */
static void
meta_loose(struct meta_seen *m, xmlNodePtr n)
{
	static const char *words[] = { "date", "time", "publish", "datum",
	    "fecha", "posted", "created", NULL };
	xmlNodePtr	 c;
	char		*text;
	int		 rank;

	if (m->ms_loose_rank == 1 || m->ms_date_rank <= MD_DATELINE)
		return;
	if (html_names_any(n, words))
		rank = 1;
	else if (m->ms_loose == NULL) {
		for (c = n->children; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				return;
		rank = 2;
	} else
		return;
	if ((text = meta_text(n)) == NULL)
		return;
	if (strlen(text) <= (rank == 1 ? 60 : 40) &&
	    meta_is_dateline(text, m->ms_dopts) && !meta_in_furniture(n)) {
		free(m->ms_loose);
		m->ms_loose = text_clean_nonempty(text, ITEM_MAX_DATE_TEXT);
		m->ms_loose_rank = rank;
	}
	free(text);
}

static void
meta_element(struct meta_seen *m, xmlNodePtr n)
{
	const char	*name = (const char *)n->name, *prop;
	char		*text;

	if (strcmp(name, "meta") == 0)
		meta_tag(m, n);
	else if (strcmp(name, "script") == 0)
		meta_ld_script(m, n);
	else if (strcmp(name, "link") == 0 || strcmp(name, "a") == 0)
		meta_link(m, n);
	else if (strcmp(name, "title") == 0 && m->ms_title_rank > 6) {
		text = meta_text(n);
		/* "Story - 07.12.2017": the page's day, when nothing says
		 * better. */
		if (text != NULL && meta_is_dateline(text, m->ms_dopts))
			meta_offer_date(m, text, MD_TITLE);
		meta_offer(&m->ms_title, &m->ms_title_rank, text, 6);
	}
	else if (strcmp(name, "h1") == 0 && m->ms_h1_seen < 2 &&
	    !html_hidden(n, HTML_HIDE_MORE)) {
		/* A logo's <h1> starts the search by the headline too, but
		 * names nothing; a short first one ("/ България") gives way
		 * to a headline of three words or more, which starts it
		 * again. */
		if ((text = meta_headline_text(n)) == NULL ||
		    (m->ms_h1_seen && meta_words(text) < 3)) {
			free(text);
			m->ms_h1_seen = m->ms_h1_seen ? m->ms_h1_seen : 1;
			goto rest;
		}
		if (m->ms_h1_seen) {
			m->ms_after_h1 = m->ms_datelines = 0;
			/* What stood under the short one was a clock's. */
			if (m->ms_date_rank == MD_DATELINE) {
				free(m->ms_date);
				m->ms_date = NULL;
				m->ms_date_rank = META_NONE;
			}
			if (m->ms_title_rank == 5)	/* the short one's */
				m->ms_title_rank = 6;
			free(m->ms_h1);
			m->ms_h1 = NULL;
		}
		m->ms_h1_seen = meta_words(text) >= 3 ? 2 : 1;
		/* "Weekly Edition for March 26, 2015": the headline's day. */
		if (text != NULL && meta_is_dateline(text, m->ms_dopts))
			meta_offer_date(m, text, MD_DATELINE);
		meta_above_headline(m, n);
		if (text != NULL && strlen(text) >= 8) {
			m->ms_h1 = xstrdup(text);
			meta_offer(&m->ms_title, &m->ms_title_rank, text, 5);
		} else
			free(text);
	}
	else if (strcmp(name, "h2") == 0 && !m->ms_h1_seen &&
	    m->ms_title != NULL) {
		/* No <h1>: an <h2> the title holds is the headline. */
		text = meta_text(n);
		if (text != NULL && meta_words(text) >= 3 &&
		    strstr(m->ms_title, text) != NULL)
			m->ms_h1_seen = 2;
		free(text);
	}
rest:
	/* The dates of comments are not the article's. */
	if (m->ms_in_comments)
		return;
	if ((prop = html_attr(n, "itemprop")) != NULL)
		meta_itemprop(m, n, prop);
	meta_marked(m, n);
	meta_time_any(m, n);
	if (m->ms_h1_seen)
		meta_by_headline(m, n);
	meta_loose(m, n);
}

/* A box of readers' comments (not the page's <body> with a class saying
 * comments are open). */
static int
meta_is_comments(xmlNodePtr n)
{
	static const char *words[] = { "disqus", "respond", "replies", NULL };
	const char	*name = (const char *)n->name, *v, *w;
	int		 i;

	if (strcmp(name, "body") == 0 || strcmp(name, "html") == 0 ||
	    strcmp(name, "main") == 0 || strcmp(name, "article") == 0)
		return (0);
	if (html_names_any(n, words))
		return (1);
	/* "comments", "comment-list", "commentlist"; not "commentary". */
	for (i = 0; i < 2; i++) {
		v = html_attr(n, i == 0 ? "class" : "id");
		for (w = v; w != NULL && (w = strcasestr(w, "comment")) != NULL;
		    w += 7)
			if (!isalpha((unsigned char)w[7]) ||
			    tolower((unsigned char)w[7]) == 's' ||
			    tolower((unsigned char)w[7]) == 'l')
				return (1);
	}
	return (0);
}

static void
meta_walk(struct meta_seen *m, xmlNodePtr n, int depth)
{
	xmlNodePtr	 c;
	int		 comments;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (++m->ms_nodes > META_MAX_NODES)
			return;
		comments = meta_is_comments(c);
		m->ms_in_comments += comments;
		meta_element(m, c);
		if (depth < META_MAX_DEPTH && c->children != NULL &&
		    strcmp((const char *)c->name, "script") != 0 &&
		    strcmp((const char *)c->name, "style") != 0)
			meta_walk(m, c, depth + 1);
		m->ms_in_comments -= comments;
	}
}

/* A date opening LINE (LEN bytes) before a dash, as a new string. */
static char *
meta_lead_of(const char *line, size_t len)
{
	static const char *dashes[] = { " --", " \xe2\x80\x94", " \xe2\x80\x93",
	    " - ", NULL };
	const char	*end = NULL, *p;
	size_t		 i, room = len < 80 ? len : 80;

	for (i = 0; dashes[i] != NULL; i++)
		if ((p = memmem(line, room, dashes[i], strlen(dashes[i]))) !=
		    NULL && (end == NULL || p < end))
			end = p;
	return (end != NULL ? xstrndup(line, (size_t)(end - line)) : NULL);
}

/* TEXT's date into AR, TEXT kept as its text (taken), HOW said; 0 when
 * TEXT reads as no day. */
static int
meta_date_take(struct article *ar, char *text, const struct date_opts *dopts,
    const char *how)
{
	time_t	 t;
	int	 offset, only;

	if ((t = item_date(text, dopts, NULL, &offset, &only)) == 0)
		return (0);
	free(ar->ar_date_text);
	ar->ar_date_text = text;
	ar->ar_date = t;
	ar->ar_date_offset = offset;
	ar->ar_date_only = only;
	ar->ar_date_how = how;
	return (1);
}

/*
 * A date alone on the body's last line, as a letter is signed ("Benni /
 * 10. September 2017"): the article's, when nothing else dated it.
 */
static void
meta_closing_date(const char *text, const struct date_opts *dopts,
    struct article *ar)
{
	const char	*last = text, *p;
	char		*line;
	size_t		 len;

	for (p = text; *p != '\0'; p++)
		if (*p == '\n' && p[1] != '\0')
			last = p + 1;
	len = strcspn(last, "\n");
	if (len > 40)
		return;
	line = xstrndup(last, len);
	/* The date and little else: not "Posted on 1 May 2020 by Bob". */
	if (meta_words(line) > 4 || !meta_is_dateline(line, dopts) ||
	    !meta_date_take(ar, line, dopts, "the article's closing line"))
		free(line);
}

void
article_meta_lead_date(const char *text, const struct date_opts *dopts,
    struct article *ar)
{
	char		*lead;
	size_t		 len;
	int		 lines;

	if (text == NULL || (ar->ar_date != 0 &&
	    ar->ar_date_how != meta_date_hows[MD_URL] &&
	    ar->ar_date_how != meta_date_hows[MD_DATELINE] &&
	    ar->ar_date_how != meta_date_hows[MD_TITLE] &&
	    ar->ar_date_how != meta_date_hows[MD_MODIFIED] &&
	    ar->ar_date_how != meta_date_hows[MD_LOOSE]))
		return;
	if (ar->ar_date == 0)
		meta_closing_date(text, dopts, ar);
	/* The first lines: a headline or a caption may come first. */
	for (lines = 0; lines < 3 && *text != '\0'; lines++, text += len +
	    (text[len] == '\n')) {
		len = strcspn(text, "\n");
		if ((lead = meta_lead_of(text, len)) == NULL)
			continue;
		if (meta_date_reads(lead, dopts) && meta_date_take(ar, lead,
		    dopts, "the first paragraph's dateline"))
			return;
		free(lead);
	}
}

/*
 * A title the headline starts, then a site's name after a separator
 * ("Roads reopen | The Town Post"): the headline's words.
 */
static void
meta_title_trim(struct meta_seen *m)
{
	static const char *seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " :: ", " \xc2\xbb ", " \xc2\xb7 ", NULL };
	size_t	 l, i;

	if (m->ms_title == NULL || m->ms_h1 == NULL)
		return;
	l = strlen(m->ms_h1);
	if (strncmp(m->ms_title, m->ms_h1, l) != 0)
		return;
	for (i = 0; seps[i] != NULL; i++)
		if (strncmp(m->ms_title + l, seps[i], strlen(seps[i])) == 0) {
			free(m->ms_title);
			m->ms_title = xstrdup(m->ms_h1);
			return;
		}
}

/*
 * A structured date in UTC near midnight (2018-06-12T23:00:00Z) and the
 * page showing the next or the day before by its headline ("On 6/13/2018"):
 * the day as the page shows it, the site's own zone's.
 */
static void
meta_utc_shown(struct meta_seen *m)
{
	struct date_info	 di, ds;
	time_t			 t, s;
	struct tm		 tm;
	long			 days;

	if (m->ms_shown == NULL || m->ms_date == NULL ||
	    m->ms_date_rank > MD_LD_OTHER ||
	    date_parse_info(m->ms_date, m->ms_dopts, &t, &di) == -1 ||
	    di.di_offset != 0 || di.di_date_only || gmtime_r(&t, &tm) == NULL ||
	    (tm.tm_hour >= 3 && tm.tm_hour < 21) ||
	    date_parse_info(m->ms_shown, m->ms_dopts, &s, &ds) == -1)
		return;
	days = (long)((s + ds.di_offset) / 86400) - (long)(t / 86400);
	if (days != 1 && days != -1)
		return;
	free(m->ms_date);
	m->ms_date = m->ms_shown;
	m->ms_shown = NULL;
	m->ms_date_rank = MD_DATELINE;
}

/* The date of M into AR, read with DOPTS. */
static void
meta_date_set(struct meta_seen *m, struct article *ar)
{
	int	 future = 0;

	if (m->ms_date != NULL) {
		ar->ar_date = item_date(m->ms_date, m->ms_dopts, &future,
		    &ar->ar_date_offset, &ar->ar_date_only);
		if (ar->ar_date != 0) {
			ar->ar_date_text = m->ms_date;
			m->ms_date = NULL;
			ar->ar_date_how = meta_date_hows[m->ms_date_rank];
			return;
		}
	}
	/* The day the address names ("/2018/03/17/slug"). */
	ar->ar_date = item_date_link(NULL, m->ms_base, m->ms_dopts, &future,
	    &ar->ar_date_offset, &ar->ar_date_only);
	if (ar->ar_date != 0) {
		ar->ar_date_how = meta_date_hows[MD_URL];
		return;
	}
	if (m->ms_loose != NULL && (ar->ar_date = item_date(m->ms_loose,
	    m->ms_dopts, &future, &ar->ar_date_offset,
	    &ar->ar_date_only)) != 0) {
		ar->ar_date_text = m->ms_loose;
		m->ms_loose = NULL;
		ar->ar_date_how = meta_date_hows[MD_LOOSE];
	}
}

void
article_meta_read(xmlDocPtr doc, const char *base,
    const struct date_opts *dopts, struct article *ar)
{
	struct meta_seen	 m;
	time_t			 url_day, shown;

	memset(&m, 0, sizeof(m));
	m.ms_dopts = dopts;
	m.ms_base = base;
	m.ms_title_rank = m.ms_date_rank = m.ms_author_rank =
	    m.ms_image_rank = META_NONE;
	if (doc != NULL && xmlDocGetRootElement(doc) != NULL)
		meta_walk(&m, (xmlNodePtr)doc, 0);
	/* The address's day beats what the markup alone suggests, but for a
	 * dateline by the headline that falls within two days of it: that
	 * is the day as the page shows it (a story filed late at night). */
	if (m.ms_date_rank > MD_URL &&
	    (url_day = item_date_link(NULL, base, dopts, NULL, NULL, NULL)) !=
	    0 && !(m.ms_date_rank == MD_DATELINE && (shown = item_date(
	    m.ms_date, dopts, NULL, NULL, NULL)) != 0 &&
	    llabs((long long)(shown - url_day)) <= 2 * 86400 + 86399)) {
		free(m.ms_date);
		m.ms_date = NULL;
	}
	meta_utc_shown(&m);
	free(m.ms_shown);
	meta_date_set(&m, ar);
	free(m.ms_date);
	free(m.ms_loose);
	meta_title_trim(&m);
	free(m.ms_h1);
	ar->ar_title = m.ms_title;
	ar->ar_author = m.ms_author;
	ar->ar_image = m.ms_image;
	ar->ar_next = m.ms_next;
}
