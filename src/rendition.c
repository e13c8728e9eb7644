/*
 * rendition.c: a feed document ready to serve.  Compressing costs ~10x the
 * throughput when done per request (PERFORMANCE.md), so the gzip body is
 * made here, once, when the feed changes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zlib.h>

#include "blob.h"
#include "log.h"
#include "rendition.h"
#include "util.h"

/* gzip (RFC 1952) of DATA; NULL on failure. */
static char *
rendition_gzip(const char *data, size_t len, size_t *outlen)
{
	z_stream	 zs;
	char		*out;
	uLong		 bound;
	int		 rc;

	memset(&zs, 0, sizeof(zs));
	/* 15 + 16: a gzip header and trailer rather than zlib's. */
	if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9,
	    Z_DEFAULT_STRATEGY) != Z_OK)
		return (NULL);
	bound = deflateBound(&zs, (uLong)len) + 32;
	out = xmalloc(bound);
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)len;
	zs.next_out = (Bytef *)out;
	zs.avail_out = (uInt)bound;
	rc = deflate(&zs, Z_FINISH);
	*outlen = zs.total_out;
	deflateEnd(&zs);
	if (rc != Z_STREAM_END) {
		free(out);
		return (NULL);
	}
	/* Keep what was written, not the worst case allowed for. */
	return (xreallocarray(out, *outlen ? *outlen : 1, 1));
}

struct rendition *
rendition_new(char *data, size_t len, time_t modified)
{
	struct rendition	*rd = xcalloc(1, sizeof(*rd));
	struct tm		 tm;
	uint64_t		 h;
	char			*gz;
	size_t			 gzlen;

	rd->rd_modified = modified;
	/* Written once here, not per request (IMF-fixdate, RFC 9110). */
	gmtime_r(&modified, &tm);
	strftime(rd->rd_last_modified, sizeof(rd->rd_last_modified),
	    "%a, %d %b %Y %H:%M:%S GMT", &tm);
	h = fnv1a64(data, len, FNV1A64_INIT);
	snprintf(rd->rd_etag, sizeof(rd->rd_etag), "\"%016llx\"",
	    (unsigned long long)h);
	snprintf(rd->rd_etag_gzip, sizeof(rd->rd_etag_gzip), "\"%016llx-gz\"",
	    (unsigned long long)h);
	if (len <= 0xffffffffU && (gz = rendition_gzip(data, len,
	    &gzlen)) != NULL)
		rd->rd_gzip = blob_new(gz, gzlen);
	else
		log_warnx("gzip of a %zu-byte feed failed; serving it plain",
		    len);
	/* Renderers may hand over a larger allocation: keep only the bytes. */
	rd->rd_body = blob_new(xreallocarray(data, len + 1, 1), len);
	return (rd);
}

void
rendition_unref(struct rendition *rd)
{
	if (rd == NULL)
		return;
	blob_unref(rd->rd_body);
	blob_unref(rd->rd_gzip);
	free(rd);
}

size_t
rendition_size(const struct rendition *rd)
{
	/* Allocations as malloc makes them: a few words of overhead each. */
	return (rd->rd_body->bl_len + 1 + 2 * sizeof(struct blob) +
	    (rd->rd_gzip ? rd->rd_gzip->bl_len : 0) + sizeof(*rd) + 64);
}
