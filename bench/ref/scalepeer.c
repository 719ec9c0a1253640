/*
 * Scripted peers for the scale curve: live and silent listeners for the addresses FROM..TO-1 of each
 * /16 prefix (the I-th address is PREFIX.(I / 250).(1 + I % 250), as run.sh's scale seeds list them), one
 * listener per address, all on one epoll thread. A live peer answers the first bytes it reads (the
 * initiator's version, or a v2 key) with ANSWER_FILE's bytes (a version and a verack, written by
 * `Bench scaleanswer`); a silent one never writes. Both read and discard what comes and close on the
 * initiator's close. Prints "ready" once every listener is bound, then runs until killed.
 *
 *   scalepeer LIVE_PREFIX SILENT_PREFIX FROM TO PORT ANSWER_FILE
 *
 * In C rather than in the benchmark's Java driver so that the peers' share of the two cores stays small:
 * on the real network the peers run on other machines (BENCHMARKS.md, issue 17's tenth session).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum { FREE, LISTEN_LIVE, LISTEN_SILENT, LIVE_WAITING, LIVE_ANSWERED, SILENT };

static unsigned char *state; /* per file descriptor, one of the above */
static size_t max_fds;

static void die(const char *what) {
    perror(what);
    exit(1);
}

static void listen_on(int epoll, const char *prefix, int i, int port, int kind) {
    char ip[32];
    snprintf(ip, sizeof ip, "%s.%d.%d", prefix, i / 250, 1 + i % 250);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
    if (inet_pton(AF_INET, ip, &a.sin_addr) != 1) {
        fprintf(stderr, "scalepeer: not an address: %s\n", ip);
        exit(1);
    }
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    if ((size_t)fd >= max_fds) {
        fprintf(stderr, "scalepeer: more listeners than the open-file limit allows\n");
        exit(1);
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) < 0) die(ip);
    if (listen(fd, 64) < 0) die("listen");
    struct epoll_event e = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &e) < 0) die("epoll_ctl");
    state[fd] = kind;
}

static void drop(int fd) {
    state[fd] = FREE;
    close(fd); /* also leaves the epoll set */
}

int main(int argc, char **argv) {
    if (argc != 7) {
        fprintf(stderr, "usage: scalepeer LIVE_PREFIX SILENT_PREFIX FROM TO PORT ANSWER_FILE\n");
        return 2;
    }
    int from = atoi(argv[3]), to = atoi(argv[4]), port = atoi(argv[5]);
    unsigned char answer[4096];
    FILE *f = fopen(argv[6], "rb");
    if (!f) die(argv[6]);
    size_t answer_len = fread(answer, 1, sizeof answer, f);
    fclose(f);
    if (answer_len == 0) {
        fprintf(stderr, "scalepeer: %s is empty\n", argv[6]);
        return 1;
    }

    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) < 0) die("getrlimit");
    max_fds = limit.rlim_cur == RLIM_INFINITY ? 1 << 20 : limit.rlim_cur;
    state = calloc(max_fds, 1);
    if (!state) die("calloc");

    int reserve = open("/dev/null", O_RDONLY); /* see the accept loop */
    int epoll = epoll_create1(0);
    if (epoll < 0) die("epoll_create1");
    for (int i = from; i < to; i++) {
        listen_on(epoll, argv[1], i, port, LISTEN_LIVE);
        listen_on(epoll, argv[2], i, port, LISTEN_SILENT);
    }
    printf("ready\n");
    fflush(stdout);

    static struct epoll_event events[1024];
    static unsigned char sink[4096];
    for (;;) {
        int n = epoll_wait(epoll, events, 1024, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int k = 0; k < n; k++) {
            int fd = events[k].data.fd;
            switch (state[fd]) {
            case LISTEN_LIVE:
            case LISTEN_SILENT:
                for (;;) {
                    int c = accept4(fd, NULL, NULL, SOCK_NONBLOCK);
                    if (c < 0 && (errno == EMFILE || errno == ENFILE) && reserve >= 0) {
                        /* Out of descriptors: the pending connection would keep the level-triggered
                         * listener readable and this loop spinning. Spend the reserve descriptor to take
                         * it and close it (the initiator sees a reset, an outcome), then take it back. */
                        close(reserve);
                        c = accept4(fd, NULL, NULL, 0);
                        if (c >= 0) close(c);
                        reserve = open("/dev/null", O_RDONLY);
                        if (c >= 0) continue;
                    }
                    if (c < 0) break; /* EAGAIN: nothing more pending */
                    if ((size_t)c >= max_fds) {
                        close(c);
                        continue;
                    }
                    int one = 1;
                    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    struct epoll_event e = {.events = EPOLLIN, .data.fd = c};
                    if (epoll_ctl(epoll, EPOLL_CTL_ADD, c, &e) < 0) {
                        close(c);
                        continue;
                    }
                    state[c] = state[fd] == LISTEN_LIVE ? LIVE_WAITING : SILENT;
                }
                break;
            case LIVE_WAITING:
            case LIVE_ANSWERED:
            case SILENT: {
                ssize_t r = read(fd, sink, sizeof sink);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
                    drop(fd);
                } else if (r > 0 && state[fd] == LIVE_WAITING) {
                    state[fd] = LIVE_ANSWERED;
                    /* 134 bytes: an empty socket buffer takes them whole */
                    if (write(fd, answer, answer_len) != (ssize_t)answer_len) drop(fd);
                }
                break;
            }
            default:
                break;
            }
        }
    }
}
