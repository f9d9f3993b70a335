package io.vfmigrate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vfmigrate.adapters.store.StateStore;
import io.vfmigrate.adapters.store.StoreOnDemand;
import io.vfmigrate.model.Schedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** `schedule add|list|remove` on the real store (SQLite) with fake hosts and a fake clock (2026-11-24T12:00Z, a Tuesday). */
class ScheduleCliTest extends FakeHostsCli {

    @Test
    void refusalsStoreNothingAndCreateNoStore() throws Exception {
        String[][] cases = {
                {"unknown host 'host-z'", "schedule", "add", "--evacuate", "host-z", "--cron", "0 2 * * SUN"},
                {"must have five fields", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * *"},
                {"is not valid", "schedule", "add", "--evacuate", "host-a", "--cron", "0 25 * * *"},
                {"is in the past", "schedule", "add", "--evacuate", "host-a", "--at", "2026-11-24T11:00:00Z"},
                {"has no offset or zone", "schedule", "add", "--evacuate", "host-a", "--at", "2026-12-06T02:00:00"},
                {"is not an ISO-8601 time", "schedule", "add", "--evacuate", "host-a", "--at", "next sunday"},
                {"is not a time zone", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--time-zone", "Mars/Olympus"},
                {"Unknown options: '--paralel'", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--paralel", "2"},
                {"mutually exclusive", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--at", "2026-12-06T02:00:00Z"},
                {"--window", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--window", "forever"},
                {"--to host-a is the host being evacuated", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--to", "host-a"},
                {"unknown workflow 'nope'", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--workflow", "nope"},
                {"'--parallel': '0' is out of range 1..64", "schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--parallel", "0"},
                {"no schedule 's1'", "schedule", "remove", "s1"},
        };
        for (String[] c : cases) {
            String[] args = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertEquals(2, run(args), () -> String.join(" ", args) + ": " + err);
            assertTrue(err.toString().toLowerCase().contains(c[0].toLowerCase()), () -> c[0] + " missing from: " + err);
            assertFalse(Files.exists(state()), () -> String.join(" ", args) + " created the store");
        }
        assertEquals(0, run("schedule", "list"));
        assertTrue(out.toString().contains("no schedules"), out::toString);
        assertFalse(Files.exists(state()), "list creates no store");
    }

    /** Issue 18.11: a cron expression that matches no date was stored, and logged an error at every `schedule list`. */
    @Test
    void aCronThatNeverRunsIsRefusedAndAStoredOneShowsAsSuchWithoutErrors() throws Exception {
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--cron", "0 0 31 2 *"));
        assertTrue(err.toString().contains("--cron '0 0 31 2 *' matches no date"), err::toString);
        assertFalse(Files.exists(state()), "refused, yet the store was created");
        try (StoreOnDemand store = StateStore.onDemand(state().toString(), h.clock)) {
            store.schedules().add(new Schedule("s1", Schedule.Action.EVACUATE, "host-a", new Schedule.Timing(Schedule.Kind.CRON, "0 0 31 2 *", ZoneId.of("UTC")),
                    Optional.empty(), Map.of(), h.clock.instant(), "an older vfmigrate", Optional.empty(), Optional.empty()));
        }
        List<LogRecord> logged = new ArrayList<>();
        Handler handler = new Handler() {
            @Override public void publish(LogRecord r) { if (r.getLevel().intValue() >= Level.WARNING.intValue()) logged.add(r); }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        try {
            assertEquals(0, run("schedule", "list"), err::toString);
        } finally {
            root.removeHandler(handler);
        }
        assertTrue(out.toString().contains("s1  evacuate host-a  cron '0 0 31 2 *' UTC\n  next run: never: the cron expression matches no date"),
                out::toString);
        assertEquals(List.of(), logged.stream().map(LogRecord::getMessage).toList());
        assertEquals("", err.toString());
    }

    /** Issue 18.12: the README's `--at` forms, and the hint of the error about one, were refused. */
    @Test
    void everyAtFormTheHelpTheDocsAndTheErrorsShowIsAccepted() throws Exception {
        Pattern time = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:]+(?:[+-]\\d\\d:\\d\\d|Z)?(?:\\[[A-Za-z_/]+])?");
        List<String> forms = new ArrayList<>();
        assertEquals(0, run("schedule", "add", "--help"));
        time.matcher(out.toString()).results().forEach(m -> forms.add(m.group()));
        String docs = Files.readString(Path.of("README.md")) + Files.readString(Path.of("docs/serve-and-schedules.md"));
        Matcher at = Pattern.compile("--at(?: TIME`: once,)? [^`]*").matcher(docs);
        while (at.find()) time.matcher(at.group()).results().forEach(m -> forms.add(m.group()));
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--at", "next sunday"));
        time.matcher(err.toString()).results().forEach(m -> forms.add(m.group()));
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--at", "2026-12-06T02:00"));
        Matcher suffixes = Pattern.compile("add one \\(([^)]*)\\)").matcher(err.toString());
        assertTrue(suffixes.find(), err::toString);
        for (String suffix : suffixes.group(1).split(", ")) forms.add("2026-12-06T02:00" + suffix);
        assertTrue(forms.containsAll(List.of("2026-12-06T02:00[Europe/Paris]", "2026-12-06T02:00Z")), forms::toString);
        for (String form : forms) {
            assertEquals(0, run("schedule", "add", "--evacuate", "host-a", "--at", form), () -> form + ": " + err);
        }
        assertEquals(0, run("schedule", "add", "--evacuate", "host-a", "--at", "2026-12-06T02:00[Europe/Paris]"));
        assertTrue(out.toString().contains("next run: 2026-12-06T01:00Z[UTC]"), out::toString);
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--at", "2026-12-06T02:00+05:00[Europe/Paris]"));
        assertTrue(err.toString().contains("Europe/Paris is at +01:00 then, not +05:00"), err::toString);
    }

    @Test
    void addPrintsTheNextThreeRunsListShowsThemRemoveTakesThemOut() throws Exception {
        assertEquals(0, run("schedule", "add", "--evacuate", "host-a", "--cron", "0 2 * * SUN", "--time-zone", "Europe/Berlin",
                "--window", "2h", "--parallel", "1"), err::toString);
        String added = out.toString();
        Matcher id = Pattern.compile("schedule (s\\d{8}-\\d{6}-[0-9a-f]{4}): evacuate host-a cron '0 2 \\* \\* SUN' Europe/Berlin, window PT2H").matcher(added);
        assertTrue(id.find(), added);
        assertTrue(added.contains("next run: 2026-11-29T02:00+01:00[Europe/Berlin]\n  next run: 2026-12-06T02:00+01:00[Europe/Berlin]\n"
                + "  next run: 2026-12-13T02:00+01:00[Europe/Berlin]"), added);
        assertEquals(0, run("schedule", "add", "--evacuate", "host-b", "--at", "2026-12-01T03:00:00+01:00"), err::toString);
        assertTrue(out.toString().contains("next run: 2026-12-01T02:00Z[UTC]"), out::toString);
        assertEquals(0, run("schedule", "list"));
        String list = out.toString();
        assertTrue(list.contains(id.group(1) + "  evacuate host-a  cron '0 2 * * SUN' Europe/Berlin, window PT2H"), list);
        assertTrue(list.contains("evacuate host-b  at 2026-12-01T02:00:00Z"), list);
        assertTrue(list.contains("  last run: -"), list);
        assertEquals(0, run("schedule", "remove", id.group(1)), err::toString);
        assertEquals(0, run("schedule", "list"));
        assertFalse(out.toString().contains(id.group(1)), out::toString);
        assertTrue(out.toString().contains("evacuate host-b"), out::toString);
        assertEquals(2, run("schedule", "remove", id.group(1)));
    }

    /** Issue 21.4: `schedule add --rolling` checks the rolling's options as `rolling` does, and the window, before storing anything. */
    @Test
    void aRollingScheduleIsRefusedOnAnyBadOptionWithOneLineAndNoStore() throws Exception {
        String[] cron = {"schedule", "add", "--rolling", "--cron", "0 2 * * SUN"};
        String[][] cases = {
                {"error: unknown host 'host-z'", "--hosts", "host-a,host-z", "--hook", "/bin/true"},
                {"error: --hosts: host 'host-a' is given twice", "--hosts", "host-a,host-b,host-a", "--hook", "/bin/true"},
                {"error: --hosts and --all together", "--hosts", "host-a", "--all", "--hook", "/bin/true"},
                {"error: give the hosts: --hosts H1,H2,... or --all", "--hook", "/bin/true"},
                {"error: --hook '': ", "--all", "--hook", ""},
                {"error: --hook '/bin/upgrade\"now': ", "--all", "--hook", "/bin/upgrade\"now"},
                {"error: --health 'check \\q': unknown escape", "--all", "--hook", "/bin/true", "--health", "check \\q"},
                {"error: Missing required option: '--hook='CMD ARG...''", "--all"},
                {"error: Invalid value for option '--hook-timeout': '2d' is out of range 1s..1d", "--all", "--hook", "/bin/true", "--hook-timeout", "2d"},
                {"error: Invalid value for option '--health-timeout': '0s' is out of range 1s..1d", "--all", "--hook", "/bin/true", "--health-timeout", "0s"},
                {"error: Invalid value for option '--max-failed-hosts': '-1'", "--all", "--hook", "/bin/true", "--max-failed-hosts", "-1"},
                {"error: Invalid value for option '--window': '8d' is out of range 1ms..7d", "--all", "--hook", "/bin/true", "--window", "8d"},
                {"error: --to names only host-a, which the rolling evacuates", "--hosts", "host-b,host-a", "--to", "host-a", "--hook", "/bin/true"},
                {"error: unknown workflow 'nope'", "--all", "--hook", "/bin/true", "--workflow", "nope"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(cron));
            args.addAll(List.of(c).subList(1, c.length));
            assertEquals(2, run(args.toArray(String[]::new)), () -> args + ": " + err);
            assertTrue(err.toString().startsWith(c[0]), () -> args + ": " + c[0] + " is not the start of: " + err);
            assertTrue(err.toString().lines().filter(l -> !l.startsWith("see `vfmigrate help")).count() == 1, () -> "one line: " + err);
            assertFalse(Files.exists(state()), () -> args + " created the store");
        }
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--hook", "/bin/true", "--cron", "0 2 * * SUN"));
        assertTrue(err.toString().startsWith("error: --hook is an option of --rolling, not of --evacuate"), err::toString);
        assertEquals(2, run("schedule", "add", "--evacuate", "host-a", "--rolling", "--all", "--hook", "/bin/true", "--cron", "0 2 * * SUN"));
        assertTrue(err.toString().contains("mutually exclusive"), err::toString);
        assertFalse(Files.exists(state()));
    }

    @Test
    void aRollingScheduleIsListedWithItsHostsHookAndWindow() throws Exception {
        assertEquals(0, run("schedule", "add", "--rolling", "--hosts", "host-b,host-a", "--hook", "/sbin/upgrade --yes", "--health", "/bin/check",
                "--cron", "0 2 * * SUN", "--window", "2h"), err::toString);
        Matcher id = Pattern.compile("schedule (s\\d{8}-\\d{6}-[0-9a-f]{4}): rolling host-b,host-a \\(hook '/sbin/upgrade --yes', health '/bin/check'\\)"
                + " cron '0 2 \\* \\* SUN' UTC, window PT2H").matcher(out.toString());
        assertTrue(id.find(), out::toString);
        assertEquals(0, run("schedule", "add", "--rolling", "--all", "--hook", "/sbin/upgrade", "--at", "2026-12-01T03:00:00Z"), err::toString);
        assertEquals(0, run("schedule", "list"));
        assertTrue(Pattern.compile(Pattern.quote(id.group(1) + "  rolling host-b,host-a (hook '/sbin/upgrade --yes', health '/bin/check')  cron '0 2 * * SUN' UTC,"
                + " window PT2H") + "\n  next run: \\S+T02:00:00Z\n  last run: -").matcher(out.toString()).find(), out::toString);
        assertTrue(out.toString().contains("  rolling --all (hook '/sbin/upgrade')  at 2026-12-01T03:00:00Z"), out::toString);
        try (StoreOnDemand store = StateStore.onDemand(state().toString(), h.clock)) {
            Schedule rolling = store.schedules().find(id.group(1)).orElseThrow();
            assertEquals(Schedule.Action.ROLLING, rolling.action());
            // the rolling's own options, as its record would keep them: what `serve` runs
            assertEquals(Map.of("hosts", "host-b,host-a", "hook", "/sbin/upgrade --yes", "health", "/bin/check", "hook-timeout", "30m",
                    "max-failed-hosts", "0", "hook-idempotent", "false"), Map.of("hosts", rolling.options().get("hosts"), "hook",
                    rolling.options().get("hook"), "health", rolling.options().get("health"), "hook-timeout", rolling.options().get("hook-timeout"),
                    "max-failed-hosts", rolling.options().get("max-failed-hosts"), "hook-idempotent", rolling.options().get("hook-idempotent")));
        }
    }
}
