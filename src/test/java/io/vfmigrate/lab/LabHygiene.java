package io.vfmigrate.lab;

import io.vfmigrate.model.RunState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * After each lab test class (registered for every test class through JUnit's extension auto-detection, see
 * src/test/resources/META-INF/services): the pod as every class expects to find it, whatever ran before. A class that
 * leaves a guest other than vm1, a third host, vm1 away, defined twice or not answering its agent (a hung guest is
 * described: {@link SilentGuest}), or in a state store an open run, a disabled
 * host or an open maintenance fails here, naming what it left; the pod is then put back (the guests removed, `lab up
 * --hosts 2`, the stores emptied), so that the next class, in any order, does not fail for it.
 *
 * <p>Before each lab class, a quicker look (the hosts and their guests, without asking vm1's agent): a pod found
 * changed there, which no class's check after it saw (a CI run once found a guest on a pod that no class before had
 * left), is put back the same way and named on the output, without failing the class about to run.
 */
public final class LabHygiene implements BeforeAllCallback, AfterAllCallback {
    private static final String VM1 = "vm1";

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> tested = context.getRequiredTestClass();
        if (!applies(tested)) return;
        Lab.requireUp();
        List<String> found = putBack(false);
        if (!found.isEmpty()) {
            System.out.println("lab hygiene: before " + tested.getSimpleName() + ", lab pod " + Lab.POD + " was found changed (put back): "
                    + String.join("; ", found));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Class<?> tested = context.getRequiredTestClass();
        if (!applies(tested)) return;
        List<String> left = putBack(true);
        if (!left.isEmpty()) {
            throw new AssertionError(tested.getSimpleName() + " left the lab pod changed (put back for the next class): " + String.join("; ", left));
        }
    }

    private static boolean applies(Class<?> tested) {
        return tested.getPackageName().equals(LabHygiene.class.getPackageName()) && isLab(tested) && Files.exists(Lab.INVENTORY);
    }

    /** What differs from the pod every class expects, each put back; {@code askVm1} also asks vm1's agent. */
    private static List<String> putBack(boolean askVm1) {
        List<String> left = new ArrayList<>();
        boolean relab = false;
        List<String> hosts = Lab.hosts();
        if (!hosts.equals(List.of("host-a", "host-b"))) {
            left.add("the lab's hosts are " + hosts);
            relab = true;
        }
        List<String> vm1Defined = new ArrayList<>();
        java.util.Set<String> strays = new java.util.LinkedHashSet<>();
        for (String host : hosts) {
            Shell.Result listed = Lab.lab("virsh", host, "list", "--all", "--name");
            if (listed.exit() != 0) {
                left.add("the libvirtd of " + host + " not answering (" + listed.err().strip() + ")");
                relab = true;
                continue;
            }
            for (String vm : listed.out().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
                if (vm.equals(VM1)) {
                    vm1Defined.add(host);
                    continue;
                }
                left.add("guest " + vm + " on " + host + SilentGuest.of(host, vm).map(s -> " (" + s + ")").orElse(""));
                strays.add(vm);
            }
        }
        if (!strays.isEmpty()) {
            List<String> remove = new ArrayList<>(List.of("remove-guest"));
            remove.addAll(strays);
            Lab.lab(remove.toArray(String[]::new));
        }
        List<String> vm1Running = relab ? List.of() : Lab.hostsRunning(VM1);
        if (!relab && (vm1Defined.size() != 1 || vm1Running.size() != 1)) {
            left.add("vm1 defined on " + vm1Defined + ", running on " + vm1Running);
            // a copy on each of two hosts (a run cut off mid-migration): `lab up` starts vm1 afresh on host-a
            if (vm1Defined.size() > 1) Lab.lab("remove-guest", VM1);
            relab = true;
        }
        if (!relab && askVm1) {
            // a vm1 that hung (its agent silent) would fail the next class: started afresh
            Optional<String> silent = SilentGuest.of(vm1Running.get(0), VM1);
            if (silent.isPresent()) {
                left.add(silent.get());
                Lab.lab("remove-guest", VM1);
                relab = true;
            }
        }
        if (relab) Lab.lab("up", "--hosts", "2").ok();
        Path sqlite = Vfmigrate.STATE.resolve("vfmigrate.db");
        if (Files.exists(sqlite)) {
            left.addAll(leftIn("jdbc:sqlite:" + sqlite, "the SQLite store"));
            for (String f : List.of("vfmigrate.db", "vfmigrate.db-wal", "vfmigrate.db-shm")) delete(Vfmigrate.STATE.resolve(f));
        }
        String pg = Lab.postgresUrl();
        if (pg != null) {
            left.addAll(leftIn(pg, "the PostgreSQL store"));
            sql(pg, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public");
        }
        return left;
    }

    private static boolean isLab(Class<?> c) {
        for (var tag : c.getAnnotationsByType(org.junit.jupiter.api.Tag.class)) if (tag.value().equals("lab")) return true;
        return false;
    }

    /** Open runs, disabled hosts and open maintenances in a store (none when it has no tables yet). */
    private static List<String> leftIn(String url, String store) {
        List<String> left = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            if (!hasTable(c, "runs")) return left;
            try (ResultSet r = st.executeQuery("SELECT id, vm, state FROM runs")) {
                while (r.next()) {
                    if (RunState.valueOf(r.getString(3)).isOpen()) left.add(store + ": open run " + r.getString(1) + " of " + r.getString(2) + " (" + r.getString(3) + ")");
                }
            }
            if (hasTable(c, "disabled_hosts")) {
                try (ResultSet r = st.executeQuery("SELECT host FROM disabled_hosts")) {
                    while (r.next()) left.add(store + ": host " + r.getString(1) + " disabled");
                }
            }
            if (hasTable(c, "maintenances")) {
                try (ResultSet r = st.executeQuery("SELECT id, host FROM maintenances WHERE closed_ns IS NULL")) {
                    while (r.next()) left.add(store + ": maintenance " + r.getString(1) + " of " + r.getString(2) + " open");
                }
            }
        } catch (SQLException e) {
            left.add(store + ": unreadable (" + e.getMessage() + ")");
        }
        return left;
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        try (ResultSet r = c.getMetaData().getTables(null, c.getMetaData().getURL().startsWith("jdbc:postgresql:") ? "public" : null, table, new String[] {"TABLE"})) {
            return r.next();
        }
    }

    private static void sql(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String s : statements) st.execute(s);
        } catch (SQLException e) {
            throw new IllegalStateException("emptying the PostgreSQL store of pod " + Lab.POD + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot delete " + p + ": " + e, e);
        }
    }
}
