/*
 * fuzzlib.h: what the fuzz targets that read pages share: libxml2 kept
 * quiet, the log at errors only, zoneinfo found, and their configuration
 * loaded once (a target with a wrong one stops at once).
 */
#ifndef PAGEFEED_FUZZLIB_H
#define PAGEFEED_FUZZLIB_H

#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "config.h"
#include "log.h"

static void
fuzz_quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
fuzz_quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* TEXT as NAME's configuration, which must have NSOURCES sources. */
static struct config *
fuzz_setup(const char *name, const char *text, size_t nsources)
{
	struct config	*cf;
	char		*errors = NULL;

	log_init(LOG_LVL_ERROR);
	setenv("TZDIR", "/usr/share/zoneinfo", 1);
	xmlInitParser();
	if ((cf = config_load_text(name, text, &errors)) == NULL ||
	    cf->cf_nsources != nsources) {
		fprintf(stderr, "%s: %s\n", name, errors ? errors :
		    "wrong number of sources");
		exit(1);
	}
	xmlSetGenericErrorFunc(NULL, fuzz_quiet);
	xmlSetStructuredErrorFunc(NULL, fuzz_quiet_structured);
	return (cf);
}

#endif
