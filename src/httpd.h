/* httpd.h: the built-in HTTP listener (evhttp). */
#ifndef PAGEFEED_HTTPD_H
#define PAGEFEED_HTTPD_H

#include <stddef.h>

struct app;
struct httpd;

/* Binds every listen address of the config; NULL with *cause on failure. */
struct httpd	*httpd_new(struct app *, char **cause);
void		 httpd_free(struct httpd *);
/* Closes the listening sockets; connections open now are served on. */
void		 httpd_stop_accepting(struct httpd *);
/* Connections with a response still being sent. */
size_t		 httpd_writing(const struct httpd *);

#endif
