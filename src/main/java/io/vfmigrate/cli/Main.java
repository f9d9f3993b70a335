package io.vfmigrate.cli;

public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code;
        try (RealWiring wiring = new RealWiring()) {
            code = Commands.create(wiring).execute(args);
        }
        System.exit(code);
    }
}
