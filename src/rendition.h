/* rendition.h: a rendered feed as served: bytes, gzip, validators. */
#ifndef PAGEFEED_RENDITION_H
#define PAGEFEED_RENDITION_H

#include <stddef.h>
#include <time.h>

struct blob;

/*
 * Made once per change of the store, shared by every request: the body,
 * its gzip (compressed here, once, never per request) and strong ETags for
 * each representation.
 */
struct rendition {
	struct blob	*rd_body;
	struct blob	*rd_gzip;	/* NULL when compression failed */
	char		 rd_etag[40];	/* "\"<hash>\"" */
	char		 rd_etag_gzip[40];
	time_t		 rd_modified;	/* Last-Modified */
	char		 rd_last_modified[32];	/* the same, as HTTP writes it */
};

/* Takes ownership of DATA (malloc'd). */
struct rendition	*rendition_new(char *data, size_t len, time_t modified);
/*
 * Frees RD (NULL ok).  Its one owner is the cache; a response in flight
 * holds its own reference on the blobs, not on the rendition.
 */
void			 rendition_unref(struct rendition *);
/* Bytes held (body and gzip), for a cache budget. */
size_t			 rendition_size(const struct rendition *);

#endif
