/*
 * testlib.c: helpers every unit test program links (see testlib.h), so
 * that finding the fixtures and cleaning up after a run are written once.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/http.h>

#include "testlib.h"
#include "util.h"

static char	 testlib_dir[PATH_MAX];

const char *
testlib_srcdir(void)
{
	static char	 dir[PATH_MAX];
	const char	*env = getenv("TESTS_SRCDIR"), *slash;
	const char	*cand[] = { "tests", "../tests", "../../tests" };
	char		 path[PATH_MAX + 16];
	size_t		 i;

	if (env != NULL && *env != '\0')
		return (env);
	/* The build compiles this file by its source path. */
	if ((slash = strrchr(__FILE__, '/')) != NULL) {
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - __FILE__),
		    __FILE__);
		snprintf(path, sizeof(path), "%s/atom.rng", dir);
		if (access(path, R_OK) == 0)
			return (dir);
	}
	for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
		snprintf(path, sizeof(path), "%s/atom.rng", cand[i]);
		if (access(path, R_OK) == 0)
			return (cand[i]);
	}
	return ("tests");
}

char *
testlib_read(const char *rel, size_t *len)
{
	FILE	*fp;
	char	*path, *data = NULL;
	size_t	 size = 0, n = 0, got;

	xasprintf(&path, "%s/%s", testlib_srcdir(), rel);
	if ((fp = fopen(path, "rb")) == NULL) {
		printf("# cannot open %s: %s\n", path, strerror(errno));
		free(path);
		return (NULL);
	}
	do {
		if (size - n < 8192) {
			size = size ? size * 2 : 65536;
			data = xreallocarray(data, size, 1);
		}
		got = fread(data + n, 1, size - n - 1, fp);
		n += got;
	} while (got > 0);
	if (ferror(fp)) {
		printf("# cannot read %s: %s\n", path, strerror(errno));
		free(data);
		data = NULL;
	} else {
		data[n] = '\0';
		*len = n;
	}
	fclose(fp);
	free(path);
	return (data);
}

static int
testlib_rm(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb; (void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path));
}

void
testlib_cleanup(void)
{
	if (testlib_dir[0] != '\0' && access(testlib_dir, F_OK) == 0)
		nftw(testlib_dir, testlib_rm, 8, FTW_DEPTH | FTW_PHYS);
}

const char *
testlib_tmpdir(const char *name)
{
	if (testlib_dir[0] != '\0') {
		printf("Bail out! testlib_tmpdir called twice\n");
		exit(1);
	}
	snprintf(testlib_dir, sizeof(testlib_dir),
	    "/tmp/pagefeed-test-%s-XXXXXX", name);
	if (mkdtemp(testlib_dir) == NULL) {
		printf("Bail out! mkdtemp %s: %s\n", testlib_dir,
		    strerror(errno));
		exit(1);
	}
	atexit(testlib_cleanup);
	return (testlib_dir);
}

int
testlib_bound_port(struct evhttp_bound_socket *bs)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);

	if (getsockname(evhttp_bound_socket_get_fd(bs),
	    (struct sockaddr *)&sin, &len) == -1)
		return (-1);
	return (ntohs(sin.sin_port));
}
