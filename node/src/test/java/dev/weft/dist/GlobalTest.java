package dev.weft.dist;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.otp.GenServer;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import org.junit.jupiter.api.Test;

/** {@code :global} on one node (as on a BEAM node that is not distributed); across nodes: GlobalAcrossNodesTest. */
class GlobalTest {
    private static final Atom YES = Atom.of("yes"), NO = Atom.of("no");

    private static Atom fresh() {
        return Atom.of("global_" + System.nanoTime());
    }

    @Test
    void aNameIsHeldByOneProcessUntilUnregistered() {
        Atom name = fresh();
        Pid a = spawn(() -> receive()), b = spawn(() -> receive());
        // :global.register_name(name, a) #=> :yes; again for b #=> :no
        assertEquals(YES, Global.registerName(name, a));
        assertEquals(NO, Global.registerName(name, b));
        assertEquals(a, Global.whereisName(name));
        assertTrue(Global.registeredNames().contains(name));
        // :global.send(name, :hi) #=> a's pid, and a gets :hi
        assertEquals(a, Global.send(name, Atom.of("hi")));
        Global.unregisterName(name);
        assertNull(Global.whereisName(name));   // :undefined
        assertEquals(YES, Global.registerName(name, b));
        Global.unregisterName(name);
        exit(a, Atom.KILL);
        exit(b, Atom.KILL);
    }

    @Test
    void aNameGoesWithItsProcess() {
        Atom name = fresh();
        Pid p = spawn(() -> receive());
        assertEquals(YES, Global.registerName(name, p));
        exit(p, Atom.KILL);
        await().until(() -> Global.whereisName(name) == null);
        assertFalse(Global.registeredNames().contains(name));
    }

    @Test
    void sendToANameNobodyHoldsExitsBadarg() {
        Atom name = fresh();
        // :global.send(:nobody, :hi) exits {:badarg, {:nobody, :hi}}
        var e = assertThrows(ExitException.class, () -> Global.send(name, Atom.of("hi")));
        assertEquals(Tuple.of(Atom.of("badarg"), Tuple.of(name, Atom.of("hi"))), e.reason());
    }

    @Test
    void whenTwoNodesMeetHoldingOneNameTheProcessOfTheNodeThatSortsLaterIsKilled() {
        Atom name = fresh();
        Pid mine = spawn(() -> receive());
        Ref watch = monitor(mine);
        assertEquals(YES, Global.registerName(name, mine));
        Pid later = new Pid(Atom.of("zzz@nowhere"), 1, 1);   // this node is nonode@nohost: "zzz..." sorts after it
        send(Global.SERVER, new Global.Sync(later.node(), java.util.List.of(Tuple.of(name, later))));
        assertEquals(mine, Global.whereisName(name));
        assertTrue(alive(mine));
        Pid earlier = new Pid(Atom.of("aaa@nowhere"), 1, 1);
        send(Global.SERVER, new Global.Sync(earlier.node(), java.util.List.of(Tuple.of(name, earlier))));
        assertEquals(Atom.KILLED, receive(m -> m instanceof dev.weft.process.Down d && d.ref().equals(watch) ? d.reason() : NO_MATCH));
        // aaa@nowhere cannot be reached from here, so its process's name goes too (DOWN :noconnection)
        await().until(() -> Global.whereisName(name) == null);
    }

    record Echo() implements GenServer<Integer> {
        @Override
        public Init<Integer> init() {
            return new Ok<>(0);
        }

        @Override
        public Result<Integer> handleCall(Object request, From from, Integer state) {
            return new Reply<>(Tuple.of(Atom.of("echo"), request), state);
        }
    }

    @Test
    void aGenServerNamedGloballyIsCalledByThatNameAndCannotStartTwice() {
        Global.Name name = Global.name(fresh());
        assertEquals("{:global, " + name.name() + "}", name.toString());
        Pid server = GenServer.start(new Echo(), name);
        assertEquals(server, Global.whereisName(name.name()));
        assertEquals(Tuple.of(Atom.of("echo"), "hi"), GenServer.call(name, "hi"));
        // GenServer.start(M, [], name: {:global, n}) again #=> {:error, {:already_started, pid}}
        var e = assertThrows(ExitException.class, () -> GenServer.start(new Echo(), name));
        assertEquals(Tuple.of(Atom.of("already_started"), server), e.reason());
        GenServer.stop(name);
        await().until(() -> Global.whereisName(name.name()) == null);   // the name goes with the process, as it does on the BEAM
    }
}
