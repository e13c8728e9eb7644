/*
 * detect_pick.c: the fields of one detected item.  How far a member's
 * item reaches among its siblings (detect_extent), then its title and
 * permalink, its date (detect_date.c) and its summary, each from the
 * element that bears it; the run and group choices are detect_markup.c's.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "detect_date.h"
#include "detect_node.h"
#include "detect_pick.h"
#include "html.h"
#include "item.h"
#include "text.h"
#include "util.h"

/* Words in class that mark an item's summary. */
static const char *summary_words[] = {
	"summary", "excerpt", "teaser", "desc", "anons", "lead", "intro",
	"text", "content", "body", "snippet", "abstract", NULL
};
static struct wordset	 summary_set = WORDSET(summary_words);
/* Words in class that mark an item's metadata, no summary. */
static const char *not_summary_words[] = {
	"byline", "meta", "author", "posted", "tags", "share", "credit",
	"attribution", "breadcrumb", NULL
};
static struct wordset	 not_summary_set = WORDSET(not_summary_words);
/* Words in class that mark an item's title ("subtitle" does not). */
static const char *title_classes[] = { "title", "headline", "heading", "nadpis",
    "titulo", "titular", "titre", "titel", "tytul", "baslik", "otsikko",
    NULL };
static struct wordset	 title_class_set = WORDSET(title_classes);

/* The element sibling before N, or NULL. */
xmlNodePtr
detect_prev_element(xmlNodePtr n)
{
	for (n = n->prev; n != NULL && n->type != XML_ELEMENT_NODE; n = n->prev)
		;
	return (n);
}

/* The element sibling after N, or NULL. */
xmlNodePtr
detect_next_element(xmlNodePtr n)
{
	for (n = n->next; n != NULL && n->type != XML_ELEMENT_NODE; n = n->next)
		;
	return (n);
}

/* A line of a <pre> or of <br>-separated links: its text too. */
static size_t
detect_extent_line(xmlNodePtr m, xmlNodePtr *out, size_t k)
{
	xmlNodePtr	 n;

	for (n = m->next; n != NULL && k < DETECT_EXTENT_MAX &&
	    !detect_is(n, "br") && !(n->type == XML_ELEMENT_NODE &&
	    xmlStrcmp(n->name, m->name) == 0); n = n->next)
		if (n->type == XML_TEXT_NODE || n->type == XML_ELEMENT_NODE)
			out[k++] = n;
	return (k);
}

/*
 * Elements of one item: the member and, for records that span siblings
 * (<dt>, headings, table rows after a marked one), the siblings up to the
 * next member: the next of the same tag, or of the same tag and TOKEN.
 * With LEAD (dates stand before each heading), the sibling just before
 * the next member is that one's, and the one before M is M's.  A <dd>
 * takes its <dt> along (the date of a <dd> item often sits there).
 */
static size_t
detect_extent(xmlNodePtr m, int extent, const char *token, int lead,
    xmlNodePtr *out)
{
	xmlNodePtr	 n, p;
	size_t		 k = 0;
	int		 member = 0;

	out[k++] = m;
	if (detect_is(m, "dd") && (p = detect_prev_element(m)) != NULL &&
	    detect_is(p, "dt"))
		out[k++] = p;
	if (extent == EXTENT_LINE)
		return (detect_extent_line(m, out, k));
	for (n = m->next; extent && n != NULL && k < DETECT_EXTENT_MAX;
	    n = n->next) {
		/* Words between the members, in no element of their own
		 * ("<h3>Title</h3>Wed Jun 13 2018"), are the record's too;
		 * with LEAD only elements count (the last goes to the next). */
		if (n->type == XML_TEXT_NODE && !lead &&
		    detect_count((const char *)n->content) > 0) {
			out[k++] = n;
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)n->name, (const char *)m->name) == 0 &&
		    (extent == EXTENT_TAG || detect_has_token(detect_attr(n,
		    "class"), token))) {
			member = 1;
			break;
		}
		out[k++] = n;
	}
	if (lead && member && k > 1)
		k--;
	if (lead && k < DETECT_EXTENT_MAX && (p = detect_prev_element(m)) !=
	    NULL)
		out[k++] = p;
	return (k);
}

static int
detect_class_title(xmlNodePtr n)
{
	const char	*c = detect_attr(n, "class");
	const char	*p = detect_attr(n, "itemprop");

	if (p != NULL && (detect_has_token(p, "headline") ||
	    detect_has_token(p, "name")))
		return (2);
	return (c != NULL && (wordset_in_text(&title_class_set, c) ||
	    detect_has_token(c, "tit") || detect_has_token(c, "subject")) &&
	    strcase_find(c, "subtitle") == NULL);
}

/* Block elements a summary may sit in (with a summary-like class: any). */
static int
detect_class_summary(xmlNodePtr n)
{
	const char	*c = detect_attr(n, "class");

	if (!detect_is(n, "p") && !detect_is(n, "dd") &&
	    !detect_is(n, "blockquote") && !detect_is(n, "div") &&
	    !detect_is(n, "td") && !detect_is(n, "section") &&
	    !wordset_in_text(&summary_set, c))
		return (0);
	/* A byline, the post's meta line or its tags say who and when. */
	return (c == NULL || !wordset_in_text(&not_summary_set, c));
}

/* The link that goes with TITLE: around it, else the first one inside it
 * with words (a "mark as read" X is not the title's), unless a later one
 * is more than twice as long (the "(domain.com)" after it is not); a
 * permalink with words before a tag's or an author's link ahead of it
 * ("<a class=tag>a long tag</a> <a>the headline</a>"). */
xmlNodePtr
detect_title_link(xmlNodePtr title, xmlNodePtr stop)
{
	xmlNodePtr	 n, best = NULL;
	int		 budget = DETECT_ITEM_BUDGET, perm = 0, bperm = -1;
	uint32_t	 len, blen = 0;
	const char	*s;

	for (n = title; n != NULL && n != stop; n = n->parent)
		if (detect_is_link(n))
			return (n);
	for (n = title->children; n != NULL && --budget > 0;
	    n = detect_next(n, title, 1)) {
		if (!detect_is_link(n))
			continue;
		s = detect_text_peek(n, 1024);
		len = detect_count(s) + (detect_wordy(s) ? 2 : 1);
		/* Whether a link is a permalink matters from the second on
		 * (most titles hold one). */
		if (best != NULL) {
			if (bperm < 0)
				bperm = detect_permalink(best);
			perm = detect_permalink(n);
		}
		if (best == NULL) {
			best = n;
			blen = len;
		} else if ((blen == 1 && len > 1) ||
		    (len > blen * 2 && (perm || !bperm)) ||
		    (perm && !bperm && len > 2)) {
			best = n;
			blen = len;
			bperm = perm;
		}
	}
	return (best);
}

/* Path parts and endings of links that are not an item's permalink. */
/* Path segments (and a query's key before '=') that name a page about
 * someone or something other than the item: a user, a tag, the comments. */
static const char *not_permalink[] = {
	"author", "authors", "user", "users", "profile", "profiles", "tag",
	"tags", "category", "categories", "label", "labels", "comments",
	"share", "login", "signup", "register", "members", "member", "from",
	"u", "t", "domain", "search", NULL
};
/* Query keys that say the same ("?author=x"; not "t=", a topic's id). */
static const char *not_permalink_keys[] = {
	"author", "tag", "tags", "userid", "user_id", "profile", NULL
};
/* Fragments that point into the item's page, not at it. */
static const char *not_permalink_frags[] = {
	"comments", "comment", "respond", "reply", NULL
};
static const char *download_ends[] = {
	".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".exe", ".msi",
	".dmg", ".deb", ".rpm", ".whl", ".jar", ".apk", ".iso", ".sig",
	".asc", ".sha256", ".lzma", ".zst", ".tar", ".lz", ".z", ".cab",
	".pkg", ".msix", ".appimage", ".md5", ".sha1", ".sha512", ".sha",
	".minisig", NULL
};

static struct wordset	 not_permalink_set = WORDSET(not_permalink);
static struct wordset	 not_permalink_keys_set = WORDSET(not_permalink_keys);
static struct wordset	 not_permalink_frags_set = WORDSET(not_permalink_frags);
static struct wordset	 download_ends_set = WORDSET(download_ends);

const char *
detect_href_path(const char *href)
{
	const char	*p = strstr(href, "://");

	return (p != NULL ? p + 3 + strcspn(p + 3, "/?#") : href);
}

/* 1 when the path from P (up to its query or fragment) is a topic's: a
 * number as its first or second segment, at most three, no file name:
 * "/t/662162", "/t/some-title/12345/2" are a forum's topics (Discourse,
 * V2EX), where "/t/linux" is a tag (Lobsters). */
static int
detect_topic_path(const char *p)
{
	size_t	 len;
	int	 i, number = 0;

	for (i = 0; *p == '/'; i++) {
		p++;
		len = strcspn(p, "/?#");
		if (i >= 3 || memchr(p, '.', len) != NULL)
			return (0);
		if (i < 2 && len > 0 && strspn(p, "0123456789") == len)
			number = 1;
		p += len;
	}
	return (number);
}

/* Endings of pages a server program makes ("member.php?u=3"). */
static const char *script_ends[] = {
	"php", "asp", "aspx", "jsp", "cgi", "pl", "do", "nhn", "cfm", NULL
};
static struct wordset	 script_ends_set = WORDSET(script_ends);

/* Whether the path segment SEG (LEN bytes) is a program's page about a
 * user or a tag: its name's first word says so ("member.php",
 * "author_contents_list.nhn", "user-profile.asp"). */
static int
detect_script_not_item(const char *seg, size_t len)
{
	const char	*dot = NULL, *p;
	size_t		 word;

	for (p = seg; p < seg + len; p++)
		if (*p == '.')
			dot = p;
	if (dot == NULL || !wordset_has_n(&script_ends_set, dot + 1,
	    (size_t)(seg + len - dot - 1)))
		return (0);
	word = strcspn(seg, "_-.");
	return (word < len && wordset_has_n(&not_permalink_set, seg, word));
}

/*
 * 1 when HREF's path or query keys name a user, tag or comment page
 * ("/author/x", "/u/x", "user?id="), or its fragment the comments: path
 * segments that more path follows, and the keys of the query, not its
 * values.
 */
static int
detect_not_item_page(const char *href)
{
	const char	*p = detect_href_path(href), *seg;
	size_t		 len;
	int		 query = 0;

	if (strncasecmp(href, "mailto:", 7) == 0)
		return (1);
	while (*p != '\0' && *p != '#') {
		query |= *p == '?';
		seg = p + 1;
		len = strcspn(seg, query ? "=&#" : "/?#");
		if (!query && (seg[len] == '/' || seg[len] == '?') &&
		    wordset_has_n(&not_permalink_set, seg, len) &&
		    !(len == 1 && seg[0] == 't' &&
		    detect_topic_path(seg + len)))
			return (1);
		if (!query && detect_script_not_item(seg, len))
			return (1);
		if (query && seg[len] == '=' &&
		    wordset_has_n(&not_permalink_keys_set, seg, len))
			return (1);
		p = seg + len;
		/* A query's value: skipped to the next key. */
		if (query && *p == '=')
			p += strcspn(p, "&#");
	}
	return (*p == '#' && wordset_has(&not_permalink_frags_set, p + 1));
}

/* 1 when the link N is a file to download (its ending, or download=). */
static int
detect_download(xmlNodePtr n)
{
	const char	*href = detect_attr(n, "href"), *dot;
	char		 end[16];
	size_t		 len, e;

	if (href == NULL)
		return (0);
	len = strcspn(href, "?#");
	/* The last segment's ending (each of download_ends is one). */
	for (dot = href + len; dot > href && dot[-1] != '/' && dot[-1] != '.';
	    dot--)
		;
	e = (size_t)(href + len - dot) + 1;
	if (dot > href && dot[-1] == '.' && e < sizeof(end)) {
		memcpy(end, dot - 1, e);
		end[e] = '\0';
		if (wordset_has(&download_ends_set, end))
			return (1);
	}
	return (detect_attr(n, "download") != NULL);
}

int
detect_permalink(xmlNodePtr n)
{
	return (detect_is_link(n) && !detect_not_item_page(detect_attr(n,
	    "href")) && !detect_download(n));
}

/* Link texts that say where a link goes, not what the item is. */
static const char *generic_texts[] = {
	"more", "more...", "more…", "read more", "read more...", "read more »",
	"continue", "continue reading", "details", "view", "view details",
	"link", "here", "click here", "open", "full story", "mehr",
	"weiterlesen", "weiter", "mehr lesen", "lire la suite", "suite",
	"en savoir plus", "lire plus", "leer más", "seguir leyendo",
	"ver más", "leia mais", "подробнее", "читать далее", "详细", "更多",
	"詳細", "続きを読む", "더보기", "»", "›", ">>", "..", "../",
	"parent directory", "older posts", "newer posts", "older entries",
	"newer entries", "next page", "previous page", "next", "previous",
	"ältere beiträge", "neuere beiträge", "nächste seite",
	"articles plus anciens", "articles plus récents", "page suivante",
	"entradas anteriores", "entradas más recientes", "página siguiente",
	"starsze posty", "nowsze posty", "następna strona",
	"следующая страница", "предыдущая страница", "下一页", "上一页",
	"次へ", "前へ", "다음", "이전", "rss", "rss feed", "atom",
	"atom feed", "subscribe", NULL
};

static struct wordset	 generic_set = WORDSET(generic_texts);

/* A pager's two words: "Older Stories", "Earlier entries", "More news". */
static const char *pager_firsts[] = {
	"older", "newer", "earlier", "later", "next", "previous", "prev",
	"more", "all", NULL
};
static const char *pager_nouns[] = {
	"posts", "entries", "stories", "articles", "news", "items",
	"results", "page", "pages", "episodes", "releases", "events", NULL
};
static struct wordset	 pager_first_set = WORDSET(pager_firsts);
static struct wordset	 pager_noun_set = WORDSET(pager_nouns);

/* Whether S (cleaned, lower or upper case) is two words of a pager. */
static int
detect_pager_words(const char *s)
{
	size_t	 a = strcspn(s, " "), i;
	char	 w[2][16];

	if (a == 0 || a >= sizeof(w[0]) || s[a] != ' ' ||
	    strchr(s + a + 1, ' ') != NULL || strlen(s + a + 1) >= sizeof(w[1]))
		return (0);
	for (i = 0; i < a; i++)
		w[0][i] = (char)tolower((unsigned char)s[i]);
	w[0][a] = '\0';
	for (i = 0; s[a + 1 + i] != '\0'; i++)
		w[1][i] = (char)tolower((unsigned char)s[a + 1 + i]);
	w[1][i] = '\0';
	return (wordset_has(&pager_first_set, w[0]) &&
	    wordset_has(&pager_noun_set, w[1]));
}

/* Arrows and dots a "read more" link ends with. */
static const char *generic_ends[] = {
	" ", ".", ">", "»", "›", "→", "…", NULL
};

static int
detect_generic(const char *text)
{
	const unsigned char	*p;
	char			*s;
	size_t			 len, i, e, letters = 0;
	int			 generic;

	/* None of generic_texts has 30 letters: a text with more is none
	 * of them, whatever cleaning would leave. */
	for (p = (const unsigned char *)text; *p != '\0' && letters <= 30; p++)
		letters += isalnum(*p) || *p >= 0xc0;
	if (letters > 30)
		return (0);
	s = text_clean(text, 64);
	len = strlen(s);

	for (i = 0; generic_ends[i] != NULL && len > 0; i++) {
		e = strlen(generic_ends[i]);
		if (len >= e && memcmp(s + len - e, generic_ends[i], e) == 0) {
			len -= e;
			i = (size_t)-1;		/* again, from the first */
		}
	}
	s[len] = '\0';
	generic = len == 0 || wordset_has(&generic_set, s) ||
	    detect_pager_words(s);
	free(s);
	return (generic);
}

/* Candidates for the title seen in one walk over an item's elements. */
static int	detect_words(const char *, int);

struct dtitles {
	xmlNodePtr	 prop;		/* itemprop=headline|name */
	xmlNodePtr	 heading;	/* the first heading */
	xmlNodePtr	 hlink;		/* the first heading with a link */
	xmlNodePtr	 classed;	/* the first title-like class */
	xmlNodePtr	 longest;	/* the permalink with the longest text */
	uint32_t	 lmax;
	uint32_t	 before;	/* link text seen before the heading */
	int		 links;		/* usable links, permalinks or not */
};

/* Two letters or digits at least: a name such as "8.2.1" or "70화". */
static int
detect_named(const char *s)
{
	return (detect_two_of(s, 1));
}


/* Whether S (a text) is a number only: a count ("11", "1,204"). */
static int
detect_is_number(const char *s)
{
	int	 digits = 0;

	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (!isspace((unsigned char)*s) && *s != ',' && *s != '.')
			return (0);
	}
	return (digits > 0);
}

/*
 * Whether N, an element with a title class, names no item: the label of
 * a count beside it ("<span class=tit>Comments</span><b>11</b>"), or a
 * name that is all an author's or a tag's link ("<strong class=tit><a
 * href=/author/..>Jane</a></strong>").
 */
static int
detect_title_class_not(xmlNodePtr n, xmlNodePtr stop)
{
	xmlNodePtr	 c, link;

	if ((c = detect_next_element(n)) != NULL && c->next == NULL &&
	    detect_is_number(detect_text_peek(c, 32)))
		return (1);
	if ((link = detect_title_link(n, stop)) == NULL ||
	    detect_permalink(link) || !detect_contains(n, link))
		return (0);
	return (detect_count(detect_text_peek(link, 256)) >=
	    detect_count(detect_text_peek(n, 256)));
}

static void
detect_title_seen(struct dtitles *t, xmlNodePtr n, xmlNodePtr stop)
{
	const char	*s;
	uint32_t	 len;
	int		 kind;

	t->links += detect_is_link(n);
	if (detect_is_heading(n)) {
		if (t->heading == NULL) {
			t->heading = n;
			t->before = t->lmax;
		}
		if (t->hlink == NULL && detect_title_link(n, stop) != NULL)
			t->hlink = n;
	}
	/* A heading with a title class too ("<h2 class=date-header>" then
	 * "<h3 class=post-title>": the second names the post). */
	if ((kind = detect_class_title(n)) != 0 &&
	    (t->classed == NULL || (kind == 2 && t->prop == NULL))) {
		s = detect_text_peek(n, 256);
		if (detect_wordy(s) && !detect_generic(s) &&
		    (kind == 2 || !detect_title_class_not(n, stop))) {
			if (kind == 2)
				t->prop = n;
			else
				t->classed = n;
		}
	}
	if (detect_permalink(n)) {
		s = detect_text_peek(n, 1024);
		len = detect_count(s);
		if (len == 0 && detect_attr(n, "title") != NULL)
			len = 1;
		/* "more...", and marks without a letter or digit ("+",
		 * "[:||||:]": a vote) name nothing. */
		if (len > 0 && (detect_generic(s) || !detect_named(s)))
			len = 1;
		if (t->longest == NULL || len > t->lmax) {
			t->longest = n;
			t->lmax = len;
		}
	}
}

/*
 * The title element: itemprop headline, a heading with a link, a title
 * class, a heading no longer link text came before (a release's name
 * above its notes' "Bug fixes"), else the longest link.
 */
static xmlNodePtr
detect_title_node(struct dtitles *t)
{
	if (t->prop != NULL)
		return (t->prop);
	/* A more prominent heading without a link above the linked one:
	 * a job's title over its employer's "<h4><a>City of Boston</a>". */
	if (t->hlink != NULL && t->heading != NULL && t->heading != t->hlink &&
	    t->heading->name[1] < t->hlink->name[1] && t->before == 0 &&
	    detect_title_link(t->heading, NULL) == NULL &&
	    detect_words(detect_text_peek(t->heading, 256), 2) >= 2)
		return (t->heading);
	if (t->hlink != NULL)
		return (t->hlink);
	if (t->classed != NULL)
		return (t->classed);
	if (t->heading != NULL && t->before < 8)
		return (t->heading);
	if (t->longest != NULL && t->lmax <= 1 && t->heading == NULL)
		return (NULL);	/* "more...": the row's own words name it */
	return (t->longest != NULL ? t->longest : t->heading);
}

/* Letters in TITLE's text outside LINK, other links and elements with a
 * class of their own (a "(domain.com)" or a series name beside the title
 * link has none left). */
static size_t
detect_plain_letters(xmlNodePtr title, xmlNodePtr link)
{
	xmlNodePtr		 n;
	const unsigned char	*p;
	size_t			 letters = 0;
	int			 budget = DETECT_ITEM_BUDGET;

	for (n = title->children; n != NULL && --budget > 0 && letters < 2;
	    n = detect_next(n, title, n != link && !detect_is(n, "a") &&
	    detect_attr(n, "class") == NULL)) {
		if (n->type != XML_TEXT_NODE || n->content == NULL)
			continue;
		for (p = n->content; *p != '\0'; p++)
			if (isalpha(*p) || *p >= 0xc0)
				letters++;
	}
	return (letters);
}

/*
 * The text that names the item inside TITLE: the link in it when that
 * holds most of it ("Title (domain.com)", "Title: ..."), else the longest
 * block inside a title that is a whole card.
 */
static xmlNodePtr
detect_title_text_node(xmlNodePtr title, xmlNodePtr link)
{
	xmlNodePtr	 c, best = NULL;
	const char	*s;
	uint32_t	 all, len, blen = 0;
	int		 blocks = 0;

	s = detect_text_peek(title, 4096);
	all = detect_count(s);
	if (link != NULL && link != title && detect_contains(title, link)) {
		s = detect_text_peek(link, 4096);
		len = detect_count(s);
		if (len > 0 && (len * 2 >= all ||
		    detect_plain_letters(title, link) < 2))
			return (link);
	}
	for (c = title->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || detect_hidden(c) ||
		    html_inline((const char *)c->name))
			continue;
		s = detect_text_peek(c, 4096);
		len = detect_count(s);
		if (len > 0)
			blocks++;
		if (len > blen && detect_wordy(s)) {
			best = c;
			blen = len;
		}
	}
	return (blocks >= 2 && best != NULL ? best : title);
}

/* Words in S, at most LIMIT + 1 counted. */
static int
detect_words(const char *s, int limit)
{
	int	 words = 0, in = 0;

	for (; *s != '\0' && words <= limit; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in) {
			in = 1;
			words++;
		}
	}
	return (words);
}

/* Whether S opens with a bracket: "(2nd ed.)", "［改訂新版］" qualify the
 * name before them, they are no label. */
static int
detect_bracketed(const char *s)
{
	static const char *const opens[] = { "(", "[", "\xef\xbc\x88",
	    "\xef\xbc\xbb", "\xe3\x80\x90", "\xe3\x80\x8c",
	    "\xe3\x80\x94", "\xe3\x80\x8a", NULL };
	size_t	 i;

	while (isspace((unsigned char)*s))
		s++;
	for (i = 0; opens[i] != NULL; i++)
		if (strncmp(s, opens[i], strlen(opens[i])) == 0)
			return (1);
	return (0);
}

/*
 * The title's own words without what trails them in elements of their
 * own: a label ("Post de blog", "New") or a count of comments after the
 * title text.  N itself when nothing trails or the trail is no such
 * annotation; else N's text node that holds the title.
 */
static xmlNodePtr
detect_title_own_text(xmlNodePtr n)
{
	xmlNodePtr	 c, own = NULL;
	const char	*s;
	uint32_t	 len, trail = 0;
	int		 notes = 0;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL) {
			len = detect_count((const char *)c->content);
			if (len == 0)
				continue;
			if (own != NULL || !detect_wordy((const char *)
			    c->content))
				return (n);
			own = c;
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		s = detect_text_peek(c, 256);
		if ((len = detect_count(s)) == 0)
			continue;
		/* Before the title text, or a plain part of it (a search
		 * term in bold): no annotation. */
		if (own == NULL || detect_attr(c, "class") == NULL ||
		    !html_inline((const char *)c->name) || len > 20 ||
		    detect_words(s, 3) > 3 || detect_bracketed(s))
			return (n);
		trail += len;
		notes++;
	}
	if (own == NULL || notes == 0 ||
	    detect_count((const char *)own->content) < trail + 12)
		return (n);
	return (own);
}

/* 1 when N's own text (outside its block children) names something. */
static int
detect_own_words(xmlNodePtr n)
{
	xmlNodePtr	 c;
	const char	*s;
	int		 named = 0;

	for (c = n->children; c != NULL && !named; c = c->next) {
		if (c->type == XML_TEXT_NODE && c->content != NULL)
			named = detect_named((const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE && !detect_hidden(c) &&
		    html_inline((const char *)c->name)) {
			s = detect_text_peek(c, 256);
			named = detect_named(s);
		}
	}
	return (named);
}

/* An item whose links say nothing ("more...") or that has none: named by
 * its first block with words of its own (a row's first cell). */
static xmlNodePtr
detect_first_words(xmlNodePtr m)
{
	xmlNodePtr	 n;
	int		 budget = DETECT_ITEM_BUDGET;

	for (n = m; n != NULL && --budget > 0; n = detect_next(n, m, 1))
		if (n->type == XML_ELEMENT_NODE && !detect_hidden(n) &&
		    (n == m || !html_inline((const char *)n->name)) &&
		    detect_own_words(n))
			return (n);
	return (NULL);
}

/* Whether the text S ends with an ellipsis; its length before it in
 * *LEN. */
static int
detect_truncated(const char *s, size_t *len)
{
	size_t	 n = strlen(s);

	if (n >= 3 && strcmp(s + n - 3, "\xe2\x80\xa6") == 0)
		n -= 3;
	else if (n >= 3 && strcmp(s + n - 3, "...") == 0)
		n -= 3;
	else
		return (0);
	/* Spaces before it, a no-break one too ("mozak&nbsp;..."). */
	while (n > 0 && (s[n - 1] == ' ' || (n > 1 && s[n - 2] == '\xc2' &&
	    s[n - 1] == '\xa0')))
		n -= s[n - 1] == ' ' ? 1 : 2;
	*len = n;
	return (1);
}

/*
 * A card whose link says show, number, date and a title cut short ("...
 * Worlds Fair…") while the link's title attribute holds the whole title:
 * that attribute is the title, when the text holds it or ends with its
 * beginning.
 */
static void
detect_title_attr(xmlNodePtr link, struct dfields *f)
{
	char		*attr, *t, *text;
	size_t		 len, k;
	int		 found = 0;

	if (f->f_title == NULL || (attr = detect_attr_dup(link, "title")) ==
	    NULL)
		return;
	t = text_clean(attr, DETECT_TEXT_MAX);
	free(attr);
	text = text_clean(f->f_title, DETECT_TEXT_MAX);
	if (detect_count(t) >= 8 && strcmp(t, text) != 0 && detect_wordy(t)) {
		if (strstr(text, t) != NULL)
			found = 1;
		else if (detect_truncated(text, &len))
			/* The text's tail up to the ellipsis begins T. */
			for (k = 0; k + 10 <= len && !found; k++)
				found = (k == 0 || text[k - 1] == ' ') &&
				    strncmp(text + k, t, len - k) == 0;
	}
	free(text);
	if (!found) {
		free(t);
		return;
	}
	free(f->f_title);
	f->f_title = t;
	f->f_pick.p_node[RULE_TITLE] = link;
	f->f_pick.p_attr[RULE_TITLE] = "title";
}

/* A title cut short ("... mozak ...") whose whole text is the title
 * attribute of another link to the same page in the item (its image's):
 * that attribute (detect_title_attr). */
static void
detect_title_twin_attr(xmlNodePtr *ext, size_t next, xmlNodePtr link,
    struct dfields *f)
{
	const char	*href = detect_attr(link, "href");
	xmlNodePtr	 n;
	char		*t;
	size_t		 e, len;
	int		 budget, cut;

	if (href == NULL || f->f_title == NULL)
		return;
	t = text_clean(f->f_title, DETECT_TEXT_MAX);
	cut = detect_truncated(t, &len);
	free(t);
	if (!cut)
		return;
	for (e = 0; e < next; e++) {
		budget = DETECT_ITEM_BUDGET;
		/* Hidden ones too: an attribute is no text shown. */
		for (n = ext[e]; n != NULL && --budget > 0;
		    n = detect_next_any(n, ext[e])) {
			if (n == link || !detect_is_link(n) ||
			    detect_attr(n, "title") == NULL ||
			    !xmlStrEqual((const xmlChar *)detect_attr(n,
			    "href"), (const xmlChar *)href))
				continue;
			detect_title_attr(n, f);
			if (f->f_pick.p_attr[RULE_TITLE] != NULL)
				return;
		}
	}
}

/* Whether the heading with a link found names the item for sure: its
 * link says more than a kicker's word or two. */
static int
detect_title_settled(const struct dtitles *t)
{
	xmlNodePtr	 link;

	if (t->hlink == NULL)
		return (0);
	if (t->hlink->name[1] <= '1' || (link = detect_title_link(t->hlink,
	    NULL)) == NULL)
		return (1);
	return (detect_count(detect_text_peek(link, 64)) >= 20);
}

/* What could name the item made of EXT[0..NEXT) into T: headings,
 * title classes, links (related links inside it skipped). */
static void
detect_title_scan(struct detect *d, xmlNodePtr *ext, size_t next,
    struct dtitles *t)
{
	xmlNodePtr	 n, stop = ext[0]->parent;
	const struct dnode *rec;
	size_t		 e;
	int		 budget, settled = 0, aside = 0;

	for (e = 0; e < next && !settled; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0 && !settled;
		    n = detect_next(n, ext[e], !aside)) {
			aside = 0;
			if (n->type != XML_ELEMENT_NODE)
				continue;
			if (n != ext[e] && (rec = detect_record(d, n)) != NULL &&
			    rec->dn_flags & DN_ASIDE) {
				aside = 1;	/* related links: skipped */
				continue;
			}
			if (t->hlink == NULL) {
				detect_title_seen(t, n, stop);
				if (t->hlink != NULL)
					settled = detect_title_settled(t);
			/* A kicker ("<h6><a>Burma</a></h6>") above the
			 * title's more prominent heading does not name the
			 * item: only that heading is looked for then. */
			} else if (detect_is_heading(n) && n->name[1] <
			    t->hlink->name[1] && detect_title_link(n, stop) !=
			    NULL) {
				t->hlink = n;
				settled = detect_title_settled(t);
			}
		}
	}
}

/* Words after a title link that annotate it ("by Jane", "in News",
 * "posted 3 days ago"), no sentence going on. */
static const char *annotation_words[] = {
	"by", "from", "in", "via", "at", "on", "and", "or", "to", "for",
	"posted", "updated", "added", "submitted", "published", "written",
	"von", "par", "por", "di", "door", NULL
};
static struct wordset	 annotation_set = WORDSET(annotation_words);

/* Whether S (cleaned) opens with a lower-case word going on a sentence
 * (ASCII letters: a script without case says nothing here). */
static int
detect_sentence_goes_on(const char *s)
{
	size_t	 len = 0;

	while (islower((unsigned char)s[len]))
		len++;
	return (len >= 2 && (s[len] == ' ' || s[len] == '\0' ||
	    s[len] == '.' || s[len] == ',') &&
	    !wordset_has_n(&annotation_set, s, len) && detect_words(s, 3) >= 3);
}

/*
 * A title link inside a short sentence of the item's block ("uploaded
 * <a>gatling 0.15</a> (0.14 leaked descriptors)", "<a>nginx-1.13.9</a>
 * mainline version has been released."): the sentence names the item,
 * the link's words alone do not.  That block, or LINK.
 */
static xmlNodePtr
detect_title_sentence(xmlNodePtr link)
{
	xmlNodePtr	 p = link->parent;
	char		*all, *own, *at;
	size_t		 len;
	int		 going = 0;

	if (p == NULL || p->type != XML_ELEMENT_NODE || detect_is_heading(p) ||
	    html_inline((const char *)p->name) || detect_is(p, "td") ||
	    detect_is(p, "th"))
		return (link);
	all = text_clean(detect_text_peek(p, 512), 512);
	own = text_clean(detect_text_peek(link, 512), 512);
	len = strlen(own);
	if (len > 0 && strlen(all) <= 300 && (at = strstr(all, own)) != NULL) {
		/* A lower-case word right before the link, or words going on
		 * after it in lower case. */
		going = (at > all + 2 && at[-1] == ' ' &&
		    islower((unsigned char)at[-2]) &&
		    islower((unsigned char)at[-3])) ||
		    (at[len] == ' ' && detect_sentence_goes_on(at + len + 1));
	}
	free(all);
	free(own);
	return (going ? p : link);
}

/* Title and link of the item made of EXT[0..NEXT); -1 without either. */
static int
detect_pick_title(struct detect *d, xmlNodePtr *ext, size_t next,
    struct dfields *f)
{
	struct dtitles	 t;
	xmlNodePtr	 n, title, link, stop = ext[0]->parent;

	memset(&t, 0, sizeof(t));
	detect_title_scan(d, ext, next, &t);
	/* Links that are all downloads, users or tags: a row of its own,
	 * unless its list has permalinks (detect_drop_demoted). */
	if (t.longest == NULL) {
		f->f_linkless = 1;
		f->f_pick.p_demoted = t.links > 0;
	}
	if ((title = detect_title_node(&t)) == NULL)
		title = detect_first_words(ext[0]);
	if (title == NULL)
		return (-1);
	link = detect_title_link(title, stop);
	/* A heading named the item above the linked one: that one's link. */
	if (link == NULL && t.hlink != NULL && title != t.hlink)
		link = detect_title_link(t.hlink, stop);
	if (link == NULL || !detect_permalink(link))
		link = t.longest != NULL ? t.longest :
		    /* No permalink at all: the title's own link still beats
		     * none ("/t/662197" is a topic on V2EX, a tag on
		     * Lobsters), unless it is a file. */
		    link != NULL && !detect_download(link) ? link : NULL;
	if (link != NULL) {
		f->f_href = detect_attr_dup(link, "href");
		f->f_pick.p_node[RULE_LINK] = link;
		f->f_pick.p_attr[RULE_LINK] = "href";
	}
	title = detect_title_own_text(detect_title_text_node(title, link));
	if (title == link && link == t.longest && t.heading == NULL)
		title = detect_title_sentence(link);
	f->f_title = detect_text_opt(title, DETECT_TEXT_MAX, 1);
	f->f_pick.p_node[RULE_TITLE] = title;
	if (link != NULL && (title == link || detect_contains(link, title) ||
	    detect_contains(title, link)))
		detect_title_attr(link, f);
	if (link != NULL && f->f_pick.p_attr[RULE_TITLE] == NULL)
		detect_title_twin_attr(ext, next, link, f);
	/* "Older posts" is the pager beside the list, not one of it. */
	if (detect_count(f->f_title) > 0 && detect_generic(f->f_title))
		return (-1);
	if (detect_count(f->f_title) > 0)
		return (0);
	free(f->f_title);
	f->f_pick.p_node[RULE_TITLE] = NULL;
	if ((f->f_title = detect_attr_dup(title, "title")) != NULL) {
		f->f_pick.p_node[RULE_TITLE] = title;
		f->f_pick.p_attr[RULE_TITLE] = "title";
		return (0);
	}
	for (n = title; n != NULL; n = detect_next(n, title, 1))
		if (detect_is(n, "img") &&
		    (f->f_title = detect_attr_dup(n, "alt")) != NULL) {
			f->f_pick.p_node[RULE_TITLE] = n;
			f->f_pick.p_attr[RULE_TITLE] = "alt";
			return (0);
		}
	return (f->f_href != NULL ? 0 : -1);
}

/* The summary: the longest text block that is neither title nor date. */
static void
detect_pick_summary(const struct detect *d, xmlNodePtr *ext, size_t next,
    xmlNodePtr title, struct dfields *f)
{
	const struct dnode	*dn;
	xmlNodePtr	 n, best = NULL, datenode = f->f_pick.p_node[RULE_DATE];
	size_t		 e, len, bestlen = 0;
	int		 budget, tries = 0;
	const char	*s;

	for (e = 0; e < next && tries < DETECT_SUMMARY_TRIES; e++) {
		budget = DETECT_ITEM_BUDGET;
		for (n = ext[e]; n != NULL && --budget > 0 &&
		    tries < DETECT_SUMMARY_TRIES;
		    n = detect_next(n, ext[e], n != title)) {
			if (n->type != XML_ELEMENT_NODE || n == title ||
			    detect_contains(n, title) || n == datenode ||
			    !detect_class_summary(n))
				continue;
			tries++;
			/* The measured count bounds what a read finds: no
			 * read for a block too short to win. */
			if ((dn = detect_record(d, n)) != NULL &&
			    (dn->dn_text < 40 || dn->dn_text <= bestlen))
				continue;
			s = detect_text_peek(n, DETECT_MEASURE_MAX);
			len = detect_count(s);
			if (len >= 40 && len > bestlen) {
				best = n;
				bestlen = len;
			}
		}
	}
	if (best != NULL)
		f->f_summary = detect_text(best, DETECT_TEXT_MAX);
	f->f_pick.p_node[RULE_SUMMARY] = best;
}

/*
 * Picks title, link, date and summary of the item at member M of run R
 * (NULL: M alone).  Returns 0, or -1 when it has nothing to name it by.
 */
int
detect_pick(struct detect *d, xmlNodePtr m, const struct drun *r,
    struct dfields *f)
{
	return (detect_pick_some(d, m, r, f, 1));
}

void
detect_pick_finish(const struct detect *d, xmlNodePtr m, const struct drun *r,
    struct dfields *f)
{
	xmlNodePtr	 ext[DETECT_EXTENT_MAX];
	size_t		 next;

	if (!f->f_nosummary)
		return;
	next = detect_extent(m, r != NULL ? r->r_extent : 0, r != NULL ?
	    r->r_token : "", r != NULL && r->r_lead, ext);
	detect_pick_summary(d, ext, next, f->f_pick.p_node[RULE_TITLE], f);
	f->f_nosummary = 0;
}

/* Whether all of M's links are in navigation inside it (a pager's <nav>
 * closing the posts in a box built like theirs), M not furniture itself;
 * a class word ("post-widget") is too weak to tell. */
static int
detect_all_links_furniture(const struct detect *d, xmlNodePtr m)
{
	const struct dnode	*rec = detect_record(d, m), *c;
	const char		*role;
	xmlNodePtr		 n;
	uint32_t		 links = 0;
	int			 budget = DETECT_ITEM_BUDGET, down;

	if (rec == NULL || rec->dn_links == 0 || rec->dn_flags & DN_BOILER)
		return (0);
	for (n = m, down = 1; n != NULL && --budget > 0;
	    n = detect_next(n, m, down)) {
		down = 1;
		if (n != m && n->type == XML_ELEMENT_NODE &&
		    (c = detect_record(d, n)) != NULL &&
		    c->dn_flags & DN_BOILER && (detect_is(n, "nav") ||
		    detect_is(n, "menu") || ((role = detect_attr(n, "role")) !=
		    NULL && strcasecmp(role, "navigation") == 0))) {
			links += c->dn_links;
			down = 0;
		}
	}
	return (budget > 0 && links >= rec->dn_links);
}

/* detect_pick, with no summary unless SUMMARY: enough to tell whether
 * the item has a date (the summary never holds the date picked). */
int
detect_pick_some(struct detect *d, xmlNodePtr m, const struct drun *r,
    struct dfields *f, int summary)
{
	xmlNodePtr	 ext[DETECT_EXTENT_MAX];
	size_t		 next;

	memset(f, 0, sizeof(*f));
	next = detect_extent(m, r != NULL ? r->r_extent : 0, r != NULL ?
	    r->r_token : "", r != NULL && r->r_lead, ext);
	f->f_pick.p_root = m;
	f->f_linkless = r != NULL && r->r_linkless;
	if (detect_all_links_furniture(d, m) ||
	    detect_pick_title(d, ext, next, f) == -1)
		return (-1);
	detect_pick_date(d, ext, next, f->f_pick.p_node[RULE_TITLE], f);
	detect_title_drop_date(d, f);
	if (summary)
		detect_pick_summary(d, ext, next, f->f_pick.p_node[RULE_TITLE],
		    f);
	else
		f->f_nosummary = 1;
	if (f->f_date_attr != NULL && f->f_pick.p_attr[RULE_DATE] == NULL)
		f->f_pick.p_attr[RULE_DATE] = "datetime";
	return (0);
}
