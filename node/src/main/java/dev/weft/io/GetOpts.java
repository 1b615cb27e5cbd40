package dev.weft.io;

import dev.weft.term.Inspectable;

/**
 * Ask a device for its options: Erlang's {@code :getopts}. The reply is
 * {@code [{:binary, bool}, {:encoding, enc}]}.
 *
 * <pre>{@code
 * Object opts = IO.request(device, new GetOpts(), Duration.ofSeconds(5));
 * }</pre>
 */
public record GetOpts() implements Inspectable {
    @Override
    public String toString() {
        return ":getopts";
    }
}
