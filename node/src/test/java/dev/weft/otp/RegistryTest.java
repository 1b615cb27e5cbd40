package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.otp.Registry.Entry;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RegistryTest {
    /** A process that registers under {@code key} with {@code value}, tells the test, and waits. */
    static Pid registered(Atom registry, Object key, Object value) {
        Pid test = self();
        Pid pid = spawn(() -> {
            send(test, Tuple.of(Atom.of("registered"), Registry.register(registry, key, value)));
            receive();
        });
        receive(m -> m instanceof Tuple t && t.is(Atom.of("registered"), 2) ? t : NO_MATCH, WAIT, () -> fail("no registration"));
        return pid;
    }

    @Test
    void uniqueKeysHaveOneProcess() {
        Atom reg = Atom.of("registry_test_unique");
        Pid owner = Registry.startLink(Registry.Keys.UNIQUE, reg);
        assertEquals(Tuple.of(Atom.OK, owner), Registry.register(reg, "hello", 1));
        assertEquals(List.of(new Entry(self(), 1)), Registry.lookup(reg, "hello"));
        assertEquals(Tuple.of(Atom.ERROR, Tuple.of(Atom.of("already_registered"), self())), Registry.register(reg, "hello", 2));
        Pid other = spawn(() -> receive());
        assertEquals(List.of(), Registry.lookup(reg, "world"));
        assertEquals(List.of("hello"), Registry.keys(reg, self()));
        assertEquals(List.of(), Registry.keys(reg, other));
        Registry.unregister(reg, "hello");
        assertEquals(List.of(), Registry.lookup(reg, "hello"));
        assertEquals(0, Registry.count(reg));
    }

    @Test
    void matchFiltersAKeysEntriesByValueAndSelectSeesEveryEntryAsKeyPidValue() {
        Atom reg = Atom.of("registry_test_match");
        Registry.startLink(Registry.Keys.DUPLICATE, reg);
        Pid a = registered(reg, "topic", Tuple.of(Atom.of("x"), 1));
        Registry.register(reg, "topic", Tuple.of(Atom.of("y"), 2));
        Registry.register(reg, "other", 3);
        assertEquals(List.of(new Entry(self(), Tuple.of(Atom.of("y"), 2))),
                Registry.match(reg, "topic", v -> v instanceof Tuple t && t.get(0).equals(Atom.of("y"))));
        assertEquals(List.of(), Registry.match(reg, "nothing", v -> true));
        Set<Object> mine = Set.copyOf(Registry.select(reg, e -> e.get(1).equals(self()), e -> e.get(0)));
        assertEquals(Set.of("topic", "other"), mine);
        assertEquals(List.of(Tuple.of("topic", a, Tuple.of(Atom.of("x"), 1))), Registry.select(reg, e -> e.get(1).equals(a), e -> e));
        exit(a, Atom.KILL);
        await().until(() -> Registry.select(reg, e -> e.get(1).equals(a), e -> e).isEmpty());
    }

    @Test
    void duplicateKeysHaveManyProcesses() {
        Atom reg = Atom.of("registry_test_duplicate");
        Registry.startLink(Registry.Keys.DUPLICATE, reg);
        Pid a = registered(reg, "topic", "a");
        Pid b = registered(reg, "topic", "b");
        Registry.register(reg, "topic", "me");
        Registry.register(reg, "topic", "me again");
        assertEquals(List.of(new Entry(a, "a"), new Entry(b, "b"), new Entry(self(), "me"), new Entry(self(), "me again")),
                Registry.lookup(reg, "topic"));
        assertEquals(4, Registry.count(reg));
        Registry.unregister(reg, "topic");
        assertEquals(Set.of(a, b), Registry.lookup(reg, "topic").stream().map(Entry::pid).collect(Collectors.toSet()));
    }

    @Test
    void entriesGoAwayWhenTheProcessDies() {
        Atom reg = Atom.of("registry_test_cleanup");
        Registry.startLink(Registry.Keys.UNIQUE, reg);
        Pid p = registered(reg, "worker", null);
        assertEquals(p, Registry.lookup(reg, "worker").getFirst().pid());
        exit(p, Atom.KILL);
        assertEquals(List.of(), Registry.lookup(reg, "worker"), "a dead process is never returned");
        await().until(() -> Registry.count(reg) == 0);
        Pid next = registered(reg, "worker", null);
        assertEquals(next, Registry.lookup(reg, "worker").getFirst().pid(), "the key is free again");
    }

    @Test
    void aUniqueKeyOfADeadProcessCanBeTakenAtOnce() {
        Atom reg = Atom.of("registry_test_take_over");
        Registry.startLink(Registry.Keys.UNIQUE, reg);
        Pid p = registered(reg, "k", 1);
        exit(p, Atom.KILL);
        await().until(() -> !alive(p));
        assertEquals(Atom.OK, Registry.register(reg, "k", 2).get(0));
        assertEquals(List.of(new Entry(self(), 2)), Registry.lookup(reg, "k"));
        Registry.unregister(reg, "k");
    }

    @Test
    void dispatchCallsTheFunctionWithTheEntries() {
        Atom reg = Atom.of("registry_test_dispatch");
        Registry.startLink(Registry.Keys.DUPLICATE, reg);
        Registry.register(reg, "news", 1);
        Registry.register(reg, "news", 2);
        List<Object> seen = new ArrayList<>();
        Registry.dispatch(reg, "news", entries -> entries.forEach(e -> send(e.pid(), Tuple.of(Atom.of("news"), e.value()))));
        Registry.dispatch(reg, "nothing", entries -> seen.add(entries));
        received(Tuple.of(Atom.of("news"), 1));
        received(Tuple.of(Atom.of("news"), 2));
        assertEquals(List.of(), seen, "no call for a key without entries");
        Registry.unregister(reg, "news");
    }

    @Test
    void anUnknownRegistryIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.lookup(Atom.of("no_such_registry"), "k"));
        assertTrue(e.getMessage().contains(":no_such_registry"), e.getMessage());
    }

    @Test
    void viaNamesNeedUniqueKeys() {
        Atom reg = Atom.of("registry_test_via_dup");
        Registry.startLink(Registry.Keys.DUPLICATE, reg);
        assertThrows(IllegalArgumentException.class, () -> Agent.start(() -> 0, new Registry.Via(reg, "x")));
    }

    @Test
    void aRegistryCanBeSupervised() {
        Atom reg = Atom.of("registry_test_supervised");
        trapExit(true);
        try {
            Pid sup = Supervisor.startLink(List.of(Registry.childSpec(Registry.Keys.UNIQUE, reg)), Supervisor.Strategy.ONE_FOR_ONE);
            Registry.register(reg, "a", 1);
            assertEquals(1, Registry.lookup(reg, "a").getFirst().value());
            assertEquals("{:via, Registry, {:registry_test_supervised, \"a\"}}", new Registry.Via(reg, "a").toString());
            Supervisor.stop(sup);
            awaitExit(sup);
        } finally {
            trapExit(false);
        }
    }

    @Test
    void theJavadocExampleRuns() {
        Registry.startLink(Registry.Keys.UNIQUE, Atom.of("rooms"));
        Registry.register(Atom.of("rooms"), "lobby", 42);          // {:ok, owner}
        List<Registry.Entry> found = Registry.lookup(Atom.of("rooms"), "lobby");
        assertEquals(List.of(new Entry(self(), 42)), found);

        var name = new Registry.Via(Atom.of("rooms"), "kitchen");
        Pid agent = Agent.start(() -> 0, name);
        Agent.update(name, n -> (int) n + 1);
        assertEquals(1, (int) Agent.get(agent, (Integer n) -> n));
        Registry.unregister(Atom.of("rooms"), "lobby");
        Agent.stop(agent);
    }
}
