package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static dev.weft.process.KernelTest.assertReceived;
import static dev.weft.process.KernelTest.awaitDown;
import static dev.weft.process.KernelTest.awaitExit;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.term.Atom;
import dev.weft.term.NodeNames;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The process primitives checked against the real BEAM: each test ran first as Elixir 1.14 on
 * Erlang/OTP 25 ({@code Process.*}, {@code Kernel.spawn*}, {@code send}), and the BEAM's answer is
 * the one asserted (quoted in each test's comment).
 *
 * <p>Where Weft answers differently by design:
 * <ul>
 * <li>A process that raises ends with the Throwable itself as its exit reason, where the BEAM has
 *     {@code {exception, stacktrace}} ({@code {{:nocatch, v}, stacktrace}} for a throw).
 * <li>{@code Process.link/1} of a dead pid raises {@code ErlangError :noproc} on the BEAM; Weft
 *     throws {@link ExitException} with {@code :noproc} (Weft has no error class apart from exits).
 * <li>Bad arguments ({@code ArgumentError} / {@code FunctionClauseError} / {@code badarg} on the
 *     BEAM) are {@link IllegalArgumentException}s.
 * <li>{@link Kernel#cancelTimer} returns a boolean, where {@code Process.cancel_timer/1} returns the
 *     milliseconds left or false ({@link Kernel#readTimer} gives the time left).
 * <li>{@link Kernel#monitor} takes a pid or a name and a node; the {@link Down} of a monitor of
 *     {@code {name, node}} carries the pid the name stood for, where the BEAM's DOWN names
 *     {@code {name, node}}.
 * </ul>
 */
class ConformanceTest {
    static final Atom BOOM = Atom.of("boom");

    /** Tests share the test thread's process: each starts and ends not trapping, with an empty mailbox. */
    @BeforeEach
    @AfterEach
    void stopTrapping() {
        trapExit(false);
        flushQuietly();
    }

    static void flushQuietly() {
        while (receive(m -> m, Duration.ZERO, () -> null) != null) { }
    }

    /** A pid whose process has ended and been seen to end. */
    static Pid deadPid() {
        Spawned s = spawnMonitor(() -> { });
        awaitDown(s.ref());
        return s.pid();
    }

    static Pid sleeper() {
        return spawn(() -> receive());
    }

    static Object downReason(Runnable body) {
        return awaitDown(spawnMonitor(body).ref()).reason();
    }

    static boolean hasDown(Ref ref) {
        return receive(m -> m instanceof Down d && d.ref().equals(ref) ? Boolean.TRUE : NO_MATCH, Duration.ZERO, () -> false);
    }

    // ------------------------------------------------------------------ monitors

    @Test
    void demonitorWithInfoIsTrueWhileTheMonitorIsActive() {
        // Process.demonitor(Process.monitor(live), [:info]) #=> true
        Pid p = sleeper();
        Ref ref = monitor(p);
        assertTrue(demonitor(ref, INFO));
        // ...and a second demonitor of the same ref #=> false
        assertFalse(demonitor(ref, INFO));
        exit(p, Atom.KILL);
    }

    @Test
    void demonitorWithInfoIsFalseOnceTheDownHasFiredAndFlushRemovesIt() {
        // r = Process.monitor(dead); Process.demonitor(r, [:info]) #=> false, the DOWN stays
        // Process.demonitor(r, [:flush, :info]) #=> false, the DOWN is gone
        Ref ref = monitor(deadPid());
        assertFalse(demonitor(ref, INFO));
        assertFalse(demonitor(ref, FLUSH, INFO));
        assertFalse(hasDown(ref));
    }

    @Test
    void demonitorWithoutInfoIsTrueEvenForAnUnknownRef() {
        // :erlang.demonitor(make_ref()) #=> true; with [:info] #=> false
        assertTrue(demonitor(makeRef()));
        assertFalse(demonitor(makeRef(), INFO));
    }

    @Test
    void demonitorWithAnUnknownOptionIsAnArgumentError() {
        // Process.demonitor(ref, [:foo]) raises ArgumentError "invalid option in list"
        Pid p = sleeper();
        Ref ref = monitor(p);
        assertThrows(IllegalArgumentException.class, () -> demonitor(ref, Atom.of("foo")));
        assertTrue(demonitor(ref, INFO), "a bad option leaves the monitor in place");
        exit(p, Atom.KILL);
    }

    @Test
    void aMonitorOfARegisteredNameFiresWithTheReasonAndCanBeDemonitored() {
        // Process.register(p, :n); r = Process.monitor({:n, node()}); Process.demonitor(r, [:info]) #=> true
        // r = Process.monitor({:n, node()}); Process.exit(p, :kill) #=> {:DOWN, ^r, :process, {:n, node()}, :killed}
        // (Weft's Down carries p, see the class comment); and two monitors of one process give two DOWNs
        Atom name = Atom.of("conformance_watched");
        Pid p = sleeper();
        register(p, name);
        assertTrue(demonitor(monitor(name, NodeNames.local()), INFO));
        Ref byName = monitor(name, NodeNames.local());
        Ref byPid = monitor(p);
        assertEquals(List.of(self(), self()), info(p).monitoredBy());
        exit(p, Atom.KILL);
        assertEquals(new Down(byName, p, Atom.KILLED), awaitDown(byName));
        assertEquals(new Down(byPid, p, Atom.KILLED), awaitDown(byPid));
    }

    @Test
    void monitoringOneselfMakesNoMonitor() {
        // r = Process.monitor(self()); Process.demonitor(r, [:info]) #=> false
        assertFalse(demonitor(monitor(self()), INFO));
    }

    @Test
    void killAndShutdownReasonsInTheDown() {
        // Process.exit(p, :kill) #=> DOWN :killed; Process.exit(p, :shutdown) #=> DOWN :shutdown
        Spawned killed = spawnMonitor(() -> receive());
        exit(killed.pid(), Atom.KILL);
        assertEquals(Atom.KILLED, awaitDown(killed.ref()).reason());
        Spawned shut = spawnMonitor(() -> receive());
        exit(shut.pid(), Atom.SHUTDOWN);
        assertEquals(Atom.SHUTDOWN, awaitDown(shut.ref()).reason());
    }

    @Test
    void aMessageSentBeforeExitingArrivesBeforeTheDown() {
        // spawn_monitor(fn -> send(me, :last) end): :last is in the mailbox before the DOWN
        Pid me = self();
        Spawned s = spawnMonitor(() -> send(me, Atom.of("last")));
        Object first = receive(m -> m.equals(Atom.of("last")) || m instanceof Down d && d.ref().equals(s.ref()) ? m : NO_MATCH,
                Duration.ofSeconds(5), () -> null);
        assertEquals(Atom.of("last"), first);
        awaitDown(s.ref());
    }

    @Test
    void monitorOfADeadPidGivesNoproc() {
        // r = Process.monitor(dead); receive {:DOWN, ^r, :process, ^dead, x} #=> :noproc
        Pid dead = deadPid();
        Down d = awaitDown(monitor(dead));
        assertEquals(dead, d.pid());
        assertEquals(Atom.NOPROC, d.reason());
    }


    @Test
    void aMonitorMadeRightAfterAKillSeesTheProcessGone() {
        // Process.exit(p, :kill); r = Process.monitor(p) #=> {:DOWN, ^r, :process, ^p, :noproc} (checked on OTP 25):
        // the monitor signal follows the kill, so it reaches a process that is already dead
        for (int i = 0; i < 100; i++) {
            Pid p = spawn(() -> receive());
            exit(p, Atom.KILL);
            assertEquals(Atom.NOPROC, awaitDown(monitor(p)).reason());
        }
    }
    @Test
    void aMonitorMadeWhileAProcessExitsGetsItsDownAfterTheDownOfAnEarlierMonitor() {
        // r1 = Process.monitor(p); send(p, :go); r2 = Process.monitor(p): r2's DOWN is :normal if p took
        // the monitor before it exited, else :noproc, and then it comes after r1's :normal DOWN (OTP 25,
        // 2,000 rounds): the signals from p to us keep their order, and the :noproc is p's answer
        for (int i = 0; i < 2_000; i++) {
            Pid p = spawn(() -> receive());
            Ref first = monitor(p);
            send(p, Atom.of("go"));
            Ref second = monitor(p);
            Down d = receive(m -> m instanceof Down x && (x.ref().equals(first) || x.ref().equals(second)) ? x : NO_MATCH);
            assertFalse(d.ref().equals(second) && Atom.NOPROC.equals(d.reason()), "round " + i + ": the :noproc DOWN came first");
            Down other = awaitDown(d.ref().equals(first) ? second : first);
            assertTrue(Atom.NORMAL.equals(other.reason()) || Atom.NOPROC.equals(other.reason()) && other.ref().equals(second), other.toString());
        }
    }

    @Test
    void spawnMonitorGivesTheExitReasonInTheDown() {
        // spawn_monitor(fn -> exit(:bye) end) DOWN reason #=> :bye
        assertEquals(Atom.of("bye"), downReason(() -> exit(Atom.of("bye"))));
        // spawn_monitor(fn -> raise "boom" end) #=> {%RuntimeError{}, stacktrace}: Weft gives the exception itself
        Object raised = downReason(() -> { throw new IllegalStateException("boom"); });
        assertInstanceOf(IllegalStateException.class, raised);
    }

    @Test
    void aLinkOrMonitorToAnotherNodesPidWithoutDistributionGivesNoconnection() {
        // on a node that is not distributed, for a pid of other@host:
        // Process.monitor(pid) #=> {:DOWN, ref, :process, pid, :noconnection};
        // trapping, Process.link(pid) #=> true, then {:EXIT, pid, :noconnection}; not trapping, the caller exits :noconnection
        assumeTrue(Signals.remote == null, "this JVM is not distributed");
        Pid remote = new Pid(Atom.of("other@host"), 5, 1);
        Ref ref = monitor(remote);
        assertEquals(new Down(ref, remote, Atom.NOCONNECTION), awaitDown(ref));
        assertEquals(Atom.NOCONNECTION, downReason(() -> {
            link(remote);
            sleep(Duration.ofSeconds(5));
        }));
        trapExit(true);
        assertTrue(link(remote));
        assertEquals(new Exit(remote, Atom.NOCONNECTION), awaitExit(remote));
    }

    // ------------------------------------------------------------------ liveness and info

    @Test
    void infoAndAliveOfADeadPid() {
        // Process.info(dead) #=> nil; Process.alive?(dead) #=> false
        Pid dead = deadPid();
        assertNull(info(dead));
        assertFalse(alive(dead));
        assertTrue(alive(self()));
        // self() in Process.list() #=> true
        assertTrue(processes().contains(self()));
    }

    @Test
    void infoOfAnotherProcessShowsTheLinksAndMonitorsJustMadeOrRemoved() {
        // p = spawn(...); Process.link(p); Process.info(p, :links) #=> {:links, [self()]};
        // Process.unlink(p) #=> self() no longer in it; Process.monitor(p) then :monitored_by has self();
        // Process.demonitor(r) #=> it no longer has (each right after the call, 1,000 times on OTP 25)
        for (int i = 0; i < 200; i++) {
            Pid p = sleeper();
            link(p);
            assertEquals(List.of(self()), info(p).links());
            unlink(p);
            assertEquals(List.of(), info(p).links());
            Ref ref = monitor(p);
            assertEquals(List.of(self()), info(p).monitoredBy());
            demonitor(ref);
            assertEquals(List.of(), info(p).monitoredBy());
            exit(p, Atom.KILL);
        }
        // send(p, :a); send(p, :b); Process.info(p, :message_queue_len) #=> {:message_queue_len, 2}
        Pid p = spawn(() -> receive(m -> Atom.of("never").equals(m) ? m : NO_MATCH));
        send(p, Atom.of("a"));
        send(p, Atom.of("b"));
        assertEquals(2, info(p).messageQueueLen());
        exit(p, Atom.KILL);
    }

    @Test
    void aliveInfoAndRegisterOfAnotherNodesPidAreArgumentErrors() {
        // for a pid of other@host: Process.alive?(pid), Process.info(pid), Process.info(pid, :status) and
        // Process.info(pid, [:status]) raise ArgumentError "1st argument: not a local pid";
        // Process.register(pid, :rr) raises ArgumentError "... because it belongs to another node"
        Pid remote = new Pid(Atom.of("other@host"), 5, 1);
        assertThrows(IllegalArgumentException.class, () -> alive(remote));
        assertThrows(IllegalArgumentException.class, () -> info(remote));
        assertThrows(IllegalArgumentException.class, () -> info(remote, STATUS));
        assertThrows(IllegalArgumentException.class, () -> info(remote, List.of(STATUS)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> register(remote, Atom.of("conformance_rr")));
        assertTrue(e.getMessage().contains("another node"), e.getMessage());
        assertNull(whereis(Atom.of("conformance_rr")));
    }

    static final Atom STATUS = Atom.of("status");
    static final Atom MESSAGES = Atom.of("messages");
    static final Atom MESSAGE_QUEUE_LEN = Atom.of("message_queue_len");
    static final Atom REGISTERED_NAME = Atom.of("registered_name");
    static final Atom TRAP_EXIT = Atom.of("trap_exit");

    @Test
    void infoItemsOfAnotherProcess() {
        // p = spawn(fn -> Process.put(:k, 1); send(parent, :ready); receive do :stop -> :ok end end)
        // after :ready, send(p, :a); send(p, {:b, 1}):
        Pid parent = self();
        Pid p = spawn(() -> {
            put(Atom.of("k"), 1);
            send(parent, Atom.of("ready"));
            receive(m -> Atom.of("stop").equals(m) ? m : NO_MATCH);
        });
        assertReceived(Atom.of("ready"));
        send(p, Atom.of("a"));
        send(p, Tuple.of(Atom.of("b"), 1));
        // Process.info(p, :messages) #=> {:messages, [:a, {:b, 1}]}
        assertEquals(Tuple.of(MESSAGES, List.of(Atom.of("a"), Tuple.of(Atom.of("b"), 1))), info(p, MESSAGES));
        // Process.info(p, :message_queue_len) #=> {:message_queue_len, 2}
        assertEquals(Tuple.of(MESSAGE_QUEUE_LEN, 2), info(p, MESSAGE_QUEUE_LEN));
        // Process.info(p, :status) #=> {:status, :waiting} (once it waits in receive again)
        await().until(() -> info(p, STATUS).equals(Tuple.of(STATUS, Atom.of("waiting"))));
        // Process.info(p, :dictionary) #=> {:dictionary, [k: 1]}
        assertEquals(Tuple.of(Atom.of("dictionary"), List.of(Tuple.of(Atom.of("k"), 1))), info(p, Atom.of("dictionary")));
        // Process.info(p, :registered_name) #=> {:registered_name, []} (Elixir's answer; :erlang.process_info gives [])
        assertEquals(Tuple.of(REGISTERED_NAME, List.of()), info(p, REGISTERED_NAME));
        // Process.register(p, :foo); Process.info(p, :registered_name) #=> {:registered_name, :foo}
        register(p, Atom.of("conformance_info"));
        assertEquals(Tuple.of(REGISTERED_NAME, Atom.of("conformance_info")), info(p, REGISTERED_NAME));
        // Process.info(p, :trap_exit) #=> {:trap_exit, false}
        assertEquals(Tuple.of(TRAP_EXIT, false), info(p, TRAP_EXIT));
        // Process.info(p, :initial_call) #=> {:initial_call, {:erlang, :apply, 2}}
        assertEquals(Tuple.of(Atom.of("initial_call"), Tuple.of(Atom.of("erlang"), Atom.of("apply"), 2)), info(p, Atom.of("initial_call")));
        // Process.info(p, :group_leader) == {:group_leader, Process.group_leader()} #=> true
        assertEquals(Tuple.of(Atom.of("group_leader"), groupLeader()), info(p, Atom.of("group_leader")));
        exit(p, Atom.KILL);
    }

    @Test
    void infoItemsShowTheLinksAndMonitorsJustMadeOrRemoved() {
        // Process.info(p, :links) #=> {:links, []}; after Process.link(p) #=> {:links, [self()]};
        // after Process.unlink(p) #=> {:links, []}; r = Process.monitor(p): Process.info(p, :monitored_by)
        // #=> {:monitored_by, [self()]} and Process.info(self(), :monitors) #=> {:monitors, [{:process, p}]};
        // after Process.demonitor(r) both #=> []
        Atom links = Atom.of("links");
        Atom monitors = Atom.of("monitors");
        Atom monitoredBy = Atom.of("monitored_by");
        Pid p = sleeper();
        assertEquals(Tuple.of(links, List.of()), info(p, links));
        link(p);
        assertEquals(Tuple.of(links, List.of(self())), info(p, links));
        unlink(p);
        assertEquals(Tuple.of(links, List.of()), info(p, links));
        Ref ref = monitor(p);
        assertEquals(Tuple.of(monitoredBy, List.of(self())), info(p, monitoredBy));
        assertEquals(Tuple.of(monitors, List.of(Tuple.of(Atom.PROCESS, p))), info(self(), monitors));
        demonitor(ref);
        assertEquals(Tuple.of(monitoredBy, List.of()), info(p, monitoredBy));
        assertEquals(Tuple.of(monitors, List.of()), info(self(), monitors));
        exit(p, Atom.KILL);
    }

    @Test
    void infoMessagesAreThoseLeftInOrderAfterASelectiveReceive() {
        // q = spawn(fn -> receive do x -> send(parent, {:got, x}); receive do :never -> :ok end end end)
        // send(q, :first); send(q, :second); send(q, :third); after {:got, :first}:
        // Process.info(q, :messages) #=> {:messages, [:second, :third]}
        Pid parent = self();
        Pid q = spawn(() -> {
            send(parent, Tuple.of(Atom.of("got"), receive()));
            receive(m -> Atom.of("never").equals(m) ? m : NO_MATCH);
        });
        send(q, Atom.of("first"));
        send(q, Atom.of("second"));
        send(q, Atom.of("third"));
        assertReceived(Tuple.of(Atom.of("got"), Atom.of("first")));
        assertEquals(Tuple.of(MESSAGES, List.of(Atom.of("second"), Atom.of("third"))), info(q, MESSAGES));
        exit(q, Atom.KILL);
    }

    @Test
    void infoWithAListOfItemsIsAKeywordListInTheOrderAsked() {
        // Process.info(p, [:messages, :message_queue_len, :status, :registered_name, :trap_exit])
        // #=> [messages: [:a], message_queue_len: 1, status: :waiting, registered_name: [], trap_exit: false]
        Pid p = spawn(() -> receive(m -> Atom.of("never").equals(m) ? m : NO_MATCH));
        send(p, Atom.of("a"));
        await().until(() -> info(p, STATUS).equals(Tuple.of(STATUS, Atom.of("waiting"))));
        assertEquals(List.of(Tuple.of(MESSAGES, List.of(Atom.of("a"))), Tuple.of(MESSAGE_QUEUE_LEN, 1),
                        Tuple.of(STATUS, Atom.of("waiting")), Tuple.of(REGISTERED_NAME, List.of()), Tuple.of(TRAP_EXIT, false)),
                info(p, List.of(MESSAGES, MESSAGE_QUEUE_LEN, STATUS, REGISTERED_NAME, TRAP_EXIT)));
        // Process.info(p, [:trap_exit, :trap_exit]) #=> [trap_exit: false, trap_exit: false]
        assertEquals(List.of(Tuple.of(TRAP_EXIT, false), Tuple.of(TRAP_EXIT, false)), info(p, List.of(TRAP_EXIT, TRAP_EXIT)));
        // Process.info(p, []) #=> []
        assertEquals(List.of(), info(p, List.of()));
        exit(p, Atom.KILL);
    }

    @Test
    void infoItemsOfTheCallerItself() {
        // send(self(), :x); send(self(), :y); Process.info(self(), [:message_queue_len, :messages])
        // #=> [message_queue_len: 2, messages: [:x, :y]]; Process.info(self(), :status) #=> {:status, :running}
        // Process.flag(:trap_exit, true); Process.info(self(), :trap_exit) #=> {:trap_exit, true}
        send(self(), Atom.of("x"));
        send(self(), Atom.of("y"));
        assertEquals(List.of(Tuple.of(MESSAGE_QUEUE_LEN, 2), Tuple.of(MESSAGES, List.of(Atom.of("x"), Atom.of("y")))),
                info(self(), List.of(MESSAGE_QUEUE_LEN, MESSAGES)));
        assertEquals(Tuple.of(STATUS, Atom.of("running")), info(self(), STATUS));
        trapExit(true);
        assertEquals(Tuple.of(TRAP_EXIT, true), info(self(), TRAP_EXIT));
    }

    @Test
    void infoItemsOfADeadPidAreNilAndAnUnknownItemIsAnArgumentError() {
        // Process.info(dead, :status) #=> nil; Process.info(dead, :registered_name) #=> nil;
        // Process.info(dead, [:status]) #=> nil
        Pid dead = deadPid();
        assertNull(info(dead, STATUS));
        assertNull(info(dead, REGISTERED_NAME));
        assertNull(info(dead, List.of(STATUS)));
        // Process.info(pid, :bogus) and Process.info(pid, [:status, :bogus]) raise ArgumentError
        // "2nd argument: invalid item or item list", for a live pid and for a dead one
        Pid p = sleeper();
        for (Pid pid : List.of(p, dead)) {
            assertThrows(IllegalArgumentException.class, () -> info(pid, Atom.of("bogus")));
            assertThrows(IllegalArgumentException.class, () -> info(pid, List.of(STATUS, Atom.of("bogus"))));
        }
        exit(p, Atom.KILL);
    }

    // ------------------------------------------------------------------ exit/2

    @Test
    void exitSelfKillEndsTheCallerWithKilledEvenWhenTrapping() {
        // spawn_monitor(fn -> Process.exit(self(), :kill) ... end) #=> :killed, with or without trap_exit
        assertEquals(Atom.KILLED, downReason(() -> { exit(self(), Atom.KILL); sleep(Duration.ofSeconds(5)); }));
        assertEquals(Atom.KILLED, downReason(() -> {
            trapExit(true);
            exit(self(), Atom.KILL);
            sleep(Duration.ofSeconds(5));
        }));
    }

    @Test
    void killingATrappingProcessFromOutsideGivesKilled() {
        Pid parent = self();
        Spawned s = spawnMonitor(() -> {
            trapExit(true);
            send(parent, Atom.of("trapping"));
            receive();
        });
        assertReceived(Atom.of("trapping"));
        assertTrue(exit(s.pid(), Atom.KILL));
        assertEquals(Atom.KILLED, awaitDown(s.ref()).reason());
    }

    @Test
    void exitSelfNormalEndsANonTrappingCaller() {
        // Process.exit(self(), :normal) in a non-trapping process ends it with :normal
        assertEquals(Atom.NORMAL, downReason(() -> {
            exit(self(), Atom.NORMAL);
            exit(Atom.of("late"));
        }));
    }

    @Test
    void exitSelfNormalWhenTrappingIsAMessageFromSelf() {
        // trapping: Process.exit(self(), :normal) delivers {:EXIT, self(), :normal}
        trapExit(true);
        Pid me = self();
        assertTrue(exit(me, Atom.NORMAL));
        assertEquals(new Exit(me, Atom.NORMAL), awaitExit(me));
        assertTrue(alive(me));
    }

    @Test
    void exitSelfWithAReasonEndsTheCallerBeforeItGoesOn() {
        // spawn_monitor(fn -> Process.exit(self(), :boom); exit(:late) end) #=> :boom
        assertEquals(BOOM, downReason(() -> {
            exit(self(), BOOM);
            exit(Atom.of("late"));
        }));
    }

    @Test
    void exitSelfWithAReasonWhenTrappingIsAMessageFromSelf() {
        // trapping: Process.exit(self(), :boom) delivers {:EXIT, self(), :boom}
        trapExit(true);
        Pid me = self();
        exit(me, BOOM);
        assertEquals(new Exit(me, BOOM), awaitExit(me));
    }

    @Test
    void exitNormalFromAnotherProcessReachesATrapperAsAMessage() {
        // Process.exit(trapper, :normal) #=> the trapper receives {:EXIT, sender, :normal}
        Pid me = self();
        Pid trapper = spawn(() -> {
            trapExit(true);
            send(me, Atom.of("ready"));
            send(me, Tuple.of(Atom.of("got"), receive()));
        });
        assertReceived(Atom.of("ready"));
        exit(trapper, Atom.NORMAL);
        assertReceived(Tuple.of(Atom.of("got"), new Exit(me, Atom.NORMAL)));
    }

    @Test
    void exitNormalToANonTrappingProcessIsIgnored() {
        // Process.exit(p, :normal); Process.alive?(p) #=> true
        Pid p = sleeper();
        Ref ref = monitor(p);
        assertTrue(exit(p, Atom.NORMAL));
        send(p, Atom.of("wake"));           // it ends normally only when its receive takes this
        assertEquals(Atom.NORMAL, awaitDown(ref).reason());
    }

    @Test
    void whatOneProcessSendsAnotherArrivesInOrderMessagesAndSignalsAlike() {
        // to a trapping p: send(p, :a); Process.exit(p, :boom); send(p, :b) #=> p receives [:a, {:EXIT, me, :boom}, :b]
        Pid me = self();
        Pid p = spawn(() -> {
            trapExit(true);
            send(me, Atom.of("ready"));
            send(me, Tuple.of(Atom.of("got"), List.of(receive(), receive(), receive())));
        });
        assertReceived(Atom.of("ready"));
        send(p, Atom.of("a"));
        exit(p, BOOM);
        send(p, Atom.of("b"));
        assertReceived(Tuple.of(Atom.of("got"), List.of(Atom.of("a"), new Exit(me, BOOM), Atom.of("b"))));
        // a link or monitor made just before the exit signal is in place when it ends the target:
        // Process.link(q); Process.exit(q, :boom) #=> {:EXIT, q, :boom}; Process.monitor(r); Process.exit(r, :boom) #=> DOWN :boom
        trapExit(true);
        Pid q = sleeper();
        link(q);
        exit(q, BOOM);
        assertEquals(BOOM, awaitExit(q).reason());
        Pid r = sleeper();
        Ref ref = monitor(r);
        exit(r, BOOM);
        assertEquals(BOOM, awaitDown(ref).reason());
    }

    @Test
    void exitToADeadPidIsTrue() {
        // Process.exit(dead, :foo) #=> true
        assertTrue(exit(deadPid(), Atom.of("foo")));
    }

    // ------------------------------------------------------------------ links

    @Test
    void unlinkOfANonLinkedOrDeadPidAndLinkToSelfAreTrue() {
        // Process.unlink(not_linked) #=> true; Process.unlink(dead) #=> true; Process.link(self()) #=> true
        Pid p = sleeper();
        assertTrue(unlink(p));
        assertTrue(unlink(deadPid()));
        assertTrue(link(self()));
        assertTrue(info(self()).links().isEmpty());
        // linking twice makes one link, and one unlink removes it
        assertTrue(link(p));
        assertTrue(link(p));
        assertEquals(List.of(p), info(self()).links());
        assertTrue(unlink(p));
        assertTrue(info(self()).links().isEmpty());
        exit(p, Atom.KILL);
    }

    @Test
    void noExitSignalComesThroughALinkOnceUnlinkHasReturned() {
        // trapping: Process.link(p); Process.unlink(p); Process.exit(p, :kill) #=> the DOWN, and no {:EXIT, p, _}
        trapExit(true);
        Pid p = sleeper();
        link(p);
        unlink(p);
        Ref ref = monitor(p);
        exit(p, Atom.KILL);
        awaitDown(ref);
        assertNull(receive(m -> m instanceof Exit e && e.from().equals(p) ? e : NO_MATCH, Duration.ZERO, () -> null));
    }

    @Test
    void linkToADeadPidWhenTrappingIsTrueAndDeliversNoproc() {
        // trapping: Process.link(dead) #=> true, then {:EXIT, dead, :noproc}
        trapExit(true);
        Pid dead = deadPid();
        assertTrue(link(dead));
        assertEquals(new Exit(dead, Atom.NOPROC), awaitExit(dead));
    }

    @Test
    void linkToADeadPidWhenNotTrappingEndsTheCallerWithNoproc() {
        // Process.link(dead) raises ErlangError :noproc; Weft exits with :noproc
        Pid dead = deadPid();
        assertEquals(Atom.NOPROC, downReason(() -> link(dead)));
    }

    @Test
    void aLinkedExitWithReasonKillIsNotTheUntrappableKill() {
        // trapping: spawn_link(fn -> exit(:kill) end) gives {:EXIT, p, :kill}
        trapExit(true);
        Pid p = spawnLink(() -> exit(Atom.KILL));
        assertEquals(Atom.KILL, awaitExit(p).reason());
        // not trapping: a process linked to it ends with :kill, not :killed
        assertEquals(Atom.KILL, downReason(() -> {
            spawnLink(() -> exit(Atom.KILL));
            sleep(Duration.ofSeconds(5));
        }));
    }

    @Test
    void aKilledLinkedProcessIsSeenAsKilledAndANormalOneAsNormal() {
        // trapping: Process.exit(linked, :kill) gives {:EXIT, linked, :killed}
        trapExit(true);
        Pid p = spawnLink(() -> receive());
        exit(p, Atom.KILL);
        assertEquals(Atom.KILLED, awaitExit(p).reason());
        // spawn_link(fn -> :ok end) gives {:EXIT, p, :normal}
        Pid q = spawnLink(() -> { });
        assertEquals(Atom.NORMAL, awaitExit(q).reason());
    }

    @Test
    void trapExitReturnsTheOldValue() {
        // {Process.flag(:trap_exit, true), Process.flag(:trap_exit, false)} #=> {false, true}
        assertFalse(trapExit(true));
        assertTrue(trapExit(false));
    }

    // ------------------------------------------------------------------ names and send

    @Test
    void registerFailsForATakenNameANamedPidTheSameNameTwiceADeadPidAndUndefined() {
        // each raises ArgumentError "could not register ... because it is not alive, the name is
        // already taken, or it has already been given another name"; :undefined a FunctionClauseError
        Pid a = sleeper();
        Pid b = sleeper();
        Atom n1 = Atom.of("conformance_n1");
        Atom n2 = Atom.of("conformance_n2");
        assertTrue(register(a, n1));
        assertThrows(IllegalArgumentException.class, () -> register(b, n1));
        assertThrows(IllegalArgumentException.class, () -> register(a, n2));
        assertThrows(IllegalArgumentException.class, () -> register(a, n1));
        assertThrows(IllegalArgumentException.class, () -> register(deadPid(), n2));
        assertThrows(IllegalArgumentException.class, () -> register(b, Atom.UNDEFINED));
        assertEquals(a, whereis(n1));
        assertNull(whereis(n2));
        exit(a, Atom.KILL);
        exit(b, Atom.KILL);
    }

    @Test
    void aDeadProcessesNameIsFreeByTheTimeItsDownArrives() {
        // the name is released before the DOWN is sent: Process.whereis(name) after the DOWN #=> nil
        Atom name = Atom.of("conformance_short_lived");
        Pid p = sleeper();
        register(p, name);
        Ref ref = monitor(p);
        exit(p, Atom.KILL);
        awaitDown(ref);
        assertNull(whereis(name));
        assertFalse(registered().contains(name));
    }

    @Test
    void unregisterOfAnUnknownNameIsAnArgumentErrorAndWhereisIsNil() {
        // Process.unregister(:nobody) raises ArgumentError; Process.whereis(:nobody) #=> nil
        Atom nobody = Atom.of("conformance_nobody");
        assertThrows(IllegalArgumentException.class, () -> unregister(nobody));
        assertNull(whereis(nobody));
    }

    @Test
    void sendToAnUnregisteredNameRaisesButToTheNameOnThisNodeDoesNot() {
        // send(:nobody, :hi) raises ArgumentError "invalid destination"
        Atom nobody = Atom.of("conformance_nobody");
        assertThrows(IllegalArgumentException.class, () -> send(nobody, Atom.of("hi")));
        // send({:nobody, node()}, :hi) #=> :hi
        assertEquals(Atom.of("hi"), send(nobody, NodeNames.local(), Atom.of("hi")));
        // send(dead, :hi) #=> :hi
        assertEquals(Atom.of("hi"), send(deadPid(), Atom.of("hi")));
    }

    @Test
    void sendToARegisteredNameOnThisNodeArrives() {
        Atom name = Atom.of("conformance_named_self");
        register(self(), name);
        try {
            send(name, NodeNames.local(), Atom.of("via_node"));
            assertReceived(Atom.of("via_node"));
        } finally {
            unregister(name);
        }
    }

    // ------------------------------------------------------------------ the process dictionary

    @Test
    void theProcessDictionaryAnswersAsProcessPutGetAndDelete() {
        // {put(:foo, :bar), put(:foo, :baz), get(:foo), get(:nope), get(:nope, 1), get_keys(:baz), delete(:foo), delete(:foo), get(:foo)}
        //   #=> {nil, :bar, :baz, nil, 1, [:foo], :baz, nil, nil}
        Atom foo = Atom.of("foo");
        Atom nope = Atom.of("nope");
        assertNull(put(foo, Atom.of("bar")));
        assertEquals(Atom.of("bar"), put(foo, Atom.of("baz")));
        assertEquals(Atom.of("baz"), get(foo));
        assertNull(get(nope));
        assertEquals(1, get(nope, 1));
        assertEquals(List.of(foo), getKeys(Atom.of("baz")));
        assertTrue(getKeys().contains(foo));
        assertEquals(Atom.of("baz"), delete(foo));
        assertNull(delete(foo));
        assertNull(get(foo));
        // put(:nilv, nil); {get(:nilv, :default), get_keys(nil)} #=> {nil, [:nilv]}
        Atom nilv = Atom.of("nilv");
        put(nilv, null);
        assertNull(get(nilv, Atom.of("default")));
        assertEquals(List.of(nilv), getKeys(null));
        delete(nilv);
    }

    @Test
    void eachProcessHasItsOwnDictionary() {
        Pid me = self();
        put(Atom.of("mine"), 1);
        spawn(() -> send(me, Tuple.of(Atom.of("child_sees"), get(Atom.of("mine"), Atom.of("none")))));
        assertReceived(Tuple.of(Atom.of("child_sees"), Atom.of("none")));
        delete(Atom.of("mine"));
    }

    // ------------------------------------------------------------------ misc

    @Test
    void groupLeaderIsSetAndInheritedBySpawnedProcesses() {
        // other = spawn(...); Process.group_leader(self(), other) #=> true; Process.group_leader() == other #=> true;
        // a process spawned after that has other as its group leader
        Pid before = groupLeader();
        Pid other = sleeper();
        assertTrue(groupLeader(other, self()));   // Erlang's order: the leader first
        try {
            assertEquals(other, groupLeader());
            assertEquals(other, info(self()).groupLeader());
            Pid me = self();
            spawn(() -> send(me, Tuple.of(Atom.of("leader"), groupLeader())));
            assertReceived(Tuple.of(Atom.of("leader"), other));
        } finally {
            groupLeader(before, self());
            exit(other, Atom.KILL);
        }
    }

    @Test
    void groupLeaderOfADeadPidIsAnArgumentError() {
        // :erlang.group_leader(self(), dead) raises ArgumentError
        Pid dead = deadPid();
        assertThrows(IllegalArgumentException.class, () -> groupLeader(self(), dead));
    }

    @Test
    void aNullPidIsAnArgumentErrorNamingTheCaller() {
        // send(nil, :hi), Process.link(nil), Process.exit(nil, :x) raise ArgumentError (Weft: any null pid does)
        Pid none = null;
        for (Runnable r : List.<Runnable>of(() -> send(none, Atom.of("hi")), () -> link(none), () -> unlink(none),
                () -> monitor(none), () -> exit(none, Atom.of("x")))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
            assertTrue(e.getMessage().contains(self().toString()), e.getMessage());
        }
    }

    @Test
    void sleepZeroReturnsOk() {
        // Process.sleep(0) #=> :ok
        assertEquals(Atom.OK, sleep(Duration.ZERO));
        // Process.sleep(-1) raises FunctionClauseError
        assertThrows(IllegalArgumentException.class, () -> sleep(Duration.ofMillis(-1)));
    }

    @Test
    void sleepingAndReceivingForeverStillAnswerSignalsAndMessages() {
        // Process.sleep(:infinity) is ended by Process.exit(p, :kill) #=> DOWN :killed
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        Spawned sleeping = spawnMonitor(() -> sleep(forever));
        exit(sleeping.pid(), Atom.KILL);
        assertEquals(Atom.KILLED, awaitDown(sleeping.ref()).reason());
        // receive ... after :infinity takes a message that comes
        Pid me = self();
        Pid echo = spawn(() -> send(me, Tuple.of(Atom.of("echo"), receive(m -> m, forever, () -> Atom.of("timed_out")))));
        send(echo, Atom.of("ping"));
        assertReceived(Tuple.of(Atom.of("echo"), Atom.of("ping")));
    }

    @Test
    void sendAfterToANameLooksItUpWhenItFiresAndReadTimerGivesTheTimeLeft() {
        // t = Process.send_after(:nobody, :x, 10); after it fires, Process.read_timer(t) #=> false
        Ref dropped = sendAfter(Atom.of("conformance_nobody"), Atom.of("x"), Duration.ofMillis(10));
        await().until(() -> readTimer(dropped) == null);
        // Process.register(self(), :me); Process.send_after(:me, :hi, 10) #=> :hi arrives
        Atom me = Atom.of("conformance_timer_target");
        register(self(), me);
        try {
            sendAfter(me, Atom.of("hi"), Duration.ofMillis(10));
            assertReceived(Atom.of("hi"));
        } finally {
            unregister(me);
        }
        // read_timer of a 10 s timer #=> between 9000 and 10000 ms; of an unknown ref #=> false
        Ref t = sendAfter(self(), Atom.of("x"), Duration.ofSeconds(10));
        Duration left = readTimer(t);
        assertTrue(left.compareTo(Duration.ofSeconds(10)) <= 0 && left.compareTo(Duration.ZERO) > 0, left.toString());
        assertTrue(cancelTimer(t));
        assertNull(readTimer(makeRef()));
    }

    @Test
    void aNegativeTimeoutOrDelayIsAnArgumentError() {
        // Process.send_after(self(), :x, -1) raises ArgumentError "out of range";
        // receive do after -1 -> :ok end raises ErlangError :timeout_value
        assertThrows(IllegalArgumentException.class, () -> sendAfter(self(), Atom.of("x"), Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> sendAfter(Atom.of("conformance_nobody"), Atom.of("x"), Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> receive(m -> m, Duration.ofMillis(-1), () -> null));
        // Process.send_after(self(), :x, 0) #=> a ref, and :x arrives
        sendAfter(self(), Atom.of("now"), Duration.ZERO);
        assertReceived(Atom.of("now"));
    }

    @Test
    void aTimerForAProcessIsCancelledWhenThatProcessExits() {
        // t = Process.send_after(p, :x, 10_000); Process.exit(p, :kill); after the DOWN:
        // {Process.read_timer(t), Process.cancel_timer(t)} #=> {false, false}
        Atom x = Atom.of("x");
        Duration later = Duration.ofSeconds(10);
        Pid p = sleeper();
        Ref t = sendAfter(p, x, later);
        Ref ref = monitor(p);
        exit(p, Atom.KILL);
        awaitDown(ref);
        assertNull(readTimer(t));
        assertFalse(cancelTimer(t));
        // a timer a process set for itself is gone once it has exited
        Pid me = self();
        Spawned own = spawnMonitor(() -> send(me, Tuple.of(Atom.of("timer"), sendAfter(self(), x, later))));
        Ref ownTimer = receive(m -> m instanceof Tuple tu && tu.is(Atom.of("timer"), 2) ? tu.get(1) : NO_MATCH, Duration.ofSeconds(5), () -> null);
        awaitDown(own.ref());
        assertNull(readTimer(ownTimer));
        // Process.send_after(dead, :x, 10_000) #=> a ref whose read_timer is false
        assertNull(readTimer(sendAfter(deadPid(), x, later)));
        // a timer for a name is not the process's: it outlives the process that held the name
        Atom name = Atom.of("conformance_timer_name");
        Pid q = sleeper();
        register(q, name);
        Ref named = sendAfter(name, x, later);
        Ref qRef = monitor(q);
        exit(q, Atom.KILL);
        awaitDown(qRef);
        assertNotNull(readTimer(named));
        assertTrue(cancelTimer(named));
    }

    @Test
    void cancellingATimerTwiceIsFalseTheSecondTime() {
        // Process.cancel_timer(t) #=> ms left; again #=> false
        Ref t = sendAfter(self(), Atom.of("x"), Duration.ofSeconds(10));
        assertTrue(cancelTimer(t));
        assertFalse(cancelTimer(t));
    }
}
