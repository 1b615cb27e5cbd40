package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GenServerTest {
    static final Atom POP = Atom.of("pop");
    static final Atom GENSERVER = Atom.of("Elixir.GenServer");
    static final Atom CALL = Atom.of("call");

    /** The stack of Elixir's GenServer docs; {@code report} gets {@code {:terminated, reason}}. */
    record Stack(List<Object> initial, Pid report) implements GenServer<List<Object>> {
        Stack(List<Object> initial) {
            this(initial, null);
        }

        @Override
        public Init<List<Object>> init() {
            return new Ok<>(initial);
        }

        @Override
        public Result<List<Object>> handleCall(Object request, From from, List<Object> state) {
            return switch (request) {
                case Atom a when a.equals(POP) -> new Reply<>(state.getFirst(), state.subList(1, state.size()));
                case Atom a when a.name().equals("state") -> new Reply<>(state, state);
                case Atom a when a.name().equals("later") -> {
                    send(self(), Tuple.of(Atom.of("answer"), from));
                    yield new NoReply<>(state);
                }
                case Atom a when a.name().equals("stop_with_reply") -> new StopReply<>(Atom.NORMAL, Atom.of("bye"), state);
                case Atom a when a.name().equals("raise") -> throw new IllegalStateException("oops");
                case Tuple t when t.is(Atom.of("sleep"), 2) -> {
                    sleep((Duration) t.get(1));
                    yield new Reply<>(Atom.OK, state);
                }
                default -> new Reply<>(Atom.of("unknown"), state);
            };
        }

        @Override
        public Result<List<Object>> handleCast(Object request, List<Object> state) {
            if (request.equals(Atom.of("stop"))) return new Stop<>(Atom.of("cast_stop"), state);
            if (request.equals(Atom.of("reply_from_cast"))) return new Reply<>(1, state);
            List<Object> next = new ArrayList<>();
            next.add(request);
            next.addAll(state);
            return new NoReply<>(List.copyOf(next));
        }

        @Override
        public Result<List<Object>> handleInfo(Object message, List<Object> state) {
            if (message instanceof Tuple t && t.is(Atom.of("answer"), 2)) {
                GenServer.reply((From) t.get(1), Atom.of("deferred"));
            }
            return new NoReply<>(state);
        }

        @Override
        public void terminate(Object reason, List<Object> state) {
            if (report != null) send(report, Tuple.of(Atom.of("terminated"), reason));
        }
    }

    @Test
    void callAndCastWorkOnAStack() {
        Pid stack = GenServer.startLink(new Stack(List.of("hello")));
        assertEquals("hello", GenServer.call(stack, POP));
        GenServer.cast(stack, "world");
        assertEquals("world", GenServer.call(stack, POP));
        GenServer.stop(stack);
        assertFalse(alive(stack));
    }

    @Test
    void nameAndThisNodeReachARegisteredServerAndANameNobodyHoldsIsNoproc() {
        Atom name = Atom.of("stack_by_node");
        Pid stack = GenServer.start(new Stack(List.of("a", "b")), name);
        Tuple here = Tuple.of(name, dev.weft.term.NodeNames.local());
        assertEquals("a", GenServer.call(here, POP));
        GenServer.cast(here, "c");
        assertEquals("c", GenServer.call(here, POP));
        GenServer.stop(stack);
        Object reason = exitReason(() -> GenServer.call(here, POP));
        assertEquals(Atom.NOPROC, ((Tuple) reason).get(0));
    }

    @Test
    void aCallbackMayReplyLaterWithReply() {
        Pid stack = GenServer.startLink(new Stack(List.of()));
        assertEquals(Atom.of("deferred"), GenServer.call(stack, Atom.of("later")));
    }

    @Test
    void callTimesOutWithAnElixirShapedExit() {
        Pid stack = GenServer.startLink(new Stack(List.of()));
        Object request = Tuple.of(Atom.of("sleep"), Duration.ofMillis(300));
        Object reason = exitReason(() -> GenServer.call(stack, request, Duration.ofMillis(10)));
        assertEquals(Tuple.of(Atom.TIMEOUT, Tuple.of(GENSERVER, CALL, List.of(stack, request, 10L))), reason);
        assertEquals(List.of(), GenServer.call(stack, Atom.of("state")), "the server is still there");
    }

    @Test
    void callToAnUnknownOrDeadServerExitsWithNoproc() {
        Object reason = exitReason(() -> GenServer.call(Atom.of("no_such_server"), POP));
        assertEquals(Tuple.of(Atom.NOPROC, Tuple.of(GENSERVER, CALL, List.of(Atom.of("no_such_server"), POP, 5000L))), reason);
        Pid dead = GenServer.start(new Stack(List.of()));
        GenServer.stop(dead);
        Tuple dead_reason = (Tuple) exitReason(() -> GenServer.call(dead, POP));
        assertEquals(Atom.NOPROC, dead_reason.get(0));
    }

    @Test
    void callingItselfExits() {
        Pid me = self();
        Tuple reason = (Tuple) exitReason(() -> GenServer.call(me, POP));
        assertEquals(Atom.of("calling_self"), reason.get(0));
    }

    @Test
    void aServerThatCrashesInACallTakesTheCallerDownWithItsReasonAndIsLogged() {
        Pid stack = GenServer.start(new Stack(List.of(7)), Atom.of("crashing_stack"));
        try (CapturedLog log = new CapturedLog()) {
            Tuple reason = (Tuple) exitReason(() -> GenServer.call(Atom.of("crashing_stack"), Atom.of("raise")));
            assertInstanceOf(IllegalStateException.class, ((Tuple) reason.get(0)).get(0), "{exception, stacktrace}");
            assertEquals(Tuple.of(GENSERVER, CALL, List.of(Atom.of("crashing_stack"), Atom.of("raise"), 5000L)), reason.get(1));
            await().until(() -> log.text().contains("GenServer " + stack + " (:crashing_stack) terminating"));
            assertTrue(log.text().contains("Last message (from " + self() + "): :raise"), log.text());
            assertTrue(log.text().contains("State: [7]"), log.text());
        }
        assertFalse(alive(stack));
    }

    @Test
    void normalAndShutdownEndsAreNotReported() {
        try (CapturedLog log = new CapturedLog()) {
            for (Object reason : List.of(Atom.NORMAL, Atom.SHUTDOWN, Tuple.of(Atom.SHUTDOWN, Atom.of("restart")))) {
                Pid stack = GenServer.start(new Stack(List.of()));
                GenServer.stop(stack, reason, WAIT);
                assertFalse(log.text().contains(stack.toString()), log.text());
            }
            Pid stack = GenServer.start(new Stack(List.of()));
            GenServer.stop(stack, Atom.of("reported"), WAIT);
            assertTrue(log.text().contains("GenServer " + stack + " terminating\n** (stop) :reported"), log.text());
        }
    }

    @Test
    void deferredCallsKeepWorkingWithALongMailbox() {
        Pid stack = GenServer.startLink(new Stack(List.of(1, 2, 3)));
        for (int i = 0; i < 10_000; i++) send(self(), Tuple.of(Atom.of("junk"), i));
        for (int i = 1; i <= 3; i++) assertEquals(i, (int) GenServer.call(stack, POP));
        for (int i = 0; i < 10_000; i++) {
            Object junk = receive(m -> m instanceof Tuple t && t.is(Atom.of("junk"), 2) ? t.get(1) : NO_MATCH, Duration.ZERO, () -> null);
            assertEquals(i, junk, "the junk is untouched, in order");
        }
    }

    @Test
    void initCanIgnoreOrStopAndStartLinkReportsIt() {
        trapExit(true);
        try {
            assertNull(GenServer.startLink(() -> new GenServer.Ignore<>()));
            Object reason = exitReason(() -> GenServer.startLink(() -> new GenServer.Stop<>(Atom.of("bad"))));
            assertEquals(Atom.of("bad"), reason);
            Exit exit = receive(m -> m instanceof Exit e && e.reason().equals(Atom.of("bad")) ? e : NO_MATCH, WAIT, () -> null);
            assertNotNull(exit, "the link delivered the failure too");
            Tuple raised = (Tuple) exitReason(() -> GenServer.startLink(() -> { throw new IllegalArgumentException("no init"); }));
            assertInstanceOf(IllegalArgumentException.class, raised.get(0));
            receive(m -> m instanceof Exit e && e.reason().equals(raised) ? e : NO_MATCH, WAIT, () -> fail("no EXIT"));
        } finally {
            trapExit(false);
        }
    }

    @Test
    void ignoreIsReportedEvenWhenTheServerHasExitedBeforeTheStarterLooks() {
        for (int i = 0; i < 2_000; i++) {
            assertNull(GenServer.start(() -> new GenServer.Ignore<>()), "start " + i);
        }
    }

    @Test
    void aTakenNameGivesAlreadyStarted() {
        Pid first = GenServer.start(new Stack(List.of()), Atom.of("taken_name"));
        assertEquals(first, GenServer.whereis(Atom.of("taken_name")));
        Object reason = exitReason(() -> GenServer.start(new Stack(List.of()), Atom.of("taken_name")));
        assertEquals(Tuple.of(Atom.of("already_started"), first), reason);
        GenServer.stop(Atom.of("taken_name"));
        assertNull(whereis(Atom.of("taken_name")));
    }

    @Test
    void aBadNameIsRejectedBeforeAnythingStarts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GenServer.start(new Stack(List.of()), "a string"));
        assertTrue(e.getMessage().contains("a string"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GenServer.call(42, POP));
    }

    @Test
    void stopRunsTerminateAndReturnsOnceTheServerIsGone() {
        Pid stack = GenServer.start(new Stack(List.of(), self()));
        GenServer.stop(stack, Atom.of("shutdown"), WAIT);
        received(Tuple.of(Atom.of("terminated"), Atom.SHUTDOWN));
        assertFalse(alive(stack));
        Tuple reason = (Tuple) exitReason(() -> GenServer.stop(stack, Atom.NORMAL, WAIT));
        assertEquals(Tuple.of(Atom.NOPROC, Tuple.of(GENSERVER, Atom.of("stop"), List.of(stack, Atom.NORMAL, 5000L))), reason);
    }

    @Test
    void stopReplyRepliesAfterTerminate() {
        Pid stack = GenServer.start(new Stack(List.of(), self()));
        Ref ref = monitor(stack);
        assertEquals(Atom.of("bye"), GenServer.call(stack, Atom.of("stop_with_reply")));
        received(Tuple.of(Atom.of("terminated"), Atom.NORMAL));
        assertEquals(Atom.NORMAL, awaitDown(ref).reason());
    }

    @Test
    void aCastThatStopsEndsTheServerWithItsReason() {
        Pid stack = GenServer.start(new Stack(List.of(), self()));
        Ref ref = monitor(stack);
        GenServer.cast(stack, Atom.of("stop"));
        received(Tuple.of(Atom.of("terminated"), Atom.of("cast_stop")));
        assertEquals(Atom.of("cast_stop"), awaitDown(ref).reason());
    }

    @Test
    void aReplyFromHandleCastIsABadReturnValue() {
        Pid stack = GenServer.start(new Stack(List.of()));
        Ref ref = monitor(stack);
        GenServer.cast(stack, Atom.of("reply_from_cast"));
        Tuple reason = (Tuple) awaitDown(ref).reason();
        assertEquals(Atom.of("bad_return_value"), reason.get(0));
    }

    @Test
    void castToAMissingServerDoesNothing() {
        assertDoesNotThrow(() -> GenServer.cast(Atom.of("nobody_here"), "hi"));
    }

    @Test
    void aTrappingServerRunsTerminateWhenItsParentExits() {
        Pid test = self();
        record Trapping(Pid report) implements GenServer<Integer> {
            @Override
            public Init<Integer> init() {
                trapExit(true);
                return new Ok<>(0);
            }

            @Override
            public void terminate(Object reason, Integer state) {
                send(report, Tuple.of(Atom.of("terminated"), reason));
            }
        }
        Pid parent = spawn(() -> {
            send(test, GenServer.startLink(new Trapping(test)));
            receive();
        });
        Pid server = receive(m -> m instanceof Pid p ? p : NO_MATCH, WAIT, () -> null);
        exit(parent, Atom.of("going_away"));
        received(Tuple.of(Atom.of("terminated"), Atom.of("going_away")));
        await().until(() -> !alive(server));
    }

    @Test
    void aServerThatDoesNotTrapDiesFromAnExitSignalWithoutTerminate() {
        Pid stack = GenServer.start(new Stack(List.of(), self()));
        Ref ref = monitor(stack);
        exit(stack, Atom.of("boom"));
        assertEquals(Atom.of("boom"), awaitDown(ref).reason());
        assertNull(receive(m -> m instanceof Tuple t && t.is(Atom.of("terminated"), 2) ? m : NO_MATCH, Duration.ofMillis(100), () -> null));
    }

    @Test
    void continueRunsBeforeTheNextMessageAndTimeoutSendsTimeout() {
        Pid test = self();
        record Stepper(Pid report) implements GenServer<String> {
            @Override
            public Init<String> init() {
                return new Ok<>("init", new Continue("first"));
            }

            @Override
            public Result<String> handleContinue(Object arg, String state) {
                send(report, Tuple.of(Atom.of("continued"), arg, state));
                return new NoReply<>("continued", new Timeout(Duration.ofMillis(20)));
            }

            @Override
            public Result<String> handleInfo(Object message, String state) {
                send(report, Tuple.of(Atom.of("info"), message, state));
                return new NoReply<>(state);
            }
        }
        GenServer.startLink(new Stepper(test));
        received(Tuple.of(Atom.of("continued"), "first", "init"));
        received(Tuple.of(Atom.of("info"), Atom.TIMEOUT, "continued"));
    }

    @Test
    void aViaNameRegistersTheServerInARegistry() {
        Registry.startLink(Registry.Keys.UNIQUE, Atom.of("gen_server_test_registry"));
        var name = new Registry.Via(Atom.of("gen_server_test_registry"), "stack");
        Pid stack = GenServer.start(new Stack(List.of("via")), name);
        assertEquals(stack, GenServer.whereis(name));
        assertEquals("via", GenServer.call(name, POP));
        assertEquals(Tuple.of(Atom.of("already_started"), stack), exitReason(() -> GenServer.start(new Stack(List.of()), name)));
        GenServer.stop(name);
        assertThrows(ExitException.class, () -> GenServer.call(name, POP));
    }

    @Test
    void messagesPrintLikeOtpTuples() {
        Ref ref = makeRef();
        var from = new GenServer.From(self(), ref);
        assertEquals("{:\"$gen_call\", {" + self() + ", " + ref + "}, :pop}", new GenMsg.Call(from, POP).toString());
        assertEquals("{:\"$gen_cast\", \"x\"}", new GenMsg.Cast("x").toString());
    }

    record DocStack(List<Object> initial) implements GenServer<List<Object>> {
        public Init<List<Object>> init() { return new Ok<>(initial); }

        public Result<List<Object>> handleCall(Object request, From from, List<Object> state) {
            return request.equals(Atom.of("pop"))
                    ? new Reply<>(state.getFirst(), state.subList(1, state.size()))
                    : new Reply<>(Atom.ERROR, state);
        }

        public Result<List<Object>> handleCast(Object push, List<Object> state) {
            var next = new ArrayList<>(List.of(push));
            next.addAll(state);
            return new NoReply<>(List.copyOf(next));
        }
    }

    @Test
    void theJavadocExampleRuns() {
        Pid stack = GenServer.startLink(new DocStack(List.of("hello")));
        Object top = GenServer.call(stack, Atom.of("pop"));        // "hello"
        GenServer.cast(stack, "world");
        Object next = GenServer.call(stack, Atom.of("pop"));       // "world"
        assertEquals(List.of("hello", "world"), List.of(top, next));
    }

    @Test
    void multiCallGathersTheRepliesAndNamesTheNodesThatGaveNone() {
        while (receive(m -> m, Duration.ZERO, () -> null) != null) { }   // what earlier tests left
        Atom name = Atom.of("multi_call_stack");
        Pid server = GenServer.start(new Stack(List.of(Atom.of("a"))), name);
        Atom here = server.node();
        Atom nobody = Atom.of("nobody@127.0.0.1");
        // GenServer.multi_call([node(), :"nobody@127.0.0.1"], :srv, :state) #=> {[{node(), [:a]}], [:"nobody@127.0.0.1"]}
        assertEquals(Tuple.of(List.of(Tuple.of(here, List.of(Atom.of("a")))), List.of(nobody)),
                GenServer.multiCall(List.of(here, nobody), name, Atom.of("state"), WAIT));
        // no server of that name: {[], [node()]}
        assertEquals(Tuple.of(List.of(), List.of(here)), GenServer.multiCall(List.of(here), Atom.of("no_such_server"), Atom.of("state"), WAIT));
        // too slow: {[], [node()]}, and the late reply does not reach the caller
        assertEquals(Tuple.of(List.of(), List.of(here)),
                GenServer.multiCall(List.of(here), name, Tuple.of(Atom.of("sleep"), Duration.ofMillis(200)), Duration.ofMillis(20)));
        assertNull(receive(m -> m instanceof GenMsg.CallReply ? m : NO_MATCH, Duration.ofMillis(400), () -> null));
        // GenServer.abcast([node(), :"nobody@127.0.0.1"], :srv, :b) #=> :abcast
        assertEquals(Atom.of("abcast"), GenServer.abcast(List.of(here, nobody), name, Atom.of("b")));
        assertEquals(List.of(Atom.of("b"), Atom.of("a")), GenServer.call(name, Atom.of("state")));
        GenServer.stop(name);
    }
}
