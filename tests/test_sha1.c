/*
 * test_sha1.c: SHA-1 against the test vectors of FIPS 180 (as RFC 3174
 * section 7.3 lists them) and name-based UUIDs against RFC 9562.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha1.h"
#include "tap.h"

static void
hex(const unsigned char *d, char *out)
{
	int	 i;

	for (i = 0; i < SHA1_LEN; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

/* The digest of TEXT repeated REPEAT times, fed in pieces of CHUNK bytes. */
static void
vector(const char *text, long repeat, size_t chunk, const char *want,
    const char *what)
{
	struct sha1	 sh;
	unsigned char	 d[SHA1_LEN];
	char		 got[2 * SHA1_LEN + 1];
	size_t		 len = strlen(text), off, n;
	long		 r;

	sha1_init(&sh);
	for (r = 0; r < repeat; r++) {
		for (off = 0; off < len; off += n) {
			n = len - off < chunk ? len - off : chunk;
			sha1_update(&sh, text + off, n);
		}
	}
	sha1_final(&sh, d);
	hex(d, got);
	tap_str(got, want, what);
}

int
main(void)
{
	/* RFC 9562 4.x: the DNS namespace, 6ba7b810-9dad-11d1-80b4-00c04fd430c8. */
	static const unsigned char	 dns[16] = { 0x6b, 0xa7, 0xb8, 0x10,
	    0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30,
	    0xc8 };
	const char	*parts[2];
	unsigned char	 d[SHA1_LEN];
	char		 got[2 * SHA1_LEN + 1], urn[SHA1_UUID_URN_LEN], urn2[
	    SHA1_UUID_URN_LEN];
	char		*big;

	/* FIPS 180 / RFC 3174 7.3, TEST1 to TEST4. */
	vector("abc", 1, 64, "a9993e364706816aba3e25717850c26c9cd0d89d",
	    "sha1 abc");
	vector("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1,
	    64, "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
	    "sha1 448-bit message (two blocks of padding)");
	vector("a", 1000000, 1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	    "sha1 a million a's, a byte at a time");
	vector("01234567012345670123456701234567"
	    "01234567012345670123456701234567", 10, 7,
	    "dea356a2cddd90c7a7ecedc5ebb563934f460452",
	    "sha1 640 bytes in pieces of 7");
	vector("", 1, 64, "da39a3ee5e6b4b0d3255bfef95601890afd80709",
	    "sha1 empty");
	/* A million a's at once: whole blocks straight from the input. */
	big = malloc(1000000);
	memset(big, 'a', 1000000);
	sha1_digest(big, 1000000, d);
	free(big);
	hex(d, got);
	tap_str(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	    "sha1_digest a million a's in one call");
	/* 55, 56 and 64 bytes: where the length spills into another block. */
	vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 64,
	    "c1c8bbdc22796e28c0e15163d20899b65621d65a", "sha1 55 bytes");
	vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 1, 64,
	    "c2db330f6083854c99d4b5bfb6e8f29f201be699", "sha1 56 bytes");
	vector("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaa", 1, 64, "0098ba824b5c16427bd7a1122a5a442a25ec644d",
	    "sha1 64 bytes");

	/* RFC 9562 A.4: version 5 of www.example.com in the DNS namespace. */
	parts[0] = "www.example.com";
	sha1_uuid5(dns, parts, 1, 0, urn);
	tap_str(urn, "urn:uuid:2ed6657d-e927-568b-95e1-2665a8aea6a2",
	    "uuid5 of www.example.com (RFC 9562 A.4)");
	parts[0] = "www.example.";
	parts[1] = "com";
	sha1_uuid5(dns, parts, 2, 0, urn2);
	tap_str(urn2, urn, "uuid5 without NULs: parts are one name");
	sha1_uuid5(dns, parts, 2, 1, urn2);
	tap_ok(strcmp(urn2, urn) != 0 && urn2[23] == '5' &&
	    strchr("89ab", urn2[28]) != NULL,
	    "uuid5 with NULs: another name, still version 5, RFC variant");
	parts[0] = "www.example.con";
	sha1_uuid5(dns, parts, 1, 0, urn2);
	tap_ok(strncmp(urn, urn2, 17) != 0 && strcmp(urn + 33, urn2 + 33) != 0,
	    "uuid5: a one-letter change changes the whole id");
	return (tap_done());
}
