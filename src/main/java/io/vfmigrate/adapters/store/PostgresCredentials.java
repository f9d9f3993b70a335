package io.vfmigrate.adapters.store;

import java.util.Optional;
import java.util.Properties;

/** What the PostgreSQL driver gets besides the URL, so that no password has to sit in the process list. */
record PostgresCredentials(Optional<String> user, Optional<String> password) {
    static final PostgresCredentials NONE = new PostgresCredentials(Optional.empty(), Optional.empty());

    void addTo(Properties p) {
        user.ifPresent(u -> p.setProperty("user", u));
        password.ifPresent(pw -> p.setProperty("password", pw));
    }

    @Override public String toString() { return "credentials of " + user.orElse("the default user") + (password.isPresent() ? " with a password" : ""); }
}
