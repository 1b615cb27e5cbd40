package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.RemoteException;
import dev.weft.dist.Rpc;
import dev.weft.otp.GenServer;
import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cases of erpc_SUITE, dist_SUITE, node_test.exs and gen_server_test.exs across two real nodes, each
 * first run on Erlang/OTP 25 and Elixir 1.14 (two nodes on 127.0.0.1) with the BEAM's answer written
 * above it. (Lambdas of this class run on node b, so it uses nothing b lacks: no Awaitility.)
 */
class DistributionConformanceTest {
    static final Atom NOBODY = Atom.of("nobody@127.0.0.1");
    static final Atom ERPC = Atom.of("erpc");
    static final Atom EXCEPTION = Atom.of("exception");
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    private static void expectNothing() {
        assertEquals("nothing", receive(m -> m, Duration.ofMillis(500), () -> "nothing"));
    }

    /** The reason {@code call} exits with (a Runnable: node b, which loads this class for its lambdas, has no JUnit). */
    private static Object rpcFailure(Runnable call) {
        return assertThrows(ExitException.class, call::run).reason();
    }

    // ---------------------------------------------------------------- erpc

    @Test
    void whatTheCalledFunctionSentTheCallerIsThereWhenTheCallReturns() {
        // :erpc.call(b, fn -> send(me, :before); 1 end) #=> 1, and :before is already in the mailbox
        // (signals from one process to another arrive in order: the message before the result)
        Pid me = self();
        assertEquals(1, (Integer) Rpc.call(b.name, () -> {
            send(me, Atom.of("before"));
            return 1;
        }, NodeProcess.timeout()));
        assertEquals(Atom.of("before"), receive(m -> m, Duration.ZERO, () -> "nothing yet"));
    }

    @Test
    void anRpcWhoseFunctionExitsRaisesExceptionWithTheReason() {
        // :erpc.call(b, :erlang, :exit, [:bye]) exits {:exception, :bye}, and so does :erpc.call(node(), ...)
        assertEquals(Tuple.of(EXCEPTION, Atom.of("bye")), rpcFailure(() -> Rpc.call(b.name, () -> { throw exit(Atom.of("bye")); }, NodeProcess.timeout())));
        assertEquals(Tuple.of(EXCEPTION, Atom.of("bye")), rpcFailure(() -> Rpc.call(Node.self(), () -> { throw exit(Atom.of("bye")); }, NodeProcess.timeout())));
    }

    @Test
    void anRpcWhoseFunctionRaisesGivesTheExceptionAndItsStack() {
        // :erpc.call(b, H, :raise_it, []) raises (error class) {:exception, %RuntimeError{message: "boom"}, [{H, :raise_it, 0, [...]}]}
        Tuple t = (Tuple) rpcFailure(() -> Rpc.call(b.name, "crash", List.of("boom")));
        assertEquals(EXCEPTION, t.get(0));
        RemoteException e = assertInstanceOf(RemoteException.class, t.get(1));
        assertEquals("java.lang.IllegalStateException", e.type());
        assertEquals("boom", e.getMessage());
        assertTrue(((List<?>) t.get(2)).stream().anyMatch(frame -> frame.toString().contains("Fns.crash")), t.get(2).toString());
    }

    @Test
    void anRpcThatTimesOutOrCannotReachItsNodeRaisesErpcsReasons() {
        // :erpc.call(b, :timer, :sleep, [1000], 100) raises {:erpc, :timeout};
        // :erpc.call(:"nobody@127.0.0.1", :erlang, :node, []) raises {:erpc, :noconnection}
        // and so does erpc:call(node(), fun () -> timer:sleep(100) end, 10); no stray message comes after
        assertEquals(Tuple.of(ERPC, Atom.TIMEOUT), rpcFailure(() -> Rpc.call(b.name, "wait", List.of(), Duration.ofMillis(100))));
        assertEquals(Tuple.of(ERPC, Atom.TIMEOUT), rpcFailure(() -> Rpc.call(Node.self(), () -> receive(m -> NO_MATCH), Duration.ofMillis(10))));
        expectNothing();
        assertEquals(Tuple.of(ERPC, Atom.NOCONNECTION), rpcFailure(() -> Rpc.call(NOBODY, "add", List.of(1, 2))));
    }

    @Test
    void anRpcEndedByAnExitSignalRaisesSignal() {
        // erpc_SUITE: erpc:call(Node, fun () -> exit(self(), oops), receive after infinity -> ok end end, 10000)
        // exits {signal, oops}, on another node and on node() alike
        for (Atom node : List.of(b.name, Node.self())) {
            assertEquals(Tuple.of(Atom.of("signal"), Atom.of("oops")), rpcFailure(() -> Rpc.call(node, () -> {
                exit(self(), Atom.of("oops"));
                return receive(m -> NO_MATCH);
            }, NodeProcess.timeout())), "on " + node);
        }
    }

    @Test
    void multicallGivesEachNodesClassAndReason() {
        // :erpc.multicall([node(), b, :"nobody@127.0.0.1"], :erlang, :exit, [:x])
        //   #=> [{:exit, {:exception, :x}}, {:exit, {:exception, :x}}, {:error, {:erpc, :noconnection}}]
        // :erpc.multicall([b, node(), b], :timer, :sleep, [1000], 100) #=> [{:error, {:erpc, :timeout}}, ...] (all three);
        // :erpc.multicall([], ...) #=> []
        Atom exit = Atom.of("exit");
        Tuple exited = Tuple.of(exit, Tuple.of(EXCEPTION, Atom.of("x")));
        assertEquals(List.of(exited, exited, Tuple.of(Atom.ERROR, Tuple.of(ERPC, Atom.NOCONNECTION))),
                Rpc.multicall(List.of(Node.self(), b.name, NOBODY), () -> { throw exit(Atom.of("x")); }, NodeProcess.timeout()));
        Tuple timedOut = Tuple.of(Atom.ERROR, Tuple.of(ERPC, Atom.TIMEOUT));
        assertEquals(List.of(timedOut, timedOut, timedOut), Rpc.multicall(List.of(b.name, Node.self(), b.name), () -> receive(m -> NO_MATCH), Duration.ofMillis(100)));
        expectNothing();   // erpc_SUITE: "We should not get any stray messages due to timed out operations"
        assertEquals(List.of(), Rpc.multicall(List.of(), "add", List.of(1, 2), NodeProcess.timeout()));
    }

    // ---------------------------------------------------------------- node monitors and disconnect

    @Test
    void aMonitorOfANodeThatCannotBeReachedSaysNodedownAtOnceAndOneOfThisNodeNever() {
        // Node.monitor(:"nobody@127.0.0.1", true) #=> true, then {:nodedown, :"nobody@127.0.0.1"};
        // Node.monitor(node(), true) #=> true, and nothing comes
        assertTrue(Node.monitor(NOBODY, true));
        NodeProcess.expect(Tuple.of(Atom.of("nodedown"), NOBODY));
        assertTrue(Node.monitor(Node.self(), true));
        Node.monitor(Node.self(), false);
        expectNothing();
    }

    @Test
    void nodeMonitorsAddUpAndDisconnectFiresLinksMonitorsAndNodedown() {
        // Node.monitor(b, true) twice, then Node.disconnect(b): two {:nodedown, b}; on, on, off: one.
        // :net_kernel.monitor_nodes(true) twice: each nodedown/nodeup twice.
        // trapping, a link and a monitor to processes on b: Node.disconnect(b) #=> true, Node.list() #=> [],
        // then {:EXIT, p, :noconnection}, {:DOWN, ref, :process, q, :noconnection}, {:nodedown, b}; Node.disconnect(b) again #=> false
        Tuple nodedown = Tuple.of(Atom.of("nodedown"), b.name);
        Node.monitor(b.name, true);
        Node.monitor(b.name, true);
        Node.monitorNodes(true);
        Node.monitorNodes(true);
        trapExit(true);
        try {
            Pid linked = Node.spawnLink(b.name, "wait", List.of());
            Pid watched = Node.spawn(b.name, "wait", List.of());
            var ref = monitor(watched);
            assertTrue(Node.disconnect(b.name));
            assertFalse(Node.list().contains(b.name));
            NodeProcess.expect(new Exit(linked, Atom.NOCONNECTION));
            NodeProcess.expect(new dev.weft.process.Down(ref, watched, Atom.NOCONNECTION));
            for (int i = 0; i < 4; i++) NodeProcess.expect(nodedown);
            assertFalse(Node.disconnect(b.name));
            assertFalse(Node.disconnect(NOBODY));
            assertTrue(Node.connect(b.name));
            for (int i = 0; i < 2; i++) NodeProcess.expect(Tuple.of(Atom.of("nodeup"), b.name));
            Node.monitorNodes(false);
            Node.monitorNodes(false);
            Node.monitor(b.name, true);
            Node.monitor(b.name, true);
            Node.monitor(b.name, false);
            assertTrue(Node.disconnect(b.name));
            NodeProcess.expect(nodedown);
            expectNothing();
        } finally {
            trapExit(false);
            Node.connect(b.name);
        }
    }

    @Test
    void aDisconnectReachesTheLinkedProcessOnTheOtherSideAsNoconnection() {
        // p on b traps exits and is linked to us; Node.disconnect(b): p gets {:EXIT, us, :noconnection}, and what it
        // sends us afterwards connects the nodes again
        Pid p = Node.spawn(b.name, "trap", List.of(self()));
        NodeProcess.expect(Tuple.of(Atom.of("trapping"), p));
        trapExit(true);
        try {
            link(p);
            send(p, "linked");   // its echo comes after b has the link: what is still queued when the connection drops is lost
            NodeProcess.expect("linked");
            assertTrue(Node.disconnect(b.name));
            NodeProcess.expect(new Exit(p, Atom.NOCONNECTION));
            NodeProcess.expect(new Exit(self(), Atom.NOCONNECTION));   // p's echo of its own {:EXIT, us, :noconnection}
            assertTrue(Node.list().contains(b.name));
        } finally {
            trapExit(false);
            Node.connect(b.name);
            send(p, Atom.of("stop"));
        }
    }

    // ---------------------------------------------------------------- names on other nodes

    @Test
    void aCallToANameNobodyHoldsOnAnotherNodeExitsWithTheCall() {
        // GenServer.call({:nobody, b}, :hi) exits {:noproc, {GenServer, :call, [{:nobody, b}, :hi, 5000]}}
        Tuple server = Tuple.of(Atom.of("nobody"), b.name);
        ExitException e = assertThrows(ExitException.class, () -> GenServer.call(server, "hi"));
        assertEquals(Tuple.of(Atom.NOPROC, Tuple.of(Atom.of("Elixir.GenServer"), Atom.of("call"), List.of(server, "hi", 5000L))), e.reason());
    }

    @Test
    void stopAndCastToANameOnAnotherNode() {
        // GenServer.stop({:nobody, b}) exits {:noproc, {GenServer, :stop, [{:nobody, b}, :normal, :infinity]}};
        // GenServer.stop({:nobody, nobody}) exits {{{:nodedown, nobody}, {:sys, :terminate, [{:nobody, nobody}, :normal, :infinity]}},
        //   {GenServer, :stop, [{:nobody, nobody}, :normal, :infinity]}};
        // GenServer.cast({:nobody, b}, :hi) and GenServer.cast({:nobody, nobody}, :hi) #=> :ok
        Atom genServer = Atom.of("Elixir.GenServer");
        Atom infinity = Atom.of("infinity");
        Tuple there = Tuple.of(Atom.of("nobody"), b.name);
        assertEquals(Tuple.of(Atom.NOPROC, Tuple.of(genServer, Atom.of("stop"), List.of(there, Atom.NORMAL, infinity))),
                assertThrows(ExitException.class, () -> GenServer.stop(there)).reason());
        Tuple unreachable = Tuple.of(Atom.of("nobody"), NOBODY);
        Tuple nodedown = Tuple.of(Tuple.of(Atom.of("nodedown"), NOBODY), Tuple.of(Atom.of("sys"), Atom.of("terminate"), List.of(unreachable, Atom.NORMAL, infinity)));
        assertEquals(Tuple.of(nodedown, Tuple.of(genServer, Atom.of("stop"), List.of(unreachable, Atom.NORMAL, infinity))),
                assertThrows(ExitException.class, () -> GenServer.stop(unreachable)).reason());
        assertDoesNotThrow(() -> GenServer.cast(there, "hi"));   // Weft's cast returns nothing
        assertDoesNotThrow(() -> GenServer.cast(unreachable, "hi"));
        expectNothing();
    }

    @Test
    void multiCallAndAbcastToANameNobodyHoldsOrANodeThatCannotBeReached() {
        // GenServer.multi_call([b, :"nobody@127.0.0.1"], :nobody, :hi) #=> {[], [b, :"nobody@127.0.0.1"]};
        // GenServer.abcast([b, :"nobody@127.0.0.1"], :nobody, :hi) #=> :abcast
        Atom name = Atom.of("nobody");
        assertEquals(Tuple.of(List.of(), List.of(b.name, NOBODY)), GenServer.multiCall(List.of(b.name, NOBODY), name, "hi", NodeProcess.timeout()));
        assertEquals(Atom.of("abcast"), GenServer.abcast(List.of(b.name, NOBODY), name, "hi"));
    }

    @Test
    void aMonitorOfANameOnAnotherNodeIsDroppedByDemonitorAndGivesNoDown() {
        // p registered as :regd2 on b: ref = Process.monitor({:regd2, b}); Process.demonitor(ref, [:info]) #=> true;
        // Process.exit(p, :kill): no DOWN comes; Process.demonitor(ref, [:info]) again #=> false
        Atom name = Atom.of("regd_" + System.nanoTime());
        Node.spawn(b.name, "register", List.of(name, self()));
        Pid p = receive(m -> m instanceof Tuple t && t.is(Atom.of("registered"), 2) ? (Pid) t.get(1) : NO_MATCH, NodeProcess.timeout(), () -> null);
        var ref = monitor(name, b.name);
        assertTrue(demonitor(ref, INFO));
        var watch = monitor(p);
        exit(p, Atom.KILL);
        NodeProcess.expect(new dev.weft.process.Down(watch, p, Atom.KILLED));
        expectNothing();
        assertFalse(demonitor(ref, INFO));
    }

    @Test
    void aSendToANameOnANodeThatCannotBeReachedIsDroppedSilently() {
        // send({:nobody, :"nobody@127.0.0.1"}, :hi) #=> :hi
        assertEquals(Atom.of("hi"), send(Atom.of("nobody"), NOBODY, Atom.of("hi")));
    }

    // ---------------------------------------------------------------- links

    @Test
    void anUnlinkedRemoteProcessThatIsKilledSendsNothing() {
        // trapping: p = Node.spawn_link(b, ...); Process.unlink(p) #=> true; Process.exit(p, :kill): no message
        trapExit(true);
        try {
            Pid p = Node.spawnLink(b.name, "wait", List.of());
            unlink(p);
            var ref = monitor(p);
            exit(p, Atom.KILL);
            NodeProcess.expect(new dev.weft.process.Down(ref, p, Atom.KILLED));
            expectNothing();
        } finally {
            trapExit(false);
        }
    }

    @Test
    void aRemoteProcessThatExitsWithKillItselfGivesKillThroughLinksAndMonitors() {
        // p on b runs exit(:kill) itself: trapping, Node.spawn_link gives {:EXIT, p, :kill}; Node.spawn_monitor gives
        // {:DOWN, ref, :process, p, :kill}; a local process not trapping, linked to such a p, dies with :kill (not :killed)
        trapExit(true);
        try {
            Pid p = Node.spawnLink(b.name, () -> { throw exit(Atom.KILL); });
            NodeProcess.expect(new Exit(p, Atom.KILL));
        } finally {
            trapExit(false);
        }
        var s = Node.spawnMonitor(b.name, () -> { throw exit(Atom.KILL); });
        NodeProcess.expect(new dev.weft.process.Down(s.ref(), s.pid(), Atom.KILL));
        Atom there = b.name;
        var linker = spawnMonitor(() -> {
            Node.spawnLink(there, () -> { throw exit(Atom.KILL); });
            receive(m -> NO_MATCH);
        });
        NodeProcess.expect(new dev.weft.process.Down(linker.ref(), linker.pid(), Atom.KILL));
    }

    @Test
    void aLinkOrASendToAProcessOnADisconnectedNodeConnectsAgain() {
        // Node.disconnect(b); Process.link(p) #=> true (the node is connected again, p alive, no message);
        // then Process.exit(p, :kill) gives {:EXIT, p, :killed}
        Pid p = Node.spawn(b.name, "echo", List.of(self()));
        assertTrue(Node.disconnect(b.name));
        trapExit(true);
        try {
            link(p);
            expectNothing();
            assertTrue(Node.list().contains(b.name));
            exit(p, Atom.KILL);
            NodeProcess.expect(new Exit(p, Atom.KILLED));
            Pid q = Node.spawn(b.name, "echo", List.of(self()));
            assertTrue(Node.disconnect(b.name));
            send(q, "again");
            NodeProcess.expect("again");
        } finally {
            trapExit(false);
            Node.connect(b.name);
        }
    }
}
