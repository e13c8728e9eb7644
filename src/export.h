/* export.h: rendered feeds also written as static files (export_dir). */
#ifndef PAGEFEED_EXPORT_H
#define PAGEFEED_EXPORT_H

struct rendition;

/*
 * Writes DIR/NAME.EXT and DIR/NAME.EXT.gz from RD, each through a
 * temporary file and rename(2), so a web server never serves half a feed.
 * Returns 0, or -1 after logging why.
 */
int	export_write(const char *dir, const char *name, const char *ext,
	    const struct rendition *rd);

#endif
