/*
 * filter.c: filter.include, filter.exclude and max_age, applied to stored
 * items when a feed is rendered.  Rules are POSIX extended regular
 * expressions (regcomp(3), REG_EXTENDED), matched case-insensitively
 * unless the field says ":case"; a field of several values (categories,
 * one per line) matches when one does.
 */
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "filter.h"
#include "store.h"
#include "util.h"

#define FILTER_MAX_TEXT	8192	/* bytes of a field a rule reads */

enum filter_field {
	FF_TITLE, FF_SUMMARY, FF_CONTENT, FF_AUTHOR, FF_CATEGORY, FF_LINK,
	FF_ANY, FF_COUNT
};

static const char *const filter_fields[FF_COUNT] = { "title", "summary",
    "content", "author", "category", "link", "any" };

struct filter_rule {
	enum filter_field	 r_field;
	regex_t			 r_re;
};

struct filter {
	struct filter_rule	*f_include;
	size_t			 f_ninclude;
	struct filter_rule	*f_exclude;
	size_t			 f_nexclude;
	long			 f_max_age;
};

/* RULE into R: 0, or -1 with *CAUSE set (when CAUSE is not NULL). */
static int
filter_rule_parse(const char *rule, struct filter_rule *r, char **cause)
{
	const char	*sp = strchr(rule, ' ');
	size_t		 n, i;
	int		 flags = REG_EXTENDED | REG_NOSUB | REG_ICASE, e;
	char		 msg[256];

	if (sp == NULL || sp == rule) {
		if (cause != NULL)
			xasprintf(cause, "'%s' is not FIELD REGEX", rule);
		return (-1);
	}
	n = (size_t)(sp - rule);
	if (n > 5 && strncmp(sp - 5, ":case", 5) == 0) {
		flags &= ~REG_ICASE;
		n -= 5;
	}
	for (i = 0; i < FF_COUNT; i++)
		if (strlen(filter_fields[i]) == n &&
		    strncmp(rule, filter_fields[i], n) == 0)
			break;
	if (i == FF_COUNT) {
		if (cause != NULL)
			xasprintf(cause, "unknown field '%.*s' (title, summary, "
			    "content, author, category, link or any)", (int)n,
			    rule);
		return (-1);
	}
	r->r_field = (enum filter_field)i;
	while (*sp == ' ')
		sp++;
	if ((e = regcomp(&r->r_re, sp, flags)) != 0) {
		if (cause != NULL) {
			regerror(e, &r->r_re, msg, sizeof(msg));
			xasprintf(cause, "'%s': %s", sp, msg);
		}
		return (-1);
	}
	return (0);
}

int
filter_rule_check(const char *rule, char **cause)
{
	struct filter_rule	 r;

	if (filter_rule_parse(rule, &r, cause) == -1)
		return (-1);
	regfree(&r.r_re);
	return (0);
}

static struct filter_rule *
filter_rules(char *const *rules, size_t n, size_t *out)
{
	struct filter_rule	*r = xcalloc(n > 0 ? n : 1, sizeof(*r));
	size_t			 i;

	*out = 0;
	for (i = 0; i < n; i++)
		if (filter_rule_parse(rules[i], &r[*out], NULL) == 0)
			(*out)++;
	return (r);
}

struct filter *
filter_new(char *const *include, size_t ninclude, char *const *exclude,
    size_t nexclude, long max_age)
{
	struct filter	*f;

	if (ninclude == 0 && nexclude == 0 && max_age <= 0)
		return (NULL);
	f = xcalloc(1, sizeof(*f));
	f->f_include = filter_rules(include, ninclude, &f->f_ninclude);
	f->f_exclude = filter_rules(exclude, nexclude, &f->f_nexclude);
	f->f_max_age = max_age > 0 ? max_age : 0;
	return (f);
}

void
filter_free(struct filter *f)
{
	size_t	 i;

	if (f == NULL)
		return;
	for (i = 0; i < f->f_ninclude; i++)
		regfree(&f->f_include[i].r_re);
	for (i = 0; i < f->f_nexclude; i++)
		regfree(&f->f_exclude[i].r_re);
	free(f->f_include);
	free(f->f_exclude);
	free(f);
}

/*
 * Whether the LEN bytes at S match.  Only the first FILTER_MAX_TEXT are
 * read: glibc's matcher can take time quadratic in a line built to nearly
 * match, and a feed is rendered on the event loop.
 */
static int
filter_span(const regex_t *re, const char *s, size_t len)
{
	regmatch_t	 m;

	m.rm_so = 0;
	m.rm_eo = (regoff_t)(len < FILTER_MAX_TEXT ? len : FILTER_MAX_TEXT);
	return (regexec(re, s, 1, &m, REG_STARTEND) == 0);
}

/* Whether TEXT (NULL: no value) matches; each line of it for categories. */
static int
filter_text(const regex_t *re, const char *text, int lines)
{
	const char	*p, *nl;

	if (text == NULL)
		return (0);
	if (!lines)
		return (filter_span(re, text, strlen(text)));
	for (p = text; *p != '\0'; p = *nl != '\0' ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		if (filter_span(re, p, (size_t)(nl - p)))
			return (1);
	}
	return (0);
}

static int
filter_match(const struct filter_rule *r, const struct stored_item *si)
{
	switch (r->r_field) {
	case FF_TITLE:
		return (filter_text(&r->r_re, si->si_title, 0));
	case FF_SUMMARY:
		return (filter_text(&r->r_re, si->si_summary, 0));
	case FF_CONTENT:
		return (filter_text(&r->r_re, si->si_content, 0));
	case FF_AUTHOR:
		return (filter_text(&r->r_re, si->si_author, 0));
	case FF_CATEGORY:
		return (filter_text(&r->r_re, si->si_categories, 1));
	case FF_LINK:
		return (filter_text(&r->r_re, si->si_link, 0));
	default:
		return (filter_text(&r->r_re, si->si_title, 0) ||
		    filter_text(&r->r_re, si->si_summary, 0) ||
		    filter_text(&r->r_re, si->si_content, 0) ||
		    filter_text(&r->r_re, si->si_author, 0) ||
		    filter_text(&r->r_re, si->si_categories, 1) ||
		    filter_text(&r->r_re, si->si_link, 0));
	}
}

int
filter_keep(const struct filter *f, const struct stored_item *si,
    time_t now)
{
	size_t	 i;

	if (f == NULL)
		return (1);
	if (f->f_max_age > 0 && si->si_published < now - f->f_max_age)
		return (0);
	for (i = 0; i < f->f_ninclude; i++)
		if (!filter_match(&f->f_include[i], si))
			return (0);
	for (i = 0; i < f->f_nexclude; i++)
		if (filter_match(&f->f_exclude[i], si))
			return (0);
	return (1);
}

long
filter_max_age(const struct filter *f)
{
	return (f != NULL ? f->f_max_age : 0);
}
