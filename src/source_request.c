/*
 * source_request.c: what a source's settings make of a request, for a
 * fetch (source_request) or a render in Chromium (source_browse): the
 * listing's polls, its item pages and preview all ask the same way.
 */
#include <string.h>

#include "app.h"
#include "browser.h"
#include "config.h"
#include "fetch.h"
#include "source.h"
#include "source_int.h"
#include "url.h"

/* The request for URL with the source's fetch settings. */
void
source_request(const struct source *src, const char *url,
    struct fetch_request *req)
{
	source_request_conf(src->src_app->app_cf, src->src_conf, url, req);
}

void
source_request_conf(const struct config *cf, const struct source_conf *sc,
    const char *url, struct fetch_request *req)
{
	memset(req, 0, sizeof(*req));
	req->fr_url = url;
	req->fr_user_agent = sc->sc_user_agent ? sc->sc_user_agent :
	    cf->cf_user_agent;
	/* file:// only for a source that is itself a file, never for links. */
	req->fr_allow_file = cf->cf_allow_file_urls &&
	    url_scheme_is(sc->sc_url, "file") && url_scheme_is(url, "file");
	req->fr_headers = (const char *const *)sc->sc_headers;
	req->fr_nheaders = sc->sc_nheaders;
	req->fr_cookie = sc->sc_cookie;
	req->fr_proxy = sc->sc_proxy;
	req->fr_timeout = sc->sc_timeout;
	req->fr_connect_timeout = cf->cf_connect_timeout;
	req->fr_no_tls_verify = !sc->sc_tls_verify;
	req->fr_max_size = sc->sc_max_page_size;
	/* The source's own address only: an item's page is a GET. */
	if (sc->sc_method == METHOD_POST && strcmp(url, sc->sc_url) == 0)
		req->fr_body = sc->sc_body != NULL ? sc->sc_body : "";
}

/*
 * Renders URL in Chromium with SRC's settings, as a fetch would get it;
 * the source's render_wait applies to its own page, item pages wait for
 * the network to go idle.
 */
struct browse *
source_browse(struct source *src, const char *url, fetch_cb cb, void *arg)
{
	struct browse_request	 br;

	source_browse_conf(src->src_app->app_cf, src->src_conf, url, &br);
	return (browse_start(src->src_app->app_browser, &br, cb, arg));
}

void
source_browse_conf(const struct config *cf, const struct source_conf *sc,
    const char *url, struct browse_request *br_out)
{
	struct browse_request	 br;

	memset(&br, 0, sizeof(br));
	br.br_url = url;
	br.br_user_agent = sc->sc_user_agent != NULL ? sc->sc_user_agent :
	    cf->cf_user_agent;
	br.br_headers = (const char *const *)sc->sc_headers;
	br.br_nheaders = sc->sc_nheaders;
	br.br_cookie = sc->sc_cookie;
	br.br_proxy = sc->sc_proxy;
	if (strcmp(url, sc->sc_url) == 0)
		br.br_wait_selector = sc->sc_render_wait.sel_spec;
	br.br_timeout = sc->sc_timeout;
	br.br_max_size = sc->sc_max_page_size;
	br.br_memory = sc->sc_render_memory;
	br.br_no_tls_verify = !sc->sc_tls_verify;
	*br_out = br;
}
