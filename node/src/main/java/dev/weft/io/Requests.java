package dev.weft.io;

import dev.weft.term.Inspect;
import dev.weft.term.Inspectable;
import java.util.List;

/**
 * Several requests in one: Erlang's {@code {:requests, list}}. The device runs them in order and
 * replies with the last one's reply, or with the first {@code {:error, reason}}.
 *
 * <pre>{@code
 * IO.request(device, new Requests(List.of(new PutChars(PutChars.UNICODE, "a"), new PutChars(PutChars.UNICODE, "b"))),
 *            Duration.ofSeconds(5));
 * }</pre>
 *
 * @param requests the requests, in order
 */
public record Requests(List<Object> requests) implements Inspectable {
    public Requests {
        requests = List.copyOf(requests);
    }

    @Override
    public String toString() {
        return "{:requests, " + Inspect.inspect(requests) + "}";
    }
}
