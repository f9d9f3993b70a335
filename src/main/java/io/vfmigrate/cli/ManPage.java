package io.vfmigrate.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A command's man page (troff, section 1) written from the same model as its {@code --help}: name,
 * synopsis, description, arguments, options, subcommands, and the sections of the top command's
 * footer (its exit codes hold for every command). Never written by hand, so it cannot drift.
 */
final class ManPage {
    private static final int ONE_LINE = 10_000;
    private final CommandSpec spec;
    private final String version;
    private final StringBuilder troff = new StringBuilder();

    private ManPage(CommandSpec spec, String version) {
        this.spec = spec;
        this.version = version;
    }

    /** The page's name, {@code vfmigrate-schedule-add} for {@code vfmigrate schedule add}. */
    static String name(CommandSpec spec) { return spec.qualifiedName("-"); }

    static String of(CommandSpec spec, String version) { return new ManPage(spec, version).render(); }

    private String render() {
        String name = name(spec);
        line(".TH " + text(name.toUpperCase(Locale.ROOT)) + " 1 \"\" \"" + text("vfmigrate " + version) + "\" \"vfmigrate manual\"");
        // no hyphenation and no justification: option names, paths and URLs stay whole
        line(".nh");
        line(".ad l");
        section("NAME");
        line(text(name) + " \\- " + text(summary(spec)));
        synopsis();
        section("DESCRIPTION");
        paragraph(String.join(" ", spec.usageMessage().description()));
        List<PositionalParamSpec> params = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (!params.isEmpty()) {
            section("ARGUMENTS");
            for (PositionalParamSpec p : params) item("\\fI" + text(p.paramLabel()) + "\\fR", text(description(p)));
        }
        section("OPTIONS");
        for (OptionSpec o : options()) item(optionTerm(o), text(description(o)));
        commands();
        footer(spec.root().usageMessage().footer());
        seeAlso();
        return troff.toString();
    }

    private void synopsis() {
        section("SYNOPSIS");
        CommandLine.Help help = new CommandLine.Help(spec, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int width = spec.usageMessage().width();
        String synopsis;
        try {
            spec.usageMessage().width(ONE_LINE);
            synopsis = help.synopsis(0).strip();
        } finally {
            spec.usageMessage().width(width);
        }
        String command = spec.qualifiedName(" ");
        String rest = synopsis.startsWith(command) ? synopsis.substring(command.length()).strip() : synopsis;
        line("\\fB" + text(command) + "\\fR " + text(rest));
    }

    private List<OptionSpec> options() {
        Comparator<OptionSpec> byName = Comparator.comparing(o -> o.longestName().replaceFirst("^-+", "").toLowerCase(Locale.ROOT));
        return spec.options().stream().filter(o -> !o.hidden()).sorted(byName).toList();
    }

    private static String optionTerm(OptionSpec o) {
        List<String> names = new ArrayList<>();
        for (String n : o.names()) names.add("\\fB" + text(n) + "\\fR");
        String term = String.join(", ", names);
        boolean takesValue = o.arity().max() > 0;
        return takesValue ? term + "=\\fI" + text(o.paramLabel()) + "\\fR" : term;
    }

    private void commands() {
        Map<String, CommandLine> subcommands = spec.subcommands();
        List<CommandSpec> visible = subcommands.values().stream().map(CommandLine::getCommandSpec)
                .filter(s -> !s.usageMessage().hidden()).distinct().toList();
        if (visible.isEmpty()) return;
        section("COMMANDS");
        for (CommandSpec sub : visible) {
            item("\\fB" + text(sub.name()) + "\\fR", text(summary(sub)) + " See \\fB" + text(name(sub)) + "\\fR(1).");
        }
    }

    /**
     * The footer's sections: a line ending in a colon opens one (its title in capitals), each
     * indented {@code KEY  text} line below it is an entry, any other line a paragraph.
     */
    private void footer(String[] lines) {
        for (String l : lines) {
            if (l.isBlank()) continue;
            if (!l.startsWith(" ") && l.endsWith(":")) {
                section(l.substring(0, l.length() - 1).toUpperCase(Locale.ROOT));
                continue;
            }
            String[] entry = l.strip().split("\\s{2,}", 2);
            if (l.startsWith(" ") && entry.length == 2) {
                item("\\fB" + text(entry[0]) + "\\fR", text(entry[1]));
            } else {
                paragraph(l.strip());
            }
        }
    }

    private void seeAlso() {
        List<String> pages = new ArrayList<>();
        if (spec.parent() != null) pages.add(name(spec.parent()));
        spec.subcommands().values().stream().map(CommandLine::getCommandSpec).filter(s -> !s.usageMessage().hidden()).distinct()
                .forEach(s -> pages.add(name(s)));
        if (pages.isEmpty()) return;
        section("SEE ALSO");
        List<String> refs = new ArrayList<>();
        for (String p : pages) refs.add("\\fB" + text(p) + "\\fR(1)");
        line(String.join(",\n", refs));
    }

    /** The first sentence of the description. */
    static String summary(CommandSpec spec) {
        String all = String.join(" ", spec.usageMessage().description()).strip();
        int end = all.indexOf(". ");
        return end < 0 ? all : all.substring(0, end + 1);
    }

    private static String description(ArgSpec a) { return String.join(" ", a.renderedDescription()).strip(); }

    private void section(String title) { line(".SH " + text(title)); }

    /** {@code term} and {@code description} are troff already. */
    private void item(String term, String description) {
        line(".TP");
        line(term);
        line(description);
    }

    private void paragraph(String text) {
        line(".PP");
        line(text(text));
    }

    private void line(String l) { troff.append(l).append('\n'); }

    /**
     * Text for troff: backslashes and hyphens escaped (a hyphen stays a minus sign, so that options
     * can be copied), and a line never starts with a control character.
     */
    static String text(String s) {
        String escaped = s.replace("\\", "\\e").replace("-", "\\-");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
