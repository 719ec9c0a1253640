package org.nodehandshake.dns;

import java.io.IOException;
import java.net.ConnectException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.nodehandshake.protocol.ConcurrencyLimiter;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/**
 * One DNS question at a time, measured: asks over UDP with the AD bit set (RFC 6840 5.7: a validating
 * resolver then says whether it validated, without DO and its RRSIGs), keeps a truncated answer's TC
 * bit instead of letting dnsjava retry silently, asks again over TCP itself, and follows CNAMEs (the
 * chain in the answer, or by asking the target, at most {@value #MAX_CNAME_QUERIES} more questions).
 * The whole question, retry and CNAME targets included, has one deadline from the moment it goes out;
 * at most {@value #MAX_QUESTIONS_IN_FLIGHT} questions are out at once.
 */
final class DnsClient {

    static final int MAX_CNAME_QUERIES = 8;
    /**
     * Questions on the wire at once; the rest wait for a slot, within their deadline. dnsjava opens a
     * socket per question: 2,778 questions at once (a one-shot over 1,389 seeds) took 3.3 s on a 2-core
     * machine, and 362 of them timed out at 2 s although the server answered every one; 64 at a time took
     * 1.4 s, none timed out (BENCHMARKS.md, issue 17's ninth session). 512 at a time failed as well.
     */
    static final int MAX_QUESTIONS_IN_FLIGHT = 64;
    /** How long a question may wait for a slot, in deadlines. */
    static final int MAX_WAIT_DEADLINES = 3;
    private static final int MAX_CHAIN = 16;

    /** Records of the asked type at the name, and how the question was answered. */
    record Lookup(List<Record> records, DnsAnswer answer) {
        Lookup {
            records = List.copyOf(records);
        }
    }

    private final Resolver udp;
    private final Optional<Resolver> tcp;
    private final Duration deadline;
    private final ConcurrencyLimiter slots = new ConcurrencyLimiter(MAX_QUESTIONS_IN_FLIGHT);

    DnsClient(Resolver resolver, Duration deadline) {
        this.deadline = deadline;
        Optional<Resolver[]> pair = split(resolver);
        if (pair.isPresent()) {
            udp = pair.get()[0];
            tcp = Optional.of(pair.get()[1]);
        } else {
            // a resolver of another kind: it handles truncation itself, unseen
            udp = resolver;
            tcp = Optional.empty();
        }
    }

    /**
     * A UDP resolver that hands truncated answers back and a TCP one to the same servers, copied from a
     * {@link SimpleResolver} or an {@link ExtendedResolver} of them; empty for any other resolver.
     */
    private static Optional<Resolver[]> split(Resolver resolver) {
        if (resolver instanceof SimpleResolver simple) {
            return Optional.of(new Resolver[] {copy(simple, false), copy(simple, true)});
        }
        if (resolver instanceof ExtendedResolver extended) {
            List<Resolver> udps = new ArrayList<>();
            List<Resolver> tcps = new ArrayList<>();
            for (Resolver r : extended.getResolvers()) {
                if (!(r instanceof SimpleResolver simple)) {
                    return Optional.empty();
                }
                udps.add(copy(simple, false));
                tcps.add(copy(simple, true));
            }
            if (udps.isEmpty()) {
                return Optional.empty();
            }
            ExtendedResolver u = new ExtendedResolver(udps);
            ExtendedResolver t = new ExtendedResolver(tcps);
            for (ExtendedResolver e : new ExtendedResolver[] {u, t}) {
                e.setTimeout(extended.getTimeout());
                e.setRetries(extended.getRetries());
                e.setLoadBalance(extended.getLoadBalance());
            }
            return Optional.of(new Resolver[] {u, t});
        }
        return Optional.empty();
    }

    private static SimpleResolver copy(SimpleResolver from, boolean overTcp) {
        SimpleResolver to = new SimpleResolver(from.getAddress());
        to.setTimeout(from.getTimeout());
        to.setEDNS(from.getEDNS());
        to.setTSIGKey(from.getTSIGKey());
        if (overTcp) {
            to.setTCP(true);
        } else {
            to.setTCP(from.getTCP());
            to.setIgnoreTruncation(true);
        }
        return to;
    }

    /** Whether a truncated UDP answer is seen and retried over TCP here (false: the resolver does it unseen). */
    boolean seesTruncation() {
        return tcp.isPresent();
    }

    /**
     * Asks {@code name}'s records of {@code type}, once one of the slots is free; never completes
     * exceptionally. The deadline runs from the moment the question goes out: a wait behind our own
     * questions is not the server's slowness. A question still waiting {@value #MAX_WAIT_DEADLINES}
     * deadlines after it was due gives up unasked (a dead server then costs a long run at most that).
     */
    CompletableFuture<Lookup> lookup(Name name, int type) {
        Question q = new Question(type);
        CompletableFuture<Lookup> result = new CompletableFuture<>();
        slots.submit(release -> {
            // the slot is free again once the lookup has ended, however it ended
            result.whenComplete((lookup, error) -> release.run());
            if (result.isDone()) {
                return; // gave up waiting: never asked
            }
            q.sent();
            CompletableFuture<Lookup> asked;
            try {
                asked = ask(q, name, 0);
            } catch (RuntimeException e) {
                asked = CompletableFuture.failedFuture(e);
            }
            asked.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((lookup, error) -> lookup != null ? lookup : q.failed(error))
                    .thenAccept(result::complete);
        });
        if (!q.isSent()) {
            // run on the JDK's timer thread itself: a thread per waiting question would be thousands
            CompletableFuture.delayedExecutor(MAX_WAIT_DEADLINES * deadline.toMillis(), TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                if (!q.isSent()) {
                    result.complete(q.failed(new TimeoutException("no question slot free")));
                }
            });
        }
        return result;
    }

    /** Questions waiting for a slot now (for tests). */
    int waiting() {
        return slots.queued();
    }

    /** What one message gave, and the name its CNAME chain ended at. */
    private record Step(Lookup lookup, Name end) {
    }

    /** The state of one lookup (several messages: a TCP retry, CNAME targets). */
    private final class Question {
        final int type;
        /** when the question was due; once it goes out, when it went out */
        volatile long start = System.nanoTime();
        private volatile boolean sent;
        volatile boolean truncated;
        volatile boolean tcpRetry;
        /** the latest truncated UDP answer, used if its TCP retry never answers */
        volatile Message truncatedAnswer;
        volatile Name truncatedName;

        Question(int type) {
            this.type = type;
        }

        void sent() {
            start = System.nanoTime();
            sent = true;
        }

        boolean isSent() {
            return sent;
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }

        Lookup failed(Throwable error) {
            String why = describe(error);
            Message partial = truncatedAnswer;
            if (partial != null) {
                return read(partial, truncatedName, Optional.of(why)).lookup();
            }
            return new Lookup(List.of(), DnsAnswer.unanswered(why, millis()));
        }

        /** The answer's records of the type along its CNAME chain from {@code name}. */
        Step read(Message response, Name name, Optional<String> tcpError) {
            List<Record> found = new ArrayList<>();
            Name owner = name;
            List<Record> answer = response.getSection(Section.ANSWER);
            for (int hop = 0; hop < MAX_CHAIN; hop++) {
                Name current = owner;
                answer.stream().filter(r -> r.getType() == type && r.getDClass() == DClass.IN
                        && r.getName().equals(current)).forEach(found::add);
                if (!found.isEmpty()) {
                    break;
                }
                Optional<Name> next = answer.stream()
                        .filter(r -> r instanceof CNAMERecord && r.getName().equals(current))
                        .map(r -> ((CNAMERecord) r).getTarget()).findFirst();
                if (next.isEmpty()) {
                    break;
                }
                owner = next.get();
            }
            OptionalLong min = found.stream().mapToLong(Record::getTTL).min();
            OptionalLong max = found.stream().mapToLong(Record::getTTL).max();
            DnsAnswer quality = new DnsAnswer(Rcode.string(response.getRcode()), millis(), found.size(), min, max,
                    truncated, tcpRetry, tcpError, Optional.of(response.getHeader().getFlag(Flags.AD)));
            return new Step(new Lookup(found, quality), owner);
        }
    }

    private CompletableFuture<Lookup> ask(Question q, Name name, int cnameQueries) {
        Message query = Message.newQuery(Record.newRecord(name, q.type, DClass.IN));
        query.getHeader().setFlag(Flags.AD);
        return overUdp(query).thenCompose(response -> {
            if (tcp.isPresent() && response.getHeader().getFlag(Flags.TC)) {
                q.truncated = true;
                q.tcpRetry = true;
                q.truncatedAnswer = response;
                q.truncatedName = name;
                return tcp.get().sendAsync(query).toCompletableFuture()
                        .handle((full, error) -> {
                            q.truncatedAnswer = null;
                            return full != null ? q.read(full, name, Optional.empty())
                                    : q.read(response, name, Optional.of(describe(error)));
                        });
            }
            return CompletableFuture.completedFuture(q.read(response, name, Optional.empty()));
        }).thenCompose(step -> {
            if (step.lookup().records().isEmpty() && !step.end().equals(name)
                    && step.lookup().answer().rcode().equals(DnsAnswer.NOERROR) && cnameQueries < MAX_CNAME_QUERIES) {
                return ask(q, step.end(), cnameQueries + 1); // a CNAME without its target's records: ask the target
            }
            return CompletableFuture.completedFuture(step.lookup());
        });
    }

    /**
     * The question over UDP, sent once more when half its deadline has passed without an answer (a lost
     * datagram, or a server that dropped it); both stay open and the first answer is taken, so a server
     * that is merely slow is not penalised. Fails only when both have failed.
     */
    private CompletableFuture<Message> overUdp(Message query) {
        CompletableFuture<Message> answer = new CompletableFuture<>();
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean sentAgain = new AtomicBoolean();
        int tries = tcp.isPresent() ? 2 : 1; // a resolver of another kind retries in its own way
        BiConsumer<Message, Throwable> take = (response, error) -> {
            if (response != null) {
                answer.complete(response);
            } else if (failures.incrementAndGet() == tries || !sentAgain.get() && !isTimeout(error)) {
                answer.completeExceptionally(error); // both failed, or the first failed at once (unreachable, ...)
            }
        };
        udp.sendAsync(query).whenComplete(take);
        if (tries == 2) {
            CompletableFuture.delayedExecutor(deadline.toMillis() / 2, TimeUnit.MILLISECONDS, Runnable::run).execute(() -> {
                if (!answer.isDone()) {
                    sentAgain.set(true);
                    udp.sendAsync(query.clone()).whenComplete(take);
                }
            });
        }
        return answer;
    }

    private static boolean isTimeout(Throwable error) {
        return DnsAnswer.TIMEOUT.equals(describe(error));
    }

    /** A short word for a failure with no DNS answer. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
            return DnsAnswer.TIMEOUT;
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (cause instanceof IOException && message.contains("timed out")) {
            return DnsAnswer.TIMEOUT;
        }
        if (cause instanceof PortUnreachableException || cause instanceof ConnectException
                || message.contains("refused") || message.contains("unreachable")) {
            return "unreachable";
        }
        return "error";
    }
}
