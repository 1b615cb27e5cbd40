package dev.weft.io;

import dev.weft.term.Atom;
import dev.weft.term.Tuple;
import java.io.IOException;

/**
 * What an io server serves: the bytes of a file, the node's stdin/stdout, or a string. Called only
 * from the server's own process; {@link IoServer} does the protocol, buffering of input and
 * conversions.
 */
interface Device {
    Atom REQUEST = Atom.of("request");
    /** What {@link #read} returns when input is on its way: the server gets an {@link Arrived} message when it is there. */
    int LATER = -2;

    /** Input a device read in the background, sent to its server; null at end of input. */
    record Arrived(byte[] bytes) {}

    /** Writes bytes already in the device's encoding. */
    void write(byte[] bytes) throws IOException;

    /** Reads up to {@code len} bytes into {@code into}; -1 at end of input, or {@link #LATER}. */
    int read(byte[] into, int off, int len) throws IOException;

    /** Takes input that arrived in the background, for the next {@link #read}. */
    default void arrived(byte[] bytes) {}

    /** The server read {@code n} bytes ahead that it now drops: give them back; false if input is not positioned with output. */
    default boolean unread(int n) throws IOException {
        return false;
    }

    /** Shows a prompt before a read (interactive devices only). */
    default void prompt(byte[] prompt) throws IOException {}

    /**
     * Whether the server closes the device and exits after a read or write that failed, as OTP's
     * {@code file_io_server} does (a file); a terminal or a StringIO goes on.
     */
    default boolean stopsOnError() {
        return false;
    }

    /** Whether written data waits in a buffer; the server then calls {@link #flush} within a couple of milliseconds. */
    default boolean pending() {
        return false;
    }

    /** Whether the buffer is worth writing out now, after the current reply. */
    default boolean full() {
        return false;
    }

    /** Writes out buffered data; a file may finish in the background, and its next read, positioning or close waits for it. */
    default void flush() throws IOException {}

    /** A device-specific request (file positioning, StringIO contents); the reply term. */
    default Object control(Object request) throws IOException {
        return Tuple.of(Atom.ERROR, REQUEST);
    }

    /** Flushes and releases the device; returns the reply to {@code :close}. Called at most once. */
    Object close() throws IOException;
}
