/*
 * addrpolicy.c: which addresses a request made for someone else may
 * reach.  A WebSub callback URL is chosen by whoever subscribes; without
 * this check the hub would fetch its own loopback, its LAN or the cloud's
 * metadata service for them.  Judged on the address actually connected
 * to (after DNS, done elsewhere), so a name that resolves to 127.0.0.1 is
 * refused like the literal.  Pure: inet_pton only, never DNS.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "addrpolicy.h"
#include "log.h"
#include "util.h"

#define ADDR_MAX_WORD	253	/* the longest DNS name, in text */
#define ADDR_MAX_LABEL	63

struct addr_rule {
	char		*ar_host;	/* lower case, no trailing dot; or NULL */
	int		 ar_family;	/* AF_INET or AF_INET6 for a network */
	unsigned char	 ar_addr[16];
	int		 ar_bits;
};

/* An address reduced to its bytes; IPv4-mapped IPv6 made IPv4. */
struct addr_bytes {
	int		 ab_family;
	unsigned char	 ab_addr[16];
};

/*
 * The special-purpose ranges (IANA's IPv4 and IPv6 special-purpose
 * registries, RFC 6890 and later), first match wins.  With r_v4at the
 * IPv4 address at that byte decides, and r_name (if any) is the verdict
 * when it is public.  IPv4-mapped addresses never get here: they are
 * made IPv4 first.
 */
static const struct addr_range {
	int		 r_family;
	const char	*r_net;
	int		 r_bits;
	const char	*r_name;
	int		 r_v4at;
} addr_ranges[] = {
	{ AF_INET,  "0.0.0.0",		8,   "this-network",	0 },
	{ AF_INET,  "10.0.0.0",		8,   "private",		0 },
	{ AF_INET,  "100.64.0.0",	10,  "cgnat",		0 },
	{ AF_INET,  "127.0.0.0",	8,   "loopback",	0 },
	{ AF_INET,  "169.254.0.0",	16,  "link-local",	0 },
	{ AF_INET,  "172.16.0.0",	12,  "private",		0 },
	{ AF_INET,  "192.0.0.0",	24,  "ietf-protocol",	0 },
	{ AF_INET,  "192.0.2.0",	24,  "documentation",	0 },
	{ AF_INET,  "192.88.99.0",	24,  "6to4",		0 },
	{ AF_INET,  "192.168.0.0",	16,  "private",		0 },
	{ AF_INET,  "198.18.0.0",	15,  "benchmarking",	0 },
	{ AF_INET,  "198.51.100.0",	24,  "documentation",	0 },
	{ AF_INET,  "203.0.113.0",	24,  "documentation",	0 },
	{ AF_INET,  "224.0.0.0",	4,   "multicast",	0 },
	{ AF_INET,  "255.255.255.255",	32,  "broadcast",	0 },
	{ AF_INET,  "240.0.0.0",	4,   "reserved",	0 },
	{ AF_INET6, "::",		128, "unspecified",	0 },
	{ AF_INET6, "::1",		128, "loopback",	0 },
	{ AF_INET6, "::",		96,  NULL,		12 },	/* compat */
	{ AF_INET6, "64:ff9b::",	96,  NULL,		12 },	/* NAT64 */
	{ AF_INET6, "64:ff9b:1::",	48,  "private",		0 },	/* local NAT64 */
	{ AF_INET6, "100::",		64,  "reserved",	0 },	/* discard */
	{ AF_INET6, "2001:2::",		48,  "benchmarking",	0 },
	{ AF_INET6, "2001::",		23,  "ietf-protocol",	0 },	/* Teredo too */
	{ AF_INET6, "2001:db8::",	32,  "documentation",	0 },
	/* Deprecated (RFC 7526): refused even when the IPv4 address is public. */
	{ AF_INET6, "2002::",		16,  "6to4",		2 },
	{ AF_INET6, "3fff::",		20,  "documentation",	0 },
	{ AF_INET6, "5f00::",		16,  "reserved",	0 },	/* SRv6 SIDs */
	{ AF_INET6, "fc00::",		7,   "unique-local",	0 },
	{ AF_INET6, "fe80::",		10,  "link-local",	0 },
	{ AF_INET6, "fec0::",		10,  "reserved",	0 },	/* site-local */
	{ AF_INET6, "ff00::",		8,   "multicast",	0 },
};

static int
addr_fail(char **cause, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Returns -1, with *cause set when CAUSE is not NULL. */
static int
addr_fail(char **cause, const char *fmt, ...)
{
	va_list	 ap;

	if (cause != NULL) {
		va_start(ap, fmt);
		xvasprintf(cause, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

static int
addr_prefix_match(const unsigned char *a, const unsigned char *net, int bits)
{
	int	 whole = bits / 8, rest = bits % 8;
	int	 mask;

	if (memcmp(a, net, whole) != 0)
		return (0);
	if (rest == 0)
		return (1);
	mask = (0xff << (8 - rest)) & 0xff;
	return ((a[whole] & mask) == (net[whole] & mask));
}

static int
addr_is_mapped(const unsigned char *a)
{
	static const unsigned char	 prefix[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	return (memcmp(a, prefix, sizeof(prefix)) == 0);
}

/* Returns 0, or -1 for anything but a whole AF_INET or AF_INET6 sockaddr. */
static int
addr_from_sa(const struct sockaddr *sa, socklen_t len, struct addr_bytes *ab)
{
	const struct sockaddr_in	*sin;
	const struct sockaddr_in6	*sin6;

	memset(ab, 0, sizeof(*ab));
	if (sa == NULL || len < sizeof(*sin))
		return (-1);
	if (sa->sa_family == AF_INET) {
		sin = (const struct sockaddr_in *)sa;
		ab->ab_family = AF_INET;
		memcpy(ab->ab_addr, &sin->sin_addr, 4);
		return (0);
	}
	if (sa->sa_family != AF_INET6 || len < sizeof(*sin6))
		return (-1);
	sin6 = (const struct sockaddr_in6 *)sa;
	if (addr_is_mapped(sin6->sin6_addr.s6_addr)) {
		ab->ab_family = AF_INET;
		memcpy(ab->ab_addr, sin6->sin6_addr.s6_addr + 12, 4);
	} else {
		ab->ab_family = AF_INET6;
		memcpy(ab->ab_addr, sin6->sin6_addr.s6_addr, 16);
	}
	return (0);
}

/* The first range of addr_ranges[] holding AB, or NULL. */
static const struct addr_range *
addr_range_of(const struct addr_bytes *ab)
{
	const struct addr_range	*r;
	unsigned char		 net[16];
	size_t			 i;

	for (i = 0; i < sizeof(addr_ranges) / sizeof(addr_ranges[0]); i++) {
		r = &addr_ranges[i];
		if (r->r_family != ab->ab_family)
			continue;
		if (inet_pton(r->r_family, r->r_net, net) != 1)
			fatalx("addrpolicy: bad range %s", r->r_net);
		if (addr_prefix_match(ab->ab_addr, net, r->r_bits))
			return (r);
	}
	return (NULL);
}

static const char *
addr_judge(const struct addr_bytes *ab)
{
	const struct addr_range	*r;
	struct addr_bytes	 v4;
	const char		*name;

	if ((r = addr_range_of(ab)) != NULL && r->r_v4at == 0)
		return (r->r_name);
	if (r != NULL) {
		memset(&v4, 0, sizeof(v4));
		v4.ab_family = AF_INET;
		memcpy(v4.ab_addr, ab->ab_addr + r->r_v4at, 4);
		name = addr_judge(&v4);
		return (name != NULL ? name : r->r_name);
	}
	/* Only 2000::/3 is global unicast; the rest is unassigned. */
	if (ab->ab_family == AF_INET6 && (ab->ab_addr[0] & 0xe0) != 0x20)
		return ("reserved");
	return (NULL);
}

const char *
addr_special(const struct sockaddr *sa, socklen_t len)
{
	struct addr_bytes	 ab;

	if (addr_from_sa(sa, len, &ab) == -1)
		return ("invalid");
	return (addr_judge(&ab));
}

int
addr_literal(const char *host, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in	*sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6	*sin6 = (struct sockaddr_in6 *)ss;
	char			 buf[INET6_ADDRSTRLEN + 1];
	size_t			 n = strlen(host);
	int			 bracketed = 0;

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
		bracketed = 1;
	}
	if (n >= sizeof(buf))
		return (-1);
	memcpy(buf, host, n);
	buf[n] = '\0';
	memset(ss, 0, sizeof(*ss));
	/* Brackets hold IPv6 only (RFC 3986 section 3.2.2). */
	if (!bracketed && inet_pton(AF_INET, buf, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		*len = sizeof(*sin);
		return (0);
	}
	if (inet_pton(AF_INET6, buf, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		*len = sizeof(*sin6);
		return (0);
	}
	return (-1);
}

/* TEXT as an IP literal into R: a network of one address. */
static int
addr_rule_ip(const char *text, struct addr_rule *r)
{
	struct sockaddr_storage	 ss;
	socklen_t		 len;
	struct addr_bytes	 ab;

	if (addr_literal(text, &ss, &len) == -1 ||
	    addr_from_sa((struct sockaddr *)&ss, len, &ab) == -1)
		return (-1);
	r->ar_family = ab.ab_family;
	memcpy(r->ar_addr, ab.ab_addr, sizeof(r->ar_addr));
	r->ar_bits = ab.ab_family == AF_INET ? 32 : 128;
	return (0);
}

/* Clears the bits of A past the first BITS. */
static void
addr_mask(unsigned char *a, int bits)
{
	int	 i;

	if (bits % 8 != 0)
		a[bits / 8] &= (0xff << (8 - bits % 8)) & 0xff;
	for (i = (bits + 7) / 8; i < 16; i++)
		a[i] = 0;
}

/* WORD, holding a '/', as a network into R. */
static int
addr_rule_net(const char *word, struct addr_rule *r, char **cause)
{
	const char	*slash = strchr(word, '/'), *p;
	char		 ip[INET6_ADDRSTRLEN + 3], text[INET6_ADDRSTRLEN];
	unsigned char	 net[16];
	size_t		 n = (size_t)(slash - word);
	int		 bits = 0, max;

	if (n >= sizeof(ip))
		return (addr_fail(cause, "%s: no IP address before the /",
		    word));
	memcpy(ip, word, n);
	ip[n] = '\0';
	if (addr_rule_ip(ip, r) == -1)
		return (addr_fail(cause, "%s: no IP address before the /",
		    word));
	for (p = slash + 1; *p >= '0' && *p <= '9' && p - slash <= 3; p++)
		bits = bits * 10 + (*p - '0');
	if (p == slash + 1 || *p != '\0')
		return (addr_fail(cause, "%s: a prefix length must be a number "
		    "of bits after the /", word));
	max = strchr(ip, ':') != NULL ? 128 : 32;
	if (bits > max)
		return (addr_fail(cause, "%s: a prefix of %d bits, more than "
		    "the %d of the address", word, bits, max));
	if (max == 128 && r->ar_family == AF_INET) {
		/* A mapped address was made IPv4: so is its prefix. */
		if (bits < 96)
			return (addr_fail(cause, "%s: a network of IPv4-mapped "
			    "addresses must be /96 or longer", word));
		bits -= 96;
	}
	r->ar_bits = bits;
	memcpy(net, r->ar_addr, sizeof(net));
	addr_mask(net, bits);
	/* 10.0.0.1/8 is a mistake more often than a network: say so. */
	if (memcmp(net, r->ar_addr, sizeof(net)) != 0) {
		inet_ntop(r->ar_family, net, text, sizeof(text));
		return (addr_fail(cause, "%s: bits set past the prefix; "
		    "the network is %s/%d", word, text, bits));
	}
	return (0);
}

/*
 * Whether WORD's last label (a trailing dot aside) is a number, decimal
 * or 0x hex: browsers and curl read such a host as an IPv4 address in
 * some form (WHATWG URL "ends in a number"), so it is never a name.
 */
static int
addr_ends_in_number(const char *word)
{
	size_t		 end = strlen(word), start;
	const char	*digits = "0123456789";

	if (end > 0 && word[end - 1] == '.')
		end--;
	for (start = end; start > 0 && word[start - 1] != '.'; start--)
		;
	if (start == end)
		return (0);
	if (end - start >= 2 && word[start] == '0' &&
	    (word[start + 1] == 'x' || word[start + 1] == 'X')) {
		start += 2;
		digits = "0123456789abcdefABCDEF";
	}
	for (; start < end; start++)
		if (strchr(digits, word[start]) == NULL)
			return (0);
	return (1);
}

/* WORD as a host name into R: letters, digits, '-' and '_' in labels. */
static int
addr_rule_name(const char *word, struct addr_rule *r, char **cause)
{
	size_t		 i, label = 0, n = strlen(word);
	unsigned char	 c;

	if (n > 0 && word[n - 1] == '.')
		n--;
	for (i = 0; i <= n; i++) {
		c = (unsigned char)word[i];
		if (i == n || c == '.') {
			if (label == 0)
				return (addr_fail(cause, "%s: an empty label "
				    "in a host name", word));
			label = 0;
			continue;
		}
		if (++label > ADDR_MAX_LABEL)
			return (addr_fail(cause, "%s: a label longer than %d "
			    "characters", word, ADDR_MAX_LABEL));
		if (c >= 0x80)
			return (addr_fail(cause, "%s: not ASCII (give an "
			    "international name in its xn-- form)", word));
		if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z') &&
		    (c < '0' || c > '9') && c != '-' && c != '_')
			return (addr_fail(cause, "%s: '%c' cannot be in a host "
			    "name", word, c));
	}
	r->ar_host = xstrndup(word, n);
	for (i = 0; i < n; i++)
		r->ar_host[i] = (char)ascii_lower((unsigned char)r->ar_host[i]);
	return (0);
}

/* WORD into R (zeroed here); on failure R holds nothing to free. */
static int
addr_rule_parse(const char *word, struct addr_rule *r, char **cause)
{
	size_t	 i, n;

	memset(r, 0, sizeof(*r));
	if (word == NULL || *word == '\0')
		return (addr_fail(cause, "an empty address"));
	if ((n = strlen(word)) > ADDR_MAX_WORD)
		return (addr_fail(cause, "an address of %zu characters, more "
		    "than %d", n, ADDR_MAX_WORD));
	for (i = 0; i < n; i++) {
		if (word[i] == ' ' || word[i] == '\t')
			return (addr_fail(cause, "\"%s\": white space in an "
			    "address", word));
		if ((unsigned char)word[i] < 0x20 || word[i] == 0x7f)
			return (addr_fail(cause, "a control character in an "
			    "address"));
	}
	if (strchr(word, '/') != NULL)
		return (addr_rule_net(word, r, cause));
	if (strchr(word, ':') != NULL || word[0] == '[') {
		if (addr_rule_ip(word, r) == -1)
			return (addr_fail(cause, "%s: not an IPv6 address",
			    word));
		return (0);
	}
	if (addr_ends_in_number(word)) {
		if (addr_rule_ip(word, r) == -1)
			return (addr_fail(cause, "%s: not a dotted-quad IPv4 "
			    "address (a host name cannot end in a number)",
			    word));
		return (0);
	}
	return (addr_rule_name(word, r, cause));
}

int
addr_word_check(const char *word, char **cause)
{
	struct addr_rule	 r;

	if (addr_rule_parse(word, &r, cause) == -1)
		return (-1);
	free(r.ar_host);
	return (0);
}

int
addr_policy_add(struct addr_policy *ap, const char *word, char **cause)
{
	struct addr_rule	 r;

	if (addr_rule_parse(word, &r, cause) == -1)
		return (-1);
	ap->ap_rules = xreallocarray(ap->ap_rules, ap->ap_nrules + 1,
	    sizeof(*ap->ap_rules));
	ap->ap_rules[ap->ap_nrules++] = r;
	return (0);
}

void
addr_policy_free(struct addr_policy *ap)
{
	size_t	 i;

	if (ap == NULL)
		return;
	for (i = 0; i < ap->ap_nrules; i++)
		free(ap->ap_rules[i].ar_host);
	free(ap->ap_rules);
	ap->ap_rules = NULL;
	ap->ap_nrules = 0;
}

/* Whether HOST, as a URL writes it, is the rule's NAME. */
static int
addr_host_is(const char *name, const char *host)
{
	size_t	 n = strlen(host), i;

	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n > 0 && host[n - 1] == '.')
		n--;
	if (strlen(name) != n)
		return (0);
	for (i = 0; i < n; i++)
		if (ascii_lower((unsigned char)host[i]) != name[i])
			return (0);
	return (1);
}

int
addr_policy_allows(const struct addr_policy *ap, const char *host,
    const struct sockaddr *sa, socklen_t len, const char **why)
{
	const struct addr_rule	*r;
	struct addr_bytes	 ab;
	const char		*name = "invalid";
	size_t			 i;

	if (why != NULL)
		*why = NULL;
	if (addr_from_sa(sa, len, &ab) == -1)
		goto refuse;
	for (i = 0; ap != NULL && i < ap->ap_nrules; i++) {
		r = &ap->ap_rules[i];
		if (r->ar_host != NULL) {
			if (host != NULL && addr_host_is(r->ar_host, host))
				return (1);
		} else if (r->ar_family == ab.ab_family &&
		    addr_prefix_match(ab.ab_addr, r->ar_addr, r->ar_bits))
			return (1);
	}
	if ((name = addr_judge(&ab)) == NULL)
		return (1);
refuse:
	if (why != NULL)
		*why = name;
	return (0);
}
