/* blob.c: immutable, reference-counted bytes. */
#include <stdlib.h>

#include "blob.h"
#include "util.h"

struct blob *
blob_new(char *data, size_t len)
{
	struct blob	*bl = xcalloc(1, sizeof(*bl));

	bl->bl_data = data;
	bl->bl_len = len;
	bl->bl_refs = 1;
	return (bl);
}

struct blob *
blob_ref(struct blob *bl)
{
	bl->bl_refs++;
	return (bl);
}

void
blob_unref(struct blob *bl)
{
	if (bl == NULL || --bl->bl_refs > 0)
		return;
	free(bl->bl_data);
	free(bl);
}
