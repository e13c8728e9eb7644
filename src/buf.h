/* buf.h: a growable byte buffer with a hard cap fixed at creation. */
#ifndef PAGEFEED_BUF_H
#define PAGEFEED_BUF_H

#include <stddef.h>

struct buf {
	char	*b_data;	/* always NUL-terminated when non-NULL */
	size_t	 b_len;
	size_t	 b_cap;		/* allocated */
	size_t	 b_max;		/* the cap: appends beyond it fail */
};

void	 buf_init(struct buf *, size_t max);
/* Returns 0, or -1 when the cap would be exceeded (nothing is appended). */
int	 buf_add(struct buf *, const void *, size_t);
int	 buf_addstr(struct buf *, const char *);
int	 buf_printf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hands the data over to the caller (who frees it) and empties the buffer. */
char	*buf_take(struct buf *, size_t *len);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);

#endif
