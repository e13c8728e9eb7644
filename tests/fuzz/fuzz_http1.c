/*
 * fuzz_http1.c: libFuzzer target for the request head parser alone (the
 * whole listener is fuzz_http's).  The input is copied to a buffer of its
 * exact size, so that a read past it is caught, and parsed; a head said
 * complete must hold what the parser promises.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "http1.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct http1_head	 hh;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy = malloc(size ? size : 1);
	long	 r;
	size_t	 i;

	memcpy(copy, data, size);
	r = http1_parse(copy, size, &hh);
	if (r > 0) {
		if ((size_t)r > size || hh.hh_path == NULL ||
		    (hh.hh_path[0] != '/' && hh.hh_path[0] != '*') ||
		    hh.hh_nheaders > HTTP1_MAX_HEADERS ||
		    hh.hh_target_len > HTTP1_MAX_URI ||
		    hh.hh_content_length < -1 || strlen(hh.hh_method_name) == 0)
			abort();
		for (i = 0; i < hh.hh_nheaders; i++)
			if (hh.hh_names[i][0] == '\0' ||
			    strchr(hh.hh_values[i], '\r') != NULL ||
			    strchr(hh.hh_values[i], '\n') != NULL)
				abort();
	} else if (r != 0 && r != -400 && r != -413 && r != -414 &&
	    r != -431 && r != -505)
		abort();
	free(copy);
	return (0);
}
