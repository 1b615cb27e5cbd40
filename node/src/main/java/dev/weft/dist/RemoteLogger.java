package dev.weft.dist;

import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;

/**
 * The node's {@code :logger} process: logs here the error reports of processes on other nodes whose
 * group leader is on this node (a process spawned from here), as the BEAM's logger forwards a log
 * event to its group leader's node. A crash on node b of a process node a spawned is reported on a,
 * where its output goes:
 *
 * <pre>{@code
 * Node.spawn(Atom.of("b@127.0.0.1"), () -> { throw new IllegalStateException("boom"); });
 * // on this node's log: Process #PID<12.71.0> on node b@127.0.0.1 raised an exception ... IllegalStateException: boom
 * }</pre>
 */
final class RemoteLogger {
    static final Atom NAME = Atom.of("logger");
    private static final Atom ERROR_REPORT = Atom.of("error_report");
    private static final System.Logger LOG = System.getLogger("dev.weft.process");

    private RemoteLogger() {}

    /** Starts this node's logger process if it is not running. */
    static void start() {
        Servers.ensure(NAME, () -> {
            Pid pid = Kernel.spawn(RemoteLogger::loop);
            Kernel.register(pid, NAME);
            return pid;
        });
    }

    /** The message that has {@code node}'s logger log the error report of {@code pid}. */
    static Tuple errorReport(Pid pid, String details) {
        return Tuple.of(ERROR_REPORT, pid, details);
    }

    private static void loop() {
        for (;;) {
            if (Kernel.receive() instanceof Tuple t && t.is(ERROR_REPORT, 3) && t.get(1) instanceof Pid pid && t.get(2) instanceof String details) {
                LOG.log(System.Logger.Level.ERROR, "Process " + pid + " on node " + pid.node().name() + details);
            }
        }
    }
}
