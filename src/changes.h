/*
 * changes.h: mode = changes.  A fetched page → its watched text (the
 * elements `watch` selects, or the page's main content, without what
 * `ignore` selects), a line per block; and the verdict on that text
 * against the last version kept: the same, noise only (`ignore_text`,
 * white space, order, fewer than `min_change` characters), or a change,
 * with the item it makes (a readable diff, from linediff.c).
 */
#ifndef PAGEFEED_CHANGES_H
#define PAGEFEED_CHANGES_H

#include <stddef.h>
#include <time.h>

#include "item.h"

struct source_conf;

#define CHANGES_MAX_TEXT	(1024 * 1024)	/* bytes of watched text */
#define CHANGES_MAX_LINES	20000		/* lines of it */
#define CHANGES_MAX_LINE	2048	/* longer lines break at a space */
#define CHANGES_REGEX_MS	250	/* ignore_text on one poll's texts */
#define CHANGES_MAX_HTML	(200 * 1024)	/* an item's diff */
#define CHANGES_MAX_SUMMARY	240
#define CHANGES_HASH_LEN	41	/* SHA-1 in hex, with its NUL */
#define CHANGES_SETTINGS_LEN	17	/* FNV-1a in hex, with its NUL */

/* A page's watched text. */
struct changes_text {
	char	*ct_text;	/* the lines joined by '\n' (never NULL) */
	size_t	 ct_nlines;
	size_t	 ct_matched;	/* with watch: nodes selected */
	int	 ct_capped;	/* cut at CHANGES_MAX_TEXT or _LINES */
};

/*
 * Reads the watched text of BODY (from URL; CONTENT_TYPE the header's,
 * or NULL) in the source's encoding rules into CT, and the page's title,
 * language and encoding note into EX (free with extraction_free).  A
 * text/plain or JSON body is read as text, its lines kept.  Returns 0, or
 * -1 with *cause set (caller frees) when the body cannot be read, is a
 * feed, or (without watch) shows no text at all.
 */
int	 changes_read(const struct source_conf *, const char *body,
	    size_t len, const char *url, const char *content_type,
	    struct extraction *ex, struct changes_text *ct, char **cause);
void	 changes_text_free(struct changes_text *);

/* The hash a version is kept under: SHA-1 of TEXT, in hex. */
void	 changes_hash(const char *text, char out[CHANGES_HASH_LEN]);
/*
 * The settings that decide what text a page gives (url, watch, ignore,
 * encoding, render), as 16 hex digits: a version read with others is no
 * base to compare with.
 */
void	 changes_settings(const struct source_conf *,
	    char out[CHANGES_SETTINGS_LEN]);
/*
 * TEXT's lines with each ignore_text match taken out, white space folded
 * and the lines left empty dropped (free with strv_free).  Returns NULL
 * with *cause set when an expression does not compile.
 */
char	**changes_lines(const struct source_conf *, const char *text,
	    size_t *n, char **cause);

enum changes_kind {
	CHANGES_FIRST = 0,	/* nothing kept yet: the first version */
	CHANGES_REBASED,	/* the last was read with other settings */
	CHANGES_SAME,		/* the very same text */
	CHANGES_NOISE,		/* differs by noise only (cr_why) */
	CHANGES_CHANGED
};

/* One poll of a changes source, as changes_judge weighs it. */
struct changes_poll {
	const struct source_conf *cp_conf;
	const char	*cp_title;	/* the page's <title>, or NULL */
	time_t		 cp_now;	/* when the text was seen */
	const char	*cp_old;	/* the last version's text, or NULL */
	const char	*cp_old_hash;
	int		 cp_rebase;	/* read with other settings */
	const char	*cp_new;
	const char	*cp_new_hash;
};

struct changes_result {
	enum changes_kind cr_kind;
	/* What happened, for the log and /health: "page changed: 3 lines
	 * added, 1 removed", "unchanged (noise only: reordered lines)". */
	char		 cr_what[256];
	size_t		 cr_chars;	/* characters changed */
	struct item	 cr_item;	/* when it publishes: the item */
};

/*
 * Returns 0 with CR filled (free with changes_result_free), or -1 with
 * *cause set (ignore_text past CHANGES_REGEX_MS).
 */
int	 changes_judge(const struct changes_poll *, struct changes_result *,
	    char **cause);
void	 changes_result_free(struct changes_result *);
/* 1 when the verdict makes an item (and a version to keep). */
int	 changes_publishes(const struct changes_result *);

#endif
