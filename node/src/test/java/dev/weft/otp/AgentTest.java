package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {
    @Test
    void getUpdateAndGetAndUpdateWorkOnTheState() {
        Pid agent = Agent.startLink(() -> List.of());
        Agent.update(agent, (List<String> l) -> List.of("hello"));
        assertEquals(List.of("hello"), Agent.get(agent, (List<String> l) -> l));
        String old = Agent.getAndUpdate(agent, (List<String> l) -> Tuple.of(l.getFirst(), List.of("world")));
        assertEquals("hello", old);
        assertEquals("world", Agent.get(agent, (List<String> l) -> l.getFirst()));
        Agent.stop(agent);
        assertFalse(alive(agent));
    }

    @Test
    void castChangesTheStateWithoutWaiting() {
        Pid agent = Agent.startLink(() -> 1);
        Agent.cast(agent, (Integer n) -> n + 41);
        assertEquals(42, (int) Agent.get(agent, (Integer n) -> n), "a later get sees the earlier cast");
    }

    @Test
    void anAgentCanBeNamed() {
        Agent.start(() -> "named", Atom.of("agent_test_named"));
        assertEquals("named", Agent.get(Atom.of("agent_test_named"), (String s) -> s));
        Agent.stop(Atom.of("agent_test_named"));
        assertNull(whereis(Atom.of("agent_test_named")));
    }

    @Test
    void anAgentCanBeNamedThroughARegistry() {
        Registry.startLink(Registry.Keys.UNIQUE, Atom.of("agent_test_registry"));
        var name = new Registry.Via(Atom.of("agent_test_registry"), "counter");
        Pid agent = Agent.start(() -> 0, name);
        Agent.update(name, (Integer n) -> n + 1);
        assertEquals(1, (int) Agent.get(agent, (Integer n) -> n));
    }

    @Test
    void aCallToADeadAgentExitsWithNoproc() {
        Pid agent = Agent.start(() -> 0);
        Agent.stop(agent);
        Tuple reason = (Tuple) exitReason(() -> Agent.get(agent, (Integer n) -> n));
        assertEquals(Atom.NOPROC, reason.get(0));
        assertEquals(Tuple.class, reason.get(1).getClass());
        assertEquals(Atom.of("Elixir.GenServer"), ((Tuple) reason.get(1)).get(0));
    }

    @Test
    void aGetThatTakesTooLongExitsWithTimeout() {
        Pid agent = Agent.start(() -> 0);
        Tuple reason = (Tuple) exitReason(() -> Agent.get(agent, (Integer n) -> sleep(Duration.ofMillis(200)), Duration.ofMillis(10)));
        assertEquals(Atom.TIMEOUT, reason.get(0));
        Agent.stop(agent);
    }

    @Test
    void aFailingStartFunctionFailsTheStart() {
        Tuple reason = (Tuple) exitReason(() -> Agent.start(() -> { throw new IllegalStateException("no state"); }));
        assertInstanceOf(IllegalStateException.class, reason.get(0));
    }

    @Test
    void aFunctionThatThrowsCrashesTheAgentAndTheCall() {
        Pid agent = Agent.start(() -> 0);
        Ref ref = monitor(agent);
        Tuple reason = (Tuple) exitReason(() -> Agent.get(agent, (Integer n) -> n / 0));
        assertInstanceOf(ArithmeticException.class, ((Tuple) reason.get(0)).get(0));
        awaitDown(ref);
    }

    @Test
    void stopWithAReasonEndsTheAgentWithIt() {
        Pid agent = Agent.start(() -> 0);
        Ref ref = monitor(agent);
        Agent.stop(agent, Atom.SHUTDOWN, WAIT);
        assertEquals(Atom.SHUTDOWN, awaitDown(ref).reason());
    }
}
