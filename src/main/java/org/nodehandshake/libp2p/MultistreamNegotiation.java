package org.nodehandshake.libp2p;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nodehandshake.libp2p.StreamMuxer.Violation;

/**
 * One multistream-select 1.0 negotiation, as dialer or listener, over a connection or a muxed stream. The
 * caller writes {@link #start()} once, then feeds every received byte to {@link #onInput} and writes what
 * it returns, until {@link #result()} is present. Bytes after the deciding message are left in the buffer:
 * they belong to the protocol just selected.
 */
public final class MultistreamNegotiation {

    /** Proposals a listener hears (and a dialer may make) before the peer is judged to be fishing. */
    public static final int MAX_PROPOSALS = 16;
    /** Messages read in one negotiation: the header and one per proposal, with room to spare. */
    public static final int MAX_MESSAGES = MAX_PROPOSALS + 2;

    /** How a negotiation ended. */
    public sealed interface Result {
        record Selected(String protocol) implements Result {
        }

        /** Dialer only: the listener answered {@code na} to every proposal. */
        record Refused(List<String> proposals) implements Result {
            public Refused {
                proposals = List.copyOf(proposals);
            }
        }
    }

    private enum State { AWAIT_HEADER, AWAIT_ANSWER, AWAIT_PROPOSAL, DONE }

    private final boolean dialer;
    private final List<String> proposals;
    private final Set<String> supported;
    private State state = State.AWAIT_HEADER;
    private int proposing;
    private int messagesRead;
    private int proposalsHeard;
    private Optional<Result> result = Optional.empty();
    private boolean started;

    private MultistreamNegotiation(boolean dialer, List<String> proposals, Set<String> supported) {
        this.dialer = dialer;
        this.proposals = proposals;
        this.supported = supported;
    }

    /** A dialer proposing {@code proposals} in order of preference. */
    public static MultistreamNegotiation dialer(List<String> proposals) {
        if (proposals.isEmpty() || proposals.size() > MAX_PROPOSALS) {
            throw new IllegalArgumentException("between 1 and " + MAX_PROPOSALS + " proposals, not " + proposals.size());
        }
        for (String p : proposals) {
            MultistreamSelect.message(p); // fails now for a line we could never send
        }
        return new MultistreamNegotiation(true, List.copyOf(proposals), Set.of());
    }

    /** A listener accepting the first proposal that is in {@code supported}. */
    public static MultistreamNegotiation listener(Set<String> supported) {
        return new MultistreamNegotiation(false, List.of(), Set.copyOf(supported));
    }

    /**
     * The first write. A dialer sends the header and its first proposal together (as js-libp2p does, saving a
     * round trip); a listener sends nothing until the dialer's header has arrived.
     */
    public List<byte[]> start() {
        if (started) {
            throw new IllegalStateException("negotiation already started");
        }
        started = true;
        if (!dialer) {
            return List.of();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MultistreamSelect.message(MultistreamSelect.PROTOCOL));
        out.writeBytes(MultistreamSelect.message(proposals.get(0)));
        return List.of(out.toByteArray());
    }

    /** Consumes whole messages until the negotiation is decided or the buffer runs dry; returns what to send. */
    public List<byte[]> onInput(ByteBuf in) throws MalformedMessageException, Violation {
        if (!started) {
            throw new IllegalStateException("start() first");
        }
        List<byte[]> out = new ArrayList<>();
        while (state != State.DONE) {
            Optional<String> line = MultistreamSelect.read(in);
            if (line.isEmpty()) {
                break;
            }
            if (++messagesRead > MAX_MESSAGES) {
                throw new Violation(Violation.Kind.TOO_MANY, "more than " + MAX_MESSAGES + " multistream messages");
            }
            handle(line.get(), out);
        }
        return out;
    }

    private void handle(String line, List<byte[]> out) throws Violation {
        switch (state) {
            case AWAIT_HEADER -> {
                if (!line.equals(MultistreamSelect.PROTOCOL)) {
                    throw new Violation(Violation.Kind.PROTOCOL,
                            "expected the multistream header " + MultistreamSelect.PROTOCOL + ", got '" + shown(line) + "'");
                }
                if (dialer) {
                    state = State.AWAIT_ANSWER;
                } else {
                    out.add(MultistreamSelect.message(MultistreamSelect.PROTOCOL));
                    state = State.AWAIT_PROPOSAL;
                }
            }
            case AWAIT_ANSWER -> {
                String proposed = proposals.get(proposing);
                if (line.equals(proposed)) {
                    finish(new Result.Selected(proposed));
                } else if (line.equals(MultistreamSelect.NA)) {
                    if (++proposing == proposals.size()) {
                        finish(new Result.Refused(proposals));
                    } else {
                        out.add(MultistreamSelect.message(proposals.get(proposing)));
                    }
                } else {
                    throw new Violation(Violation.Kind.PROTOCOL,
                            "answer to '" + proposed + "' is neither an echo nor na: '" + shown(line) + "'");
                }
            }
            case AWAIT_PROPOSAL -> {
                if (++proposalsHeard > MAX_PROPOSALS) {
                    throw new Violation(Violation.Kind.TOO_MANY, "more than " + MAX_PROPOSALS + " protocol proposals");
                }
                // ls is optional in the spec: answering na is allowed and tells the dialer nothing
                if (!line.equals(MultistreamSelect.LS) && supported.contains(line)) {
                    out.add(MultistreamSelect.message(line));
                    finish(new Result.Selected(line));
                } else {
                    out.add(MultistreamSelect.message(MultistreamSelect.NA));
                }
            }
            case DONE -> throw new IllegalStateException("negotiation already decided");
        }
    }

    private void finish(Result r) {
        result = Optional.of(r);
        state = State.DONE;
    }

    /** Present once the negotiation is decided. */
    public Optional<Result> result() {
        return result;
    }

    public boolean isDialer() {
        return dialer;
    }

    private static String shown(String line) {
        return line.length() <= 64 ? line : line.substring(0, 64) + "...";
    }
}
