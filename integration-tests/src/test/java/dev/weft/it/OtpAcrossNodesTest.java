package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.otp.Agent;
import dev.weft.otp.Task;
import dev.weft.otp.TaskSupervisor;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An agent and a task supervisor on another node, used by {@code {name, node}} as Elixir's distributed
 * agents and tasks are: the functions travel there as terms. (This class's lambdas run on node b, so
 * it uses nothing b lacks.)
 */
class OtpAcrossNodesTest {
    static NodeProcess b;

    @BeforeAll
    static void cluster() {
        b = Cluster.b();
    }

    @Test
    void getUpdateGetAndUpdateAndCastRunTheirFunctionsInTheRemoteAgent() {
        Atom name = Atom.of("counter_" + System.nanoTime());
        Node.spawn(b.name, Fns.startNamedAgent(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("agent"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no agent on " + b.name));
        Tuple counter = Tuple.of(name, b.name);
        assertEquals(0, (Integer) Agent.get(counter, (Integer n) -> n));
        Agent.update(counter, (Integer n) -> n + 1);
        int step = 10;
        assertEquals(1, (Integer) Agent.getAndUpdate(counter, (Integer n) -> Tuple.of(n, n + step)));
        Agent.cast(counter, (Integer n) -> n * 2);
        assertEquals(List.of(22, b.name), Agent.get(counter, (Integer n) -> List.of(n, Node.self())));
        Agent.stop(counter);
    }

    @Test
    void aTaskSupervisorOnAnotherNodeRunsTheTasksOfThisOne() {
        // Task.Supervisor.async({sup, node}, fun) |> Task.await: the task runs there and replies here
        Tuple tasks = taskSupervisorOnB();
        int n = 20;
        Task<List<Object>> task = TaskSupervisor.async(tasks, () -> List.of(Node.self(), n + 1));
        assertEquals(b.name, task.pid().node());
        assertEquals(List.of(b.name, 21), task.await(NodeProcess.timeout()));
        Task<Object> failing = TaskSupervisor.asyncNolink(tasks, () -> { throw exit(Atom.of("boom")); });
        assertEquals(Tuple.of(Atom.of("exit"), Atom.of("boom")), failing.yield(NodeProcess.timeout()));
    }

    @Test
    void shutdownOfATaskThatHadEndedOnAnotherNodeGivesHowItEnded() {
        // as on one node (OTP 25/Elixir 1.14): Task.shutdown of an async_nolink task already down after exit(:boom) #=> {:exit, :boom}
        Tuple tasks = taskSupervisorOnB();
        int before = info(self()).messageQueueLen();
        Task<Object> failing = TaskSupervisor.asyncNolink(tasks, () -> { throw exit(Atom.of("boom")); });
        // until the task's DOWN is in the mailbox (looked for without taking it; no Awaitility in this class, see above)
        long deadline = System.nanoTime() + NodeProcess.timeout().toNanos();
        while (info(self()).messageQueueLen() == before) {
            assertTrue(System.nanoTime() < deadline, "the task did not end");
            receive(m -> NO_MATCH, java.time.Duration.ofMillis(20), () -> null);
        }
        assertEquals(Tuple.of(Atom.of("exit"), Atom.of("boom")), failing.shutdown());
    }

    /** A new Task.Supervisor on b, as {@code {name, b}}. */
    static Tuple taskSupervisorOnB() {
        Atom name = Atom.of("tasks_" + System.nanoTime());
        Node.spawn(b.name, Fns.startTaskSupervisor(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("task_supervisor"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no task supervisor"));
        return Tuple.of(name, b.name);
    }
}
