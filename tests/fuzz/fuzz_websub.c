/*
 * fuzz_websub.c: libFuzzer target for WebSub subscription requests: the
 * first line is the Content-Type (an empty line: none), the rest the form
 * body.  A request read as good must hold what the hub relies on: an
 * http(s) callback within its cap with a host, a topic, a secret under
 * 200 bytes; the callback must take the verification's parameters; its
 * host and the topic go through the policy and the feed matcher too.
 */
#include <sys/socket.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "addrpolicy.h"
#include "log.h"
#include "websub_req.h"

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	log_init(LOG_LVL_ERROR);
	return (0);
}

/* What a good request promises; abort() when it does not hold. */
static void
fuzz_check(const struct websub_req *wr)
{
	static const char *const exts[] = { "rss", "atom", "json" };
	static const char *const params[] = { "hub.mode", "subscribe",
	    "hub.topic", NULL, "hub.challenge", "0123abcd" };
	const char		*p[6];
	struct sockaddr_storage	 ss;
	struct addr_policy	 pol = { NULL, 0 };
	socklen_t		 len;
	size_t			 ext;
	char			*url, *name;

	if (wr->wr_callback == NULL || wr->wr_topic == NULL ||
	    wr->wr_host == NULL || wr->wr_host[0] == '\0' ||
	    strlen(wr->wr_callback) > WEBSUB_MAX_CALLBACK ||
	    (wr->wr_secret != NULL && strlen(wr->wr_secret) >
	    WEBSUB_MAX_SECRET) || (strncasecmp(wr->wr_callback, "http://", 7)
	    != 0 && strncasecmp(wr->wr_callback, "https://", 8) != 0))
		abort();
	memcpy(p, params, sizeof(p));
	p[3] = wr->wr_topic;
	if ((url = websub_url_with(wr->wr_callback, p, 3)) == NULL)
		abort();	/* a callback read as good takes parameters */
	free(url);
	if (addr_literal(wr->wr_host, &ss, &len) == 0) {
		addr_policy_add(&pol, "127.0.0.1", NULL);
		(void)addr_policy_allows(&pol, wr->wr_host,
		    (struct sockaddr *)&ss, len, NULL);
		addr_policy_free(&pol);
	}
	name = websub_topic_feed("http://127.0.0.1:8080/", wr->wr_topic,
	    exts, 3, &ext);
	if (name != NULL && (ext >= 3 || strchr(name, '/') != NULL))
		abort();
	free(name);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct websub_req	 wr;
	const uint8_t		*nl = memchr(data, '\n', size);
	char			*type = NULL, why[256];
	size_t			 tlen;

	if (nl != NULL && (tlen = (size_t)(nl - data)) > 0) {
		if ((type = malloc(tlen + 1)) == NULL)
			return (0);
		memcpy(type, data, tlen);
		type[tlen] = '\0';
		if (strlen(type) != tlen) {	/* a header holds no NUL */
			free(type);
			return (0);
		}
	}
	if (nl != NULL) {
		size -= (size_t)(nl - data) + 1;
		data = nl + 1;
	}
	if (websub_req_parse(type, (const char *)data, size, &wr, why,
	    sizeof(why)) == 0) {
		fuzz_check(&wr);
		websub_req_clear(&wr);
	}
	free(type);
	return (0);
}
