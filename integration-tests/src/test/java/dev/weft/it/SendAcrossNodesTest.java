package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SendAcrossNodesTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
        assertTrue(Node.connect(b.name, b.port));
    }

    @Test
    void messagesToARemotePidArriveAsTheSameJavaValues() {
        Pid echo = Node.spawn(b.name, "echo", List.of(self()));
        assertEquals(b.name, echo.node());
        Object msg = Tuple.of(Atom.of("hello"), 42, 7L, 2.5, "text", new byte[] {1, 2}, List.of(1, "two"),
                Map.of(Atom.of("k"), List.of()), self(), makeRef(), true, new Point(1, 2));
        send(echo, msg);
        Object back = receive(m -> m, NodeProcess.timeout(), () -> "nothing");
        assertEquals(Tuple.of(Atom.of("hello"), 42, 7L, 2.5, "text"), Tuple.fromList(((Tuple) back).toList().subList(0, 5)));
        assertArrayEquals(new byte[] {1, 2}, (byte[]) ((Tuple) back).get(5));
        assertEquals(((Tuple) msg).toList().subList(6, 12), ((Tuple) back).toList().subList(6, 12));
        send(echo, Atom.of("stop"));
    }

    @Test
    void messagesBetweenAPairOfProcessesKeepTheirOrder() {
        Pid echo = Node.spawn(b.name, "echo", List.of(self()));
        int n = 20_000;
        for (int i = 0; i < n; i++) send(echo, i);
        List<Integer> got = new ArrayList<>(n);
        for (int i = 0; i < n; i++) got.add(receive(m -> m instanceof Integer x ? x : NO_MATCH, NodeProcess.timeout(), () -> -1));
        assertEquals(IntStream.range(0, n).boxed().toList(), got);
        send(echo, Atom.of("stop"));
    }

    @Test
    void sendingToARegisteredNameOnAnotherNodeReachesIt() {
        Atom name = Atom.of("it_echo");
        Node.spawn(b.name, "register", List.of(name, self()));
        Pid registered = receive(m -> m instanceof Tuple t && t.is(Atom.of("registered"), 2) ? t.get(1) : NO_MATCH, NodeProcess.timeout(), () -> null);
        assertNotNull(registered);
        send(name, b.name, "by name");
        assertEquals("by name", receive(m -> m instanceof String s ? s : NO_MATCH, NodeProcess.timeout(), () -> null));
        send(name, b.name, Atom.of("stop"));
    }

    @Test
    void aSendToADeadRemotePidOrAnUnknownNameIsDroppedSilently() {
        var s = Node.spawnMonitor(b.name, "echo", List.of(self()));
        send(s.pid(), Atom.of("stop"));
        receive(m -> m instanceof dev.weft.process.Down d && d.ref().equals(s.ref()) ? d : NO_MATCH, NodeProcess.timeout(), () -> fail("no DOWN"));
        send(s.pid(), "into the void");
        send(Atom.of("nobody_here"), b.name, "into the void");
        Pid echo = Node.spawn(b.name, "echo", List.of(self()));
        send(echo, "still connected");
        assertEquals("still connected", receive(m -> m, NodeProcess.timeout(), () -> null));
        assertTrue(Node.list().contains(b.name));
        send(echo, Atom.of("stop"));
    }

    record Point(int x, int y) {}
}
