package io.vfmigrate.adapters.store;

/**
 * A read or a write of an open run store failed (the database went away, the disk is full). Unlike
 * {@link StateStoreException} this can happen in the middle of a run, after changes were made.
 */
public final class StoreAccessException extends RuntimeException {
    public StoreAccessException(String message, Throwable cause) { super(message, cause); }
}
