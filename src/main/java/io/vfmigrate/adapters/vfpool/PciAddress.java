package io.vfmigrate.adapters.vfpool;

import io.vfmigrate.model.DomainDescription.XmlText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** A PCI address, "dddd:bb:ss.f" (the form sysfs and {@code DomainInterface} use). */
record PciAddress(int domain, int bus, int slot, int function) {
    private static final Pattern TEXT = Pattern.compile("([0-9a-fA-F]{4}):([0-9a-fA-F]{2}):([0-9a-fA-F]{2})\\.([0-7])");

    static Optional<PciAddress> parse(String text) {
        Matcher m = text == null ? null : TEXT.matcher(text.trim());
        if (m == null || !m.matches()) return Optional.empty();
        return Optional.of(new PciAddress(Integer.parseInt(m.group(1), 16), Integer.parseInt(m.group(2), 16),
                Integer.parseInt(m.group(3), 16), Integer.parseInt(m.group(4), 16)));
    }

    /** From libvirt's {@code <address type='pci' domain='0x0000' bus='0x81' slot='0x10' function='0x1'/>}. */
    static Optional<PciAddress> of(Element address) {
        if (!"pci".equals(address.getAttribute("type")) && !address.getAttribute("type").isEmpty()) return Optional.empty();
        try {
            return Optional.of(new PciAddress(number(address.getAttribute("domain")), number(address.getAttribute("bus")),
                    number(address.getAttribute("slot")), number(address.getAttribute("function"))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** PCI addresses passed through to the domains (hostdevs and hostdev interfaces), from their XML (live or persistent). */
    static Set<PciAddress> inUse(List<String> domainXmls) {
        Set<PciAddress> used = new LinkedHashSet<>();
        for (String xml : domainXmls) {
            Element root = XmlText.parse(xml).getDocumentElement();
            Optional<Element> devices = XmlText.childElement(root, "devices");
            if (devices.isEmpty()) continue;
            collect(devices.get(), "hostdev", "pci", used);
            collect(devices.get(), "interface", "hostdev", used);
        }
        return used;
    }

    private static void collect(Element devices, String tag, String type, Set<PciAddress> into) {
        NodeList list = devices.getElementsByTagName(tag);
        for (int i = 0; i < list.getLength(); i++) {
            Element device = (Element) list.item(i);
            if (type.equals(device.getAttribute("type"))) sourceAddress(device).ifPresent(into::add);
        }
    }

    private static Optional<PciAddress> sourceAddress(Element device) {
        return XmlText.childElement(device, "source").flatMap(s -> XmlText.childElement(s, "address")).flatMap(PciAddress::of);
    }

    String xml() {
        return String.format("<address type='pci' domain='0x%04x' bus='0x%02x' slot='0x%02x' function='0x%x'/>", domain, bus, slot, function);
    }

    private static int number(String text) {
        if (text == null || text.isEmpty()) return 0;
        return text.startsWith("0x") ? Integer.parseInt(text.substring(2), 16) : Integer.parseInt(text);
    }

    @Override public String toString() { return String.format("%04x:%02x:%02x.%x", domain, bus, slot, function); }
}
