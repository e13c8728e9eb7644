/*
 * test_addrpolicy.c: which addresses a request made for someone else may
 * reach (addrpolicy.c): every special range with an address inside and
 * one just outside, the IPv6 forms that carry an IPv4 address, the
 * operator's allowed list, and the words that list refuses.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addrpolicy.h"
#include "tap.h"
#include "util.h"

/* An address and the range it is in, NULL for a public one. */
static const struct {
	const char	*s_addr;
	const char	*s_want;
} special[] = {
	{ "0.0.0.0",			"this-network" },
	{ "0.255.255.255",		"this-network" },
	{ "1.0.0.0",			NULL },
	{ "9.255.255.255",		NULL },
	{ "10.0.0.0",			"private" },
	{ "10.255.255.255",		"private" },
	{ "11.0.0.0",			NULL },
	{ "100.63.255.255",		NULL },
	{ "100.64.0.0",			"cgnat" },
	{ "100.100.100.200",		"cgnat" },	/* Alibaba metadata */
	{ "100.127.255.255",		"cgnat" },
	{ "100.128.0.0",		NULL },
	{ "126.255.255.255",		NULL },
	{ "127.0.0.1",			"loopback" },
	{ "127.255.255.255",		"loopback" },
	{ "128.0.0.0",			NULL },
	{ "169.253.255.255",		NULL },
	{ "169.254.0.0",		"link-local" },
	{ "169.254.169.254",		"link-local" },	/* cloud metadata */
	{ "169.254.255.255",		"link-local" },
	{ "169.255.0.0",		NULL },
	{ "172.15.255.255",		NULL },
	{ "172.16.0.0",			"private" },
	{ "172.31.255.255",		"private" },
	{ "172.32.0.0",			NULL },
	{ "191.255.255.255",		NULL },
	{ "192.0.0.0",			"ietf-protocol" },
	{ "192.0.0.255",		"ietf-protocol" },
	{ "192.0.1.0",			NULL },
	{ "192.0.2.0",			"documentation" },
	{ "192.0.2.255",		"documentation" },
	{ "192.0.3.0",			NULL },
	{ "192.88.99.1",		"6to4" },
	{ "192.167.255.255",		NULL },
	{ "192.168.0.0",		"private" },
	{ "192.168.255.255",		"private" },
	{ "192.169.0.0",		NULL },
	{ "198.17.255.255",		NULL },
	{ "198.18.0.0",			"benchmarking" },
	{ "198.19.255.255",		"benchmarking" },
	{ "198.20.0.0",			NULL },
	{ "198.51.99.255",		NULL },
	{ "198.51.100.0",		"documentation" },
	{ "198.51.100.255",		"documentation" },
	{ "198.51.101.0",		NULL },
	{ "203.0.112.255",		NULL },
	{ "203.0.113.0",		"documentation" },
	{ "203.0.113.255",		"documentation" },
	{ "203.0.114.0",		NULL },
	{ "223.255.255.255",		NULL },
	{ "224.0.0.0",			"multicast" },
	{ "239.255.255.255",		"multicast" },
	{ "240.0.0.0",			"reserved" },
	{ "255.255.255.254",		"reserved" },
	{ "255.255.255.255",		"broadcast" },
	{ "8.8.8.8",			NULL },
	{ "1.1.1.1",			NULL },

	{ "::",				"unspecified" },
	{ "::1",			"loopback" },
	{ "::2",			"this-network" },	/* compat 0.0.0.2 */
	{ "::ffff:127.0.0.1",		"loopback" },
	{ "::ffff:7f00:1",		"loopback" },
	{ "::ffff:10.1.2.3",		"private" },
	{ "::ffff:169.254.169.254",	"link-local" },
	{ "::ffff:8.8.8.8",		NULL },
	{ "::127.0.0.1",		"loopback" },	/* compat */
	{ "::8.8.8.8",			NULL },
	{ "::ffff:0:127.0.0.1",		"reserved" },	/* SIIT, ::/8 */
	{ "64:ff9b::127.0.0.1",		"loopback" },
	{ "64:ff9b::a9fe:a9fe",		"link-local" },
	{ "64:ff9b::192.168.1.1",	"private" },
	{ "64:ff9b::8.8.8.8",		NULL },
	{ "64:ff9b:1::8.8.8.8",		"private" },	/* local NAT64 */
	{ "64:ff9b:1:ffff::1",		"private" },
	{ "100::",			"reserved" },
	{ "100::ffff:ffff:ffff:ffff",	"reserved" },
	{ "2001::1",			"ietf-protocol" },	/* Teredo */
	{ "2001:1ff:ffff::1",		"ietf-protocol" },
	{ "2001:2::1",			"benchmarking" },
	{ "2001:200::1",		NULL },
	{ "2001:db7:ffff::1",		NULL },
	{ "2001:db8::",			"documentation" },
	{ "2001:db8:ffff:ffff::1",	"documentation" },
	{ "2001:db9::1",		NULL },
	{ "2002:7f00:1::1",		"loopback" },	/* 6to4 of 127.0.0.1 */
	{ "2002:c0a8:101::1",		"private" },
	{ "2002:808:808::1",		"6to4" },
	{ "2001:ffff:ffff::1",		NULL },
	{ "2003::1",			NULL },
	{ "3fff::1",			"documentation" },
	{ "3ffe:ffff::1",		NULL },
	{ "fbff:ffff::1",		"reserved" },
	{ "fc00::",			"unique-local" },
	{ "fd00:ec2::254",		"unique-local" },	/* AWS metadata */
	{ "fdff:ffff::1",		"unique-local" },
	{ "fe00::1",			"reserved" },
	{ "fe80::",			"link-local" },
	{ "febf:ffff::1",		"link-local" },
	{ "fec0::1",			"reserved" },	/* site-local */
	{ "feff:ffff::1",		"reserved" },
	{ "ff00::",			"multicast" },
	{ "ff02::1",			"multicast" },
	{ "4000::1",			"reserved" },	/* not 2000::/3 */
	{ "1fff:ffff::1",		"reserved" },
	{ "2606:4700::1111",		NULL },
	{ "2a00:1450:4001:80b::200e",	NULL },
};

static const struct {
	const char	*w_word;
	int		 w_ok;
} words[] = {
	{ "example.org",		1 },
	{ "Hub.Example.ORG.",		1 },
	{ "localhost",			1 },
	{ "my_host-1.lan",		1 },
	{ "127.0.0.1",			1 },
	{ "10.0.0.0/8",			1 },
	{ "0.0.0.0/0",			1 },
	{ "::1",			1 },
	{ "[::1]",			1 },
	{ "::1/128",			1 },
	{ "[fc00::]/7",			1 },
	{ "::ffff:10.0.0.0/104",	1 },
	{ "xn--bcher-kva.example",	1 },
	{ "",				0 },
	{ "a b",			0 },
	{ "a\tb",			0 },
	{ "a\nb",			0 },
	{ "256.1.1.1",			0 },
	{ "1.2.3",			0 },
	{ "1.2.3.4.5",			0 },
	{ "0127.0.0.1",			0 },
	{ "0x7f.1",			0 },
	{ "2130706433",			0 },
	{ "example.123",		0 },
	{ "10.0.0.0/33",		0 },
	{ "10.0.0.0/",			0 },
	{ "10.0.0.0/x",			0 },
	{ "10.0.0.0/-1",		0 },
	{ "10.0.0.0/0008",		0 },
	{ "10.0.0.1/8",			0 },
	{ "::1/129",			0 },
	{ "/8",				0 },
	{ "example.org/8",		0 },
	{ "::ffff:10.0.0.0/95",		0 },
	{ "[127.0.0.1]",		0 },
	{ "::g",			0 },
	{ "example.org:8080",		0 },
	{ "a..b",			0 },
	{ ".",				0 },
	{ "*.example.org",		0 },
	{ "b\xc3\xbc" "cher.example",	0 },
};

static const char *
special_of(const char *text)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	if (addr_literal(text, &ss, &len) == -1)
		return ("(not an address)");
	return (addr_special((struct sockaddr *)&ss, len));
}

/* Whether POLICY lets a URL with HOST connect to ADDR; *WHY as it says. */
static int
allows(const struct addr_policy *ap, const char *host, const char *addr,
    const char **why)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	if (addr_literal(addr, &ss, &len) == -1) {
		printf("# %s: not an address\n", addr);
		return (-1);
	}
	return (addr_policy_allows(ap, host, (struct sockaddr *)&ss, len, why));
}

static void
test_special(void)
{
	char	 what[128];
	size_t	 i;

	for (i = 0; i < sizeof(special) / sizeof(special[0]); i++) {
		snprintf(what, sizeof(what), "%s is %s", special[i].s_addr,
		    special[i].s_want ? special[i].s_want : "public");
		tap_str(special_of(special[i].s_addr), special[i].s_want,
		    what);
	}
}

static void
test_words(void)
{
	char	 what[128], *cause, *p;
	size_t	 i;
	int	 rc;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		cause = NULL;
		rc = addr_word_check(words[i].w_word, &cause);
		snprintf(what, sizeof(what), "word \"%s\" %s", words[i].w_word,
		    words[i].w_ok ? "taken" : "refused");
		/* One TAP line each, whatever the word holds. */
		for (p = what; *p != '\0'; p++)
			if ((unsigned char)*p < 0x20)
				*p = '?';
		if (!tap_ok((rc == 0) == words[i].w_ok &&
		    (rc == 0) == (cause == NULL), what))
			printf("#   rc %d, cause %s\n", rc,
			    cause ? cause : "(null)");
		else if (cause != NULL)
			printf("#   %s\n", cause);
		free(cause);
	}
}

static void
test_word_limits(void)
{
	char	 word[300], *cause = NULL;
	size_t	 i;

	/* 253 characters: labels of 63 and a dot, then the rest. */
	for (i = 0; i < 253; i++)
		word[i] = i % 64 == 63 ? '.' : 'a';
	word[253] = '\0';
	tap_long(addr_word_check(word, NULL), 0, "a name of 253 is taken");
	word[253] = 'a';
	word[254] = '\0';
	tap_long(addr_word_check(word, &cause), -1, "a name of 254 is refused");
	tap_ok(cause != NULL && strstr(cause, "253") != NULL,
	    "the cause says the limit");
	free(cause);
	memset(word, 'a', 64);
	strlcpy_pf(word + 64, ".org", 5);
	tap_long(addr_word_check(word, NULL), -1, "a label of 64 is refused");
	tap_long(addr_word_check(NULL, NULL), -1, "NULL is refused");
	cause = NULL;
	addr_word_check("10.1.2.3/8", &cause);
	tap_ok(cause != NULL && strstr(cause, "10.0.0.0/8") != NULL,
	    "bits past the prefix: the cause names the network");
	free(cause);
}

static void
test_literal(void)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;

	tap_long(addr_literal("[::1]", &ss, &len), 0, "[::1] is a literal");
	tap_ok(ss.ss_family == AF_INET6 &&
	    len == sizeof(struct sockaddr_in6), "[::1] is AF_INET6");
	tap_long(addr_literal("::1", &ss, &len), 0, "::1 is a literal");
	tap_long(addr_literal("127.0.0.1", &ss, &len), 0,
	    "127.0.0.1 is a literal");
	tap_ok(ss.ss_family == AF_INET && len == sizeof(struct sockaddr_in),
	    "127.0.0.1 is AF_INET");
	tap_long(addr_literal("[127.0.0.1]", &ss, &len), -1,
	    "[127.0.0.1] is not");
	tap_long(addr_literal("example.org", &ss, &len), -1,
	    "example.org is not");
	tap_long(addr_literal("[::1", &ss, &len), -1, "[::1 is not");
	tap_long(addr_literal("fe80::1%eth0", &ss, &len), -1,
	    "a zone is not");
	tap_long(addr_literal("", &ss, &len), -1, "\"\" is not");
	tap_long(addr_literal("[]", &ss, &len), -1, "[] is not");
	tap_str(addr_special(NULL, 0), "invalid", "no sockaddr is invalid");
	memset(&ss, 0, sizeof(ss));
	ss.ss_family = AF_UNIX;
	tap_str(addr_special((struct sockaddr *)&ss, sizeof(ss)), "invalid",
	    "AF_UNIX is invalid");
	addr_literal("::1", &ss, &len);
	tap_str(addr_special((struct sockaddr *)&ss, 16), "invalid",
	    "a cut sockaddr_in6 is invalid");
}

static void
test_policy_empty(void)
{
	struct addr_policy	 ap = { NULL, 0 };
	const char		*why = "unset";

	tap_long(allows(&ap, "example.org", "8.8.8.8", &why), 1,
	    "empty policy: public v4 allowed");
	tap_str(why, NULL, "no reason when allowed");
	tap_long(allows(&ap, "example.org", "2606:4700::1111", &why), 1,
	    "empty policy: public v6 allowed");
	tap_long(allows(&ap, "localhost", "127.0.0.1", &why), 0,
	    "empty policy: localhost refused");
	tap_str(why, "loopback", "why: loopback");
	tap_long(allows(NULL, NULL, "169.254.169.254", &why), 0,
	    "no policy: metadata refused");
	tap_str(why, "link-local", "why: link-local");
	tap_long(allows(NULL, "[::ffff:127.0.0.1]", "::ffff:127.0.0.1", &why),
	    0, "mapped loopback refused");
	tap_str(why, "loopback", "why: loopback, of the IPv4 address");
	tap_long(allows(NULL, "x", "10.0.0.1", NULL), 0,
	    "WHY may be NULL");
}

static void
test_policy_names(void)
{
	struct addr_policy	 ap = { NULL, 0 };
	const char		*why;
	char			*cause = NULL;

	tap_long(addr_policy_add(&ap, "Hub.Internal.", &cause), 0,
	    "add a name with a trailing dot");
	tap_long(addr_policy_add(&ap, "localhost", &cause), 0, "add localhost");
	tap_long(addr_policy_add(&ap, "a b", &cause), -1, "add refuses a b");
	tap_ok(cause != NULL, "with a cause");
	free(cause);
	tap_long((long long)ap.ap_nrules, 2, "two rules");
	tap_long(allows(&ap, "hub.internal", "10.1.1.1", &why), 1,
	    "a named host may be private");
	tap_long(allows(&ap, "HUB.INTERNAL", "10.1.1.1", &why), 1,
	    "in any case");
	tap_long(allows(&ap, "hub.internal.", "10.1.1.1", &why), 1,
	    "with a trailing dot");
	tap_long(allows(&ap, "LocalHost.", "::1", &why), 1,
	    "localhost. to ::1");
	tap_long(allows(&ap, "other.internal", "10.1.1.1", &why), 0,
	    "another name is not");
	tap_str(why, "private", "why: private");
	tap_long(allows(&ap, "x.hub.internal", "10.1.1.1", &why), 0,
	    "a subdomain is not");
	tap_long(allows(&ap, "hub.internal.evil", "10.1.1.1", &why), 0,
	    "a longer name is not");
	tap_long(allows(&ap, "hub.interna", "10.1.1.1", &why), 0,
	    "a shorter name is not");
	tap_long(allows(&ap, NULL, "10.1.1.1", &why), 0, "no host is not");
	addr_policy_free(&ap);
	tap_ok(ap.ap_rules == NULL && ap.ap_nrules == 0, "free empties");
	addr_policy_free(&ap);
	addr_policy_free(NULL);
}

static void
test_policy_nets(void)
{
	struct addr_policy	 ap = { NULL, 0 };
	const char		*why;

	addr_policy_add(&ap, "127.0.0.1/32", NULL);
	addr_policy_add(&ap, "::1/128", NULL);
	addr_policy_add(&ap, "192.168.4.0/22", NULL);
	addr_policy_add(&ap, "fd00:1::/32", NULL);
	addr_policy_add(&ap, "169.254.169.254", NULL);
	tap_long(allows(&ap, "x", "127.0.0.1", &why), 1, "127.0.0.1/32 allows it");
	tap_long(allows(&ap, "x", "127.0.0.2", &why), 0,
	    "127.0.0.1/32 does not allow 127.0.0.2");
	tap_str(why, "loopback", "why: loopback");
	tap_long(allows(&ap, "x", "::ffff:127.0.0.1", &why), 1,
	    "nor does mapped 127.0.0.1 differ from it");
	tap_long(allows(&ap, "[::1]", "::1", &why), 1, "::1/128 allows ::1");
	tap_long(allows(&ap, "x", "::2", &why), 0, "but not ::2");
	tap_long(allows(&ap, "x", "192.168.4.0", &why), 1, "/22 first");
	tap_long(allows(&ap, "x", "192.168.7.255", &why), 1, "/22 last");
	tap_long(allows(&ap, "x", "192.168.8.0", &why), 0, "/22 past the end");
	tap_long(allows(&ap, "x", "192.168.3.255", &why), 0,
	    "/22 before the start");
	tap_long(allows(&ap, "x", "fd00:1:ffff::1", &why), 1, "fd00:1::/32");
	tap_long(allows(&ap, "x", "fd00:2::1", &why), 0, "fd00:2:: is not");
	tap_str(why, "unique-local", "why: unique-local");
	tap_long(allows(&ap, "x", "169.254.169.254", &why), 1,
	    "a single address");
	tap_long(allows(&ap, "x", "169.254.169.253", &why), 0,
	    "and not its neighbour");
	tap_long(allows(&ap, "x", "8.8.4.4", &why), 1, "public still allowed");
	addr_policy_free(&ap);
}

int
main(void)
{
	test_special();
	test_words();
	test_word_limits();
	test_literal();
	test_policy_empty();
	test_policy_names();
	test_policy_nets();
	return (tap_done());
}
