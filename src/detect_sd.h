/*
 * detect_sd.h: items from structured data (JSON-LD, microdata, h-entry);
 * detection's internal header.
 */
#ifndef PAGEFEED_DETECT_SD_H
#define PAGEFEED_DETECT_SD_H

#include <stddef.h>

struct detect;

/* Adds the items of the page's JSON-LD (articles, ItemLists of them). */
void	detect_jsonld(struct detect *d);
/*
 * Items from FROM on whose title is their URL get the text of a link to
 * it on the page instead (needs the measuring pass).
 */
void	detect_titles_from_links(struct detect *d, size_t from);
/*
 * Adds the items of the page's microdata articles, or with MF its
 * h-entries, outermost ones only (needs the measuring pass).
 */
void	detect_structured(struct detect *d, int mf);

#endif
