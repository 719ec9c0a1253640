package org.nodehandshake.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

/** How many questions are on the wire at once, and what a question that waits too long for a slot reports. */
class DnsClientSlotsTest {

    private static final long WAIT_SECONDS = 10;

    /** Holds every question until the test answers it, and remembers which it was sent. */
    private static final class HeldResolver implements Resolver {
        final List<Name> sent = new CopyOnWriteArrayList<>();
        final Map<Name, CompletableFuture<Message>> held = new ConcurrentHashMap<>();

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            Name name = query.getQuestion().getName();
            sent.add(name);
            return held.computeIfAbsent(name, n -> new CompletableFuture<>());
        }

        void answer(Name name) throws Exception {
            Message query = Message.newQuery(org.xbill.DNS.Record.newRecord(name, Type.A, DClass.IN));
            Message response = new Message(query.getHeader().getID());
            response.addRecord(query.getQuestion(), Section.QUESTION);
            response.addRecord(new ARecord(name, DClass.IN, 60, InetAddress.getByName("192.0.2.1")), Section.ANSWER);
            held.get(name).complete(response);
        }

        @Override public void setPort(int port) { }
        @Override public void setTCP(boolean flag) { }
        @Override public void setIgnoreTruncation(boolean flag) { }
        @Override public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) { }
        @Override public void setTSIGKey(TSIG key) { }
        @Override public void setTimeout(Duration timeout) { }
    }

    private static Name name(int i) {
        return Name.fromConstantString("q" + i + ".test.");
    }

    @Test
    void onlyTheLimitIsOnTheWireAndTheNextGoesOutWhenOneIsAnswered() throws Exception {
        HeldResolver resolver = new HeldResolver();
        DnsClient client = new DnsClient(resolver, Duration.ofSeconds(30));
        int asked = DnsClient.MAX_QUESTIONS_IN_FLIGHT + 3;
        List<CompletableFuture<DnsClient.Lookup>> lookups = IntStream.range(0, asked)
                .mapToObj(i -> client.lookup(name(i), Type.A)).toList();

        assertEquals(DnsClient.MAX_QUESTIONS_IN_FLIGHT, resolver.sent.size());
        assertEquals(3, client.waiting());
        assertFalse(resolver.sent.contains(name(DnsClient.MAX_QUESTIONS_IN_FLIGHT)));

        resolver.answer(name(0));
        DnsClient.Lookup first = lookups.get(0).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, first.records().size());
        assertEquals(DnsClient.MAX_QUESTIONS_IN_FLIGHT + 1, resolver.sent.size());
        assertTrue(resolver.sent.contains(name(DnsClient.MAX_QUESTIONS_IN_FLIGHT)));
        assertEquals(2, client.waiting());
    }

    @Test
    void aQuestionsDeadlineRunsFromWhenItGoesOutNotWhileItWaits() throws Exception {
        HeldResolver resolver = new HeldResolver();
        DnsClient client = new DnsClient(resolver, Duration.ofMillis(300));
        List<CompletableFuture<DnsClient.Lookup>> lookups = IntStream.rangeClosed(0, DnsClient.MAX_QUESTIONS_IN_FLIGHT)
                .mapToObj(i -> client.lookup(name(i), Type.A)).toList();
        Name waiter = name(DnsClient.MAX_QUESTIONS_IN_FLIGHT);
        assertFalse(resolver.sent.contains(waiter));
        // the slots' questions time out; the waiter then goes out with a whole deadline of its own ...
        for (int i = 0; i < DnsClient.MAX_QUESTIONS_IN_FLIGHT; i++) {
            assertEquals(DnsAnswer.TIMEOUT, lookups.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS).answer().rcode());
        }
        assertTrue(resolver.sent.contains(waiter));
        assertFalse(lookups.get(DnsClient.MAX_QUESTIONS_IN_FLIGHT).isDone());
        // ... and is answered within it
        resolver.answer(waiter);
        DnsClient.Lookup answered = lookups.get(DnsClient.MAX_QUESTIONS_IN_FLIGHT).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals(DnsAnswer.NOERROR, answered.answer().rcode());
        assertEquals(1, answered.records().size());
    }

    @Test
    void aQuestionStillWaitingAfterThreeDeadlinesGivesUpUnasked() throws Exception {
        HeldResolver resolver = new HeldResolver();
        DnsClient client = new DnsClient(resolver, Duration.ofMillis(200));
        // six waves behind a silent server: each wave times out one deadline after the one before it, so the
        // fifth and sixth would go out at 800 and 1,000 ms, after their 600 ms of waiting
        int waves = 6;
        List<CompletableFuture<DnsClient.Lookup>> lookups = IntStream.range(0, waves * DnsClient.MAX_QUESTIONS_IN_FLIGHT)
                .mapToObj(i -> client.lookup(name(i), Type.A)).toList();
        for (CompletableFuture<DnsClient.Lookup> lookup : lookups) {
            assertEquals(DnsAnswer.TIMEOUT, lookup.get(WAIT_SECONDS, TimeUnit.SECONDS).answer().rcode());
        }
        // At most the waves that go out within the waiting limit are asked: at least two waves' worth give up
        // unasked. (Which ones is a matter of when each lookup was made: on a loaded machine making the 384
        // takes long enough that the last ones still have waiting time left when a slot frees.)
        assertTrue(resolver.sent.size() <= (DnsClient.MAX_WAIT_DEADLINES + 1) * DnsClient.MAX_QUESTIONS_IN_FLIGHT,
                resolver.sent.size() + " asked");
        assertEquals(0, client.waiting());
    }

    @Test
    void aTimedOutQuestionGivesItsSlotBackEvenIfItsResolverNeverAnswers() throws Exception {
        HeldResolver resolver = new HeldResolver();
        DnsClient client = new DnsClient(resolver, Duration.ofMillis(200));
        for (int i = 0; i < DnsClient.MAX_QUESTIONS_IN_FLIGHT; i++) {
            assertEquals(DnsAnswer.TIMEOUT, client.lookup(name(i), Type.A).get(WAIT_SECONDS, TimeUnit.SECONDS).answer().rcode());
        }
        // all slots' resolvers are still silent; a new question still goes out at once
        Name fresh = name(1000);
        CompletableFuture<DnsClient.Lookup> next = client.lookup(fresh, Type.A);
        assertTrue(resolver.sent.contains(fresh));
        resolver.answer(fresh);
        assertEquals(1, next.get(WAIT_SECONDS, TimeUnit.SECONDS).records().size());
    }
}
