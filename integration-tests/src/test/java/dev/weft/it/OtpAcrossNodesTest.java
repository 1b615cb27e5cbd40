package dev.weft.it;

import static dev.weft.process.Kernel.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.weft.dist.Node;
import dev.weft.otp.Agent;
import dev.weft.otp.Task;
import dev.weft.otp.TaskSupervisor;
import dev.weft.process.ExitException;
import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.time.Duration;
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

    /** Starts an agent holding 0 on b under a fresh name starting with {@code prefix}; returns {@code {name, b}}. */
    private static Tuple agentOnB(String prefix) {
        Atom name = Atom.of(prefix + System.nanoTime());
        Node.spawn(b.name, Fns.startNamedAgent(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("agent"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no agent on " + b.name));
        return Tuple.of(name, b.name);
    }

    @Test
    void getUpdateGetAndUpdateAndCastRunTheirFunctionsInTheRemoteAgent() {
        Tuple counter = agentOnB("counter_");
        assertEquals(0, (Integer) Agent.get(counter, (Integer n) -> n));
        Agent.update(counter, (Integer n) -> n + 1);
        int step = 10;
        assertEquals(1, (Integer) Agent.getAndUpdate(counter, (Integer n) -> Tuple.of(n, n + step)));
        Agent.cast(counter, (Integer n) -> n * 2);
        assertEquals(List.of(22, b.name), Agent.get(counter, (Integer n) -> List.of(n, Node.self())));
        Agent.stop(counter);
    }

    @Test
    void aCallToAnAgentOnAnotherNodeThatTimesOutLeavesNoLateReply() {
        // OTP 25 / Elixir 1.14: Agent.get({name, b}, slow_fun, 100) exits {:timeout, {GenServer, :call, [{name, b}, {:get, fun}, 100]}},
        // and the reply that comes later is dropped (gen:call's alias): nothing reaches the caller's mailbox
        Tuple agent = agentOnB("slow_");
        ExitException e = assertThrows(ExitException.class, () -> Agent.get(agent, (Integer n) -> {
            receive(m -> NO_MATCH, Duration.ofMillis(300), () -> null);
            return n;
        }, Duration.ofMillis(100)));
        Tuple reason = (Tuple) e.reason();
        assertEquals(Atom.TIMEOUT, reason.get(0));
        assertEquals(List.of(Atom.of("Elixir.GenServer"), Atom.of("call")), ((Tuple) reason.get(1)).toList().subList(0, 2));
        assertEquals(0, (Integer) Agent.get(agent, (Integer n) -> n));   // after the slow one: its reply would have come by now
        assertEquals("nothing", receive(m -> m, Duration.ofMillis(300), () -> "nothing"));
        Agent.stop(agent);
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
        awaitMessages(before + 1);   // the task's DOWN
        assertEquals(Tuple.of(Atom.of("exit"), Atom.of("boom")), failing.shutdown());
    }

    @Test
    void awaitYieldAndShutdownOfATaskWhoseNodeWasDisconnected() {
        // Elixir 1.14, task = Task.Supervisor.async_nolink({sup, b}, fun that waits), then Node.disconnect(b):
        // Task.await(task, 2000) exits {{:nodedown, b}, {Task, :await, [task, 2000]}}; Task.yield(task, 2000) exits
        // {{:nodedown, b}, {Task, :yield, [task, 2000]}}; Task.shutdown(task) once the DOWN is in #=> nil (its monitor
        // connects again, and the task, still running on b, is shut down)
        Tuple tasks = taskSupervisorOnB();
        Tuple nodedown = Tuple.of(Atom.of("nodedown"), b.name);
        try {
            Task<Object> awaited = TaskSupervisor.asyncNolink(tasks, () -> receive(m -> NO_MATCH));
            Node.disconnect(b.name);
            Duration two = Duration.ofSeconds(2);
            assertEquals(Tuple.of(nodedown, Tuple.of(Atom.of("Elixir.Task"), Atom.of("await"), List.of(awaited, 2000L))),
                    assertThrows(ExitException.class, () -> awaited.await(two)).reason());
            Task<Object> yielded = TaskSupervisor.asyncNolink(tasks, () -> receive(m -> NO_MATCH));
            Node.disconnect(b.name);
            assertEquals(Tuple.of(nodedown, Tuple.of(Atom.of("Elixir.Task"), Atom.of("yield"), List.of(yielded, 2000L))),
                    assertThrows(ExitException.class, () -> yielded.yield(two)).reason());
            Task<Object> shut = TaskSupervisor.asyncNolink(tasks, () -> receive(m -> NO_MATCH));
            int before = info(self()).messageQueueLen();
            Node.disconnect(b.name);
            awaitMessages(before + 1);
            assertNull(shut.shutdown());
        } finally {
            Node.connect(b.name);
        }
    }

    /** Until the mailbox holds {@code n} messages, looked for without taking them (no Awaitility in this class, see above). */
    private static void awaitMessages(int n) {
        long deadline = System.nanoTime() + NodeProcess.timeout().toNanos();
        while (info(self()).messageQueueLen() < n) {
            assertTrue(System.nanoTime() < deadline, "no message came");
            receive(m -> NO_MATCH, Duration.ofMillis(20), () -> null);
        }
    }

    /** A new Task.Supervisor on b, as {@code {name, b}}. */
    static Tuple taskSupervisorOnB() {
        Atom name = Atom.of("tasks_" + System.nanoTime());
        Node.spawn(b.name, Fns.startTaskSupervisor(name, self()));
        receive(m -> m instanceof Tuple t && t.is(Atom.of("task_supervisor"), 2) ? t : NO_MATCH, NodeProcess.timeout(), () -> fail("no task supervisor"));
        return Tuple.of(name, b.name);
    }
}
