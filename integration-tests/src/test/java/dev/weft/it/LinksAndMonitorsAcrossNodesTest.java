package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.RemoteException;
import dev.weft.otp.GenServer;
import dev.weft.process.Down;
import dev.weft.process.Exit;
import dev.weft.process.Matcher;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinksAndMonitorsAcrossNodesTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    @BeforeEach
    void trap() {
        trapExit(true);
    }

    @AfterEach
    void untrap() {
        trapExit(false);
    }

    private static Exit exitFrom(Pid pid) {
        return receive(m -> m instanceof Exit e && e.from().equals(pid) ? e : NO_MATCH, NodeProcess.timeout(), () -> fail("no EXIT from " + pid));
    }

    private static Down downOf(Ref ref) {
        return receive(m -> m instanceof Down d && d.ref().equals(ref) ? d : NO_MATCH, NodeProcess.timeout(), () -> fail("no DOWN for " + ref));
    }

    @Test
    void aServerRegisteredOnAnotherNodeIsCalledAndCastToByNameAndNode() {
        Atom name = Atom.of("pong_" + System.nanoTime());
        Node.spawn(b.name, "server", List.of(name, self()));
        Pid server = receive(m -> m instanceof Tuple t && t.is(Atom.of("server"), 2) ? t.get(1) : NO_MATCH, NodeProcess.timeout(),
                () -> fail("no server started on " + b.name));
        Tuple byName = Tuple.of(name, b.name);
        assertEquals(Tuple.of(Atom.of("pong"), "hi"), GenServer.call(byName, "hi"));
        GenServer.cast(byName, "cast");
        assertEquals("cast", receive(m -> "cast".equals(m) ? m : NO_MATCH, NodeProcess.timeout(), () -> fail("no cast")));
        Ref ref = monitor(server);
        GenServer.stop(byName);
        assertEquals(Atom.NORMAL, downOf(ref).reason());
        assertEquals(Atom.NOPROC, downOf(monitor(name, b.name)).reason());
    }

    @Test
    void multiCallAndAbcastReachTheServerOfThatNameOnEachNode() {
        Atom name = Atom.of("pong_" + System.nanoTime());
        Node.spawn(b.name, "server", List.of(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("server"), 2) ? t.get(1) : NO_MATCH, NodeProcess.timeout(), () -> fail("no server on " + b.name));
        Pid here = GenServer.start(new Fns.Pong(self()), name);
        Atom nobody = Atom.of("nobody@127.0.0.1");
        // GenServer.multi_call([node(), b, nobody], name, "hi") #=> {[{node(), {:pong, "hi"}}, {b, {:pong, "hi"}}], [nobody]}
        Tuple r = GenServer.multiCall(List.of(Node.self(), b.name, nobody), name, "hi", NodeProcess.timeout());
        assertEquals(Tuple.of(List.of(Tuple.of(Node.self(), Tuple.of(Atom.of("pong"), "hi")), Tuple.of(b.name, Tuple.of(Atom.of("pong"), "hi"))),
                List.of(nobody)), r);
        // GenServer.abcast([node(), b], name, "cast") #=> :abcast; each server sends "cast" to us
        assertEquals(Atom.of("abcast"), GenServer.abcast(List.of(Node.self(), b.name), name, "cast"));
        for (int i = 0; i < 2; i++) assertEquals("cast", receive(m -> "cast".equals(m) ? m : NO_MATCH, NodeProcess.timeout(), () -> fail("no cast")));
        GenServer.stop(here);
        GenServer.stop(Tuple.of(name, b.name));
    }

    /** The first message from a process on b that sends {@code msg} to {@code alias}, then {@code :marker} to us (in that order). */
    private static Object throughAliasFromB(Ref alias, Object msg) {
        Node.spawn(b.name, Fns.sendThenMark(alias, msg, self()));   // a lambda of Fns: this class needs Awaitility, which b lacks
        return receive(m -> m, NodeProcess.timeout(), () -> fail("nothing came from " + b.name));
    }

    @Test
    void aProcessOnAnotherNodeReachesUsThroughAnAliasUntilUnalias() {
        Ref alias = alias();
        assertEquals("via alias", throughAliasFromB(alias, "via alias"));
        assertEquals(Atom.of("marker"), receive(m -> m, NodeProcess.timeout(), () -> fail("no marker")));
        assertTrue(unalias(alias));
        assertEquals(Atom.of("marker"), throughAliasFromB(alias, "dropped: the alias is gone"));
    }

    @Test
    void theAliasOfAMonitorOfARemoteProcessEndsWithItsDown() {
        Pid p = Node.spawn(b.name, "wait", List.of());
        Ref ref = monitor(p, DEMONITOR);
        assertEquals("while monitored", throughAliasFromB(ref, "while monitored"));
        assertEquals(Atom.of("marker"), receive(m -> m, NodeProcess.timeout(), () -> fail("no marker")));
        exit(p, Atom.KILL);
        assertEquals(Atom.KILLED, downOf(ref).reason());
        assertEquals(Atom.of("marker"), throughAliasFromB(ref, "dropped: the monitor is gone"));
    }

    @Test
    void aSupervisorOnAnotherNodeListsItsChildrenByNameAndNode() {
        // the answer holds an enum (the child's type): enum constants cross nodes as records do
        Atom name = Atom.of("sup_" + System.nanoTime());
        Pid parent = Node.spawn(b.name, Fns.superviseOne(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("supervisor"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no supervisor on " + b.name));
        Tuple there = Tuple.of(name, b.name);
        List<dev.weft.otp.Supervisor.Child> children = dev.weft.otp.Supervisor.whichChildren(there);
        assertEquals(1, children.size());
        assertEquals(Atom.of("worker"), children.getFirst().id());
        assertEquals(dev.weft.otp.ChildSpec.Type.WORKER, children.getFirst().type());
        assertEquals(b.name, children.getFirst().pid().node());
        assertEquals(new dev.weft.otp.Supervisor.Counts(1, 1, 0, 1), dev.weft.otp.Supervisor.countChildren(there));
        exit(parent, Atom.KILL);
    }

    @Test
    void aCallToANameNobodyHoldsOnAnotherNodeExitsNoproc() {
        Tuple nobody = Tuple.of(Atom.of("nobody_here"), b.name);
        var e = assertThrows(dev.weft.process.ExitException.class, () -> GenServer.call(nobody, "hi"));
        assertEquals(Atom.NOPROC, ((Tuple) e.reason()).get(0));
        assertEquals(Atom.NOPROC, downOf(monitor(Atom.of("nobody_here"), b.name)).reason());
    }

    @Test
    void aCallToANodeThatCannotBeReachedExitsNodedown() {
        // GenServer.call({:foo, :"nobody@127.0.0.1"}, :hi) exits {{:nodedown, :"nobody@127.0.0.1"}, {GenServer, :call, [...]}} (OTP 25)
        Atom nobody = Atom.of("nobody@127.0.0.1");
        var e = assertThrows(dev.weft.process.ExitException.class, () -> GenServer.call(Tuple.of(Atom.of("foo"), nobody), "hi"));
        assertEquals(Tuple.of(Atom.of("nodedown"), nobody), ((Tuple) e.reason()).get(0));
    }

    @Test
    void genServerStopOfARemoteServerStopsIt() {
        Node.spawn(b.name, "agent", List.of(self()));
        Pid agent = receive(m -> m instanceof Tuple t && t.is(Atom.of("agent"), 2) ? t.get(1) : NO_MATCH, NodeProcess.timeout(),
                () -> fail("no agent started on " + b.name));
        Ref ref = monitor(agent);
        GenServer.stop(agent);
        assertEquals(Atom.NORMAL, downOf(ref).reason());
    }

    @Test
    void aRemoteLinkedProcessThatIsKilledGivesKilled() {
        Pid p = Node.spawnLink(b.name, "wait", List.of());
        exit(p, Atom.KILL);
        assertEquals(new Exit(p, Atom.KILLED), exitFrom(p));
    }

    @Test
    void aRemoteLinkedProcessThatEndsNormallyGivesNormalToATrappingProcess() {
        Pid p = Node.spawnLink(b.name, "echo", List.of(self()));
        send(p, Atom.of("stop"));
        assertEquals(new Exit(p, Atom.NORMAL), exitFrom(p));
    }

    @Test
    void aCustomExitReasonCrossesAsTheSameTerm() {
        Pid p = Node.spawn(b.name, "wait", List.of());
        link(p);
        Object reason = Tuple.of(Atom.of("shutdown"), List.of(1, "x"));
        exit(p, reason);
        assertEquals(new Exit(p, reason), exitFrom(p));
    }

    @Test
    void aRemoteCrashArrivesAsARemoteExceptionWithItsMessage() {
        Spawned s = Node.spawnMonitor(b.name, "crash", List.of("boom"));
        RemoteException e = assertInstanceOf(RemoteException.class, downOf(s.ref()).reason());
        assertEquals("java.lang.IllegalStateException", e.type());
        assertEquals("boom", e.getMessage());
    }

    @Test
    void aRemoteTrappingProcessGetsOurExitSignalsAsMessages() {
        Pid p = Node.spawn(b.name, "trap", List.of(self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("trapping"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("not trapping"));
        exit(p, Atom.NORMAL);
        exit(p, Atom.of("custom"));
        assertEquals(new Exit(self(), Atom.NORMAL), receive(m -> m instanceof Exit e ? e : NO_MATCH, NodeProcess.timeout(), () -> null));
        assertEquals(new Exit(self(), Atom.of("custom")), receive(m -> m instanceof Exit e ? e : NO_MATCH, NodeProcess.timeout(), () -> null));
        Ref ref = monitor(p);
        exit(p, Atom.KILL);
        assertEquals(Atom.KILLED, downOf(ref).reason());
        assertEquals(Atom.NOPROC, downOf(monitor(p)).reason());
    }

    @Test
    void messagesAndAnExitSignalToARemoteTrappingProcessArriveInTheOrderSent() {
        // signal_SUITE's xm_sig_order on OTP 25: what one process sends another on another node, messages
        // and exit signals alike, arrives in the order sent: :first, {:EXIT, sender, :between}, :last
        Pid p = Node.spawn(b.name, "trap", List.of(self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("trapping"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("not trapping"));
        Atom first = Atom.of("first");
        Atom last = Atom.of("last");
        send(p, first);
        exit(p, Atom.of("between"));
        send(p, last);
        Matcher echoed = m -> first.equals(m) || last.equals(m) || m instanceof Exit e && e.from().equals(self()) ? m : NO_MATCH;
        List<Object> got = java.util.stream.Stream.generate(() -> receive(echoed, NodeProcess.timeout(), () -> fail("not echoed")))
                .limit(3).toList();
        assertEquals(List.of(first, new Exit(self(), Atom.of("between")), last), got);
        send(p, Atom.of("stop"));
    }

    @Test
    void killingOurLinkedProcessReachesTheRemoteEndAsKilled() {
        Pid local = spawn(() -> receive(m -> NO_MATCH));
        Pid remote = Node.spawn(b.name, "trap", List.of(self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("trapping"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("not trapping"));
        Ref watch = monitor(local);
        // local links itself to the remote trapping process, then dies
        Pid linker = spawn(() -> {
            link(remote);
            send(self(), "linked");
            receive(m -> NO_MATCH);
        });
        Ref linkerRef = monitor(linker);
        await().until(() -> info(linker) != null && info(linker).links().contains(remote));
        exit(linker, Atom.KILL);
        assertEquals(Atom.KILLED, downOf(linkerRef).reason());
        assertEquals(new Exit(linker, Atom.KILLED), receive(m -> m instanceof Exit e && e.from().equals(linker) ? e : NO_MATCH, NodeProcess.timeout(), () -> null));
        exit(local, Atom.KILL);
        downOf(watch);
        send(remote, Atom.of("stop"));
    }

    @Test
    void monitoringARemoteProcessGivesDownWithItsReasonAndDemonitorStopsIt() {
        Pid p = Node.spawn(b.name, "wait", List.of());
        Ref dropped = monitor(p);
        assertTrue(demonitor(dropped, FLUSH));
        Ref ref = monitor(p);
        exit(p, Atom.of("bye"));
        Down d = downOf(ref);
        assertEquals(new Down(ref, p, Atom.of("bye")), d);
        assertEquals(Atom.NOPROC, downOf(monitor(p)).reason());
        assertEquals("none", receive(m -> m instanceof Down x && x.ref().equals(dropped) ? x : NO_MATCH, java.time.Duration.ofMillis(200), () -> "none"));
    }

    @Test
    void aProcessOnAnotherNodeCannotBeAskedAboutHereAndANormalExitLeavesItAlone() {
        // on OTP 25, for p on b: Process.alive?(p) and Process.info(p) raise ArgumentError;
        // Process.exit(p, :normal) leaves p (not trapping) alone, so the DOWN after Process.exit(p, :kill) says :killed;
        // Process.monitor({:nobody, b}) gets a DOWN :noproc
        Pid p = Node.spawn(b.name, "wait", List.of());
        assertThrows(IllegalArgumentException.class, () -> alive(p));
        assertThrows(IllegalArgumentException.class, () -> info(p));
        Ref ref = monitor(p);
        exit(p, Atom.NORMAL);
        exit(p, Atom.KILL);
        assertEquals(new Down(ref, p, Atom.KILLED), downOf(ref));
        assertEquals(Atom.NOPROC, downOf(monitor(Atom.of("nobody"), b.name)).reason());
    }

    @Test
    void linkingToADeadRemotePidGivesNoproc() {
        Spawned s = Node.spawnMonitor(b.name, "wait", List.of());
        exit(s.pid(), Atom.KILL);
        downOf(s.ref());
        // dist_SUITE's link_to_dead: {'EXIT', Pid, noproc}, and the link is not kept (not in process_info(self(), links))
        link(s.pid());
        assertEquals(new Exit(s.pid(), Atom.NOPROC), exitFrom(s.pid()));
        assertFalse(info(self()).links().contains(s.pid()));
    }

    private static org.awaitility.core.ConditionFactory await() {
        return org.awaitility.Awaitility.await().atMost(NodeProcess.timeout());
    }
}
