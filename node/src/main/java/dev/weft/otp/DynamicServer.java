package dev.weft.otp;

import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The GenServer behind a {@link DynamicSupervisor}: children by pid, with their specs. */
final class DynamicServer implements GenServer<DynamicServer> {
    record StartChild(ChildSpec spec) {}

    record TerminateChild(Pid pid) {}

    /** {@code Task.Supervisor} asked from another node: start a task of {@code fn} for {@code owner}. */
    record StartTask(Supplier<?> fn, Pid owner, boolean replies) {}

    private final Object name;
    private final int maxChildren;
    private final Children.Intensity intensity;
    private final Map<Pid, ChildSpec> children = new LinkedHashMap<>();

    DynamicServer(Object name, int maxChildren, Children.Intensity intensity) {
        this.name = name;
        this.maxChildren = maxChildren;
        this.intensity = intensity;
    }

    @Override
    public Init<DynamicServer> init() {
        Kernel.trapExit(true);
        return new Ok<>(this);
    }

    @Override
    public Result<DynamicServer> handleCall(Object request, From from, DynamicServer state) {
        return new Reply<>(switch (request) {
            case SupervisorServer.Query q when q == SupervisorServer.Query.WHICH_CHILDREN -> children.entrySet().stream()
                    .map(e -> new Supervisor.Child(Atom.UNDEFINED, e.getKey(), e.getValue().type())).toList();
            case SupervisorServer.Query q -> new Supervisor.Counts(children.size(), children.size(),
                    (int) children.values().stream().filter(s -> s.type() == ChildSpec.Type.SUPERVISOR).count(),
                    (int) children.values().stream().filter(s -> s.type() == ChildSpec.Type.WORKER).count());
            case StartChild(ChildSpec spec) -> startChild(spec);
            case StartTask(Supplier<?> fn, Pid owner, boolean replies) -> startChild(TaskSupervisor.spec(fn, owner, replies));
            case TerminateChild(Pid pid) -> {
                ChildSpec spec = children.remove(pid);
                if (spec == null) yield Tuple.of(Atom.ERROR, Atom.of("not_found"));
                Children.shutdown(pid, spec.shutdown());
                yield Atom.OK;
            }
            default -> throw new IllegalArgumentException("unknown dynamic supervisor request " + Inspect.inspect(request));
        }, this);
    }

    private Object startChild(ChildSpec spec) {
        if (children.size() >= maxChildren) return Tuple.of(Atom.ERROR, Atom.of("max_children"));
        try {
            Pid pid = Children.start(spec);
            if (pid != null) children.put(pid, spec);
            return pid;
        } catch (ExitException e) {
            if (!Kernel.alive(Kernel.self())) throw e;
            return Tuple.of(Atom.ERROR, e.reason());
        }
    }

    @Override
    public Result<DynamicServer> handleInfo(Object message, DynamicServer state) {
        if (!(message instanceof Exit(Pid from, Object reason)) || !children.containsKey(from)) return new NoReply<>(this);
        ChildSpec spec = children.remove(from);
        if (!Children.restarts(spec.restart(), reason)) return new NoReply<>(this);
        Object me = name != null ? name : Kernel.self();
        Children.Restarted r = intensity.add(me) ? Children.restart(spec, intensity, me) : null;
        if (r == null) return new Stop<>(Atom.SHUTDOWN, this);
        if (r.pid() != null) children.put(r.pid(), spec);
        return new NoReply<>(this);
    }

    @Override
    public void terminate(Object reason, DynamicServer state) {
        Map<Pid, java.time.Duration> all = new LinkedHashMap<>();
        children.forEach((pid, spec) -> all.put(pid, spec.shutdown()));
        Children.shutdownAll(all);
        children.clear();
    }
}
