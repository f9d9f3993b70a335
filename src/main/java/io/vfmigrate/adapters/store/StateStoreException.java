package io.vfmigrate.adapters.store;

/**
 * The run store cannot be opened: unreachable, foreign, corrupt, or newer than this code. The
 * message is for the user and names the store; nothing was changed in it.
 */
public final class StateStoreException extends RuntimeException {
    public StateStoreException(String message) { super(message); }

    public StateStoreException(String message, Throwable cause) { super(message, cause); }
}
