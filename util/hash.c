/* SHA-256 (FIPS 180-4), cancu's own: the only hash cancu uses, for plan
 * ids and long terms. It was nettle's, a library that every process then
 * loaded and bound at start (465 symbol bindings, 0.4 M of the 3.7 M
 * instructions of 'cancu --version') for three functions. */
#include <stdint.h>
#include <string.h>

#include "util/util.h"

static const uint32_t k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, unsigned int n)
{
    return (x >> n) | (x << (32 - n));
}

/* One 64-byte block into the state 'h'. */
static void compress_one(uint32_t h[8], const unsigned char *block)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;

    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)block[4 * i] << 24 | (uint32_t)block[4 * i + 1] << 16 |
               (uint32_t)block[4 * i + 2] << 8 | (uint32_t)block[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ w[i - 15] >> 3;
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ w[i - 2] >> 10;

        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3];
    e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t s1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25);
        uint32_t ch = (e & f) ^ (~e & g);
        uint32_t t1 = hh + s1 + ch + k[i] + w[i];
        uint32_t s0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
        uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
        uint32_t t2 = s0 + maj;

        hh = g, g = f, f = e, e = d + t1;
        d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d;
    h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>

/* 'nblocks' blocks with the SHA extensions of x86 CPUs (Intel since Ice
 * Lake and Goldmont, AMD since Zen): hashing a file is what makes its
 * plan id. On this project's machine (AMD EPYC, a 64 MiB buffer) the
 * portable rounds hash 310 MB/s, these 1,600 MB/s; one process over the
 * 57 .doc files of corpora/real took 35 ms of CPU with the portable
 * rounds, 30 with these. The state is kept as the instructions want it,
 * ABEF and CDGH; each sha256rnds2 does two rounds, four message words a
 * group. */
__attribute__((target("sha,sse4.1,ssse3"))) static void
compress_ni(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
    const __m128i swap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]),
                                    0xB1); /* CDAB */
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]),
                                     0x1B); /* EFGH */
    __m128i abef = _mm_alignr_epi8(tmp, cdgh, 8);

    cdgh = _mm_blend_epi16(cdgh, tmp, 0xF0);
    for (; nblocks; nblocks--, p += 64) {
        __m128i abef_in = abef, cdgh_in = cdgh, w[4];

        for (int i = 0; i < 4; i++)
            w[i] = _mm_shuffle_epi8(
                _mm_loadu_si128((const __m128i *)(p + 16 * i)), swap);
        for (int g = 0; g < 16; g++) {
            __m128i msg = _mm_add_epi32(
                w[g & 3], _mm_loadu_si128((const __m128i *)&k[4 * g]));

            cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
            /* The words of group g + 4, in the place of group g's. */
            if (g < 12) {
                __m128i t = _mm_sha256msg1_epu32(w[g & 3], w[(g + 1) & 3]);

                t = _mm_add_epi32(
                    t, _mm_alignr_epi8(w[(g + 3) & 3], w[(g + 2) & 3], 4));
                w[g & 3] = _mm_sha256msg2_epu32(t, w[(g + 3) & 3]);
            }
            abef =
                _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0E));
        }
        abef = _mm_add_epi32(abef, abef_in);
        cdgh = _mm_add_epi32(cdgh, cdgh_in);
    }
    tmp = _mm_shuffle_epi32(abef, 0x1B);  /* FEBA */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1); /* DCHG */
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(tmp, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, tmp, 8));
}

static bool has_sha_ni(void)
{
    unsigned int a, b, c, d;

    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSSE3) &&
           (c & bit_SSE4_1) && __get_cpuid_count(7, 0, &a, &b, &c, &d) &&
           (b & bit_SHA);
}
#endif

/* Whether the SHA extensions are used: -1 not asked yet; the CPU's
 * answer never changes, so threads that ask at once store the same. */
static _Atomic int sha_ni = -1;

bool cancu_hash__sha_extensions(int use)
{
#if defined(__x86_64__) && defined(__GNUC__)
    bool has = has_sha_ni();

    if (use >= 0)
        sha_ni = use && has;
    return has;
#else
    (void)use;
    sha_ni = 0;
    return false;
#endif
}

static void compress(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#if defined(__x86_64__) && defined(__GNUC__)
    int use = sha_ni;

    if (use < 0)
        sha_ni = use = has_sha_ni();
    if (use) {
        compress_ni(h, p, nblocks);
        return;
    }
#endif
    for (; nblocks; nblocks--, p += 64)
        compress_one(h, p);
}

void cancu_hash__sha256_hex(const void *data, size_t len, char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    const unsigned char *p = data;
    unsigned char last[128] = {0};
    uint64_t bits = (uint64_t)len * 8;
    size_t rest, tail;

    compress(h, p, len / 64);
    p += len / 64 * 64;
    rest = len % 64;
    /* The rest, a 1 bit, zeros, and the length in bits: one block or
     * two. */
    if (rest)
        memcpy(last, p, rest);
    last[rest] = 0x80;
    tail = rest + 1 + 8 <= 64 ? 64 : 128;
    for (int i = 0; i < 8; i++)
        last[tail - 1 - i] = (unsigned char)(bits >> (8 * i));
    compress(h, last, tail / 64);
    for (int i = 0; i < 32; i++) {
        unsigned char byte = (unsigned char)(h[i / 4] >> (24 - 8 * (i % 4)));

        hex[2 * i] = digits[byte >> 4];
        hex[2 * i + 1] = digits[byte & 15];
    }
    hex[64] = '\0';
}
