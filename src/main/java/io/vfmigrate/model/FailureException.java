package io.vfmigrate.model;

/** Carries an expected {@link Failure} out of a port call; the engine turns it back into a value. */
public final class FailureException extends RuntimeException {
    private final transient Failure failure;

    public FailureException(Failure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public FailureException(Failure failure, Throwable cause) {
        super(failure.message(), cause);
        this.failure = failure;
    }

    public Failure failure() { return failure; }

    public static FailureException unexpected(String message) {
        return new FailureException(new Failure.Unexpected(message));
    }
}
