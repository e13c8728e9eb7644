/*
 * fuzz_date.c: libFuzzer target for the date parser.  The first byte picks
 * the options (a set of strptime formats, UTC or Europe/London, the order
 * of numeric fields); the rest is the text as found on a page.  "now" is
 * fixed so that relative dates are reproducible.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"
#include "tz.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FUZZ_NOW	((time_t)1700000000)	/* 2023-11-14T22:13:20Z */
#define FUZZ_NOW_2100	((time_t)4102444800LL)	/* 2100-01-01 */
#define YEAR_1970	((time_t)0)
#define YEAR_2201	((time_t)7289654400LL)	/* 2201-01-01 */

static const char *const formats_none[] = { NULL };
static const char *const formats_dmy[] = { "%d.%m.%Y", "%d.%m.%Y %H:%M" };
static const char *const formats_us[] = { "%m/%d/%Y %I:%M %p", "%B %d, %Y",
	"%b %Y" };
static const char *const formats_iso[] = { "%Y-%m-%dT%H:%M:%S%z",
	"%Y-%m-%d %H:%M:%S %Z", "%Y" };
static const char *const formats_odd[] = { "%-d.%-m.%Y", "%e %B %Y, %H:%M",
	"%A, %d %B %Y %T" };

static const struct {
	const char *const	*formats;
	size_t			 n;
} format_sets[] = {
	{ formats_none, 0 },
	{ formats_dmy, 2 },
	{ formats_us, 3 },
	{ formats_iso, 3 },
	{ formats_odd, 3 },
};

static struct tz	*zones[2];	/* UTC, Europe/London */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char	*cause = NULL;

	(void)argc;
	(void)argv;
	log_init(LOG_LVL_ERROR);
	setenv("TZDIR", "/usr/share/zoneinfo", 1);
	if ((zones[0] = tz_load("UTC", &cause)) == NULL ||
	    (zones[1] = tz_load("Europe/London", &cause)) == NULL) {
		fprintf(stderr, "fuzz_date: %s\n", cause);
		exit(1);
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct date_opts	 opts;
	char			*text;
	time_t			 t;
	unsigned		 sel;

	if (size < 1)
		return (0);
	/* bits 0-2: formats, bit 3: zone, bits 4-5: order, bit 6: now in 2023 or 2100. */
	sel = data[0];
	text = malloc(size);
	if (text == NULL)
		return (0);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';

	memset(&opts, 0, sizeof(opts));
	opts.do_formats = format_sets[(sel & 7) % 5].formats;
	opts.do_nformats = format_sets[(sel & 7) % 5].n;
	opts.do_tz = (sel & 8) ? zones[1] : zones[0];
	opts.do_order = (enum date_order)(((sel >> 4) & 3) % 3);
	opts.do_now = (sel & 64) ? FUZZ_NOW_2100 : FUZZ_NOW;
	if (date_parse_opts(text, &opts, &t) == 0) {
		char	 buf[64];

		/* The documented range: years 1970..2200, within a day. */
		if (t < YEAR_1970 - 86400 || t > YEAR_2201 + 86400) {
			fprintf(stderr, "date_parse_opts(\"%s\") = %lld: out "
			    "of the documented range\n", text, (long long)t);
			abort();
		}
		date_format_rfc822(t, buf, sizeof(buf));
		date_format_rfc3339(t, buf, sizeof(buf));
	}
	free(text);
	return (0);
}
