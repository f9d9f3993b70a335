package io.vfmigrate.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** {@code --version} of every command: the project version, from a resource Maven fills in at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
    static final String RESOURCE = "/io/vfmigrate/version.properties";

    @Override public String[] getVersion() { return new String[] {"vfmigrate " + version()}; }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) return v;
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String fromManifest = VersionProvider.class.getPackage().getImplementationVersion();
        return fromManifest != null ? fromManifest : "(unknown version)";
    }
}
