/*
 * fuzz_config.c: libFuzzer target for the configuration parser.  The input
 * is a whole configuration file; whatever comes back is freed, so a leak or
 * an overrun anywhere in config_load_text (selectors, zones, sizes) shows.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "config.h"
#include "log.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init(LOG_LVL_ERROR);
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	/* Zones are read from the system: keep that deterministic. */
	setenv("TZDIR", "/usr/share/zoneinfo", 1);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config	*cf;
	char		*text, *errors = NULL, *base;

	text = malloc(size + 1);
	if (text == NULL)
		return (0);
	memcpy(text, data, size);
	text[size] = '\0';
	cf = config_load_text("fuzz", text, &errors);
	if (cf != NULL) {
		/* A loaded config has what the daemon relies on. */
		base = config_base_url(cf, 8080);
		if (cf->cf_state_dir == NULL || cf->cf_user_agent == NULL ||
		    base[strlen(base) - 1] != '/')
			abort();
		free(base);
		config_free(cf);
	} else if (errors == NULL)
		abort();	/* refused without saying why */
	free(errors);
	free(text);
	return (0);
}
