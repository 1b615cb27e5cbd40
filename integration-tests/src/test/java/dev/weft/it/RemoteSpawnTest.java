package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.dist.RemoteException;
import dev.weft.dist.Rpc;
import dev.weft.io.IO;
import dev.weft.io.StringIO;
import dev.weft.process.Down;
import dev.weft.process.ExitException;
import dev.weft.process.Spawned;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RemoteSpawnTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    @Test
    void aLambdaRunsOnTheOtherNodeWithItsCapturedValues() {
        Pid me = self();
        String word = "captured";
        int n = 41;
        Pid p = Node.spawn(b.name, () -> send(me, Tuple.of(word, n + 1, Node.self(), self())));
        Tuple t = receive(m -> m instanceof Tuple x ? x : NO_MATCH, NodeProcess.timeout(), () -> null);
        assertEquals(Tuple.of("captured", 42, b.name, p), t);
    }

    @Test
    void anExportedFunctionRunsByName() {
        Pid p = Node.spawn(b.name, "echo", List.of(self()));
        send(p, "ping");
        assertEquals("ping", receive(m -> m, NodeProcess.timeout(), () -> null));
        send(p, Atom.of("stop"));
    }

    @Test
    void aFunctionTheNodeDoesNotExportIsRefused() {
        ExitException e = assertThrows(ExitException.class, () -> Node.spawn(b.name, "halt", List.of()));
        Tuple reason = (Tuple) e.reason();
        assertEquals(Atom.of("spawn_refused"), reason.get(0));
        assertEquals(b.name, reason.get(1));
        assertTrue(reason.get(2).toString().contains("halt is not exported"), reason.toString());
    }

    @Test
    void aLambdaFromAClassTheNodeDoesNotAllowIsRefused() {
        ExitException e = assertThrows(ExitException.class, () -> Node.spawn(b.name, dev.weft.itdeny.Forbidden.lambda()));
        assertTrue(((Tuple) e.reason()).get(2).toString().contains("not allowed"), e.reason().toString());
    }

    @Test
    void spawnAndRpcOnThisNodeItselfRunLocally() {
        // spawn(node(), fun), spawn_monitor(node(), fun), spawn_link(node(), fun) and erpc:call(node(), ...)
        // work on the BEAM as their local forms do
        Atom here = Node.self();
        Pid me = self();
        Pid p = Node.spawn(here, () -> send(me, Tuple.of(Atom.of("ran"), self())));
        assertEquals(Tuple.of(Atom.of("ran"), p), receive(m -> m, NodeProcess.timeout(), () -> null));
        Spawned s = Node.spawnMonitor(here, () -> exit(Atom.of("bye")));
        assertEquals(Atom.of("bye"), receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d.reason() : NO_MATCH, NodeProcess.timeout(), () -> null));
        trapExit(true);
        try {
            Pid linked = Node.spawnLink(here, "add", List.of(1, 2));
            assertEquals(new dev.weft.process.Exit(linked, Atom.NORMAL), receive(m -> m, NodeProcess.timeout(), () -> null));
        } finally {
            trapExit(false);
        }
        assertEquals(3, (Integer) Rpc.call(here, "add", List.of(1, 2)));
        assertEquals(here, Rpc.call(here, () -> Node.self(), NodeProcess.timeout()));
        Rpc.cast(here, () -> send(me, "cast here"));
        assertEquals("cast here", receive(m -> m, NodeProcess.timeout(), () -> null));
        ExitException notExported = assertThrows(ExitException.class, () -> Rpc.call(here, "halt", List.of()));
        assertEquals(Tuple.of(Atom.of("spawn_refused"), here, "function halt is not exported by this node"), notExported.reason());
    }

    @Test
    void aLambdaWhoseClassTheNodeCannotLinkIsRefusedAndTheConnectionStays() {
        ExitException e = assertThrows(ExitException.class, () -> Node.spawn(b.name, NeedsAwaitility.lambda()));
        assertTrue(((Tuple) e.reason()).get(2).toString().contains("cannot load class dev.weft.it.NeedsAwaitility"), e.reason().toString());
        assertEquals(3, (Integer) Rpc.call(b.name, "add", List.of(1, 2)));
    }

    @Test
    void aLambdaCapturingSomethingThatIsNotATermIsRefusedBeforeItLeaves() {
        Object notATerm = new Object();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Node.spawn(b.name, () -> System.out.println(notATerm)));
        assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    }

    @Test
    void rpcCallReturnsTheResultOrRaisesTheRemoteFailure() {
        assertEquals(5, (Integer) Rpc.call(b.name, "add", List.of(2, 3)));
        assertEquals(b.name, Rpc.call(b.name, () -> Node.self(), Duration.ofSeconds(5)));
        ExitException crash = assertThrows(ExitException.class, () -> Rpc.call(b.name, "crash", List.of("bad")));
        assertEquals("bad", assertInstanceOf(RemoteException.class, ((Tuple) crash.reason()).get(1)).getMessage());   // {:exception, e, stack}
        ExitException timeout = assertThrows(ExitException.class, () -> Rpc.call(b.name, "wait", List.of(), Duration.ofMillis(200)));
        assertEquals(Tuple.of(Atom.of("erpc"), Atom.TIMEOUT), timeout.reason());
        ExitException refused = assertThrows(ExitException.class, () -> Rpc.call(b.name, "not_exported", List.of()));
        assertEquals(Atom.of("spawn_refused"), ((Tuple) refused.reason()).get(0));
        assertNull(receive(m -> m, Duration.ZERO, () -> null), "a call leaves nothing in the caller's mailbox");
    }

    @Test
    void aCallThatTimesOutIsKilledOnItsNode() {
        Pid me = self();
        assertThrows(ExitException.class, () -> Rpc.call(b.name, () -> {
            send(me, Tuple.of(Atom.of("calling"), self()));
            return receive(m -> NO_MATCH);
        }, Duration.ofMillis(200)));
        Pid call = receive(m -> m instanceof Tuple t && t.is(Atom.of("calling"), 2) ? (Pid) t.get(1) : NO_MATCH, NodeProcess.timeout(), () -> null);
        Ref ref = monitor(call);
        Down d = receive(m -> m instanceof Down x && x.ref().equals(ref) ? x : NO_MATCH, NodeProcess.timeout(), () -> fail("the call lives on"));
        assertTrue(Atom.KILLED.equals(d.reason()) || Atom.NOPROC.equals(d.reason()), d.toString());   // noproc: killed before we looked
    }

    @Test
    void whatARemotelySpawnedProcessPrintsShowsUpOnTheCallersNode() {
        Pid me = self();
        Pid old = groupLeader();
        Pid captured = StringIO.open("");
        groupLeader(captured, me);
        try {
            Spawned s = Node.spawnMonitor(b.name, () -> IO.puts("printed on " + Node.self().name()));
            receive(m -> m instanceof Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, NodeProcess.timeout(), () -> fail("no DOWN"));
            assertEquals(Tuple.of("", "printed on b@127.0.0.1\n"), StringIO.contents(captured));
        } finally {
            if (old != null) groupLeader(old, me);
            StringIO.close(captured);
        }
    }

    @Test
    void aRemotelySpawnedProcessKeepsItsCallersGroupLeader() {
        Pid me = self();
        Pid leader = spawn(() -> {
            for (;;) send(me, Tuple.of(Atom.of("via_leader"), receive()));
        });
        Pid old = groupLeader();
        groupLeader(leader, me);
        try {
            Node.spawn(b.name, () -> send(groupLeader(), Tuple.of(Atom.of("my_leader"), groupLeader(), Node.self())));
            Tuple t = receive(m -> m instanceof Tuple x && x.is(Atom.of("via_leader"), 2) ? x : NO_MATCH, NodeProcess.timeout(), () -> null);
            assertEquals(Tuple.of(Atom.of("via_leader"), Tuple.of(Atom.of("my_leader"), leader, b.name)), t);
        } finally {
            if (old != null) groupLeader(old, me);
            exit(leader, Atom.KILL);
        }
    }
}
