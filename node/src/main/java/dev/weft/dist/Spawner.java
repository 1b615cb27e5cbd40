package dev.weft.dist;

import com.google.protobuf.ByteString;
import dev.weft.process.ExitException;
import dev.weft.process.Inbound;
import dev.weft.process.Kernel;
import dev.weft.term.Atom;
import dev.weft.term.Pid;
import dev.weft.term.Ref;
import dev.weft.wire.Signal;
import dev.weft.wire.SpawnReply;
import dev.weft.wire.SpawnRequest;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static dev.weft.dist.TermCodec.pid;
import static dev.weft.dist.TermCodec.ref;

/**
 * The receiving side of remote spawn: deny by default. Only exported functions and lambdas of
 * allow-listed classes run; the new process keeps the caller's group leader, and the reply to the
 * caller is queued before the process can send anything. An rpc call gets no reply unless refused:
 * its process exits with its result, which reaches the caller in the DOWN of its monitor.
 */
final class Spawner {
    private final Exports exports;
    private final LambdaCodec lambdas;
    private final TermCodec codec;
    private final Path fileRoot;

    Spawner(Exports exports, LambdaCodec lambdas, TermCodec codec, Path fileRoot) {
        this.exports = exports;
        this.lambdas = lambdas;
        this.codec = codec;
        this.fileRoot = fileRoot;
    }

    /** Network loop: handles a request from the peer on {@code c}. */
    void spawn(Connection c, SpawnRequest r) {
        Pid caller = pid(r.getFrom());
        Ref ref = ref(r.getRef());
        Runnable body;
        try {
            body = body(r, caller, ref);
        } catch (IllegalArgumentException | ClassCastException e) {   // ClassCastException: arguments of the wrong types
            c.writer.enqueue(refused(r, e.getMessage()));
            return;
        }
        Pid leader = r.hasGroupLeader() ? pid(r.getGroupLeader()) : null;
        Ref monitor = r.hasMonitor() ? ref(r.getMonitor()) : null;
        Inbound.spawn(body, caller, leader, r.getLink() ? caller : null, monitor, pid -> {
            if (r.getLink()) c.trackLink(pid, caller);
            if (!r.getReplyResult()) c.writer.enqueue(spawned(r, pid));
        });
    }

    private static Signal refused(SpawnRequest r, String why) {
        return Signal.newBuilder().setSpawnReply(SpawnReply.newBuilder().setRef(r.getRef()).setTo(r.getFrom()).setError(why)).build();
    }

    private static Signal spawned(SpawnRequest r, Pid pid) {
        return Signal.newBuilder().setSpawnReply(SpawnReply.newBuilder().setRef(r.getRef()).setTo(r.getFrom()).setPid(TermCodec.pid(pid))).build();
    }

    /** A remote file open: only on a node with a file root, whose process then owns the file. */
    private Runnable remoteOpen(SpawnRequest r, Pid caller) {
        if (fileRoot == null) throw new IllegalArgumentException("this node has no file root: other nodes may not open its files");
        if (r.getExported().getArgsCount() != 3) throw new IllegalArgumentException(RemoteFiles.EXPORT + " takes 3 arguments");
        Ref reply = (Ref) codec.decode(r.getExported().getArgs(0));
        String path = (String) codec.decode(r.getExported().getArgs(1));
        List<?> modes = (List<?>) codec.decode(r.getExported().getArgs(2));
        return () -> RemoteFiles.serve(fileRoot, caller, reply, path, modes);
    }

    private Runnable body(SpawnRequest r, Pid caller, Ref ref) {
        if (r.hasExported() && r.getExported().getName().equals(RemoteFiles.EXPORT)) return remoteOpen(r, caller);
        Supplier<Object> fn = switch (r.getCodeCase()) {
            case EXPORTED -> {
                List<Object> args = new ArrayList<>(r.getExported().getArgsCount());
                for (ByteString t : r.getExported().getArgsList()) args.add(codec.decode(t));
                yield exported(r.getExported().getName(), args);
            }
            case LAMBDA -> switch (lambdas.decode(r.getLambda())) {
                case Runnable run -> () -> {
                    run.run();
                    return null;
                };
                case Supplier<?> s -> s::get;
                case Object o -> throw new IllegalArgumentException("a " + o.getClass().getName() + " is neither a Runnable nor a Supplier");
            };
            case CODE_NOT_SET -> throw new IllegalArgumentException("the spawn request names no function");
        };
        return r.getReplyResult() ? replying(fn, ref, r.getTimeoutMs()) : fn::get;
    }

    /** The function this node exports as {@code name}, applied to {@code args}; throws if it exports none such. */
    Supplier<Object> exported(String name, List<Object> args) {
        MethodHandle m = exports.resolve(name, args.size());
        return () -> Exports.invoke(m, args);
    }

    /**
     * The body of an rpc: runs {@code fn} and exits with its result in an {@link RpcReply} tagged
     * {@code ref} (what the caller's monitor then carries), or how it failed in an {@link RpcFailed}, as
     * erpc's callee does; killed after {@code timeoutMs} (0: never). An exit signal that ends it
     * meanwhile stays its reason (the process keeps the first), so the caller can tell it apart.
     */
    static Runnable replying(Supplier<?> fn, Ref ref, long timeoutMs) {
        return () -> {
            Ref deadline = timeoutMs > 0 ? Inbound.killAfter(Duration.ofMillis(timeoutMs)) : null;
            Object value;
            try {
                value = fn.get();
            } catch (ExitException e) {
                throw new ExitException(new RpcFailed(ref, EXIT, e.reason()));
            } catch (RuntimeException | Error e) {
                throw new ExitException(new RpcFailed(ref, Atom.ERROR, e));
            } finally {
                if (deadline != null) Kernel.cancelTimer(deadline);
            }
            throw new ExitException(new RpcReply(ref, value));   // the result goes back in the caller's DOWN
        };
    }

    static final Atom EXIT = Atom.of("exit");
}
