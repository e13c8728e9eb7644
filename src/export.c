/*
 * export.c: with export_dir set, every rendered feed is also a static file
 * that nginx or a CDN origin can serve (gzip_static picks the .gz).  The
 * files change atomically: written aside, then renamed over the old.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "blob.h"
#include "export.h"
#include "log.h"
#include "rendition.h"
#include "util.h"

static int
export_file(const char *path, const struct blob *bl, time_t mtime)
{
	char		*tmp;
	const char	*p = bl->bl_data;
	size_t		 left = bl->bl_len;
	ssize_t		 n;
	int		 fd, rv = -1;
	struct timespec	 ts[2];

	xasprintf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0644)) == -1) {
		log_warn("export %s", tmp);
		free(tmp);
		return (-1);
	}
	while (left > 0) {
		if ((n = write(fd, p, left)) == -1) {
			if (errno == EINTR)
				continue;
			log_warn("export %s", tmp);
			goto out;
		}
		p += n;
		left -= (size_t)n;
	}
	/* The feed's own Last-Modified, so static servers agree with us. */
	ts[0].tv_sec = ts[1].tv_sec = mtime;
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	futimens(fd, ts);
	if (close(fd) == -1) {
		fd = -1;
		log_warn("export %s", tmp);
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) == -1) {
		log_warn("export %s", path);
		goto out;
	}
	rv = 0;
out:
	if (fd != -1)
		close(fd);
	if (rv == -1)
		unlink(tmp);
	free(tmp);
	return (rv);
}

int
export_write(const char *dir, const char *name, const char *ext,
    const struct rendition *rd)
{
	char	*path, *gzpath;
	int	 rv;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		log_warn("export_dir %s", dir);
		return (-1);
	}
	xasprintf(&path, "%s/%s.%s", dir, name, ext);
	rv = export_file(path, rd->rd_body, rd->rd_modified);
	if (rv == 0 && rd->rd_gzip != NULL) {
		xasprintf(&gzpath, "%s.gz", path);
		rv = export_file(gzpath, rd->rd_gzip, rd->rd_modified);
		free(gzpath);
	}
	free(path);
	return (rv);
}
