package dev.weft.cli;

import dev.weft.dist.Rpc;
import dev.weft.process.Down;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * jshell's execution engine for {@code weft remsh}: snippets are compiled here, their classes sent to
 * a {@link RemshSession} process on the remote node, and run there. If that process dies, a new one
 * takes over (every class sent so far is sent again) and the death is reported.
 */
final class RemoteExecution implements ExecutionControl {
    private final Atom node;
    private final Pid groupLeader;
    private final BiConsumer<Pid, Object> onDeath;
    private final List<ClassBytecodes> loaded = new ArrayList<>();
    private Pid session;
    private Ref watch;

    RemoteExecution(Atom node, Pid groupLeader, BiConsumer<Pid, Object> onDeath) {
        this.node = node;
        this.groupLeader = groupLeader;
        this.onDeath = onDeath;
        open();
    }

    /** The remote shell process. */
    Pid session() {
        return session;
    }

    private void open() {
        session = Rpc.call(node, RemshSession.EXPORT, List.of(groupLeader));
        watch = Kernel.monitor(session);
    }

    /** Sends {@code kind} with its two arguments to the session and waits for its answer; null if it died. */
    private Tuple request(Atom kind, Object a, Object b) {
        Ref ref = Kernel.makeRef();
        Kernel.send(session, Tuple.of(kind, Kernel.self(), ref, a, b));
        Object r = Kernel.receive(ref, m -> switch (m) {
            case Tuple t when t.size() == 2 && ref.equals(t.get(0)) -> t.get(1);
            case Down d when d.ref().equals(watch) -> d;
            default -> Kernel.NO_MATCH;
        }, null, () -> null);   // no timeout: a snippet may run as long as it likes
        if (r instanceof Down d) {
            Pid dead = session;
            open();
            onDeath.accept(dead, d.reason());
            if (!loaded.isEmpty()) send(loaded);
            return null;
        }
        return (Tuple) r;
    }

    private Tuple send(List<ClassBytecodes> classes) {
        return request(RemshSession.LOAD, classes.stream().map(ClassBytecodes::name).toList(),
                classes.stream().map(ClassBytecodes::bytecodes).toList());
    }

    @Override
    public void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        Tuple r = send(List.of(cbcs));
        if (r == null || r.get(0) != Atom.OK) {
            throw new ClassInstallException("cannot load on " + node.name() + ": " + (r == null ? "the shell process died" : r.get(2)), new boolean[cbcs.length]);
        }
        loaded.addAll(List.of(cbcs));
    }

    @Override
    public void redefine(ClassBytecodes[] cbcs) throws NotImplementedException {
        throw new NotImplementedException("redefine is not supported by weft remsh");
    }

    @Override
    public String invoke(String className, String methodName) throws RunException {
        return answer(request(RemshSession.INVOKE, className, methodName));
    }

    @Override
    public String varValue(String className, String varName) throws RunException {
        return answer(request(RemshSession.VAR, className, varName));
    }

    private String answer(Tuple r) throws UserException {
        if (r == null) throw new UserException("the shell process exited; a fresh one took over", "dev.weft.process.ExitException", new StackTraceElement[0]);
        if (r.get(0) == Atom.OK) return (String) r.get(1);
        throw new UserException((String) r.get(2), (String) r.get(1), new StackTraceElement[0]);
    }

    /** Nothing to do remotely: snippets compile against this classpath and run with the remote node's, the same jar. */
    @Override
    public void addToClasspath(String path) {
    }

    @Override
    public void stop() {
        // a running snippet is not interrupted: it runs in a process on the remote node
    }

    @Override
    public Object extensionCommand(String command, Object arg) throws NotImplementedException {
        throw new NotImplementedException(command);
    }

    @Override
    public void close() {
        Kernel.demonitor(watch);
        Kernel.exit(session, Atom.KILL);
    }

    /** Makes the engine for a {@link jdk.jshell.JShell}: the given one, created once. */
    record Provider(RemoteExecution engine) implements ExecutionControlProvider {
        @Override
        public String name() {
            return "weft-remsh";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            return engine;
        }
    }
}
