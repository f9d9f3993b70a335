package io.vfmigrate.cli;


/**
 * The CLI with {@link TestKillSwitch} on every run, for the lab's crash tests: they start it as
 * {@code java -cp target/vfmigrate.jar:target/test-classes io.vfmigrate.cli.CrashTestMain ...}, so
 * that the switch and its environment variables stay out of the jar that operators run.
 */
public final class CrashTestMain {
    private CrashTestMain() {}

    public static void main(String[] args) {
        System.exit(Main.run(args, TestKillSwitch.fromEnvironment().stream().toList()));
    }
}
