/*
 * linediff.c: two lists of lines compared.  The common start and end are
 * set aside first (a page that changed in one place costs a scan); what
 * is left between them is aligned by Myers' greedy algorithm, whose
 * frontier after each number of edits is kept to walk the path back:
 * (D+1)² integers for D edits, so D is bounded (LINEDIFF_MAX_EDITS), and
 * so are the lines it looks at (LINEDIFF_MAX_LINES).  Past either, the
 * block is cut at the lines found once on each side in the same order
 * (patience diff's anchors) and each piece aligned alone, or, without
 * anchors or still too far apart, taken as replaced.  Lines are compared
 * by hash, then bytes.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "linediff.h"
#include "text.h"
#include "util.h"

/* One side of the diff: its lines and their hashes. */
struct ld_side {
	const char *const	*s_lines;
	uint64_t		*s_hash;
	size_t			 s_n;
};

static void
ld_side_init(struct ld_side *s, const char *const *lines, size_t n)
{
	size_t	 i;

	s->s_lines = lines;
	s->s_n = n;
	s->s_hash = xcalloc(n + 1, sizeof(*s->s_hash));
	for (i = 0; i < n; i++)
		s->s_hash[i] = fnv1a64(lines[i], strlen(lines[i]),
		    FNV1A64_INIT);
}

static int
ld_eq(const struct ld_side *a, size_t i, const struct ld_side *b, size_t j)
{
	return (a->s_hash[i] == b->s_hash[j] &&
	    strcmp(a->s_lines[i], b->s_lines[j]) == 0);
}

static void
ld_push(struct linediff *ld, enum linediff_kind kind, size_t a, size_t b)
{
	struct linediff_op	*op = &ld->ld_ops[ld->ld_nops++];

	op->lo_kind = kind;
	op->lo_a = a;
	op->lo_b = b;
}

/*
 * The move onto diagonal K at step D from the frontier P of step D-1
 * (P[k], -(D-1) <= k <= D-1, the furthest x reached on diagonal k, or -1):
 * 1 down (a line added), 0 right (a line removed), -1 none inside the
 * N×M grid.  *X is the x the move lands on.  Of the two, the one reaching
 * further; a tie goes down, as in Myers' paper.
 */
static int
ld_move(const int *p, int d, int k, size_t n, size_t m, int *x)
{
	int	 right = -1, down = -1;

	if (k > -d && p[k - 1] >= 0 && (size_t)p[k - 1] < n)
		right = p[k - 1] + 1;
	if (k < d && p[k + 1] >= 0 && (size_t)(p[k + 1] - (k + 1)) < m)
		down = p[k + 1];
	if (down >= 0 && down >= right) {
		*x = down;
		return (1);
	}
	if (right >= 0) {
		*x = right;
		return (0);
	}
	return (-1);
}

/*
 * The frontiers of A[a0..a0+N) against B[b0..b0+M), one per number of
 * edits, into TR until the end is reached.  Returns the edits needed, or
 * -1 past LINEDIFF_MAX_EDITS.
 */
static int
ld_frontiers(const struct ld_side *a, size_t a0, size_t n,
    const struct ld_side *b, size_t b0, size_t m, int **tr)
{
	int	 d, k, x, y, dmax;

	dmax = n + m < LINEDIFF_MAX_EDITS ? (int)(n + m) : LINEDIFF_MAX_EDITS;
	for (d = 0; d <= dmax; d++) {
		tr[d] = xreallocarray(NULL, 2 * (size_t)d + 1, sizeof(int));
		memset(tr[d], 0xff, (2 * (size_t)d + 1) * sizeof(int));
		for (k = -d; k <= d; k += 2) {
			if (d == 0)
				x = 0;
			else if (ld_move(tr[d - 1] + d - 1, d, k, n, m,
			    &x) == -1)
				continue;
			y = x - k;
			while ((size_t)x < n && (size_t)y < m &&
			    ld_eq(a, a0 + x, b, b0 + y)) {
				x++;
				y++;
			}
			tr[d][d + k] = x;
			if ((size_t)x >= n && (size_t)y >= m)
				return (d);
		}
	}
	return (-1);
}

/*
 * Myers' algorithm on the block A[a0..a0+N) / B[b0..b0+M), whose ops are
 * appended to LD.  Returns 0, or -1 (nothing appended) when more than
 * LINEDIFF_MAX_EDITS edits would be needed.
 */
static int
ld_myers(const struct ld_side *a, size_t a0, size_t n,
    const struct ld_side *b, size_t b0, size_t m, struct linediff *ld)
{
	struct linediff_op	*rev;
	size_t			 nrev = 0;
	int			**tr, found, d, k, x, y, sx, px, down;

	tr = xcalloc(LINEDIFF_MAX_EDITS + 1, sizeof(*tr));
	found = ld_frontiers(a, a0, n, b, b0, m, tr);
	if (found >= 0) {
		rev = xcalloc(n + m + 1, sizeof(*rev));
		x = (int)n;
		y = (int)m;
		for (d = found; d > 0; d--) {
			k = x - y;
			down = ld_move(tr[d - 1] + d - 1, d, k, n, m, &sx);
			px = tr[d - 1][d - 1 + (down ? k + 1 : k - 1)];
			for (; x > sx; x--, y--)
				rev[nrev++] = (struct linediff_op){ LD_SAME,
				    a0 + x - 1, b0 + y - 1 };
			y = px - (down ? k + 1 : k - 1);
			rev[nrev++] = down ? (struct linediff_op){ LD_INS,
			    a0 + px, b0 + y } : (struct linediff_op){ LD_DEL,
			    a0 + px, b0 + y };
			x = px;
		}
		for (; x > 0; x--, y--)
			rev[nrev++] = (struct linediff_op){ LD_SAME, a0 + x - 1,
			    b0 + y - 1 };
		while (nrev > 0)
			ld->ld_ops[ld->ld_nops++] = rev[--nrev];
		free(rev);
	}
	for (d = 0; d <= LINEDIFF_MAX_EDITS && tr[d] != NULL; d++)
		free(tr[d]);
	free(tr);
	return (found >= 0 ? 0 : -1);
}

/* Within each run of changes, the removed lines first, then the added. */
static void
ld_order(struct linediff *ld)
{
	struct linediff_op	*tmp;
	size_t			 i, j, k, out;

	tmp = xcalloc(ld->ld_nops + 1, sizeof(*tmp));
	for (i = 0; i < ld->ld_nops; i = j) {
		if (ld->ld_ops[i].lo_kind == LD_SAME) {
			j = i + 1;
			continue;
		}
		for (j = i; j < ld->ld_nops && ld->ld_ops[j].lo_kind != LD_SAME;
		    j++)
			;
		out = 0;
		for (k = i; k < j; k++)
			if (ld->ld_ops[k].lo_kind == LD_DEL)
				tmp[out++] = ld->ld_ops[k];
		for (k = i; k < j; k++)
			if (ld->ld_ops[k].lo_kind == LD_INS)
				tmp[out++] = ld->ld_ops[k];
		memcpy(ld->ld_ops + i, tmp, out * sizeof(*tmp));
	}
	free(tmp);
}

/* Characters of S (LEN bytes) that are not white space. */
static size_t
ld_count_chars(const char *s, size_t len)
{
	size_t	 i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    !isspace((unsigned char)s[i]))
			n++;
	return (n);
}

static int
ld_cont(char c)
{
	return (((unsigned char)c & 0xc0) == 0x80);
}

/*
 * What differs between X and Y (NUL-terminated) once their common start
 * and end, whole characters, are set aside: its characters, white space
 * aside.
 */
static size_t
ld_chars_between(const char *x, size_t xl, const char *y, size_t yl)
{
	size_t	 pre = 0, suf = 0;

	while (pre < xl && pre < yl && x[pre] == y[pre])
		pre++;
	while (pre > 0 && (ld_cont(x[pre]) || ld_cont(y[pre])))
		pre--;
	while (suf < xl - pre && suf < yl - pre &&
	    x[xl - 1 - suf] == y[yl - 1 - suf])
		suf++;
	while (suf > 0 && ld_cont(x[xl - suf]))
		suf--;
	return (ld_count_chars(x + pre, xl - pre - suf) +
	    ld_count_chars(y + pre, yl - pre - suf));
}

/* The lines and characters each run of changes adds and removes. */
static void
ld_count(struct linediff *ld, const char *const *a, const char *const *b)
{
	struct buf	 del, ins;
	size_t		 i;

	buf_init(&del, SIZE_MAX);
	buf_init(&ins, SIZE_MAX);
	for (i = 0; i <= ld->ld_nops; i++) {
		if (i < ld->ld_nops && ld->ld_ops[i].lo_kind == LD_DEL) {
			buf_addstr(&del, a[ld->ld_ops[i].lo_a]);
			buf_add(&del, "\n", 1);
			ld->ld_removed++;
		} else if (i < ld->ld_nops && ld->ld_ops[i].lo_kind == LD_INS) {
			buf_addstr(&ins, b[ld->ld_ops[i].lo_b]);
			buf_add(&ins, "\n", 1);
			ld->ld_added++;
		} else if (del.b_len > 0 || ins.b_len > 0) {
			ld->ld_chars += ld_chars_between(
			    del.b_data ? del.b_data : "", del.b_len,
			    ins.b_data ? ins.b_data : "", ins.b_len);
			buf_reset(&del);
			buf_reset(&ins);
		}
	}
	buf_free(&del);
	buf_free(&ins);
}

/* The block A[a0..a0+N) / B[b0..b0+M) taken as replaced: all out, all in. */
static void
ld_replace(struct linediff *ld, size_t a0, size_t n, size_t b0, size_t m)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		ld_push(ld, LD_DEL, a0 + i, b0);
	for (i = 0; i < m; i++)
		ld_push(ld, LD_INS, a0 + n, b0 + i);
}

/* A line of either side in the table of ld_unique_pairs. */
struct ld_slot {
	uint64_t	 sl_hash;
	const char	*sl_line;
	size_t		 sl_na, sl_nb;	/* times on each side */
	size_t		 sl_ib;		/* its index in B */
};

static struct ld_slot *
ld_slot(struct ld_slot *t, size_t cap, const struct ld_side *s, size_t i)
{
	size_t	 k = (size_t)s->s_hash[i] & (cap - 1);

	while (t[k].sl_line != NULL && (t[k].sl_hash != s->s_hash[i] ||
	    strcmp(t[k].sl_line, s->s_lines[i]) != 0))
		k = (k + 1) & (cap - 1);
	if (t[k].sl_line == NULL) {
		t[k].sl_hash = s->s_hash[i];
		t[k].sl_line = s->s_lines[i];
	}
	return (&t[k]);
}

/*
 * The lines found once in the block on each side, as pairs of indices
 * (PA[k] in A, PB[k] in B) in A's order.  Returns how many.
 */
static size_t
ld_unique_pairs(const struct ld_side *a, size_t a0, size_t n,
    const struct ld_side *b, size_t b0, size_t m, size_t *pa, size_t *pb)
{
	struct ld_slot	*t, *sl;
	size_t		 cap = 16, i, k = 0;

	while (cap < 2 * (n + m))
		cap *= 2;
	t = xcalloc(cap, sizeof(*t));
	for (i = 0; i < n; i++)
		ld_slot(t, cap, a, a0 + i)->sl_na++;
	for (i = 0; i < m; i++) {
		sl = ld_slot(t, cap, b, b0 + i);
		sl->sl_nb++;
		sl->sl_ib = b0 + i;
	}
	for (i = 0; i < n; i++) {
		sl = ld_slot(t, cap, a, a0 + i);
		if (sl->sl_na == 1 && sl->sl_nb == 1) {
			pa[k] = a0 + i;
			pb[k++] = sl->sl_ib;
		}
	}
	free(t);
	return (k);
}

/*
 * The longest increasing run of the K distinct values V (patience
 * sorting): their indices in V, in order, into OUT.  Returns its length.
 */
static size_t
ld_lis(const size_t *v, size_t k, size_t *out)
{
	size_t	*tails = xcalloc(k + 1, sizeof(*tails));
	size_t	*prev = xcalloc(k + 1, sizeof(*prev));
	size_t	 len = 0, lo, hi, mid, i, j;

	for (i = 0; i < k; i++) {
		for (lo = 0, hi = len; lo < hi; ) {
			mid = (lo + hi) / 2;
			if (v[tails[mid]] < v[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo > 0 ? tails[lo - 1] : SIZE_MAX;
		tails[lo] = i;
		if (lo == len)
			len++;
	}
	for (j = len, i = len > 0 ? tails[len - 1] : SIZE_MAX; j > 0;
	    i = prev[i])
		out[--j] = i;
	free(tails);
	free(prev);
	return (len);
}

static void	ld_block(const struct ld_side *, size_t, size_t,
		    const struct ld_side *, size_t, size_t, struct linediff *,
		    int);

/*
 * A block too far apart for Myers' bound: cut at the lines found once on
 * each side and in the same order (patience diff's anchors), each piece
 * between two diffed alone.  Returns 0, or -1 (nothing appended) when
 * there is no anchor.
 */
static int
ld_anchored(const struct ld_side *a, size_t a0, size_t n,
    const struct ld_side *b, size_t b0, size_t m, struct linediff *ld)
{
	size_t	*pa, *pb, *run, k, nrun, j, ia = a0, ib = b0;

	pa = xcalloc(n + 1, sizeof(*pa));
	pb = xcalloc(n + 1, sizeof(*pb));
	run = xcalloc(n + 1, sizeof(*run));
	k = ld_unique_pairs(a, a0, n, b, b0, m, pa, pb);
	nrun = ld_lis(pb, k, run);
	for (j = 0; j < nrun; j++) {
		ld_block(a, ia, pa[run[j]] - ia, b, ib, pb[run[j]] - ib, ld, 1);
		ld_push(ld, LD_SAME, pa[run[j]], pb[run[j]]);
		ia = pa[run[j]] + 1;
		ib = pb[run[j]] + 1;
	}
	if (nrun > 0)
		ld_block(a, ia, a0 + n - ia, b, ib, b0 + m - ib, ld, 1);
	free(pa);
	free(pb);
	free(run);
	return (nrun > 0 ? 0 : -1);
}

/*
 * The block A[a0..a0+N) / B[b0..b0+M): its common start and end set
 * aside, the rest by Myers' algorithm; past its bounds, cut at anchors
 * (at the top level only), else replaced whole.
 */
static void
ld_block(const struct ld_side *a, size_t a0, size_t n,
    const struct ld_side *b, size_t b0, size_t m, struct linediff *ld,
    int depth)
{
	size_t	 pre = 0, suf = 0, i;

	while (pre < n && pre < m && ld_eq(a, a0 + pre, b, b0 + pre))
		pre++;
	while (suf < n - pre && suf < m - pre &&
	    ld_eq(a, a0 + n - 1 - suf, b, b0 + m - 1 - suf))
		suf++;
	for (i = 0; i < pre; i++)
		ld_push(ld, LD_SAME, a0 + i, b0 + i);
	a0 += pre;
	b0 += pre;
	n -= pre + suf;
	m -= pre + suf;
	if (n == 0 || m == 0)
		ld_replace(ld, a0, n, b0, m);
	else if (n > LINEDIFF_MAX_LINES || m > LINEDIFF_MAX_LINES ||
	    ld_myers(a, a0, n, b, b0, m, ld) == -1) {
		if (depth > 0 || ld_anchored(a, a0, n, b, b0, m, ld) == -1) {
			ld_replace(ld, a0, n, b0, m);
			ld->ld_bounded = 1;
		}
	}
	for (i = 0; i < suf; i++)
		ld_push(ld, LD_SAME, a0 + n + i, b0 + m + i);
}

void
linediff_lines(const char *const *a, size_t na, const char *const *b,
    size_t nb, struct linediff *ld)
{
	struct ld_side	 sa, sb;

	memset(ld, 0, sizeof(*ld));
	ld->ld_ops = xcalloc(na + nb + 1, sizeof(*ld->ld_ops));
	ld_side_init(&sa, a, na);
	ld_side_init(&sb, b, nb);
	ld_block(&sa, 0, na, &sb, 0, nb, ld, 0);
	ld_order(ld);
	ld_count(ld, a, b);
	free(sa.s_hash);
	free(sb.s_hash);
}

void
linediff_free(struct linediff *ld)
{
	if (ld == NULL)
		return;
	free(ld->ld_ops);
	memset(ld, 0, sizeof(*ld));
}

static int
ld_strcmp(const void *x, const void *y)
{
	return (strcmp(*(const char *const *)x, *(const char *const *)y));
}

int
linediff_same_lines(const char *const *a, size_t na, const char *const *b,
    size_t nb)
{
	const char	**sa, **sb;
	size_t		 i;
	int		 same = na == nb;

	if (!same || na == 0)
		return (same);
	sa = xcalloc(na, sizeof(*sa));
	sb = xcalloc(nb, sizeof(*sb));
	memcpy(sa, a, na * sizeof(*sa));
	memcpy(sb, b, nb * sizeof(*sb));
	qsort(sa, na, sizeof(*sa), ld_strcmp);
	qsort(sb, nb, sizeof(*sb), ld_strcmp);
	for (i = 0; same && i < na; i++)
		same = strcmp(sa[i], sb[i]) == 0;
	free(sa);
	free(sb);
	return (same);
}

/* A reader of lines as one text without white space. */
struct ld_words {
	const char *const	*w_lines;
	size_t			 w_n, w_line;
	const char		*w_p;
};

/* The next byte that is not white space, or -1 at the end. */
static int
ld_words_next(struct ld_words *w)
{
	for (;;) {
		if (w->w_p == NULL) {
			if (w->w_line >= w->w_n)
				return (-1);
			w->w_p = w->w_lines[w->w_line++];
		}
		while (*w->w_p != '\0' && isspace((unsigned char)*w->w_p))
			w->w_p++;
		if (*w->w_p != '\0')
			return ((unsigned char)*w->w_p++);
		w->w_p = NULL;
	}
}

int
linediff_same_words(const char *const *a, size_t na, const char *const *b,
    size_t nb)
{
	struct ld_words	 wa = { a, na, 0, NULL };
	struct ld_words	 wb = { b, nb, 0, NULL };
	int		 ca, cb;

	do {
		ca = ld_words_next(&wa);
		cb = ld_words_next(&wb);
	} while (ca == cb && ca != -1);
	return (ca == cb);
}

/*
 * One line as HTML into B: MARK and TAG around TEXT (escaped, cut at
 * LINEDIFF_HTML_LINE bytes on a character), in a <p>.  Returns 0, or -1
 * when it would take B past its cap (nothing appended).
 */
static int
ld_html_line(struct buf *b, const char *mark, const char *tag,
    const char *text)
{
	struct buf	 line;
	size_t		 len = strlen(text);
	int		 cut = 0, rc;

	if (len > LINEDIFF_HTML_LINE) {
		len = LINEDIFF_HTML_LINE;
		while (len > 0 && ld_cont(text[len]))
			len--;
		cut = 1;
	}
	buf_init(&line, SIZE_MAX);
	buf_addstr(&line, "<p>");
	if (tag != NULL)
		buf_printf(&line, "%s<%s>", mark, tag);
	text_html_escape(&line, text, len, 0);
	if (cut)
		buf_addstr(&line, "\xe2\x80\xa6");
	if (tag != NULL)
		buf_printf(&line, "</%s>", tag);
	buf_addstr(&line, "</p>\n");
	rc = buf_add(b, line.b_data, line.b_len);
	buf_free(&line);
	return (rc);
}

#define LD_ELLIPSIS	"<p>\xe2\x80\xa6</p>\n"
/* Kept for the line that says what is left out. */
#define LD_NOTE_ROOM	128

/* Which ops are shown: the changes and LINEDIFF_CONTEXT lines around. */
static char *
ld_shown(const struct linediff *ld)
{
	char	*shown = xcalloc(ld->ld_nops + 1, 1);
	size_t	 i, j, lo, hi;

	for (i = 0; i < ld->ld_nops; i++) {
		if (ld->ld_ops[i].lo_kind == LD_SAME)
			continue;
		lo = i > LINEDIFF_CONTEXT ? i - LINEDIFF_CONTEXT : 0;
		hi = i + LINEDIFF_CONTEXT < ld->ld_nops ?
		    i + LINEDIFF_CONTEXT : ld->ld_nops - 1;
		for (j = lo; j <= hi; j++)
			shown[j] = 1;
	}
	return (shown);
}

char *
linediff_html(const char *const *a, const char *const *b,
    const struct linediff *ld, size_t max)
{
	const struct linediff_op	*op;
	struct buf			 out;
	char				*shown;
	size_t				 i, left = 0;
	int				 gap = 0, full = 0, rc;

	buf_init(&out, max > LD_NOTE_ROOM ? max - LD_NOTE_ROOM : 0);
	shown = ld_shown(ld);
	for (i = 0; i < ld->ld_nops; i++) {
		op = &ld->ld_ops[i];
		if (full || !shown[i]) {
			gap = 1;
			left += op->lo_kind != LD_SAME;
			continue;
		}
		if (gap && buf_addstr(&out, LD_ELLIPSIS) == -1) {
			full = 1;
			i--;
			continue;
		}
		gap = 0;
		if (op->lo_kind == LD_SAME)
			rc = ld_html_line(&out, "", NULL, a[op->lo_a]);
		else if (op->lo_kind == LD_DEL)
			rc = ld_html_line(&out, "\xe2\x88\x92 ", "del",
			    a[op->lo_a]);
		else
			rc = ld_html_line(&out, "+ ", "ins", b[op->lo_b]);
		if (rc == -1) {
			full = 1;
			i--;
		}
	}
	out.b_max = max;
	if (left > 0)
		buf_printf(&out, "<p>\xe2\x80\xa6 %zu more changed line%s "
		    "not shown</p>\n", left, left == 1 ? "" : "s");
	else if (gap)
		buf_addstr(&out, LD_ELLIPSIS);
	free(shown);
	return (buf_take(&out, NULL));
}

char *
linediff_html_lines(const char *const *lines, size_t n, size_t max)
{
	struct buf	 out;
	size_t		 i;

	buf_init(&out, max > LD_NOTE_ROOM ? max - LD_NOTE_ROOM : 0);
	for (i = 0; i < n; i++)
		if (ld_html_line(&out, "", NULL, lines[i]) == -1)
			break;
	out.b_max = max;
	if (i < n)
		buf_printf(&out, "<p>\xe2\x80\xa6 %zu more line%s not "
		    "shown</p>\n", n - i, n - i == 1 ? "" : "s");
	return (buf_take(&out, NULL));
}

void
linediff_counts(const struct linediff *ld, char *out, size_t size)
{
	const char	*ls = ld->ld_added == 1 ? "" : "s";

	if (ld->ld_added > 0 && ld->ld_removed > 0)
		snprintf(out, size, "%zu line%s added, %zu removed",
		    ld->ld_added, ls, ld->ld_removed);
	else if (ld->ld_added > 0)
		snprintf(out, size, "%zu line%s added", ld->ld_added, ls);
	else
		snprintf(out, size, "%zu line%s removed", ld->ld_removed,
		    ld->ld_removed == 1 ? "" : "s");
}

char *
linediff_summary(const char *const *a, const char *const *b,
    const struct linediff *ld, size_t max)
{
	const char	*first = NULL;
	char		 counts[96], *s, *out;
	size_t		 i;

	for (i = 0; i < ld->ld_nops && first == NULL; i++)
		if (ld->ld_ops[i].lo_kind == LD_INS)
			first = b[ld->ld_ops[i].lo_b];
	for (i = 0; i < ld->ld_nops && first == NULL; i++)
		if (ld->ld_ops[i].lo_kind == LD_DEL)
			first = a[ld->ld_ops[i].lo_a];
	linediff_counts(ld, counts, sizeof(counts));
	if (first == NULL)
		return (text_clean(counts, max));
	/* Cut before the whole line is copied: lines may be long. */
	xasprintf(&s, "%s: %.*s", counts, (int)(max < 4096 ? max : 4096) + 1,
	    first);
	out = text_clean(s, max);
	free(s);
	return (out);
}
