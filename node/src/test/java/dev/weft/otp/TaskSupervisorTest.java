package dev.weft.otp;

import static dev.weft.otp.OtpTesting.*;
import static dev.weft.process.Kernel.*;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.process.Down;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskSupervisorTest {
    @Test
    void startChildRunsAFunctionUnderTheSupervisor() {
        Pid sup = TaskSupervisor.startLink();
        Pid test = self();
        Pid child = TaskSupervisor.startChild(sup, () -> {
            send(test, "running");
            receive(m -> m.equals("finish") ? m : NO_MATCH);
        });
        received("running");
        assertEquals(java.util.List.of(child), TaskSupervisor.children(sup));
        assertTrue(info(child).links().contains(sup), "linked to the supervisor");
        assertFalse(info(child).links().contains(test), "not to the caller");
        send(child, "finish");
        org.awaitility.Awaitility.await().until(() -> TaskSupervisor.children(sup).isEmpty());
        DynamicSupervisor.stop(sup);
    }

    @Test
    void asyncIsOwnedAndLinkedByTheCaller() {
        Pid sup = TaskSupervisor.startLink(Atom.of("task_sup_named"));
        Task<Integer> task = TaskSupervisor.async(Atom.of("task_sup_named"), () -> 6 * 7);
        assertEquals(self(), task.owner());
        assertEquals(42, task.await());
        await().until(() -> !alive(task.pid()));   // else stopping the supervisor shuts the task down, and the link takes us along
        DynamicSupervisor.stop(sup);
    }

    @Test
    void asyncNolinkLeavesTheCallerAliveWhenTheTaskCrashes() {
        Pid sup = TaskSupervisor.startLink();
        Task<Integer> task = TaskSupervisor.asyncNolink(sup, () -> 1 / 0);
        Tuple result = task.yield(WAIT);
        assertEquals(Atom.of("exit"), result.get(0));
        assertInstanceOf(ArithmeticException.class, ((Tuple) result.get(1)).get(0));
        assertTrue(alive(self()));
        DynamicSupervisor.stop(sup);
    }

    @Test
    void asyncNolinkRepliesAsAMessageAGenServerCanMatch() {
        Pid sup = TaskSupervisor.startLink();
        Task<String> task = TaskSupervisor.asyncNolink(sup, () -> "done");
        Object reply = receive(m -> m instanceof Tuple t && t.size() == 2 && task.ref().equals(t.get(0)) ? t.get(1) : NO_MATCH, WAIT, () -> null);
        assertEquals("done", reply);
        Down down = awaitDown(task.ref());
        assertEquals(Atom.NORMAL, down.reason());
        DynamicSupervisor.stop(sup);
    }

    @Test
    void stoppingTheSupervisorStopsItsTasks() {
        Pid sup = TaskSupervisor.startLink();
        Task<Atom> task = TaskSupervisor.asyncNolink(sup, () -> sleep(Duration.ofSeconds(10)));
        DynamicSupervisor.stop(sup);
        assertEquals(Atom.SHUTDOWN, awaitDown(task.ref()).reason());
    }

    @Test
    void theJavadocExampleRuns() {
        Pid sup = TaskSupervisor.startLink();
        TaskSupervisor.startChild(sup, () -> System.out.println("fire and forget"));

        Task<Integer> task = TaskSupervisor.asyncNolink(sup, () -> 1 / 0);
        Tuple result = task.yield(Duration.ofSeconds(1));    // {:exit, {%ArithmeticException{...}, [...]}}
        assertEquals(Atom.of("exit"), result.get(0));
        DynamicSupervisor.stop(sup);
    }

    @Test
    void asyncStreamNolinkGivesExitForAFailedTaskWithoutTrapping() {
        // Task.Supervisor.async_stream_nolink(sup, [1, 0], &(10 / &1)) #=> [ok: 10.0, exit: {:badarith, _}]
        Pid sup = TaskSupervisor.startLink();
        List<Tuple> out = TaskSupervisor.asyncStreamNolink(sup, List.of(1, 0), (Integer x) -> 10 / x, Task.StreamOptions.defaults()).toList();
        assertEquals(Tuple.of(Atom.OK, 10), out.get(0));
        assertEquals(Atom.of("exit"), out.get(1).get(0));
        // ... and the linked variant runs its tasks under the supervisor
        List<Tuple> linked = TaskSupervisor.asyncStream(sup, List.of(1, 2), (Integer x) -> TaskSupervisor.children(sup).contains(self()),
                Task.StreamOptions.defaults()).toList();
        assertEquals(List.of(Tuple.of(Atom.OK, true), Tuple.of(Atom.OK, true)), linked);
    }
}
