/*
 * tap.h: a tiny TAP producer for the unit test programs.  Each check prints
 * "ok N - what" or "not ok N - what" with what was expected and what came;
 * tap_done() prints the plan and returns the exit status.
 */
#ifndef PAGEFEED_TAP_H
#define PAGEFEED_TAP_H

#include <stdio.h>
#include <string.h>

static int	tap_n, tap_failed;

static inline int
tap_ok(int cond, const char *what)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, what);
	return (cond);
}

static inline int
tap_str(const char *got, const char *want, const char *what)
{
	int	 same = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!tap_ok(same, what))
		printf("#   expected: %s\n#   got:      %s\n",
		    want ? want : "(null)", got ? got : "(null)");
	return (same);
}

static inline int
tap_long(long long got, long long want, const char *what)
{
	if (!tap_ok(got == want, what))
		printf("#   expected: %lld\n#   got:      %lld\n", want, got);
	return (got == want);
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d checks failed\n", tap_failed, tap_n);
	return (tap_failed ? 1 : 0);
}

#endif
