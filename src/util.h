/* util.h: allocation that cannot fail, small string helpers. */
#ifndef PAGEFEED_UTIL_H
#define PAGEFEED_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation failure is fatal: callers never check. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
int	 xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 xvasprintf(char **, const char *, va_list)
	    __attribute__((format(printf, 2, 0)));

/*
 * Frees each of the pointers given, any of which may be NULL: a struct's
 * owned fields in one call, free_all(p->a, p->b, p->c).
 */
#define free_all(...)	free_each((void *[]){ __VA_ARGS__ },		\
	    sizeof((void *[]){ __VA_ARGS__ }) / sizeof(void *))
void	 free_each(void *const *, size_t);
/* Frees the N strings of V, then V. */
void	 strv_free(char **v, size_t n);

/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t	 strlcpy_pf(char *, const char *, size_t);

/* tolower for ASCII only, inline: no locale, no call. */
static inline int
ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

/* Whether S is one of the NULL-terminated LIST, whatever the ASCII case. */
int	 strcase_in(const char *s, const char *const *list);
/*
 * A constant list of words made a hash set on first use, for lists looked
 * up thousands of times a page (ASCII case-blind, as strcase_in):
 * static struct wordset set = WORDSET(list);
 */
struct wordset {
	const char *const	*ws_list;
	void			*ws_hash;	/* xmlHashTablePtr, once made */
	size_t			 ws_shortest, ws_longest;
	uint64_t		 ws_first[4];	/* the words' first bytes */
	uint64_t		 ws_pair[64];	/* their first two, hashed */
	int			 ws_single;	/* a word of one letter */
};
#define WORDSET(list)	{ (list), NULL, 0, 0, { 0, 0, 0, 0 }, { 0 }, 0 }
int	 wordset_has(struct wordset *ws, const char *s);
/* wordset_has for the LEN bytes at S. */
int	 wordset_has_n(struct wordset *ws, const char *s, size_t len);
/* 1 when one of the set's words occurs anywhere in S (one pass). */
int	 wordset_in_text(struct wordset *ws, const char *s);

/* strcasestr for short ASCII words in short texts such as class names. */
const char *strcase_find(const char *s, const char *word);

/* FNV-1a 64-bit: a stable, platform-independent hash for guids and ETags. */
/*
 * Gives freed heap back to the system (glibc keeps it otherwise, and RSS
 * stays at a burst's peak); nothing elsewhere.  For after a burst of
 * frees, not for every one.
 */
void	 mem_give_back(void);

uint64_t fnv1a64(const void *, size_t, uint64_t);
#define FNV1A64_INIT	0xcbf29ce484222325ULL
/*
 * A 64-bit hash of LEN bytes eight at a time from SEED, for whole pages
 * (fnv1a64, a byte at a time, was an eighth of an unchanged poll's CPU).
 * Not for anything an attacker must not collide.
 */
uint64_t hash64(const void *, size_t, uint64_t seed);

/* Milliseconds of CLOCK_MONOTONIC: for intervals, never for dates. */
long long monotonic_ms(void);

#endif
