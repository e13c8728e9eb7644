/*
 * testlib.h: what the unit test programs share: the source tree's tests/
 * directory, reading a fixture from it, and one temporary directory that
 * is removed at exit.
 */
#ifndef PAGEFEED_TESTLIB_H
#define PAGEFEED_TESTLIB_H

#include <stddef.h>

struct evhttp_bound_socket;

/* The tests/ directory: $TESTS_SRCDIR, else found beside this source. */
const char	*testlib_srcdir(void);
/*
 * The whole of testlib_srcdir()/REL, NUL-terminated (caller frees), its
 * length in *len.  NULL, said in a TAP comment, when it cannot be read.
 */
char		*testlib_read(const char *rel, size_t *len);
/*
 * Creates /tmp/pagefeed-test-NAME-XXXXXX, removed with all it holds at
 * exit or by testlib_cleanup; the path stays valid after.  Exits on
 * failure.  One per program.
 */
const char	*testlib_tmpdir(const char *name);
/* Removes the temporary directory now; nothing when there is none. */
void		 testlib_cleanup(void);
/* The port an evhttp listener of 127.0.0.1:0 got, or -1. */
int		 testlib_bound_port(struct evhttp_bound_socket *);

#endif
