/*
 * linediff.h: the difference between two lists of text lines: an edit
 * script (Myers' O(ND) algorithm, bounded in lines and edits), the
 * characters it adds and removes, and the same as readable HTML
 * (<ins>/<del>, a few lines of context, "…" between hunks) and as one
 * line of plain text.  Pure functions on text.
 */
#ifndef PAGEFEED_LINEDIFF_H
#define PAGEFEED_LINEDIFF_H

#include <stddef.h>

/*
 * Past either bound, the lines between the common start and end of the
 * two lists are cut at the lines each holds once, in the same order
 * (patience diff's anchors), and each piece is aligned alone; a piece
 * still past them, or a block without anchors, is taken as replaced (all
 * removed, all added): what a rewritten page is anyway, found without the
 * quadratic cost.  Time is at most about (lines) × LINEDIFF_MAX_EDITS
 * steps; memory (LINEDIFF_MAX_EDITS + 1)² integers.
 */
#define LINEDIFF_MAX_LINES	20000	/* lines of each side aligned */
#define LINEDIFF_MAX_EDITS	1000	/* lines added + removed */
#define LINEDIFF_CONTEXT	2	/* unchanged lines around a change */
#define LINEDIFF_HTML_LINE	2000	/* bytes of a line shown */

enum linediff_kind {
	LD_SAME = 0,
	LD_DEL,			/* the old line lo_a is removed */
	LD_INS			/* the new line lo_b is added */
};

struct linediff_op {
	enum linediff_kind	 lo_kind;
	size_t			 lo_a;	/* index in the old lines */
	size_t			 lo_b;	/* index in the new lines */
};

/* The old lines turned into the new: in order, removals before additions. */
struct linediff {
	struct linediff_op	*ld_ops;
	size_t			 ld_nops;
	size_t			 ld_added;	/* lines */
	size_t			 ld_removed;
	/*
	 * Characters (not white space) added and removed, each changed block
	 * compared as text without what it shares at its start and end: "258
	 * days" for "259 days" is 2.
	 */
	size_t			 ld_chars;
	/* A block past the bounds was taken as replaced. */
	int			 ld_bounded;
};

/* Diffs the NA lines A against the NB lines B (free LD with linediff_free). */
void	 linediff_lines(const char *const *a, size_t na,
	    const char *const *b, size_t nb, struct linediff *ld);
void	 linediff_free(struct linediff *);

/* 1 when A and B hold the same lines, each as often, in any order. */
int	 linediff_same_lines(const char *const *a, size_t na,
	    const char *const *b, size_t nb);
/* 1 when A and B differ only in white space, line breaks included. */
int	 linediff_same_words(const char *const *a, size_t na,
	    const char *const *b, size_t nb);

/*
 * LD as HTML (caller frees): a <p> per line shown, removed lines in
 * <del>, added ones in <ins>, LINEDIFF_CONTEXT unchanged lines around
 * each change and <p>…</p> where lines are left out; all text escaped.
 * At most MAX bytes: what does not fit is counted in a last line.
 */
char	*linediff_html(const char *const *a, const char *const *b,
	    const struct linediff *ld, size_t max);
/* LINES as HTML, a <p> each, at most MAX bytes (caller frees). */
char	*linediff_html_lines(const char *const *lines, size_t n,
	    size_t max);
/* "3 lines added, 1 removed" into OUT (SIZE bytes). */
void	 linediff_counts(const struct linediff *ld, char *out, size_t size);
/*
 * One line of plain text (caller frees), at most MAX bytes: the counts
 * and the first added line, else the first removed one: "3 lines added,
 * 1 removed: Opening hours…".
 */
char	*linediff_summary(const char *const *a, const char *const *b,
	    const struct linediff *ld, size_t max);

#endif
