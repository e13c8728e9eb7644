/* health.h: the /health document. */
#ifndef PAGEFEED_HEALTH_H
#define PAGEFEED_HEALTH_H

#include "buf.h"

struct app;

/* Writes the JSON document into B; returns the HTTP status to answer with. */
int	health_json(struct app *, struct buf *b);

#endif
