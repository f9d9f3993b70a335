package io.vfmigrate.config;

/** Bad input in a user's file: the message names the file, line and key. Maps to exit code 2. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) { super(message); }

    public ConfigException(String message, Throwable cause) { super(message, cause); }
}
