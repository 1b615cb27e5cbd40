package dev.weft.process;

import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.term.Atom;
import dev.weft.term.Pid;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How the runtime knows which process is running: spawned ones by their thread, adopted threads on first use. */
class CurrentProcessTest {
    @Test
    void aSpawnedProcessSeesThePidItsSpawnerGot() {
        Pid parent = self();
        Pid child = spawn(() -> send(parent, self()));
        assertEquals(child, receive(m -> m instanceof Pid p ? p : NO_MATCH, Duration.ofSeconds(5), () -> null));
    }

    /** What a thread of its own saw: its pid, the exit {@code killing} threw at it (or null), its pid after. */
    private record Killed(Pid first, Object reason, Pid second, long threadId) {}

    private static Killed onAThreadOfItsOwn(Runnable killing) throws InterruptedException {
        AtomicReference<Pid> first = new AtomicReference<>(), second = new AtomicReference<>();
        AtomicReference<Object> caught = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            first.set(self());
            try {
                killing.run();
            } catch (ExitException e) {
                caught.set(e.reason());
            }
            second.set(self());
        });
        t.join();
        return new Killed(first.get(), caught.get(), second.get(), t.threadId());
    }

    @Test
    void anAdoptedThreadThatWasKilledGetsANewPidOnItsNextUse() throws InterruptedException {
        Killed k = onAThreadOfItsOwn(() -> exit(self(), Atom.KILL));
        assertEquals(Atom.KILLED, k.reason());
        assertNotEquals(k.first(), k.second());
        assertFalse(alive(k.first()));
        assertTrue(alive(k.second()));
        assertNotEquals(k.first().id(), k.threadId(), "an adopted process is not numbered by its thread");
    }

    @Test
    void anAdoptedThreadKilledThroughALinkSeesTheExitAtItsNextCallNotAQuietNewPid() throws InterruptedException {
        Killed k = onAThreadOfItsOwn(() -> {
            Pid me = self();
            Pid linked = spawnLink(() -> receive());
            exit(linked, Atom.KILL);
            await().until(() -> info(me).messageQueueLen() == 1);   // the link's exit signal has come
            monitor(spawn(() -> { }));                               // takes the exit in, without throwing it
            self();                                                  // so the next call into the runtime throws it
        });
        assertEquals(Atom.KILLED, k.reason());
        assertNotEquals(k.first(), k.second());
        assertFalse(alive(k.first()));
    }

    @Test
    void anInterruptedThreadWaitingInReceiveGetsAnErrorRatherThanSpinning() throws InterruptedException {
        AtomicReference<Throwable> caught = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                receive(m -> NO_MATCH);
            } catch (IllegalStateException e) {
                caught.set(e);
            }
        });
        await().until(() -> t.getState() == Thread.State.WAITING);
        t.interrupt();
        t.join();
        assertTrue(caught.get().getMessage().contains("interrupted"), String.valueOf(caught.get()));
    }

    @Test
    void aThreadsProcessMadeBeforeTheNodeHadADefaultGroupLeaderTakesItOnceThereIsOne() throws InterruptedException {
        Pid before = Kernel.defaultGroupLeader();
        Pid leader = spawn(() -> receive(m -> m));
        AtomicReference<Pid> seen = new AtomicReference<>(), childs = new AtomicReference<>();
        try {
            Kernel.defaultGroupLeader(null);
            Thread t = Thread.ofPlatform().start(() -> {
                self();                                       // made with no group leader to give it
                Kernel.defaultGroupLeader(leader);            // as the node's stdio does once it starts
                seen.set(groupLeader());
                Pid me = self();
                spawn(() -> send(me, groupLeader()));
                childs.set(receive(m -> m instanceof Pid p ? p : NO_MATCH, Duration.ofSeconds(5), () -> null));
            });
            t.join();
        } finally {
            Kernel.defaultGroupLeader(before);
        }
        assertEquals(leader, seen.get());
        assertEquals(leader, childs.get(), "and its children inherit it");
        exit(leader, Atom.KILL);
    }

    @Test
    void processesSpawnedFromAProcessInheritItsGroupLeader() {
        Pid leader = spawn(() -> receive(m -> m));
        Pid parent = self();
        spawn(() -> {
            groupLeader(leader, self());
            spawn(() -> send(parent, groupLeader()));
        });
        assertEquals(leader, receive(m -> m instanceof Pid p ? p : NO_MATCH, Duration.ofSeconds(5), () -> null));
        exit(leader, Atom.KILL);
    }
}
