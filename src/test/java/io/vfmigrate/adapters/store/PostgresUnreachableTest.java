package io.vfmigrate.adapters.store;

import static io.vfmigrate.adapters.store.StoreFixture.assertMentions;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Needs no PostgreSQL: a port that nothing listens on stands for a database that is down. */
class PostgresUnreachableTest {
    @Test
    void aDatabaseThatIsDownIsAClearErrorNamingTheUrlWithoutItsPassword() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/vfmigrate?user=vfmigrate&password=hunter2";
        StateStoreException e = assertThrows(StateStoreException.class, () -> StateStore.open(url, Clock.systemUTC()));
        assertMentions(e.getMessage(), "cannot connect to the PostgreSQL state store",
                "jdbc:postgresql://127.0.0.1:" + port + "/vfmigrate?user=vfmigrate&password=***");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aUrlTheDriverCannotReadIsRefusedWithoutItsPassword() {
        StateStoreException e = assertThrows(StateStoreException.class,
                () -> StateStore.open("jdbc:postgresql://[::1/vfmigrate?password=hunter2", Clock.systemUTC()));
        assertMentions(e.getMessage(), "cannot connect to the PostgreSQL state store", "password=***");
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void aPasswordInTheUserPartIsHiddenToo() {
        assertMentions(StoreLocation.redact("jdbc:postgresql://op:s3cret@db:5432/vfm"), "jdbc:postgresql://op:***@db:5432/vfm");
    }
}
