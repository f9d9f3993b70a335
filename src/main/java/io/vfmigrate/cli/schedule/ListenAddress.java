package io.vfmigrate.cli.schedule;

import io.vfmigrate.model.Printable;
import java.net.InetSocketAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code serve --listen ADDRESS:PORT} as given, and resolved: a bad form, port or name is refused when the command line is read. */
record ListenAddress(String text, InetSocketAddress address) {
    static final class Converter implements ITypeConverter<ListenAddress> {
        @Override public ListenAddress convert(String text) {
            int colon = text.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(text.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new TypeConversionException(Printable.quote(text) + ": give ADDRESS:PORT with a port in 0..65535, e.g. 127.0.0.1:9464");
            }
            String host = text.substring(0, colon).replaceAll("^\\[|]$", "");
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) throw new TypeConversionException(Printable.quote(text) + ": cannot resolve " + Printable.quote(host));
            return new ListenAddress(text, address);
        }
    }
}
