/* preview.h: `pagefeed preview`, fetch once and show what would be extracted. */
#ifndef PAGEFEED_PREVIEW_H
#define PAGEFEED_PREVIEW_H

/* Runs the preview command; ARGV[0] is "preview".  Returns the exit status. */
int	preview_main(int argc, char *argv[]);

#endif
