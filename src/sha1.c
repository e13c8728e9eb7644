/*
 * sha1.c: SHA-1 as FIPS 180-4 defines it, in the plain form of RFC 3174.
 * Used only to make name-based UUIDs, where it is what RFC 9562 asks for;
 * nothing here relies on it resisting collisions.
 */
#include <stdio.h>
#include <string.h>

#include "sha1.h"

#define ROL(x, n)	(((x) << (n)) | ((x) >> (32 - (n))))

static void
sha1_block(struct sha1 *sh, const unsigned char *p)
{
	uint32_t	 w[80], a, b, c, d, e, f, k, t;
	int		 i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	a = sh->sh_h[0];
	b = sh->sh_h[1];
	c = sh->sh_h[2];
	d = sh->sh_h[3];
	e = sh->sh_h[4];
	for (i = 0; i < 80; i++) {
		if (i < 20) {
			f = (b & c) | (~b & d);
			k = 0x5a827999;
		} else if (i < 40) {
			f = b ^ c ^ d;
			k = 0x6ed9eba1;
		} else if (i < 60) {
			f = (b & c) | (b & d) | (c & d);
			k = 0x8f1bbcdc;
		} else {
			f = b ^ c ^ d;
			k = 0xca62c1d6;
		}
		t = ROL(a, 5) + f + e + k + w[i];
		e = d;
		d = c;
		c = ROL(b, 30);
		b = a;
		a = t;
	}
	sh->sh_h[0] += a;
	sh->sh_h[1] += b;
	sh->sh_h[2] += c;
	sh->sh_h[3] += d;
	sh->sh_h[4] += e;
}

void
sha1_init(struct sha1 *sh)
{
	static const uint32_t	 h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe,
	    0x10325476, 0xc3d2e1f0 };

	memset(sh, 0, sizeof(*sh));
	memcpy(sh->sh_h, h0, sizeof(h0));
}

void
sha1_update(struct sha1 *sh, const void *data, size_t len)
{
	const unsigned char	*p = data;
	size_t			 n;

	sh->sh_len += len;
	while (len > 0) {
		if (sh->sh_nbuf == 0 && len >= 64) {
			sha1_block(sh, p);
			p += 64;
			len -= 64;
			continue;
		}
		n = 64 - sh->sh_nbuf;
		if (n > len)
			n = len;
		memcpy(sh->sh_buf + sh->sh_nbuf, p, n);
		sh->sh_nbuf += n;
		p += n;
		len -= n;
		if (sh->sh_nbuf == 64) {
			sha1_block(sh, sh->sh_buf);
			sh->sh_nbuf = 0;
		}
	}
}

void
sha1_final(struct sha1 *sh, unsigned char out[SHA1_LEN])
{
	uint64_t	 bits = sh->sh_len * 8;
	unsigned char	 pad = 0x80, zero = 0, len[8];
	int		 i;

	sha1_update(sh, &pad, 1);
	while (sh->sh_nbuf != 56)
		sha1_update(sh, &zero, 1);
	for (i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(sh, len, 8);
	for (i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(sh->sh_h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(sh->sh_h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(sh->sh_h[i] >> 8);
		out[4 * i + 3] = (unsigned char)sh->sh_h[i];
	}
	memset(sh, 0, sizeof(*sh));
}

void
sha1_digest(const void *data, size_t len, unsigned char out[SHA1_LEN])
{
	struct sha1	 sh;

	sha1_init(&sh);
	sha1_update(&sh, data, len);
	sha1_final(&sh, out);
}

void
sha1_uuid5(const unsigned char ns[16], const char *const *parts,
    size_t nparts, int with_nul, char *out)
{
	struct sha1	 sh;
	unsigned char	 d[SHA1_LEN];
	size_t		 i;

	sha1_init(&sh);
	sha1_update(&sh, ns, 16);
	for (i = 0; i < nparts; i++)
		sha1_update(&sh, parts[i], strlen(parts[i]) + (with_nul != 0));
	sha1_final(&sh, d);
	d[6] = (d[6] & 0x0f) | 0x50;	/* version 5 */
	d[8] = (d[8] & 0x3f) | 0x80;	/* the RFC 4122 variant */
	snprintf(out, SHA1_UUID_URN_LEN, "urn:uuid:%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2],
	    d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
	    d[13], d[14], d[15]);
}
