package dev.weft.otp;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/** The GenServer behind an {@link Agent}: the state is whatever the functions make of it. */
record AgentServer(Supplier<?> initial) implements GenServer<Object> {
    private static final Atom BAD_RETURN = Atom.of("bad_return_value");

    record Get(Function<?, ?> fun) {}

    record Update(UnaryOperator<?> fun) {}

    record GetAndUpdate(Function<?, Tuple> fun) {}

    AgentServer {
        if (initial == null) throw new IllegalArgumentException("an agent needs a function that makes its first state");
    }

    @Override
    public Init<Object> init() {
        return new Ok<>(initial.get());
    }

    @Override
    public Result<Object> handleCall(Object request, From from, Object state) {
        return switch (request) {
            case Get(var fun) -> new Reply<>(apply(fun, state), state);
            case Update(var fun) -> new Reply<>(Atom.OK, apply(fun, state));
            case GetAndUpdate(var fun) -> {
                Object t = apply(fun, state);
                // not {get, new_state}: the agent stops, and the caller exits, with {:bad_return_value, t}, as Elixir's does
                yield t instanceof Tuple pair && pair.size() == 2 ? new Reply<>(pair.get(0), pair.get(1)) : new Stop<>(Tuple.of(BAD_RETURN, t), state);
            }
            default -> GenServer.super.handleCall(request, from, state);
        };
    }

    /** The caller typed the function by the state it expects; a wrong guess is a ClassCastException in the agent. */
    @SuppressWarnings("unchecked")
    private static <R> R apply(Function<?, ? extends R> fun, Object state) {
        return ((Function<Object, ? extends R>) fun).apply(state);
    }

    @Override
    public Result<Object> handleCast(Object request, Object state) {
        return request instanceof Update(var fun) ? new NoReply<>(apply(fun, state)) : GenServer.super.handleCast(request, state);
    }
}
