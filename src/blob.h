/* blob.h: immutable, reference-counted bytes (a rendered feed). */
#ifndef PAGEFEED_BLOB_H
#define PAGEFEED_BLOB_H

#include <stddef.h>

/*
 * A response in flight holds a reference, so re-rendering a feed while a
 * slow reader downloads the old one never frees what is being sent.
 */
struct blob {
	char	*bl_data;
	size_t	 bl_len;
	int	 bl_refs;
};

/* Takes ownership of DATA (malloc'd); the blob starts with one reference. */
struct blob	*blob_new(char *data, size_t len);
struct blob	*blob_ref(struct blob *);
void		 blob_unref(struct blob *);	/* accepts NULL */

#endif
