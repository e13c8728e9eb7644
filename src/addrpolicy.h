/*
 * addrpolicy.h: which addresses a request made for someone else may reach
 * (WebSub callbacks): a hub must not become a way into its own network.
 */
#ifndef PAGEFEED_ADDRPOLICY_H
#define PAGEFEED_ADDRPOLICY_H

#include <sys/types.h>
#include <sys/socket.h>

#include <stddef.h>

/* A host name, or a network: family, 16 address bytes, prefix bits. */
struct addr_rule;

/* What the operator allows beyond public addresses; { NULL, 0 } is empty. */
struct addr_policy {
	struct addr_rule	*ap_rules;
	size_t			 ap_nrules;
};

/*
 * Whether WORD is a host name, an IP address or a network in CIDR form
 * (example.org, 127.0.0.1, 10.0.0.0/8, ::1/128, [fc00::]/7).  A network
 * with bits set past its prefix (10.0.0.1/8) is refused, as is a word
 * ending in a number that is no dotted quad (1.2.3, 0127.0.0.1, 0x7f.1).
 * Returns 0, or -1 with *cause (if CAUSE is not NULL) saying why: the
 * caller frees it.
 */
int	 addr_word_check(const char *word, char **cause);
/* Adds WORD, as addr_word_check takes it, to the allowed list. */
int	 addr_policy_add(struct addr_policy *, const char *word, char **cause);
/* Frees the policy's rules and empties it; the struct itself is the caller's. */
void	 addr_policy_free(struct addr_policy *);

/*
 * The special-purpose range SA falls in: "this-network", "private",
 * "cgnat", "loopback", "link-local", "ietf-protocol", "documentation",
 * "benchmarking", "6to4", "multicast", "reserved", "broadcast",
 * "unspecified", "unique-local"; "invalid" for a sockaddr that is not a
 * whole AF_INET or AF_INET6 one; NULL for a public unicast address.
 * IPv4-mapped, IPv4-compatible and NAT64 (64:ff9b::/96) addresses are
 * judged by the IPv4 address they carry, 6to4 too but refused even then.
 */
const char *addr_special(const struct sockaddr *, socklen_t);

/*
 * May a request for a URL whose host is HOST (as written in the URL, with
 * or without brackets; may be NULL) connect to SA?  1: yes, SA is public
 * or the policy names HOST or a network holding SA; 0: no, with *WHY (if
 * WHY is not NULL) the range's name from addr_special.
 */
int	 addr_policy_allows(const struct addr_policy *, const char *host,
	    const struct sockaddr *, socklen_t, const char **why);

/*
 * HOST as an IP literal (a dotted quad, or IPv6 with or without brackets)
 * into SS with port 0 and its length into *LEN; -1 when HOST is not one.
 */
int	 addr_literal(const char *host, struct sockaddr_storage *,
	    socklen_t *len);

#endif
