/*
 * date_words.h: the words of dates on web pages (month names and relative
 * phrases in English, Russian, Ukrainian, German, French, Spanish, Italian,
 * Portuguese, Dutch, Polish, Czech, Swedish, Turkish, Japanese, Chinese and
 * Korean) and the UTF-8 word reader that finds them.  Used by date.c.
 */
#ifndef PAGEFEED_DATE_WORDS_H
#define PAGEFEED_DATE_WORDS_H

#include <stddef.h>
#include <stdint.h>

#define DATE_WORD_MAX	32	/* a lowercased word and its NUL */
#define DATE_TOK_MAX	6	/* tokens a relative phrase may span */

/* One word (lowercased UTF-8) or number of a phrase. */
struct date_tok {
	char	dt_word[DATE_WORD_MAX];	/* "" for a number */
	int	dt_num;			/* -1 for a word */
	size_t	dt_end;			/* offset just past it */
};

/* What date_words_relative() found. */
enum date_rel {
	DATE_REL_NONE = 0,
	DATE_REL_NOW,		/* "just now" */
	DATE_REL_AGO,		/* "5 minutes ago": *secs before now */
	DATE_REL_DAY		/* "yesterday": *days (0, -1, -2) from today */
};

/*
 * Decodes the UTF-8 sequence at S (LEFT > 0 bytes) into *cp; returns its
 * length.  A malformed byte is returned alone as U+FFFD.
 */
size_t		date_words_cp(const char *s, size_t left, uint32_t *cp);
/* Letters: ASCII, Latin-1 and Latin Extended-A/B, Cyrillic, and CJK. */
int		date_words_letter(uint32_t cp);
/* Kana, CJK ideographs, Hangul: scripts without spaces between words. */
int		date_words_cjk(uint32_t cp);
/* Whether the code point ending just before S + POS is a letter or digit. */
int		date_words_after_word(const char *s, size_t pos);
/*
 * Reads the run of letters at S + POS (LEN bytes in all) lowercased into
 * W (DATE_WORD_MAX bytes); in CJK scripts the longest known word there,
 * else one character.  Returns the bytes read, or 0 when no letter is
 * at POS or the word does not fit (no table word is that long).
 */
size_t		date_words_read(const char *s, size_t len, size_t pos,
		    char *w);
/* Month 1..12 named by the lowercased word W, or 0. */
int		date_words_month(const char *w);
int		date_words_may_relate(const char *s, size_t len, size_t pos);
/* 1 when a word of S is a month or could begin a relative date: a text
 * without a digit and without one is no date. */
int		date_words_may_hold(const char *s);
/*
 * Reads up to DATE_TOK_MAX words and numbers from S + POS, separated by
 * spaces, dots, hyphens or apostrophes; returns how many.
 */
size_t		date_words_tokens(const char *s, size_t len, size_t pos,
		    struct date_tok *tok);
/*
 * Matches a relative date ("5 minutes ago", "вчера", "il y a 2 heures")
 * at the start of TOK; sets *used to the tokens it spans.
 */
enum date_rel	date_words_relative(const struct date_tok *tok, size_t ntok,
		    size_t *used, long long *secs, int *days);

#endif
