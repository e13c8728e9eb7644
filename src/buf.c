/* buf.c: a growable byte buffer; the cap is how a hostile body is stopped. */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

void
buf_init(struct buf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	/* One byte is kept for the NUL, so b_max + 1 never wraps. */
	b->b_max = max < SIZE_MAX ? max : SIZE_MAX - 1;
}

int
buf_add(struct buf *b, const void *data, size_t len)
{
	size_t	 need;

	if (len > b->b_max || b->b_len > b->b_max - len)
		return (-1);
	need = b->b_len + len + 1;
	if (need > b->b_cap) {
		/* Small first: most buffers hold a title or a selector, and
		 * 4 KiB each left the heap in pieces (10,000 sources' CSS
		 * selectors took 200 MB at start). */
		size_t	 cap = b->b_cap ? b->b_cap : 128;

		/* Doubling stops at the cap (plus the NUL), never past it. */
		while (cap < need)
			cap = cap > (b->b_max + 1) / 2 ? b->b_max + 1 : cap * 2;
		if (cap > b->b_max + 1)
			cap = b->b_max + 1;
		b->b_data = xreallocarray(b->b_data, cap, 1);
		b->b_cap = cap;
	}
	if (len > 0)
		memcpy(b->b_data + b->b_len, data, len);
	b->b_len += len;
	b->b_data[b->b_len] = '\0';
	return (0);
}

int
buf_addstr(struct buf *b, const char *s)
{
	return (buf_add(b, s, strlen(s)));
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;
	int	 n, rv;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	rv = buf_add(b, s, (size_t)n);
	free(s);
	return (rv);
}

char *
buf_take(struct buf *b, size_t *len)
{
	char	*data = b->b_data;

	if (data == NULL)
		data = xcalloc(1, 1);
	else if (b->b_cap > b->b_len + 1 + 64)
		/* A short string taken keeps its size only: thousands of
		 * selectors and titles are kept for the daemon's life. */
		data = xreallocarray(data, b->b_len + 1, 1);
	if (len != NULL)
		*len = b->b_len;
	b->b_data = NULL;
	b->b_len = b->b_cap = 0;
	return (data);
}

void
buf_reset(struct buf *b)
{
	b->b_len = 0;
	if (b->b_data != NULL)
		b->b_data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	free(b->b_data);
	b->b_data = NULL;
	b->b_len = b->b_cap = 0;
}
