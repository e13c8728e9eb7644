/* sha1.h: SHA-1 (FIPS 180-4), for name-based UUIDs (RFC 9562 version 5). */
#ifndef PAGEFEED_SHA1_H
#define PAGEFEED_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN	20

struct sha1 {
	uint32_t	 sh_h[5];
	uint64_t	 sh_len;	/* bytes hashed so far */
	unsigned char	 sh_buf[64];
	size_t		 sh_nbuf;
};

void	sha1_init(struct sha1 *);
void	sha1_update(struct sha1 *, const void *, size_t);
void	sha1_final(struct sha1 *, unsigned char out[SHA1_LEN]);
/* The digest of one buffer. */
void	sha1_digest(const void *, size_t, unsigned char out[SHA1_LEN]);

/*
 * A name-based UUID, version 5 (RFC 9562 5.5): SHA-1 over the 16 bytes
 * of namespace NS and then the NPARTS strings of PARTS, each with its
 * terminating NUL when WITH_NUL (so that ("ab", "c") and ("a", "bc")
 * differ).  Written as "urn:uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx"
 * into OUT (at least 46 bytes).
 */
#define SHA1_UUID_URN_LEN	46
void	sha1_uuid5(const unsigned char ns[16], const char *const *parts,
	    size_t nparts, int with_nul, char *out);

#endif
