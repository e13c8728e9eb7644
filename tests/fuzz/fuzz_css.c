/*
 * fuzz_css.c: libFuzzer target for the CSS-to-XPath translator.  The first
 * byte chooses relative or absolute; the rest is the selector.  Every
 * expression the translator returns must compile as XPath 1.0: one that
 * does not is a translation bug, reported by abort().
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "css.h"
#include "log.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
quiet(void *ctx, const char *fmt, ...)
{
	(void)ctx;
	(void)fmt;
}

static void
quiet_structured(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init(LOG_LVL_ERROR);
	xmlInitParser();
	xmlSetGenericErrorFunc(NULL, quiet);
	xmlSetStructuredErrorFunc(NULL, quiet_structured);
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	xmlXPathCompExprPtr	 comp;
	char			*sel, *xpath, *cause = NULL;
	int			 relative;

	if (size < 1)
		return (0);
	relative = data[0] & 1;
	sel = malloc(size);
	if (sel == NULL)
		return (0);
	memcpy(sel, data + 1, size - 1);
	sel[size - 1] = '\0';
	xpath = css_to_xpath(sel, relative, &cause);
	if (xpath != NULL) {
		if (cause != NULL)
			abort();	/* both an answer and an error */
		if ((comp = xmlXPathCompile((const xmlChar *)xpath)) == NULL) {
			fprintf(stderr, "css_to_xpath(\"%s\", %d) gave invalid "
			    "XPath: %s\n", sel, relative, xpath);
			abort();
		}
		xmlXPathFreeCompExpr(comp);
		free(xpath);
	} else if (cause == NULL)
		abort();	/* refused without saying why */
	free(cause);
	free(sel);
	return (0);
}
