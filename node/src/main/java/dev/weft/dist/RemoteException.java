package dev.weft.dist;

/**
 * A process on another node crashed with an exception: this is how its exit reason arrives here (the
 * exception's class is never loaded from a name that came over the wire). Its stack trace is the
 * remote one.
 *
 * <pre>{@code
 * Spawned s = Node.spawnMonitor(node, "crash", List.of());
 * Down down = Kernel.receive(m -> m instanceof Down d ? d : Kernel.NO_MATCH);
 * RemoteException e = (RemoteException) down.reason();
 * System.out.println(e.type());          // java.lang.IllegalStateException
 * }</pre>
 */
public final class RemoteException extends RuntimeException {
    private final String type;

    RemoteException(String type, String message) {
        super(message, null, false, true);
        this.type = type;
    }

    /** The class name of the exception on the node where it was thrown. */
    public String type() {
        return type;
    }

    @Override
    public String toString() {
        return type + ": " + getMessage();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RemoteException r && r.type.equals(type) && String.valueOf(r.getMessage()).equals(String.valueOf(getMessage()));
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + String.valueOf(getMessage()).hashCode();
    }
}
