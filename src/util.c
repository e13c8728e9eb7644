/* util.c: allocation that cannot fail, small string helpers. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libxml/hash.h>

#include "log.h"
#include "util.h"

void *
xmalloc(size_t size)
{
	void	*p;

	if (size == 0)
		size = 1;
	if ((p = malloc(size)) == NULL)
		fatal("malloc %zu", size);
	return (p);
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("calloc %zu x %zu", n, size);
	return (p);
}

void *
xreallocarray(void *old, size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if (size != 0 && n > SIZE_MAX / size)
		fatalx("reallocarray overflow: %zu x %zu", n, size);
	if ((p = realloc(old, n * size)) == NULL)
		fatal("realloc %zu x %zu", n, size);
	return (p);
}

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		fatal("strdup");
	return (p);
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	if ((p = strndup(s, n)) == NULL)
		fatal("strndup");
	return (p);
}

int
xvasprintf(char **ret, const char *fmt, va_list ap)
{
	int	 n;

	if ((n = vasprintf(ret, fmt, ap)) == -1)
		fatal("vasprintf");
	return (n);
}

int
xasprintf(char **ret, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;

	va_start(ap, fmt);
	n = xvasprintf(ret, fmt, ap);
	va_end(ap);
	return (n);
}

size_t
strlcpy_pf(char *dst, const char *src, size_t size)
{
	size_t	 len = strlen(src);

	if (size > 0) {
		size_t	 n = len >= size ? size - 1 : len;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

void
free_each(void *const *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
}

void
strv_free(char **v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int
strcase_in(const char *s, const char *const *list)
{
	const unsigned char	*p, *q;
	size_t			 i;
	int			 first = ascii_lower((unsigned char)s[0]);

	/* The first letter first (most words differ there), then inline to
	 * the first difference: no call for lists of short words. */
	for (i = 0; list[i] != NULL; i++) {
		if (first != ascii_lower((unsigned char)list[i][0]))
			continue;
		p = (const unsigned char *)s;
		q = (const unsigned char *)list[i];
		while (*q != '\0' && ascii_lower(*p) == ascii_lower(*q)) {
			p++;
			q++;
		}
		if (*p == '\0' && *q == '\0')
			return (1);
	}
	return (0);
}

/* strcasestr for short ASCII words in short texts (class names): libc's
 * two-way search costs more to set up than such a text takes to scan. */
const char *
strcase_find(const char *s, const char *word)
{
	size_t	 n = strlen(word);
	int	 first = ascii_lower((unsigned char)word[0]);

	if (s == NULL || n == 0)
		return (NULL);
	for (; *s != '\0'; s++)
		if (ascii_lower((unsigned char)*s) == first &&
		    strncasecmp(s, word, n) == 0)
			return (s);
	return (NULL);
}

#define WORDSET_KEY_MAX	64

/* A bit of ws_pair for two lower-case bytes (4096 bits). */
#define WORDSET_PAIR(a, b)	((((unsigned)(a) * 31u) + (unsigned)(b)) % 4096u)

static void
wordset_make(struct wordset *ws)
{
	char		 key[WORDSET_KEY_MAX];
	size_t		 i, k, len;
	unsigned char	 first;

	if ((ws->ws_hash = xmlHashCreate(64)) == NULL)
		fatal("xmlHashCreate");
	for (i = 0; ws->ws_list[i] != NULL; i++) {
		if ((len = strlen(ws->ws_list[i])) >= sizeof(key))
			continue;
		for (k = 0; k <= len; k++)
			key[k] = (char)ascii_lower((unsigned char)
			    ws->ws_list[i][k]);
		(void)xmlHashAddEntry(ws->ws_hash, (const xmlChar *)key,
		    (void *)ws->ws_list[i]);
		if (len > ws->ws_longest)
			ws->ws_longest = len;
		if (i == 0 || len < ws->ws_shortest)
			ws->ws_shortest = len;
		first = (unsigned char)key[0];
		ws->ws_first[first / 64] |= 1ULL << (first % 64);
		k = WORDSET_PAIR(first, (unsigned char)key[1]);
		ws->ws_pair[k / 64] |= 1ULL << (k % 64);
		ws->ws_single |= len == 1;
	}
}

int
wordset_has_n(struct wordset *ws, const char *s, size_t len)
{
	char		 key[WORDSET_KEY_MAX];
	size_t		 k;
	unsigned char	 first;

	if (ws->ws_hash == NULL)
		wordset_make(ws);
	/* Most words are no match by their length or first letter. */
	first = len > 0 ? (unsigned char)ascii_lower((unsigned char)s[0]) : 0;
	if (len > ws->ws_longest || len < ws->ws_shortest || len == 0 ||
	    !(ws->ws_first[first / 64] & (1ULL << (first % 64))))
		return (0);
	for (k = 0; k < len; k++)
		key[k] = (char)ascii_lower((unsigned char)s[k]);
	key[len] = '\0';
	return (xmlHashLookup(ws->ws_hash, (const xmlChar *)key) != NULL);
}

int
wordset_in_text(struct wordset *ws, const char *s)
{
	unsigned char	 c;
	size_t		 i, k;

	if (ws->ws_hash == NULL)
		wordset_make(ws);
	for (; s != NULL && *s != '\0'; s++) {
		c = (unsigned char)ascii_lower((unsigned char)*s);
		if (!(ws->ws_first[c / 64] & (1ULL << (c % 64))))
			continue;
		/* The first two letters, hashed: most places fail here. */
		k = WORDSET_PAIR(c, (unsigned char)ascii_lower(
		    (unsigned char)s[1]));
		if (!ws->ws_single && !(ws->ws_pair[k / 64] &
		    (1ULL << (k % 64))))
			continue;
		for (i = 0; ws->ws_list[i] != NULL; i++)
			if (ascii_lower((unsigned char)ws->ws_list[i][0]) == c &&
			    strncasecmp(s, ws->ws_list[i],
			    strlen(ws->ws_list[i])) == 0)
				return (1);
	}
	return (0);
}

int
wordset_has(struct wordset *ws, const char *s)
{
	return (wordset_has_n(ws, s, strlen(s)));
}

uint64_t
fnv1a64(const void *data, size_t len, uint64_t h)
{
	const unsigned char	*p = data;

	while (len-- > 0) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return (h);
}

uint64_t
hash64(const void *data, size_t len, uint64_t h)
{
	const unsigned char	*p = data;
	uint64_t		 w;

	h ^= (uint64_t)len * 0x9e3779b97f4a7c15ULL;
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h ^= w * 0x87c37b91114253d5ULL;
		h = ((h << 31) | (h >> 33)) * 0x4cf5ad432745937fULL;
	}
	w = 0;
	memcpy(&w, p, len);
	h ^= w * 0x87c37b91114253d5ULL;
	/* The last mix (MurmurHash3's): every bit of H moves every bit. */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (h);
}

long long
monotonic_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ((long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

void
mem_give_back(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}
