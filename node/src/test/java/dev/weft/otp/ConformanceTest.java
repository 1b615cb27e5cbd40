package dev.weft.otp;

import static dev.weft.otp.OtpTesting.awaitDown;
import static dev.weft.otp.OtpTesting.awaitExit;
import static dev.weft.otp.OtpTesting.exitReason;
import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Exit;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GenServer, Agent, Task, Supervisor and Registry checked against the real BEAM: each case ran first
 * as Elixir 1.14 on Erlang/OTP 25, and the BEAM's answer is the one asserted (quoted in each test's
 * comment).
 *
 * <p>Where Weft answers differently by design:
 * <ul>
 * <li>Starting returns the pid, or null for {@code :ignore}, where Elixir returns {@code {:ok, pid}}
 *     / {@code :ignore}; where Elixir returns {@code {:error, reason}} ({@code init} stopped, the
 *     name is taken, {@code start_child} failed) Weft throws {@link dev.weft.process.ExitException}
 *     with that reason.
 * <li>Supervisor misuse that Elixir answers with {@code {:error, :not_found}} or
 *     {@code {:error, :running}} throws {@link IllegalArgumentException} naming the supervisor and
 *     the child.
 * <li>An exception raised in a callback is {@code {exception, stacktrace}} with the Java exception
 *     and its stack trace elements.
 * </ul>
 */
class ConformanceTest {
    static final Atom GENSERVER = Atom.of("Elixir.GenServer");
    static final Atom TASK = Atom.of("Elixir.Task");
    static final Atom CALL = Atom.of("call");
    static final Atom INFINITY = Atom.of("infinity");
    static final Atom SLEEP = Atom.of("sleep");
    static final Atom BAD = Atom.of("bad");
    static final Atom BOOM_REASON = Atom.of("boom");

    /** The server of the BEAM runs: {@code init} as {@code arg} says, then echo, sleep, stop or raise. */
    record Server(Object arg) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            if (Atom.of("ignore").equals(arg)) return new Ignore<>();
            if (arg instanceof Tuple t && t.is(Atom.of("stop"), 2)) return new Stop<>(t.get(1));
            return new Ok<>(arg);
        }

        @Override
        public Result<Object> handleCall(Object request, From from, Object state) {
            return switch (request) {
                case Atom a when a.equals(SLEEP) -> {
                    sleep(Duration.ofMillis(500));
                    yield new Reply<>(Atom.OK, state);
                }
                case Atom a when a.name().equals("raise") -> throw new IllegalStateException("boom");
                case Tuple t when t.is(Atom.of("stop"), 2) -> new Stop<>(t.get(1), state);
                default -> new Reply<>(request, state);
            };
        }
    }

    static Pid deadPid() {
        Spawned s = spawnMonitor(() -> { });
        awaitDown(s.ref());
        return s.pid();
    }

    static Tuple mfa(Atom module, String fun, Object... args) {
        return Tuple.of(module, Atom.of(fun), List.of(args));
    }

    static Exit awaitExitMessage() {
        Exit exit = receive(m -> m instanceof Exit e ? e : NO_MATCH, OtpTesting.WAIT, () -> null);
        assertNotNull(exit, "no EXIT message");
        return exit;
    }

    /** Tests share the test thread's process: each starts and ends not trapping, with an empty mailbox. */
    @BeforeEach
    @AfterEach
    void stopTrapping() {
        trapExit(false);
        while (receive(m -> m, Duration.ZERO, () -> null) != null) { }
    }

    // ------------------------------------------------------------------ GenServer

    @Test
    void callTimeoutExitsWithTimeoutAndTheCall() {
        // GenServer.call(p, :sleep, 10) exits {:timeout, {GenServer, :call, [p, :sleep, 10]}}
        Pid p = GenServer.start(new Server(1));
        assertEquals(Tuple.of(Atom.TIMEOUT, mfa(GENSERVER, "call", p, SLEEP, 10L)),
                exitReason(() -> GenServer.call(p, SLEEP, Duration.ofMillis(10))));
        GenServer.stop(p);
    }

    /** Holds a call unanswered; a cast {@code pid} makes it reply to the held call, then tell {@code pid} {@code :replied}. */
    record Holder() implements GenServer<GenServer.From> {
        @Override
        public Init<GenServer.From> init() {
            return new Ok<>(null);
        }

        @Override
        public Result<GenServer.From> handleCall(Object request, GenServer.From from, GenServer.From held) {
            return new NoReply<>(from);
        }

        @Override
        public Result<GenServer.From> handleCast(Object tell, GenServer.From held) {
            GenServer.reply(held, Atom.of("late"));
            send((Pid) tell, Atom.of("replied"));
            return new NoReply<>(null);
        }
    }

    @Test
    void aReplyAfterTheCallTimedOutIsDropped() {
        // GenServer.call(p, :slow, 50) exits with :timeout; the reply sent after that never reaches the
        // caller: Process.info(self(), :messages) #=> {:messages, []} (OTP 25: the call waits on an alias)
        Pid p = GenServer.start(new Holder());
        Atom slow = Atom.of("slow");
        assertEquals(Tuple.of(Atom.TIMEOUT, mfa(GENSERVER, "call", p, slow, 50L)), exitReason(() -> GenServer.call(p, slow, Duration.ofMillis(50))));
        GenServer.cast(p, self());
        assertEquals(Atom.of("replied"), receive());   // the server sent the reply first: it was dropped
        assertEquals(0, info(self()).messageQueueLen());
        GenServer.stop(p);
    }

    @Test
    void callToADeadPidOrAnUnregisteredNameExitsWithNoproc() {
        // GenServer.call(dead, :hi) exits {:noproc, {GenServer, :call, [dead, :hi, 5000]}}
        Pid dead = deadPid();
        Atom hi = Atom.of("hi");
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "call", dead, hi, 5000L)), exitReason(() -> GenServer.call(dead, hi)));
        // GenServer.call(:nobody, :hi) exits {:noproc, {GenServer, :call, [:nobody, :hi, 5000]}}
        Atom nobody = Atom.of("conformance_nobody");
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "call", nobody, hi, 5000L)), exitReason(() -> GenServer.call(nobody, hi)));
    }

    @Test
    void callToAServerThatStopsExitsWithItsReasonEvenNormal() {
        // GenServer.call(p, {:stop, :bye}) exits {:bye, {GenServer, :call, [p, {:stop, :bye}, 5000]}}
        for (Atom reason : List.of(Atom.of("bye"), Atom.NORMAL)) {
            Pid p = GenServer.start(new Server(1));
            Tuple request = Tuple.of(Atom.of("stop"), reason);
            assertEquals(Tuple.of(reason, mfa(GENSERVER, "call", p, request, 5000L)), exitReason(() -> GenServer.call(p, request)));
        }
    }

    @Test
    void callToAServerThatRaisesExitsWithTheExceptionAndStacktrace() {
        // catch :exit, {{e, st}, c} -> {e, is_list(st), c} #=> {%RuntimeError{}, true, {GenServer, :call, [p, :raise, 5000]}}
        Pid p = GenServer.start(new Server(1));
        Tuple reason = (Tuple) exitReason(() -> GenServer.call(p, Atom.of("raise")));
        Tuple crash = (Tuple) reason.get(0);
        assertInstanceOf(IllegalStateException.class, crash.get(0));
        assertInstanceOf(List.class, crash.get(1));
        assertEquals(mfa(GENSERVER, "call", p, Atom.of("raise"), 5000L), reason.get(1));
    }

    @Test
    void stopOfADeadPidOrAnUnregisteredNameExitsWithNoprocAndInfinity() {
        // GenServer.stop(dead) exits {:noproc, {GenServer, :stop, [dead, :normal, :infinity]}}
        Pid dead = deadPid();
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "stop", dead, Atom.NORMAL, INFINITY)), exitReason(() -> GenServer.stop(dead)));
        Atom nobody = Atom.of("conformance_nobody");
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "stop", nobody, Atom.NORMAL, INFINITY)), exitReason(() -> GenServer.stop(nobody)));
        // Agent.stop(dead) exits the same way
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "stop", dead, Atom.NORMAL, INFINITY)), exitReason(() -> Agent.stop(dead)));
    }

    @Test
    void callingOneselfExitsWithCallingSelf() {
        // GenServer.call(self(), :x) exits {:calling_self, {GenServer, :call, [self(), :x, 5000]}}
        Atom x = Atom.of("x");
        assertEquals(Tuple.of(Atom.of("calling_self"), mfa(GENSERVER, "call", self(), x, 5000L)), exitReason(() -> GenServer.call(self(), x)));
        // Process.register(self(), :self); GenServer.call(:self, :pop, 5000) exits {:calling_self, {GenServer, :call, [:self, :pop, 5000]}}
        Atom name = Atom.of("conformance_self");
        register(self(), name);
        try {
            assertEquals(Tuple.of(Atom.of("calling_self"), mfa(GENSERVER, "call", name, x, 5000L)), exitReason(() -> GenServer.call(name, x)));
        } finally {
            unregister(name);
        }
    }

    @Test
    void callToNilExitsWithNoproc() {
        // GenServer.call(nil, :pop, 5000) exits {:noproc, {GenServer, :call, [nil, :pop, 5000]}}; GenServer.whereis(nil) #=> nil
        Atom pop = Atom.of("pop");
        assertEquals(Tuple.of(Atom.NOPROC, Tuple.of(GENSERVER, CALL, java.util.Arrays.asList(null, pop, 5000L))),
                exitReason(() -> GenServer.call(null, pop)));
        assertNull(GenServer.whereis(null));
    }

    @Test
    void stopThatTakesTooLongExitsWithTimeout() {
        // terminate sleeps 500 ms; GenServer.stop(p, :normal, 10) exits {:timeout, {GenServer, :stop, [p, :normal, 10]}}
        Pid p = GenServer.start(new GenServer<Object>() {
            @Override
            public Init<Object> init() {
                return new Ok<>(1);
            }

            @Override
            public void terminate(Object reason, Object state) {
                sleep(Duration.ofMillis(500));
            }
        });
        Ref ref = monitor(p);
        assertEquals(Tuple.of(Atom.TIMEOUT, mfa(GENSERVER, "stop", p, Atom.NORMAL, 10L)),
                exitReason(() -> GenServer.stop(p, Atom.NORMAL, Duration.ofMillis(10))));
        awaitDown(ref);
    }

    @Test
    void stopWithACustomReasonReturnsAndTheServerEndsWithIt() {
        // {GenServer.stop(p, :custom), DOWN reason} #=> {:ok, :custom}
        Pid p = GenServer.start(new Server(1));
        Ref ref = monitor(p);
        GenServer.stop(p, Atom.of("custom"), GenServer.INFINITY);
        assertEquals(Atom.of("custom"), awaitDown(ref).reason());
    }

    @Test
    void initIgnoreAndInitStop() {
        // GenServer.start(S, :ignore) #=> :ignore; Weft: null
        assertNull(GenServer.start(new Server(Atom.of("ignore"))));
        // GenServer.start(S, {:stop, :bad}) #=> {:error, :bad}; Weft exits with :bad
        assertEquals(BAD, exitReason(() -> GenServer.start(new Server(Tuple.of(Atom.of("stop"), BAD)))));
    }

    @Test
    void startLinkWhoseInitStopsAlsoSendsTheExitThroughTheLink() {
        // trapping: GenServer.start_link(S, {:stop, :bad}) #=> {:error, :bad}, then {:EXIT, pid, :bad}
        trapExit(true);
        assertEquals(BAD, exitReason(() -> GenServer.startLink(new Server(Tuple.of(Atom.of("stop"), BAD)))));
        assertEquals(BAD, awaitExitMessage().reason());
    }

    @Test
    void startingUnderATakenNameGivesAlreadyStarted() {
        // GenServer.start(S, 1, name: :s1) twice #=> {:error, {:already_started, first}}
        Atom name = Atom.of("conformance_s1");
        Pid first = GenServer.start(new Server(1), name);
        assertEquals(Tuple.of(Atom.of("already_started"), first), exitReason(() -> GenServer.start(new Server(2), name)));
        // Agent.start(fn, name: :ag) twice likewise
        Atom agent = Atom.of("conformance_ag");
        Pid a = Agent.start(() -> 1, agent);
        assertEquals(Tuple.of(Atom.of("already_started"), a), exitReason(() -> Agent.start(() -> 2, agent)));
        GenServer.stop(first);
        Agent.stop(a);
    }

    @Test
    void castToADeadPidOrUnknownNameIsFineAndWhereisIsNil() {
        // GenServer.cast(dead, :x) #=> :ok; GenServer.cast(:nobody, :x) #=> :ok; GenServer.whereis(:nobody) #=> nil
        Atom nobody = Atom.of("conformance_nobody");
        assertDoesNotThrow(() -> GenServer.cast(deadPid(), Atom.of("x")));
        assertDoesNotThrow(() -> GenServer.cast(nobody, Atom.of("x")));
        assertNull(GenServer.whereis(nobody));
    }

    /** Traps exits; reports {@code {:info, msg}} and {@code {:terminate, reason}} to {@code report}. */
    record Reporter(Pid report) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            trapExit(true);
            return new Ok<>(0);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            send(report, Tuple.of(Atom.of("info"), message));
            return new NoReply<>(state);
        }

        @Override
        public void terminate(Object reason, Object state) {
            send(report, Tuple.of(Atom.of("terminate"), reason));
        }
    }

    @Test
    void aTrappingServerWhoseParentExitsTerminatesWithTheParentsReason() {
        // parent start_links a trapping server, then Process.exit(parent, :shutdown) #=> terminate(:shutdown, _)
        Pid me = self();
        Pid parent = spawn(() -> {
            send(me, Tuple.of(Atom.of("server"), GenServer.startLink(new Reporter(me))));
            receive();
        });
        receive(m -> m instanceof Tuple t && t.is(Atom.of("server"), 2) ? t : NO_MATCH, OtpTesting.WAIT, () -> null);
        exit(parent, Atom.SHUTDOWN);
        OtpTesting.received(Tuple.of(Atom.of("terminate"), Atom.SHUTDOWN));
    }

    @Test
    void anExitFromALinkedProcessThatIsNotTheParentIsAnInfoMessage() {
        // a trapping server linked to another process that exits :bye gets handle_info({:EXIT, other, :bye})
        Pid me = self();
        Pid server = GenServer.start(new Reporter(me));
        Pid other = spawn(() -> {
            link(server);
            send(me, Atom.of("linked"));
            receive();
            exit(Atom.of("bye"));
        });
        OtpTesting.received(Atom.of("linked"));
        send(other, Atom.of("go"));
        OtpTesting.received(Tuple.of(Atom.of("info"), new Exit(other, Atom.of("bye"))));
        GenServer.stop(server);
        OtpTesting.received(Tuple.of(Atom.of("terminate"), Atom.NORMAL));
    }

    @Test
    void anInitThatRaisesFailsTheStartWithTheExceptionAndStacktrace() {
        // GenServer.start(S3, :x) with init raising #=> {:error, {%RuntimeError{}, stacktrace}}
        Tuple reason = (Tuple) exitReason(() -> GenServer.start(new GenServer<Object>() {
            @Override
            public Init<Object> init() {
                throw new IllegalStateException("bad init");
            }
        }));
        assertInstanceOf(IllegalStateException.class, reason.get(0));
        assertInstanceOf(List.class, reason.get(1));
    }

    /** Starts with {@code {:continue, :c1}}; a call {@code {:deleg, p}} hands its {@code from} to {@code p}, which replies. */
    record Continuing() implements GenServer<List<Object>> {
        @Override
        public Init<List<Object>> init() {
            return new Ok<>(List.of(), new Continue(Atom.of("c1")));
        }

        @Override
        public Result<List<Object>> handleContinue(Object arg, List<Object> state) {
            return new NoReply<>(List.of(arg));
        }

        @Override
        public Result<List<Object>> handleCall(Object request, From from, List<Object> state) {
            if (request instanceof Pid helper) {
                send(helper, from);
                return new NoReply<>(state);
            }
            return new Reply<>(state, state);
        }
    }

    @Test
    void continueFromInitRunsBeforeTheFirstCallAndAnotherProcessMayReply() {
        // init returns {:ok, [], {:continue, :c1}}; GenServer.call(s, :get) #=> [:c1]
        Pid s = GenServer.start(new Continuing());
        assertEquals(List.of(Atom.of("c1")), GenServer.call(s, Atom.of("get")));
        // handle_call hands from to another process, which does GenServer.reply(from, :from_other); the call #=> :from_other
        Pid helper = spawn(() -> GenServer.reply(receive(m -> m instanceof GenServer.From f ? f : NO_MATCH), Atom.of("from_other")));
        assertEquals(Atom.of("from_other"), GenServer.call(s, helper));
        GenServer.stop(s);
    }

    /** Reports {@code {:terminate, reason}} to {@code report}; {@code :raise} raises in handleCall, and a null report makes terminate raise. */
    record Terminating(Pid report) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            return new Ok<>(0);
        }

        @Override
        public Result<Object> handleCall(Object request, From from, Object state) {
            throw new IllegalStateException("x");
        }

        @Override
        public void terminate(Object reason, Object state) {
            if (report == null) throw new IllegalStateException("t");
            send(report, Tuple.of(Atom.of("terminate"), reason));
        }
    }

    static boolean isCrash(Object reason) {
        return reason instanceof Tuple t && t.size() == 2 && t.get(0) instanceof RuntimeException && t.get(1) instanceof List;
    }

    @Test
    void terminateRunsAfterACallbackRaisesAndAStopWhoseTerminateRaisesExitsWithThatCrash() {
        // handle_call raises "x" (the server does not trap) #=> terminate({%RuntimeError{}, stacktrace}, _) runs
        Pid me = self();
        Pid s = GenServer.start(new Terminating(me));
        exitReason(() -> GenServer.call(s, Atom.of("raise")));
        Tuple t = receive(m -> m instanceof Tuple x && x.is(Atom.of("terminate"), 2) ? x : NO_MATCH, OtpTesting.WAIT, () -> null);
        assertTrue(t != null && isCrash(t.get(1)), "terminate got " + t);
        // terminate raises "t"; GenServer.stop(s) exits {{%RuntimeError{}, stacktrace}, {GenServer, :stop, [s, :normal, :infinity]}}
        Pid r = GenServer.start(new Terminating(null));
        Tuple reason = (Tuple) exitReason(() -> GenServer.stop(r));
        assertTrue(isCrash(reason.get(0)), "stop exited " + reason);
        assertEquals(mfa(GENSERVER, "stop", r, Atom.NORMAL, INFINITY), reason.get(1));
    }

    @Test
    void stopOfOneselfExitsWithCallingSelf() {
        // GenServer.stop(self()) exits {:calling_self, {GenServer, :stop, [self(), :normal, :infinity]}}
        assertEquals(Tuple.of(Atom.of("calling_self"), mfa(GENSERVER, "stop", self(), Atom.NORMAL, INFINITY)), exitReason(() -> GenServer.stop(self())));
    }

    @Test
    void callToANameOnThisNodeOrWithoutATimeoutNamesTheServerAsGiven() {
        // GenServer.call({:nobody, node()}, :hi) exits {:noproc, {GenServer, :call, [{:nobody, :nonode@nohost}, :hi, 5000]}}
        Atom nobody = Atom.of("conformance_nobody");
        Atom hi = Atom.of("hi");
        Tuple remote = Tuple.of(nobody, dev.weft.term.NodeNames.local());
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "call", remote, hi, 5000L)), exitReason(() -> GenServer.call(remote, hi)));
        // GenServer.call(:nobody, :hi, :infinity) exits {:noproc, {GenServer, :call, [:nobody, :hi, :infinity]}}
        assertEquals(Tuple.of(Atom.NOPROC, mfa(GENSERVER, "call", nobody, hi, INFINITY)), exitReason(() -> GenServer.call(nobody, hi, GenServer.INFINITY)));
        // GenServer.whereis({:nobody, node()}) #=> nil; GenServer.whereis({:me, node()}) #=> self()
        assertNull(GenServer.whereis(remote));
        Atom name = Atom.of("conformance_me");
        register(self(), name);
        try {
            assertEquals(self(), GenServer.whereis(Tuple.of(name, dev.weft.term.NodeNames.local())));
        } finally {
            unregister(name);
        }
    }

    // ------------------------------------------------------------------ Agent

    @Test
    void agentGetTimeoutExitsWithAGenServerCallTimeout() {
        // Agent.get(a, slow, 10) exits {:timeout, {GenServer, :call, [a, {:get, fun}, 10]}}
        Pid a = Agent.start(() -> 1);
        Tuple reason = (Tuple) exitReason(() -> Agent.get(a, (Integer s) -> { sleep(Duration.ofMillis(500)); return s; }, Duration.ofMillis(10)));
        assertEquals(Atom.TIMEOUT, reason.get(0));
        Tuple call = (Tuple) reason.get(1);
        assertEquals(GENSERVER, call.get(0));
        assertEquals(CALL, call.get(1));
        List<?> args = (List<?>) call.get(2);
        assertEquals(a, args.get(0));
        assertEquals(10L, args.get(2));
        Agent.stop(a);
    }

    @Test
    void agentGetOfADeadPidExitsWithNoproc() {
        // Agent.get(dead, & &1) exits {:noproc, {GenServer, :call, [dead, {:get, fun}, 5000]}}
        Pid dead = deadPid();
        Tuple reason = (Tuple) exitReason(() -> Agent.get(dead, Function.identity()));
        assertEquals(Atom.NOPROC, reason.get(0));
        assertEquals(5000L, ((List<?>) ((Tuple) reason.get(1)).get(2)).get(2));
    }

    @Test
    void anAgentWhoseInitRaisesFailsToStartWithTheExceptionAndStacktrace() {
        // Agent.start(fn -> raise "x" end) #=> {:error, {%RuntimeError{message: "x"}, stacktrace}}
        Tuple reason = (Tuple) exitReason(() -> Agent.start(() -> { throw new IllegalStateException("x"); }));
        assertInstanceOf(IllegalStateException.class, reason.get(0));
        assertInstanceOf(List.class, reason.get(1));
    }

    @Test
    void agentUpdateGetAndUpdateAndCast() {
        // {update, get, get_and_update(fn s -> {s, s*10} end), get} #=> {:ok, 2, 2, 20}
        Pid a = Agent.start(() -> 1);
        Agent.update(a, (Integer s) -> s + 1);
        assertEquals(2, (Integer) Agent.get(a, Function.identity()));
        assertEquals(2, (Integer) Agent.getAndUpdate(a, (Integer s) -> Tuple.of(s, s * 10)));
        assertEquals(20, (Integer) Agent.get(a, Function.identity()));
        Agent.cast(a, (Integer s) -> s);
        Agent.stop(a);
    }

    @Test
    void getAndUpdateWhoseFunctionDoesNotGiveAPairStopsTheAgentWithBadReturnValue() {
        // Agent.get_and_update(a, fn s -> s end) exits {{:bad_return_value, 1}, {GenServer, :call, ...}}
        Pid a = Agent.start(() -> 1);
        Ref ref = monitor(a);
        Tuple reason = (Tuple) exitReason(() -> Agent.getAndUpdate(a, (Integer s) -> Tuple.of(s)));
        Tuple bad = Tuple.of(Atom.of("bad_return_value"), Tuple.of(1));
        assertEquals(bad, reason.get(0));
        assertEquals(bad, awaitDown(ref).reason());
    }

    // ------------------------------------------------------------------ Task

    @Test
    void tasksKnowTheirCallers() {
        // Task.async(fn -> {Process.get(:"$callers"), Process.get(:"$ancestors")} end) #=> {[self()], [self()]}
        Pid me = self();
        Atom callers = Atom.of("$callers");
        assertEquals(Tuple.of(List.of(me), List.of(me)), Task.async(() -> Tuple.of(get(callers), get(Atom.of("$ancestors")))).await());
        // a task in a task #=> [outer, self()]
        Task<Object> outer = Task.async(() -> Task.async(() -> get(callers)).await());
        assertEquals(List.of(outer.pid(), me), outer.await());
        // Task.start #=> [self()]
        Task.start(() -> send(me, Tuple.of(Atom.of("start"), get(callers))));
        OtpTesting.received(Tuple.of(Atom.of("start"), List.of(me)));
    }

    @Test
    void awaitTimeoutExitsWithTheTaskAndTimeout() {
        // Task.await(t, 10) exits {:timeout, {Task, :await, [t, 10]}}
        Task<Object> t = Task.async(() -> { sleep(Duration.ofMillis(500)); return null; });
        assertEquals(Tuple.of(Atom.TIMEOUT, mfa(TASK, "await", t, 10L)), exitReason(() -> t.await(Duration.ofMillis(10))));
        t.shutdown();
    }

    @Test
    void awaitOfATaskThatExitsExitsWithItsReason() {
        // trapping: Task.await(t, 100) of exit(:boom) exits {:boom, {Task, :await, [t, 100]}} (5 s here: a loaded machine is slow)
        trapExit(true);
        Task<Object> t = Task.async(() -> exit(Atom.of("boom")));
        assertEquals(Tuple.of(Atom.of("boom"), mfa(TASK, "await", t, 5000L)), exitReason(() -> t.await(Duration.ofSeconds(5))));
        assertEquals(Atom.of("boom"), awaitExitMessage().reason());
    }

    @Test
    void awaitOfATaskThatRaisesExitsWithTheExceptionAndStacktrace() {
        // trapping: Task.await of raise "x" exits {{%RuntimeError{}, stacktrace}, {Task, :await, [t, 5000]}}
        trapExit(true);
        Task<Object> t = Task.async(() -> { throw new IllegalStateException("x"); });
        Tuple reason = (Tuple) exitReason(t::await);
        Tuple crash = (Tuple) reason.get(0);
        assertInstanceOf(IllegalStateException.class, crash.get(0));
        assertInstanceOf(List.class, crash.get(1));
        assertEquals(mfa(TASK, "await", t, 5000L), reason.get(1));
        awaitExitMessage();
    }

    @Test
    void yieldGivesNilOkOrExit() {
        // Task.yield(slow, 10) #=> nil, then Task.shutdown(t) #=> nil
        Task<Object> slow = Task.async(() -> { sleep(Duration.ofMillis(500)); return null; });
        assertNull(slow.yield(Duration.ofMillis(10)));
        assertNull(slow.shutdown());
        // Task.yield(t, 1000) of 42 #=> {:ok, 42}
        assertEquals(Tuple.of(Atom.OK, 42), Task.async(() -> 42).yield(Duration.ofSeconds(5)));
        // trapping: Task.yield of exit(:boom) #=> {:exit, :boom}
        trapExit(true);
        assertEquals(Tuple.of(Atom.of("exit"), Atom.of("boom")), Task.async(() -> exit(Atom.of("boom"))).yield(Duration.ofSeconds(5)));
    }

    @Test
    void shutdownGivesTheValueIfItCameOrNilWhenKilled() {
        // t = Task.async(fn -> 42 end); Task.shutdown(t) once it is done #=> {:ok, 42}
        Task<Integer> done = Task.async(() -> 42);
        Ref ref = monitor(done.pid());
        awaitDown(ref);
        assertEquals(Tuple.of(Atom.OK, 42), done.shutdown());
        // Task.shutdown(slow, :brutal_kill) #=> nil
        Task<Object> slow = Task.async(() -> { sleep(Duration.ofMillis(500)); return null; });
        assertNull(slow.shutdown(ChildSpec.BRUTAL_KILL));
    }

    @Test
    void awaitManyTimeoutExitsWithTheTasks() {
        // Task.await_many([t], 10) exits {:timeout, {Task, :await_many, [[t], 10]}}
        Task<Object> t = Task.async(() -> { sleep(Duration.ofMillis(500)); return null; });
        assertEquals(Tuple.of(Atom.TIMEOUT, mfa(TASK, "await_many", List.of(t), 10L)),
                exitReason(() -> Task.awaitMany(List.of(t), Duration.ofMillis(10))));
        t.shutdown();
    }

    @Test
    void aCompletedTaskHasNoProcessAndGivesItsValueAtOnce() {
        // t = Task.completed(:done): t.pid #=> nil, {ref, :done} is in the mailbox, Task.await(t) #=> :done;
        // Task.yield(Task.completed(1), 0) #=> {:ok, 1}; Task.await_many([Task.completed(3), Task.async(fn -> 4 end)]) #=> [3, 4];
        // Task.shutdown(Task.completed(2)) raises ArgumentError
        Task<Atom> t = Task.completed(Atom.of("done"));
        assertNull(t.pid());
        assertEquals(1, info(self()).messageQueueLen());
        assertEquals(Atom.of("done"), t.await());
        assertEquals(Tuple.of(Atom.OK, 1), Task.completed(1).yield(Duration.ZERO));
        assertEquals(List.of(3, 4), Task.awaitMany(List.of(Task.completed(3), Task.async(() -> 4)), OtpTesting.WAIT));
        assertThrows(IllegalArgumentException.class, () -> Task.completed(2).shutdown());
    }

    @Test
    void afterAnAwaitTimesOutTheReplyIsDroppedAndShutdownStillStopsTheTask() {
        // Task.await(t, 10) exits :timeout; the task's later reply never reaches the owner (Elixir 1.14 waits on
        // an alias): Process.info(self(), :messages) #=> []; Task.shutdown(t2, 100) after a timed-out await #=> nil
        Task<Atom> t = Task.async(() -> receive(m -> Atom.of("go").equals(m) ? Atom.of("went") : NO_MATCH));
        assertEquals(Atom.TIMEOUT, ((Tuple) exitReason(() -> t.await(Duration.ofMillis(10)))).get(0));
        Ref watch = monitor(t.pid());
        send(t.pid(), Atom.of("go"));
        assertEquals(Atom.NORMAL, awaitDown(watch).reason());
        assertEquals(0, info(self()).messageQueueLen());
        Task<Atom> t2 = Task.async(() -> receive(m -> NO_MATCH));
        assertEquals(Atom.TIMEOUT, ((Tuple) exitReason(() -> Task.awaitMany(List.of(t2), Duration.ofMillis(10)))).get(0));
        assertNull(t2.shutdown(Duration.ofMillis(100)));
        assertFalse(alive(t2.pid()));
    }

    @Test
    void ignoreLetsTheTaskRunUnlinkedAndGivesWhatHadComeAlready() {
        // Task.ignore(running) #=> nil, the task is unlinked and its later reply never comes;
        // Task.ignore(finished) #=> {:ok, :quick}; with trap_exit, Task.ignore(died) #=> {:exit, :boom}
        // and the {:EXIT, pid, :boom} message stays
        Task<Atom> running = Task.async(() -> receive(m -> Atom.of("go").equals(m) ? Atom.of("went") : NO_MATCH));
        assertNull(running.ignore());
        assertFalse(info(self()).links().contains(running.pid()));
        Ref watch = monitor(running.pid());
        send(running.pid(), Atom.of("go"));
        assertEquals(Atom.NORMAL, awaitDown(watch).reason());
        assertEquals(0, info(self()).messageQueueLen(), "the reply to an ignored task is dropped");
        Task<Atom> quick = Task.async(() -> Atom.of("quick"));
        awaitDown(monitor(quick.pid()));
        assertEquals(Tuple.of(Atom.OK, Atom.of("quick")), quick.ignore());
        trapExit(true);
        Task<Object> died = Task.async(() -> { throw exit(BOOM_REASON); });
        awaitDown(monitor(died.pid()));
        // the task's own DOWN and its EXIT may still be on their way: wait for both
        Pid me = self();
        org.awaitility.Awaitility.await().atMost(OtpTesting.WAIT).until(() -> info(me).messageQueueLen() == 2);
        assertEquals(Tuple.of(Atom.of("exit"), BOOM_REASON), died.ignore());
        assertEquals(new Exit(died.pid(), BOOM_REASON), awaitExitMessage());
    }

    @Test
    void yieldManyGivesEachResultInOrderAndNilForTheUnfinished() {
        // t1 = 1, t2 sleeps; Task.yield_many([t1, t2], 100) results #=> [{:ok, 1}, nil]
        Task<Integer> quick = Task.async(() -> 1);
        Task<Object> slow = Task.async(() -> { sleep(Duration.ofSeconds(30)); return null; });
        assertEquals(java.util.Arrays.asList(Tuple.of(Atom.OK, 1), null), Task.yieldMany(List.of(quick, slow), Duration.ofSeconds(2)));
        slow.shutdown();
    }

    @Test
    void awaitFromAProcessThatIsNotTheOwnerIsAnArgumentError() {
        // Task.await(t) in another process raises ArgumentError "task ... must be queried from the owner but was queried from ..."
        Task<Integer> t = Task.async(() -> 1);
        Pid me = self();
        spawn(() -> send(me, Tuple.of(Atom.of("aw"), exitOrError(t::await))));
        OtpTesting.received(Tuple.of(Atom.of("aw"), IllegalArgumentException.class));
        assertEquals(1, t.await());
    }

    static Object exitOrError(java.util.function.Supplier<?> body) {
        try {
            return body.get();
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    @Test
    void aNolinkTaskOfATaskSupervisorThatExitsYieldsExitAndIsNoLongerAChild() {
        // t = Task.Supervisor.async_nolink(ts, fn -> exit(:boom) end); Task.yield(t, 1000) #=> {:exit, :boom};
        // Task.Supervisor.children(ts) #=> []; Task.Supervisor.terminate_child(ts, self()) #=> {:error, :not_found}
        Pid ts = TaskSupervisor.startLink();
        Task<Object> t = TaskSupervisor.asyncNolink(ts, () -> exit(BOOM_REASON));
        assertEquals(Tuple.of(Atom.of("exit"), BOOM_REASON), t.yield(OtpTesting.WAIT));
        org.awaitility.Awaitility.await().until(() -> TaskSupervisor.children(ts).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> TaskSupervisor.terminateChild(ts, self()));
        Supervisor.stop(ts);
    }

    @Test
    void aSecondYieldAfterTheValueCameGivesNil() {
        // Task.yield(t, 1000) #=> {:ok, 1}; Task.yield(t, 50) #=> nil
        Task<Integer> t = Task.async(() -> 1);
        assertEquals(Tuple.of(Atom.OK, 1), t.yield(OtpTesting.WAIT));
        assertNull(t.yield(Duration.ofMillis(50)));
    }

    /**
     * A linked task of {@code fn} run by a trapping owner, once it has ended: its DOWN and its EXIT are
     * in the mailbox (a DOWN of a monitor of our own could come before the task's, and a monitor made
     * then could overtake it with :noproc; the BEAM keeps such signals in order).
     */
    static Task<Object> ended(Task.Fn<Object> fn) {
        Pid me = self();
        int before = info(me).messageQueueLen();
        Task<Object> t = Task.async(fn);
        org.awaitility.Awaitility.await().atMost(OtpTesting.WAIT).until(() -> info(me).messageQueueLen() == before + 2);
        return t;
    }

    @Test
    void shutdownYieldAndAwaitOfATaskThatAlreadyEnded() {
        // trapping, each task already down: Task.shutdown of raise #=> {:exit, {%RuntimeError{}, stacktrace}};
        // of exit(:normal) #=> {:exit, :normal} (:brutal_kill too); of exit(:shutdown) #=> nil;
        // Task.yield of exit(:normal) #=> {:exit, :normal}; Task.await of exit(:normal) exits {:normal, {Task, :await, _}}
        trapExit(true);
        Tuple crashed = ended(() -> { throw new IllegalStateException("boom"); }).shutdown();
        assertTrue(crashed.is(Atom.of("exit"), 2) && isCrash(crashed.get(1)), "shutdown gave " + crashed);
        Tuple exitNormal = Tuple.of(Atom.of("exit"), Atom.NORMAL);
        assertEquals(exitNormal, ended(() -> exit(Atom.NORMAL)).shutdown());
        assertEquals(exitNormal, ended(() -> exit(Atom.NORMAL)).shutdown(ChildSpec.BRUTAL_KILL));
        assertNull(ended(() -> exit(Atom.SHUTDOWN)).shutdown());
        assertEquals(exitNormal, ended(() -> exit(Atom.NORMAL)).yield(OtpTesting.WAIT));
        Task<Object> t = ended(() -> exit(Atom.NORMAL));
        assertEquals(Tuple.of(Atom.NORMAL, mfa(TASK, "await", t, 5000L)), exitReason(t::await));
    }

    // ------------------------------------------------------------------ Supervisor

    static ChildSpec agentChild(Object id) {
        return ChildSpec.worker(id, () -> Agent.startLink(() -> 1));
    }

    @Test
    void exceedingRestartIntensityShutsTheSupervisorDown() {
        // max_restarts: 1, max_seconds: 5; kill the child twice #=> {:EXIT, sup, :shutdown}
        trapExit(true);
        Pid sup = Supervisor.startLink(null, List.of(agentChild("a")), Supervisor.Strategy.ONE_FOR_ONE, 1, Duration.ofSeconds(5));
        Pid first = Supervisor.whichChildren(sup).getFirst().pid();
        exit(first, Atom.KILL);
        Pid second = org.awaitility.Awaitility.await().until(() -> Supervisor.whichChildren(sup).getFirst().pid(),
                p -> p != null && !p.equals(first));
        exit(second, Atom.KILL);
        assertEquals(Atom.SHUTDOWN, awaitExit(sup).reason());
    }

    @Test
    void startChildWithATakenIdGivesAlreadyStarted() {
        // Supervisor.start_child(s, same id) #=> {:error, {:already_started, pid}}
        Pid sup = Supervisor.startLink(List.of(agentChild("a")), Supervisor.Strategy.ONE_FOR_ONE);
        Pid running = Supervisor.whichChildren(sup).getFirst().pid();
        assertEquals(Tuple.of(Atom.of("already_started"), running), exitReason(() -> Supervisor.startChild(sup, agentChild("a"))));
        Supervisor.stop(sup);
    }

    @Test
    void misusingChildIdsIsAnArgumentError() {
        // terminate_child / restart_child / delete_child of an unknown id #=> {:error, :not_found}
        // restart_child / delete_child of a running child #=> {:error, :running}
        Pid sup = Supervisor.startLink(List.of(agentChild("a")), Supervisor.Strategy.ONE_FOR_ONE);
        assertThrows(IllegalArgumentException.class, () -> Supervisor.terminateChild(sup, "nope"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.restartChild(sup, "nope"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.deleteChild(sup, "nope"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.restartChild(sup, "a"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.deleteChild(sup, "a"));
        // count_children #=> %{active: 1, specs: 1, supervisors: 0, workers: 1}
        assertEquals(new Supervisor.Counts(1, 1, 0, 1), Supervisor.countChildren(sup));
        Supervisor.stop(sup);
    }

    @Test
    void aChildThatFailsToStartFailsTheSupervisorStart() {
        // trapping: Supervisor.start_link([child whose init stops with :bad]) #=> {:error, {:shutdown, {:failed_to_start_child, :a, :bad}}}
        trapExit(true);
        ChildSpec failing = ChildSpec.worker(Atom.of("a"), () -> GenServer.startLink(new Server(Tuple.of(Atom.of("stop"), BAD))));
        Tuple failed = Tuple.of(Atom.SHUTDOWN, Tuple.of(Atom.of("failed_to_start_child"), Atom.of("a"), BAD));
        assertEquals(failed, exitReason(() -> Supervisor.startLink(List.of(failing), Supervisor.Strategy.ONE_FOR_ONE)));
        // ...and the link delivers {:EXIT, sup, that reason}
        assertEquals(failed, awaitExitMessage().reason());
    }

    @Test
    void startChildThatFailsGivesTheReasonAndAddsNoChild() {
        // Supervisor.start_child(s, child whose init stops with :bad) #=> {:error, {:bad, child_spec}}
        Pid sup = Supervisor.startLink(List.of(), Supervisor.Strategy.ONE_FOR_ONE);
        ChildSpec failing = ChildSpec.worker(Atom.of("a"), () -> GenServer.startLink(new Server(Tuple.of(Atom.of("stop"), BAD))));
        Object reason = exitReason(() -> Supervisor.startChild(sup, failing));
        assertEquals(BAD, reason instanceof Tuple t ? t.get(0) : reason, "reason " + reason);
        assertEquals(List.of(), Supervisor.whichChildren(sup));
        Supervisor.stop(sup);
    }

    @Test
    void startChildThatIgnoresIsKeptWithoutAPid() {
        // Supervisor.start_child(s, ignoring child) #=> {:ok, :undefined}; which_children #=> [{:a, :undefined, :worker, _}]
        Pid sup = Supervisor.startLink(List.of(), Supervisor.Strategy.ONE_FOR_ONE);
        assertNull(Supervisor.startChild(sup, ChildSpec.worker(Atom.of("a"), () -> GenServer.startLink(new Server(Atom.of("ignore"))))));
        assertEquals(List.of(new Supervisor.Child(Atom.of("a"), null, ChildSpec.Type.WORKER)), Supervisor.whichChildren(sup));
        Supervisor.stop(sup);
    }

    static List<Object> ids(Pid sup) {
        return Supervisor.whichChildren(sup).stream().map(Supervisor.Child::id).toList();
    }

    @Test
    void whichChildrenListsTheLastStartedFirstAndAStoppedChildWithoutAPid() {
        // start [a, b], start_child c: which_children ids #=> [:c, :b, :a]
        Pid sup = Supervisor.startLink(List.of(agentChild("a"), agentChild("b")), Supervisor.Strategy.ONE_FOR_ONE);
        Supervisor.startChild(sup, agentChild("c"));
        assertEquals(List.of("c", "b", "a"), ids(sup));
        // terminate_child(b) #=> :ok; b is listed with :undefined; count #=> %{active: 2, specs: 3, workers: 3}
        Supervisor.terminateChild(sup, "b");
        assertNull(Supervisor.whichChildren(sup).get(1).pid());
        assertEquals(new Supervisor.Counts(3, 2, 0, 3), Supervisor.countChildren(sup));
        // restart_child(b) #=> {:ok, pid}; terminate and delete #=> :ok
        assertNotNull(Supervisor.restartChild(sup, "b"));
        Supervisor.terminateChild(sup, "b");
        Supervisor.deleteChild(sup, "b");
        assertEquals(List.of("c", "a"), ids(sup));
        Supervisor.stop(sup);
    }

    /** A worker that says {@code {:started, id}} to {@code parent} each time it starts. */
    static ChildSpec announcing(Pid parent, String id) {
        return ChildSpec.worker(id, () -> Agent.startLink(() -> send(parent, Tuple.of(Atom.of("started"), id))));
    }

    static Object started() {
        Tuple t = receive(m -> m instanceof Tuple x && x.is(Atom.of("started"), 2) ? x : NO_MATCH, OtpTesting.WAIT, () -> null);
        assertNotNull(t, "no child started");
        return t.get(1);
    }

    @Test
    void restForOneRestartsTheLaterChildrenAndOneForAllEveryChildInStartOrder() {
        // rest_for_one [x, y, z], kill y #=> restarts [:y, :z]; one_for_all, kill z #=> restarts [:x, :y, :z]
        Pid me = self();
        List<ChildSpec> xyz = List.of(announcing(me, "x"), announcing(me, "y"), announcing(me, "z"));
        Pid rest = Supervisor.startLink(xyz, Supervisor.Strategy.REST_FOR_ONE);
        assertEquals(List.of("x", "y", "z"), List.of(started(), started(), started()));
        exit(Supervisor.whichChildren(rest).get(1).pid(), Atom.KILL);
        assertEquals(List.of("y", "z"), List.of(started(), started()));
        Pid all = Supervisor.startLink(xyz, Supervisor.Strategy.ONE_FOR_ALL);
        assertEquals(List.of("x", "y", "z"), List.of(started(), started(), started()));
        exit(Supervisor.whichChildren(all).getFirst().pid(), Atom.KILL);
        assertEquals(List.of("x", "y", "z"), List.of(started(), started(), started()));
        Supervisor.stop(rest);
        Supervisor.stop(all);
    }

    @Test
    void aTemporaryChildIsForgottenAndATransientOneStoppedWithShutdownIsNotRestarted() {
        // temporary child killed #=> which_children [] and count all zero
        Pid temp = Supervisor.startLink(List.of(agentChild("t").withRestart(ChildSpec.Restart.TEMPORARY)), Supervisor.Strategy.ONE_FOR_ONE);
        Ref ref = monitor(Supervisor.whichChildren(temp).getFirst().pid());
        exit(Supervisor.whichChildren(temp).getFirst().pid(), Atom.KILL);
        awaitDown(ref);
        org.awaitility.Awaitility.await().until(() -> Supervisor.whichChildren(temp).isEmpty());
        assertEquals(new Supervisor.Counts(0, 0, 0, 0), Supervisor.countChildren(temp));
        // transient child stopped with {:shutdown, :x} #=> [{:t, :undefined, :worker, _}]
        Pid trans = Supervisor.startLink(List.of(agentChild("t").withRestart(ChildSpec.Restart.TRANSIENT)), Supervisor.Strategy.ONE_FOR_ONE);
        Agent.stop(Supervisor.whichChildren(trans).getFirst().pid(), Tuple.of(Atom.SHUTDOWN, Atom.of("x")), GenServer.INFINITY);
        org.awaitility.Awaitility.await().until(() -> Supervisor.whichChildren(trans).getFirst().pid() == null);
        Supervisor.stop(temp);
        Supervisor.stop(trans);
    }

    /** A worker that reports {@code {:started, id}} and, from {@code terminate}, {@code {:terminated, id, reason}}. */
    record Watched(String id, Pid report, boolean trap) implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            trapExit(trap);
            send(report, Tuple.of(Atom.of("started"), id));
            return new Ok<>(id);
        }

        @Override
        public void terminate(Object reason, Object state) {
            send(report, Tuple.of(Atom.of("terminated"), id, reason));
        }
    }

    static ChildSpec watched(String id, boolean trap) {
        Pid me = self();
        return ChildSpec.worker(id, () -> GenServer.startLink(new Watched(id, me, trap)));
    }

    static Object next() {
        return receive(m -> m, OtpTesting.WAIT, () -> null);
    }

    static Tuple terminated(String id, Object reason) {
        return Tuple.of(Atom.of("terminated"), id, reason);
    }

    @Test
    void childrenAreStoppedInReverseStartOrderOnStopAndBeforeAOneForAllRestart() {
        // trapping children a, b, c; Supervisor.stop(sup) #=> terminated c, b, a, each with :shutdown
        List<ChildSpec> abc = List.of(watched("a", true), watched("b", true), watched("c", true));
        Pid sup = Supervisor.startLink(abc, Supervisor.Strategy.ONE_FOR_ONE);
        assertEquals(List.of("a", "b", "c"), List.of(started(), started(), started()));
        Supervisor.stop(sup);
        assertEquals(List.of(terminated("c", Atom.SHUTDOWN), terminated("b", Atom.SHUTDOWN), terminated("a", Atom.SHUTDOWN)),
                List.of(next(), next(), next()));
        // one_for_all, kill b #=> terminated c, then a (:shutdown), then started a, b, c
        Pid all = Supervisor.startLink(abc, Supervisor.Strategy.ONE_FOR_ALL);
        assertEquals(List.of("a", "b", "c"), List.of(started(), started(), started()));
        exit(Supervisor.whichChildren(all).get(1).pid(), Atom.KILL);
        assertEquals(List.of(terminated("c", Atom.SHUTDOWN), terminated("a", Atom.SHUTDOWN)), List.of(next(), next()));
        assertEquals(List.of("a", "b", "c"), List.of(started(), started(), started()));
        Supervisor.stop(all);
    }

    @Test
    void namedSupervisorsStoppedWithAReasonStopTheirChildrenWithShutdownAndExitWithTheReason() {
        // trapping; Supervisor.start_link([agent :a], strategy: :one_for_one, name: :my_sup);
        // Supervisor.stop(:my_sup, :shutdown, 5000) #=> :ok, the child's DOWN :shutdown, then {:EXIT, sup, :shutdown}
        trapExit(true);
        try {
            Pid sup = Supervisor.startLink(Atom.of("my_sup"), List.of(agentChild("a")), Supervisor.Strategy.ONE_FOR_ONE);
            Ref child = monitor(Supervisor.whichChildren(Atom.of("my_sup")).getFirst().pid());
            Supervisor.stop(Atom.of("my_sup"), Atom.SHUTDOWN, Duration.ofSeconds(5));
            assertEquals(Atom.SHUTDOWN, awaitDown(child).reason());
            assertEquals(new Exit(sup, Atom.SHUTDOWN), next());
            // DynamicSupervisor.start_link(strategy: :one_for_one, name: :dyn); start_child(:dyn, agent);
            // DynamicSupervisor.stop(:dyn, :bye) #=> :ok, the child's DOWN :shutdown, then {:EXIT, dyn, :bye}
            Pid dyn = DynamicSupervisor.startLink(Atom.of("dyn"));
            Ref dynChild = monitor(DynamicSupervisor.startChild(Atom.of("dyn"), agentChild("ignored")));
            DynamicSupervisor.stop(Atom.of("dyn"), Atom.of("bye"), GenServer.INFINITY);
            assertEquals(Atom.SHUTDOWN, awaitDown(dynChild).reason());
            assertEquals(new Exit(dyn, Atom.of("bye")), next());
        } finally {
            trapExit(false);
        }
    }

    @Test
    void terminatingATemporaryChildForgetsItsSpecAndASupervisorChildIsCountedAsOne() {
        // terminate_child(sup, :t) of a temporary child #=> :ok; which_children #=> []; count_children all zero
        Pid sup = Supervisor.startLink(List.of(agentChild("t").withRestart(ChildSpec.Restart.TEMPORARY)), Supervisor.Strategy.ONE_FOR_ONE);
        Supervisor.terminateChild(sup, "t");
        assertEquals(List.of(), Supervisor.whichChildren(sup));
        assertEquals(new Supervisor.Counts(0, 0, 0, 0), Supervisor.countChildren(sup));
        // start_child of a type: :supervisor child #=> count %{active: 1, specs: 1, supervisors: 1, workers: 0}
        Supervisor.startChild(sup, ChildSpec.supervisor("sub", () -> Supervisor.startLink(List.of(), Supervisor.Strategy.ONE_FOR_ONE)));
        assertEquals(new Supervisor.Counts(1, 1, 1, 0), Supervisor.countChildren(sup));
        assertEquals(ChildSpec.Type.SUPERVISOR, Supervisor.whichChildren(sup).getFirst().type());
        Supervisor.stop(sup);
    }

    @Test
    void withNoRestartsAllowedTheFirstCrashShutsTheSupervisorDown() {
        // max_restarts: 0; kill the child #=> {:EXIT, sup, :shutdown}
        trapExit(true);
        Pid sup = Supervisor.startLink(null, List.of(agentChild("z")), Supervisor.Strategy.ONE_FOR_ONE, 0, Duration.ofSeconds(5));
        exit(Supervisor.whichChildren(sup).getFirst().pid(), Atom.KILL);
        assertEquals(Atom.SHUTDOWN, awaitExit(sup).reason());
    }

    @Test
    void aPermanentChildThatStopsNormallyIsRestarted() {
        // Agent.stop(child) of a permanent child #=> which_children shows a new pid
        Pid sup = Supervisor.startLink(List.of(agentChild("ag")), Supervisor.Strategy.ONE_FOR_ONE);
        Pid first = Supervisor.whichChildren(sup).getFirst().pid();
        Agent.stop(first);
        org.awaitility.Awaitility.await().until(() -> Supervisor.whichChildren(sup).getFirst().pid(), p -> p != null && !p.equals(first));
        Supervisor.stop(sup);
    }

    /** Traps exits, ignores them, and takes 10 s in {@code terminate}. */
    record Stubborn() implements GenServer<Object> {
        @Override
        public Init<Object> init() {
            trapExit(true);
            return new Ok<>(0);
        }

        @Override
        public Result<Object> handleInfo(Object message, Object state) {
            return new NoReply<>(state);
        }

        @Override
        public void terminate(Object reason, Object state) {
            sleep(Duration.ofSeconds(10));
        }
    }

    @Test
    void aChildPastItsShutdownTimeIsKilledAndCanBeRestarted() {
        // shutdown: 100, terminate sleeps 10 s; terminate_child #=> :ok, the child's DOWN reason #=> :killed;
        // restart_child #=> {:ok, pid}; restart_child again #=> {:error, :running}
        ChildSpec slow = ChildSpec.worker("s", () -> GenServer.startLink(new Stubborn())).withShutdown(Duration.ofMillis(100));
        Pid sup = Supervisor.startLink(List.of(slow), Supervisor.Strategy.ONE_FOR_ONE);
        Ref ref = monitor(Supervisor.whichChildren(sup).getFirst().pid());
        Supervisor.terminateChild(sup, "s");
        assertEquals(Atom.KILLED, awaitDown(ref).reason());
        assertNotNull(Supervisor.restartChild(sup, "s"));
        assertThrows(IllegalArgumentException.class, () -> Supervisor.restartChild(sup, "s"));
        Supervisor.stop(sup);
    }

    @Test
    void restForOneStopsTheLaterChildrenLastFirstBeforeRestartingThem() {
        // trapping children a, b, c, d under rest_for_one; kill b #=> terminated d, c (:shutdown), then started b, c, d
        Pid sup = Supervisor.startLink(List.of(watched("a", true), watched("b", true), watched("c", true), watched("d", true)),
                Supervisor.Strategy.REST_FOR_ONE);
        assertEquals(List.of("a", "b", "c", "d"), List.of(started(), started(), started(), started()));
        exit(Supervisor.whichChildren(sup).get(2).pid(), Atom.KILL);   // which_children lists d, c, b, a
        assertEquals(List.of(terminated("d", Atom.SHUTDOWN), terminated("c", Atom.SHUTDOWN)), List.of(next(), next()));
        assertEquals(List.of("b", "c", "d"), List.of(started(), started(), started()));
        Supervisor.stop(sup);
    }

    @Test
    void aTransientChildThatStopsNormallyStaysListedWithoutAPidAndCanBeRestarted() {
        // Agent.stop(transient child) #=> which_children [{:t, :undefined, :worker, _}], count %{active: 0, specs: 1, workers: 1};
        // restart_child(sup, :t) #=> {:ok, pid}
        Pid sup = Supervisor.startLink(List.of(agentChild("t").withRestart(ChildSpec.Restart.TRANSIENT)), Supervisor.Strategy.ONE_FOR_ONE);
        Agent.stop(Supervisor.whichChildren(sup).getFirst().pid());
        org.awaitility.Awaitility.await().until(() -> Supervisor.whichChildren(sup).getFirst().pid() == null);
        assertEquals(new Supervisor.Counts(1, 0, 0, 1), Supervisor.countChildren(sup));
        assertNotNull(Supervisor.restartChild(sup, "t"));
        Supervisor.stop(sup);
    }

    @Test
    void duplicateChildIdsFailTheStart() {
        // trapping: Supervisor.start_link([a, a]) #=> {:error, {:start_spec, {:duplicate_child_name, :a}}}, then the EXIT
        // with that reason (a caller that does not trap dies of it on OTP 25)
        trapExit(true);
        Tuple reason = Tuple.of(Atom.of("start_spec"), Tuple.of(Atom.of("duplicate_child_name"), "a"));
        assertEquals(reason, exitReason(() -> Supervisor.startLink(List.of(agentChild("a"), agentChild("a")), Supervisor.Strategy.ONE_FOR_ONE)));
        assertEquals(reason, awaitExitMessage().reason());
    }

    // ------------------------------------------------------------------ DynamicSupervisor

    @Test
    void dynamicSupervisorStartChildResultsAndTerminateChildOfAStranger() {
        // max_children: 1; start_child(ignoring) #=> :ignore and count all zero; start_child({:stop, :bad}) #=> {:error, :bad};
        // a second running child #=> {:error, :max_children}; which_children #=> [{:undefined, pid, :worker, _}];
        // terminate_child(sup, self()) #=> {:error, :not_found}; terminate_child(child) #=> :ok, again #=> {:error, :not_found}
        trapExit(true);
        Pid sup = DynamicSupervisor.startLink(null, 1, 3, Duration.ofSeconds(5));
        assertNull(DynamicSupervisor.startChild(sup, ChildSpec.worker("x", () -> GenServer.startLink(new Server(Atom.of("ignore"))))));
        assertEquals(new Supervisor.Counts(0, 0, 0, 0), DynamicSupervisor.countChildren(sup));
        assertEquals(BAD, exitReason(() -> DynamicSupervisor.startChild(sup, ChildSpec.worker("x", () -> GenServer.startLink(new Server(Tuple.of(Atom.of("stop"), BAD)))))));
        Pid child = DynamicSupervisor.startChild(sup, agentChild("x"));
        assertEquals(Atom.of("max_children"), exitReason(() -> DynamicSupervisor.startChild(sup, agentChild("y"))));
        assertEquals(List.of(new Supervisor.Child(Atom.UNDEFINED, child, ChildSpec.Type.WORKER)), DynamicSupervisor.whichChildren(sup));
        assertEquals(new Supervisor.Counts(1, 1, 0, 1), DynamicSupervisor.countChildren(sup));
        assertThrows(IllegalArgumentException.class, () -> DynamicSupervisor.terminateChild(sup, self()));
        DynamicSupervisor.terminateChild(sup, child);
        assertThrows(IllegalArgumentException.class, () -> DynamicSupervisor.terminateChild(sup, child));
        // a transient child that stops :normal #=> which_children []
        Pid t = DynamicSupervisor.startChild(sup, agentChild("t").withRestart(ChildSpec.Restart.TRANSIENT));
        Agent.stop(t);
        org.awaitility.Awaitility.await().until(() -> DynamicSupervisor.whichChildren(sup).isEmpty());
        DynamicSupervisor.stop(sup);
    }

    // ------------------------------------------------------------------ Registry

    @Test
    void uniqueKeysRefuseASecondRegistration() {
        // Registry.register(:ru, :k, 2) after (:ru, :k, 1) #=> {:error, {:already_registered, self()}}
        Atom reg = Atom.of("conformance_ru");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        assertEquals(Tuple.of(Atom.OK, owner), Registry.register(reg, "k", 1));
        assertEquals(Tuple.of(Atom.ERROR, Tuple.of(Atom.of("already_registered"), self())), Registry.register(reg, "k", 2));
        // unregister of a key not held #=> :ok; lookup of an unknown key #=> []
        assertDoesNotThrow(() -> Registry.unregister(reg, "zz"));
        assertEquals(List.of(), Registry.lookup(reg, "zz"));
        GenServer.stop(owner);
    }

    @Test
    void updateValueAndValuesOfAUniqueRegistry() {
        // {update_value(:u, :k, &(&1+1)), register(:u, :k, 1), update_value(:u, :k, &(&1+1)), values(:u, :k, self()), lookup(:u, :k)}
        //   #=> {:error, {:ok, reg}, {2, 1}, [2], [{self(), 2}]}
        Atom reg = Atom.of("conformance_u");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        assertEquals(Atom.ERROR, Registry.updateValue(reg, "k", v -> (Integer) v + 1));
        Registry.register(reg, "k", 1);
        assertEquals(Tuple.of(2, 1), Registry.updateValue(reg, "k", v -> (Integer) v + 1));
        assertEquals(List.of(2), Registry.values(reg, "k", self()));
        assertEquals(List.of(new Registry.Entry(self(), 2)), Registry.lookup(reg, "k"));
        GenServer.stop(owner);
    }

    @Test
    void valuesOfADuplicateRegistryAndUpdateValueRefused() {
        // Registry.update_value(:d, :k, f) raises ArgumentError "... not supported for duplicate registries"
        // register(:d, :k, 1); register(:d, :k, 2); {values(:d, :k, self()), values(:d, :zz, self()), keys(:d, other)} #=> {[1, 2], [], []}
        Atom reg = Atom.of("conformance_d");
        Pid owner = Registry.startLink(Registry.Keys.DUPLICATE, reg);
        assertThrows(IllegalArgumentException.class, () -> Registry.updateValue(reg, "k", v -> v));
        Registry.register(reg, "k", 1);
        Registry.register(reg, "k", 2);
        assertEquals(List.of(1, 2), Registry.values(reg, "k", self()));
        assertEquals(List.of(), Registry.values(reg, "zz", self()));
        assertEquals(List.of(), Registry.keys(reg, deadPid()));
        // Registry.lookup(:nope, :k) raises ArgumentError "unknown registry: :nope"
        assertThrows(IllegalArgumentException.class, () -> Registry.lookup(Atom.of("conformance_nope"), "k"));
        GenServer.stop(owner);
    }

    @Test
    void duplicateKeysKeepEveryRegistration() {
        // {register(:rd, :k, 1), register(:rd, :k, 2), lookup, keys(self()), count}
        //   #=> {{:ok, reg}, {:ok, reg}, [{self(), 1}, {self(), 2}], [:k, :k], 2}
        Atom reg = Atom.of("conformance_rd");
        Pid owner = Registry.startLink(Registry.Keys.DUPLICATE, reg);
        assertEquals(Tuple.of(Atom.OK, owner), Registry.register(reg, "k", 1));
        assertEquals(Tuple.of(Atom.OK, owner), Registry.register(reg, "k", 2));
        assertEquals(List.of(new Registry.Entry(self(), 1), new Registry.Entry(self(), 2)), Registry.lookup(reg, "k"));
        assertEquals(List.of("k", "k"), Registry.keys(reg, self()));
        assertEquals(2, Registry.count(reg));
        GenServer.stop(owner);
    }

    @Test
    void unregisterMatchAndCountMatchTakeTheEntriesWhoseValueMatches() {
        // register(:rd2, :k, 1), (:k, 2), (:k, 20), (:j, 5); count_match(:rd2, :k, 2) #=> 1;
        // unregister_match(:rd2, :k, 2) #=> :ok, then lookup(:rd2, :k) #=> [{self(), 1}, {self(), 20}], keys #=> [:k, :k, :j];
        // unregister_match(:rd2, :k, :_) leaves keys [:j]; count_select(:rd2, all) #=> 1
        Atom reg = Atom.of("conformance_rd2");
        Pid owner = Registry.startLink(Registry.Keys.DUPLICATE, reg);
        for (int v : new int[] {1, 2, 20}) Registry.register(reg, "k", v);
        Registry.register(reg, "j", 5);
        assertEquals(1, Registry.countMatch(reg, "k", v -> v.equals(2)));
        Registry.unregisterMatch(reg, "k", v -> v.equals(2));
        assertEquals(List.of(new Registry.Entry(self(), 1), new Registry.Entry(self(), 20)), Registry.lookup(reg, "k"));
        assertEquals(List.of("k", "k", "j"), Registry.keys(reg, self()));
        Registry.unregisterMatch(reg, "k", v -> true);
        assertEquals(List.of("j"), Registry.keys(reg, self()));
        assertEquals(1, Registry.countSelect(reg, e -> true));
        GenServer.stop(owner);
    }

    @Test
    void metadata() {
        // {meta(:mr, :custom), put_meta(:mr, :custom, 42), meta(:mr, :custom), put_meta(:mr, {:t, 1}, :v), meta(:mr, {:t, 1})}
        //   #=> {:error, :ok, {:ok, 42}, :ok, {:ok, :v}}; put_meta with a string key raises FunctionClauseError
        Atom reg = Atom.of("conformance_mr");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        Atom custom = Atom.of("custom");
        assertEquals(Atom.ERROR, Registry.meta(reg, custom));
        Registry.putMeta(reg, custom, 42);
        assertEquals(Tuple.of(Atom.OK, 42), Registry.meta(reg, custom));
        Registry.putMeta(reg, Tuple.of(Atom.of("t"), 1), Atom.of("v"));
        assertEquals(Tuple.of(Atom.OK, Atom.of("v")), Registry.meta(reg, Tuple.of(Atom.of("t"), 1)));
        assertThrows(IllegalArgumentException.class, () -> Registry.putMeta(reg, "str", 1));
        // delete_meta(:mr, :custom) #=> :ok, then meta(:mr, :custom) #=> :error
        Registry.deleteMeta(reg, custom);
        assertEquals(Atom.ERROR, Registry.meta(reg, custom));
        GenServer.stop(owner);
    }

    @Test
    void aDeadProcessesKeysAreGone() {
        // a process registers :k and exits; Registry.lookup(:ru4, :k) #=> []
        Atom reg = Atom.of("conformance_ru4");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        Spawned s = spawnMonitor(() -> Registry.register(reg, "k", 1));
        awaitDown(s.ref());
        org.awaitility.Awaitility.await().until(() -> Registry.lookup(reg, "k").isEmpty());
        GenServer.stop(owner);
    }

    @Test
    void dispatchCallsTheFunctionOnlyWhenTheKeyHasEntries() {
        // Registry.dispatch(:rdisp, :none, fun) #=> :ok and fun is not called; after register(:rdisp, :k, 1),
        // dispatch(:rdisp, :k, fun) calls fun with [{self(), 1}]
        Atom reg = Atom.of("conformance_rdisp");
        Pid owner = Registry.startLink(Registry.Keys.DUPLICATE, reg);
        List<List<Registry.Entry>> calls = new java.util.ArrayList<>();
        Registry.dispatch(reg, "none", calls::add);
        assertEquals(List.of(), calls);
        Registry.register(reg, "k", 1);
        Registry.dispatch(reg, "k", calls::add);
        assertEquals(List.of(List.of(new Registry.Entry(self(), 1))), calls);
        GenServer.stop(owner);
    }

    @Test
    void unregisterInADuplicateRegistryRemovesEveryEntryOfTheKey() {
        // register(:rdu, :k, 1), register(:rdu, :k, 2); {Registry.unregister(:rdu, :k), lookup(:rdu, :k)} #=> {:ok, []}
        Atom reg = Atom.of("conformance_rdu");
        Pid owner = Registry.startLink(Registry.Keys.DUPLICATE, reg);
        Registry.register(reg, "k", 1);
        Registry.register(reg, "k", 2);
        Registry.unregister(reg, "k");
        assertEquals(List.of(), Registry.lookup(reg, "k"));
        GenServer.stop(owner);
    }

    @Test
    void anAgentCallThatTimedOutLeavesTheAgentWorking() {
        // Agent.update(a, slow, 10) exits {:timeout, _}; Agent.get(a, & &1, :infinity) #=> 1; Agent.stop(a, :shutdown) #=> :ok
        Pid a = Agent.start(() -> 1);
        assertEquals(Atom.TIMEOUT, ((Tuple) exitReason(() -> Agent.update(a, (Integer s) -> { sleep(Duration.ofMillis(300)); return s; }, Duration.ofMillis(10)))).get(0));
        assertEquals(1, (Integer) Agent.get(a, Function.identity(), GenServer.INFINITY));
        Ref ref = monitor(a);
        Agent.stop(a, Atom.SHUTDOWN, GenServer.INFINITY);
        assertEquals(Atom.SHUTDOWN, awaitDown(ref).reason());
    }

    @Test
    void aViaNameTakenInARegistryGivesAlreadyStarted() {
        // Agent.start(fn, name: {:via, Registry, {:rv, :k}}) twice #=> {:error, {:already_started, first}};
        // Agent.start(fn -> exit(:x) end) #=> {:error, :x}
        Atom reg = Atom.of("conformance_rv");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        Registry.Via via = new Registry.Via(reg, "k");
        Pid first = Agent.start(() -> 1, via);
        assertEquals(Tuple.of(Atom.of("already_started"), first), exitReason(() -> Agent.start(() -> 2, via)));
        assertEquals(Atom.of("x"), exitReason(() -> Agent.start(() -> exit(Atom.of("x")))));
        Agent.stop(first);
        GenServer.stop(owner);
    }
}
