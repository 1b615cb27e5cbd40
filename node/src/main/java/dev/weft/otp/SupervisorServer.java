package dev.weft.otp;

import dev.weft.process.Exit;
import dev.weft.process.ExitException;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Inspect;
import dev.weft.term.Pid;
import dev.weft.term.Tuple;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** The GenServer behind a {@link Supervisor}; its state is itself (mutable, used only by its process). */
final class SupervisorServer implements GenServer<SupervisorServer> {
    private static final Atom NOT_FOUND = Atom.of("not_found");
    private static final Atom RUNNING = Atom.of("running");

    record StartChild(ChildSpec spec) {}

    record TerminateChild(Object id) {}

    record RestartChild(Object id) {}

    record DeleteChild(Object id) {}

    enum Query { WHICH_CHILDREN, COUNT_CHILDREN }

    /** A child: its spec, and its pid while it runs. */
    private static final class Child {
        final ChildSpec spec;
        Pid pid;

        Child(ChildSpec spec) {
            this.spec = spec;
        }
    }

    private final Object name;
    private final List<ChildSpec> initial;
    private final Supervisor.Strategy strategy;
    private final Children.Intensity intensity;
    private final List<Child> children = new ArrayList<>();

    SupervisorServer(Object name, List<ChildSpec> initial, Supervisor.Strategy strategy, Children.Intensity intensity) {
        this.name = name;
        this.initial = initial;
        this.strategy = strategy;
        this.intensity = intensity;
    }

    private Object me() {
        return name != null ? name : Kernel.self();
    }

    @Override
    public Init<SupervisorServer> init() {
        Kernel.trapExit(true);
        var ids = new HashSet<>();
        for (ChildSpec spec : initial) {
            if (!ids.add(spec.id())) return new Stop<>(Tuple.of(Atom.of("start_spec"), Tuple.of(Atom.of("duplicate_child_name"), spec.id())));
        }
        for (ChildSpec spec : initial) {
            Child c = new Child(spec);
            try {
                c.pid = Children.start(spec);
            } catch (ExitException e) {
                if (!Kernel.alive(Kernel.self())) throw e;
                Reports.error("Supervisor " + Inspect.inspect(me()) + " could not start child " + Inspect.inspect(spec.id()), e.reason(), "");
                stopAll();
                return new Stop<>(Tuple.of(Atom.SHUTDOWN, Tuple.of(Atom.of("failed_to_start_child"), spec.id(), e.reason())));
            }
            if (c.pid != null || spec.restart() != ChildSpec.Restart.TEMPORARY) children.add(c);
        }
        return new Ok<>(this);
    }

    @Override
    public Result<SupervisorServer> handleCall(Object request, From from, SupervisorServer state) {
        return new Reply<>(switch (request) {
            case Query q when q == Query.WHICH_CHILDREN -> children.reversed().stream()
                    .map(c -> new Supervisor.Child(c.spec.id(), c.pid, c.spec.type())).toList();
            case Query q -> new Supervisor.Counts(children.size(), (int) children.stream().filter(c -> c.pid != null).count(),
                    (int) children.stream().filter(c -> c.spec.type() == ChildSpec.Type.SUPERVISOR).count(),
                    (int) children.stream().filter(c -> c.spec.type() == ChildSpec.Type.WORKER).count());
            case StartChild(ChildSpec spec) -> startChild(spec);
            case TerminateChild(Object id) -> withChild(id, c -> {
                stop(c);
                if (c.spec.restart() == ChildSpec.Restart.TEMPORARY) children.remove(c);
                return Atom.OK;
            });
            case RestartChild(Object id) -> withChild(id, c -> c.pid != null ? error(RUNNING) : startAgain(c));
            case DeleteChild(Object id) -> withChild(id, c -> {
                if (c.pid != null) return error(RUNNING);
                children.remove(c);
                return Atom.OK;
            });
            default -> throw new IllegalArgumentException("unknown supervisor request " + Inspect.inspect(request));
        }, this);
    }

    private Object startChild(ChildSpec spec) {
        Child existing = find(spec.id());
        if (existing != null) {
            return existing.pid != null ? error(Tuple.of(Atom.of("already_started"), existing.pid)) : error(Atom.of("already_present"));
        }
        Child c = new Child(spec);
        Object r = startAgain(c);
        if (!(r instanceof Tuple) && (c.pid != null || spec.restart() != ChildSpec.Restart.TEMPORARY)) children.add(c);
        return r;
    }

    /** Starts {@code c}: its pid (or null for ignore), or {@code {:error, reason}}. */
    private Object startAgain(Child c) {
        try {
            c.pid = Children.start(c.spec);
            return c.pid;
        } catch (ExitException e) {
            if (!Kernel.alive(Kernel.self())) throw e;
            return error(e.reason());
        }
    }

    private static Tuple error(Object reason) {
        return Tuple.of(Atom.ERROR, reason);
    }

    private Object withChild(Object id, java.util.function.Function<Child, Object> action) {
        Child c = find(id);
        return c == null ? error(NOT_FOUND) : action.apply(c);
    }

    private Child find(Object id) {
        for (Child c : children) if (Objects.equals(c.spec.id(), id)) return c;
        return null;
    }

    @Override
    public Result<SupervisorServer> handleInfo(Object message, SupervisorServer state) {
        if (!(message instanceof Exit(Pid from, Object reason))) return new NoReply<>(this);
        Child c = children.stream().filter(x -> from.equals(x.pid)).findFirst().orElse(null);
        if (c == null) return new NoReply<>(this);
        c.pid = null;
        if (!Children.restarts(c.spec.restart(), reason)) {
            if (c.spec.restart() == ChildSpec.Restart.TEMPORARY) children.remove(c);
            return new NoReply<>(this);
        }
        return intensity.add(me()) && restart(c) ? new NoReply<>(this) : new Stop<>(Atom.SHUTDOWN, this);
    }

    /** Restarts {@code c} and, by the strategy, its siblings; false if the intensity ran out. */
    private boolean restart(Child c) {
        int at = children.indexOf(c);
        List<Child> group = new ArrayList<>(switch (strategy) {
            case ONE_FOR_ONE -> List.of(c);
            case ONE_FOR_ALL -> children;
            case REST_FOR_ONE -> children.subList(at, children.size());
        });
        for (Child o : group.reversed()) if (o != c) stop(o);
        group.removeIf(o -> o != c && o.spec.restart() == ChildSpec.Restart.TEMPORARY && children.remove(o));
        for (Child o : group) {
            Children.Restarted r = Children.restart(o.spec, intensity, me());
            if (r == null) return false;
            o.pid = r.pid();
        }
        return true;
    }

    private void stop(Child c) {
        if (c.pid != null) Children.shutdown(c.pid, c.spec.shutdown());
        c.pid = null;
    }

    private void stopAll() {
        for (Child c : children.reversed()) stop(c);
    }

    @Override
    public void terminate(Object reason, SupervisorServer state) {
        stopAll();
    }
}
