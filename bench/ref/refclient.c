/*
 * Reference client for the latency benchmark: the smallest honest Bitcoin v1 initiator over a raw
 * blocking socket. Per handshake, exactly what node-handshake's initiator does on the wire:
 *
 *   connect (TCP_NODELAY) -> send version -> read frames (magic, command, length and checksum checked,
 *   version parsed for its protocol version) -> on their version send verack -> on their verack: done
 *   -> close
 *
 * and the same clock: from just before connect() to just after close(). It prints one line per
 * measured handshake (microseconds) on stdout; warm-up handshakes are not printed.
 *
 *   refclient IP PORT MAGIC_HEX WARMUP COUNT
 *
 * SHA-256 is written here from FIPS 180-4 so that the client needs nothing but libc.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* ---- SHA-256 (FIPS 180-4) ---- */
static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(uint32_t h[8], const uint8_t *p) {
    uint32_t w[64];
    for (int i = 0; i < 16; i++) {
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
    }
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
        uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

static void sha256(const uint8_t *data, size_t len, uint8_t out[32]) {
    uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    size_t full = len / 64 * 64;
    for (size_t i = 0; i < full; i += 64) {
        sha256_block(h, data + i);
    }
    uint8_t tail[128] = {0};
    size_t rest = len - full;
    memcpy(tail, data + full, rest);
    tail[rest] = 0x80;
    size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) {
        tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
    }
    for (size_t i = 0; i < tail_len; i += 64) {
        sha256_block(h, tail + i);
    }
    for (int i = 0; i < 8; i++) {
        out[4 * i] = h[i] >> 24; out[4 * i + 1] = h[i] >> 16; out[4 * i + 2] = h[i] >> 8; out[4 * i + 3] = h[i];
    }
}

static void checksum(const uint8_t *payload, size_t len, uint8_t out[4]) {
    uint8_t once[32], twice[32];
    sha256(payload, len, once);
    sha256(once, 32, twice);
    memcpy(out, twice, 4);
}

/* ---- framing ---- */
static uint8_t magic[4];

static size_t frame(uint8_t *out, const char *command, const uint8_t *payload, uint32_t len) {
    memcpy(out, magic, 4);
    memset(out + 4, 0, 12);
    memcpy(out + 4, command, strlen(command));
    out[16] = len; out[17] = len >> 8; out[18] = len >> 16; out[19] = len >> 24;
    checksum(payload, len, out + 20);
    memcpy(out + 24, payload, len);
    return 24 + len;
}

static void le32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = v >> (8 * i); }
static void le64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = v >> (8 * i); }

/* Our version: the same fields and sizes node-handshake sends (70016, no services, no relay). */
static size_t version_payload(uint8_t *p, const struct in_addr *peer, uint16_t port) {
    static const char ua[] = "/node-handshake-bench-ref:0.1.0/";
    size_t n = 0;
    le32(p + n, 70016); n += 4;
    le64(p + n, 0); n += 8;                         /* services */
    le64(p + n, (uint64_t)time(NULL)); n += 8;      /* timestamp */
    le64(p + n, 0); n += 8;                         /* addr_recv: services */
    memset(p + n, 0, 10); p[n + 10] = 0xff; p[n + 11] = 0xff; memcpy(p + n + 12, peer, 4); n += 16;
    p[n] = port >> 8; p[n + 1] = port; n += 2;
    memset(p + n, 0, 26); n += 26;                  /* addr_from: unknown */
    uint64_t nonce = ((uint64_t)random() << 33) ^ ((uint64_t)random() << 2) ^ (uint64_t)random() ^ 1;
    le64(p + n, nonce); n += 8;
    p[n++] = (uint8_t)(sizeof ua - 1); memcpy(p + n, ua, sizeof ua - 1); n += sizeof ua - 1;
    le32(p + n, 0); n += 4;                         /* start height */
    p[n++] = 0;                                     /* relay */
    return n;
}

static int read_full(int fd, uint8_t *buf, size_t len) {
    size_t got = 0;
    while (got < len) {
        ssize_t r = read(fd, buf + got, len - got);
        if (r <= 0) {
            if (r < 0 && errno == EINTR) continue;
            return -1;
        }
        got += (size_t)r;
    }
    return 0;
}

static int write_full(int fd, const uint8_t *buf, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t w = write(fd, buf + done, len - done);
        if (w <= 0) {
            if (w < 0 && errno == EINTR) continue;
            return -1;
        }
        done += (size_t)w;
    }
    return 0;
}

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One handshake; returns 0 on success, -1 with a reason on stderr otherwise. */
static int handshake(const struct sockaddr_in *addr) {
    static uint8_t out[512], payload[4096], header[24];
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) { perror("socket"); return -1; }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    int ok = -1;
    if (connect(fd, (const struct sockaddr *)addr, sizeof *addr) != 0) { perror("connect"); goto done; }
    uint8_t version[256];
    size_t vlen = version_payload(version, &addr->sin_addr, ntohs(addr->sin_port));
    if (write_full(fd, out, frame(out, "version", version, (uint32_t)vlen)) != 0) { perror("write version"); goto done; }
    int got_version = 0, got_verack = 0, frames = 0;
    while (!(got_version && got_verack)) {
        if (++frames > 64) { fprintf(stderr, "too many frames\n"); goto done; }
        if (read_full(fd, header, 24) != 0) { fprintf(stderr, "closed while reading a header\n"); goto done; }
        if (memcmp(header, magic, 4) != 0) { fprintf(stderr, "wrong magic\n"); goto done; }
        uint32_t len = header[16] | header[17] << 8 | header[18] << 16 | (uint32_t)header[19] << 24;
        if (len > sizeof payload) { fprintf(stderr, "oversized frame\n"); goto done; }
        if (read_full(fd, payload, len) != 0) { fprintf(stderr, "closed while reading a payload\n"); goto done; }
        uint8_t sum[4];
        checksum(payload, len, sum);
        if (memcmp(sum, header + 20, 4) != 0) { fprintf(stderr, "bad checksum\n"); goto done; }
        char command[13] = {0};
        memcpy(command, header + 4, 12);
        if (strcmp(command, "version") == 0) {
            if (got_version || len < 46) { fprintf(stderr, "bad version\n"); goto done; }
            int32_t their = (int32_t)(payload[0] | payload[1] << 8 | payload[2] << 16 | (uint32_t)payload[3] << 24);
            if (their < 31800) { fprintf(stderr, "obsolete version\n"); goto done; }
            got_version = 1;
            if (write_full(fd, out, frame(out, "verack", NULL, 0)) != 0) { perror("write verack"); goto done; }
        } else if (strcmp(command, "verack") == 0) {
            if (!got_version) { fprintf(stderr, "verack before version\n"); goto done; }
            got_verack = 1;
        }
    }
    ok = 0;
done:
    close(fd);
    return ok;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s IP PORT MAGIC_HEX WARMUP COUNT\n", argv[0]);
        return 2;
    }
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1) { fprintf(stderr, "bad IP\n"); return 2; }
    for (int i = 0; i < 4; i++) {
        unsigned v;
        sscanf(argv[3] + 2 * i, "%2x", &v);
        magic[i] = (uint8_t)v;
    }
    int warmup = atoi(argv[4]), count = atoi(argv[5]);
    srandom((unsigned)now_ns());
    for (int i = 0; i < warmup + count; i++) {
        long long t0 = now_ns();
        if (handshake(&addr) != 0) return 1;
        long long t1 = now_ns();
        if (i >= warmup) printf("%lld\n", (t1 - t0) / 1000);
    }
    return 0;
}
