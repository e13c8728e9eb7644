/*
 * article_judge.c: whether the body found is an article at all: not a
 * consent wall, not an index of links to other stories.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "article.h"
#include "article_node.h"
#include "buf.h"
#include "html.h"
#include "text.h"
#include "util.h"

/* What an index holds: links to other stories, and prose. */
struct art_index {
	size_t	 ai_story_links;	/* links named 15 characters or more */
	size_t	 ai_prose;		/* blocks of 140 or more, few links */
	size_t	 ai_prose_chars;	/* their characters, weighed */
	size_t	 ai_longest;		/* the longest one's */
};

/*
 * A short text mostly about cookies and consent: the wall a site shows
 * before its article (the article is not in the page).
 */
int
article_is_consent_wall(const char *text, size_t chars)
{
	static const char *words[] = { "cookie", "consent", "privacy",
	    "accept", "datenschutz", "einwilligung", "zustimm", "akzeptier",
	    "consentement", "confidentialité", "accepter", "consentimiento",
	    "aceptar", "privacidad", "toestemming", "accepteren", NULL };
	size_t	 i, hits = 0;

	if (text == NULL || chars >= 1200)
		return (0);
	for (i = 0; words[i] != NULL; i++)
		if (strcasestr(text, words[i]) != NULL)
			hits++;
	return (hits >= 3);
}
/* A link that calls to act ("Learn more about X", "Read more"), no title. */
static int
art_is_call(xmlNodePtr a)
{
	static const char *calls[] = { "learn more", "read more", "more ",
	    "continue", "see ", "find out", "download", "get ", "weiterlesen",
	    "mehr ", "lire la suite", "en savoir plus", "leer más",
	    "seguir leyendo", "leggi", "читать", "подробнее", NULL };
	char	*text = article_text(a, 256);
	size_t	 i;
	int	 call = 0;

	for (i = 0; text != NULL && calls[i] != NULL; i++)
		if (strncasecmp(text, calls[i], strlen(calls[i])) == 0)
			call = 1;
	free(text);
	return (call);
}
static void
art_index_walk(xmlNodePtr n, struct art_index *ix, int depth)
{
	xmlNodePtr	 c;
	struct art_len	 l;
	const char	*href;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || depth > ART_MAX_DEPTH)
			continue;
		if (article_is(c, "a")) {
			article_measure(c, &l);
			if (ART_WEIGHED(l) >= 15 &&
			    (href = html_attr(c, "href")) !=
			    NULL && href[0] != '#' && !art_is_call(c))
				ix->ai_story_links++;
			continue;
		}
		if (!html_inline((const char *)c->name) &&
		    !(ART_MARKS(c) & ART_HOLDS_BLOCK)) {
			article_measure(c, &l);
			if (ART_WEIGHED(l) >= 140 &&
			    l.al_links < 0.5 * (double)l.al_chars) {
				ix->ai_prose++;
				ix->ai_prose_chars += ART_WEIGHED(l);
				if (ART_WEIGHED(l) > ix->ai_longest)
					ix->ai_longest = ART_WEIGHED(l);
				continue;	/* its links are the prose's */
			}
		}
		art_index_walk(c, ix, depth + 1);
	}
}
/*
 * A body that is a list of links to other stories with little prose of
 * its own (a section's front page, a list of episodes): an index.
 */
int
article_is_index(xmlNodePtr box)
{
	struct art_index	 ix;
	struct art_len		 l;

	/* Links make much of its text, to begin with. */
	article_measure(box, &l);
	if (l.al_links < 0.25 * (double)l.al_chars)
		return (0);
	memset(&ix, 0, sizeof(ix));
	article_mark_blocks(box, 0);
	art_index_walk(box, &ix, 0);
	article_clear_private(box, 0);
	/* A story told at length among the links is still a story. */
	return (ix.ai_story_links >= 5 && ix.ai_prose * 2 < ix.ai_story_links &&
	    ix.ai_prose_chars < 1500 && ix.ai_longest < 600);
}
