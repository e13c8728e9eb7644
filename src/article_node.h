/*
 * article_node.h: internal to the article module's parts (article.c,
 * article_clean.c, article_judge.c, on article_node.c): the state of one
 * extraction, the text figures of a subtree, the marks of the walk, and
 * the helpers every part uses.
 */
#ifndef PAGEFEED_ARTICLE_NODE_H
#define PAGEFEED_ARTICLE_NODE_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/tree.h>

#define ART_MAX_DEPTH		200	/* deeper elements are dropped */
#define ART_MAX_NODES		300000	/* elements of a page read at most */
#define ART_MAX_TEXT		(512 * 1024)	/* bytes of the text field */
#define ART_CHAR_THRESHOLD	500	/* less text: try again, relaxed */
#define ART_TOP_CANDIDATES	5

/* What an attempt does; each retry drops the first still set. */
#define ART_STRIP_UNLIKELY	0x1
#define ART_WEIGHT_CLASSES	0x2
#define ART_CLEAN_CONDITIONALLY	0x4

/* One scored element of an attempt (its node's _private). */
struct art_score {
	double	 as_score;
	double	 as_density;	/* share of its text in links */
};

struct art_run {
	xmlDocPtr		 ar_doc;
	int			 ar_flags;
	const char		*ar_title;	/* to drop a heading repeating it */
	char			*ar_byline;	/* a byline found and dropped */
	xmlNodePtr		*ar_score_nodes; /* elements that score */
	size_t			 ar_nscore, ar_capscore;
	struct art_score	**ar_scores;	/* to free */
	size_t			 ar_nscores, ar_capscores;
	int			 ar_nodes;	/* budget */
};

/* Text figures of a subtree: characters (spaces folded), in links, commas. */
struct art_len {
	size_t	 al_chars;
	double	 al_links;
	size_t	 al_commas;
	size_t	 al_wide;	/* of al_chars, CJK and Hangul ones */
};

/*
 * Characters as the length rules weigh them: a CJK or Hangul character
 * is a word of its own, so it counts three.
 */
#define ART_WEIGHED(l)	((l).al_chars + 2 * (l).al_wide)

/* What the walk's marks (an element's _private, for the walk only) say. */
#define ART_HOLDS_BLOCK		0x1	/* a block a <div> paragraph may not hold */
#define ART_HOLDS_ARTICLE	0x2	/* an <article> or itemprop=articleBody */
#define ART_MARKS(n)		((uintptr_t)(n)->_private)

/* Element tests; NAME lowercase, as the HTML parser leaves names. */
int	 article_is(xmlNodePtr n, const char *name);
int	 article_in(xmlNodePtr n, const char *const *names);
int	 article_is_heading(xmlNodePtr n);
/* 1 for text a paragraph may skip: white space, a <br>. */
int	 article_is_blank(xmlNodePtr n);
/* 1 when N shows no text (only breaks and rules, or nothing). */
int	 article_is_empty(xmlNodePtr n, int depth);
/* Readability's class weight of N, with R's flags (0 without them). */
int	 article_class_weight(const struct art_run *r, xmlNodePtr n);

/* The text figures under N, into L. */
void	 article_measure(xmlNodePtr n, struct art_len *l);
/*
 * The same added to L from a running state (LINK: the share of a link
 * the text is in, *SPACE: a space is owed); with SCORED, each scored
 * element below gets its share of text in links.
 */
void	 article_measure_walk(xmlNodePtr n, double link, struct art_len *l,
	    int *space, int depth, int scored);
double	 article_link_density(xmlNodePtr n);
/* The shown text of N, cleaned (caller frees), at most MAX bytes. */
char	*article_text(xmlNodePtr n, size_t max);
void	 article_remove(xmlNodePtr n);

/* Marks the elements under N by what they hold (ART_HOLDS_*); the walk
 * only.  Returns N's marks. */
uintptr_t article_mark_blocks(xmlNodePtr n, int depth);
void	 article_clear_private(xmlNodePtr n, int depth);

#endif
