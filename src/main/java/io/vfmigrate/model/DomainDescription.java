package io.vfmigrate.model;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** What vfmigrate needs to know of a libvirt domain, read from its XML (JDK parser only). */
public record DomainDescription(String name, String uuid, long memoryKiB, List<DomainInterface> interfaces,
                                boolean vcpusPinned, OptionalInt numaNode, java.util.Set<Integer> pinnedCpus, int vcpus) {

    public static DomainDescription parse(String xml) {
        Document doc = XmlText.parse(xml);
        Element root = doc.getDocumentElement();
        if (!"domain".equals(root.getTagName())) throw new IllegalArgumentException("not a domain XML: <" + root.getTagName() + ">");
        String name = XmlText.childText(root, "name").orElseThrow(() -> new IllegalArgumentException("domain XML without <name>"));
        String uuid = XmlText.childText(root, "uuid").orElse("");
        long memory = XmlText.childElement(root, "currentMemory").or(() -> XmlText.childElement(root, "memory"))
                .map(DomainDescription::kib).orElse(0L);
        List<DomainInterface> interfaces = new ArrayList<>();
        XmlText.childElement(root, "devices").ifPresent(devices -> {
            NodeList list = devices.getElementsByTagName("interface");
            for (int i = 0; i < list.getLength(); i++) interfaces.add(iface((Element) list.item(i)));
        });
        java.util.Set<Integer> cpus = new java.util.TreeSet<>();
        XmlText.childElement(root, "vcpu").ifPresent(v -> cpus.addAll(cpuList(v.getAttribute("cpuset"))));
        XmlText.childElement(root, "cputune").ifPresent(t -> {
            NodeList pins = t.getElementsByTagName("vcpupin");
            for (int i = 0; i < pins.getLength(); i++) cpus.addAll(cpuList(((Element) pins.item(i)).getAttribute("cpuset")));
        });
        boolean pinned = !cpus.isEmpty();
        OptionalInt node = XmlText.childElement(root, "numatune")
                .flatMap(t -> XmlText.childElement(t, "memory"))
                .map(m -> firstNode(m.getAttribute("nodeset"))).orElse(OptionalInt.empty());
        int vcpus = XmlText.childElement(root, "vcpu").map(DomainDescription::vcpuCount).orElse(1);
        return new DomainDescription(name, uuid, memory, List.copyOf(interfaces), pinned, node, java.util.Set.copyOf(cpus), vcpus);
    }

    private static long kib(Element memory) {
        long value = Long.parseLong(memory.getTextContent().trim());
        String unit = memory.getAttribute("unit");
        return switch (unit.isEmpty() ? "KiB" : unit) {
            case "b", "bytes" -> value / 1024;
            case "KiB", "k", "K" -> value;
            case "MiB", "M" -> value * 1024;
            case "GiB", "G" -> value * 1024 * 1024;
            default -> value;
        };
    }

    /** The vCPUs the domain runs with: {@code current} when set, else the maximum. */
    private static int vcpuCount(Element vcpu) {
        String current = vcpu.getAttribute("current");
        String value = current.isEmpty() ? vcpu.getTextContent().trim() : current.trim();
        if (!value.matches("\\d{1,4}")) throw new IllegalArgumentException("unparsable <vcpu> '" + value + "' in domain XML");
        return Integer.parseInt(value);
    }

    /** "0-3,8,^2" as libvirt writes cpusets. */
    static java.util.Set<Integer> cpuList(String cpuset) {
        java.util.Set<Integer> out = new java.util.TreeSet<>();
        if (cpuset == null || cpuset.isBlank()) return out;
        java.util.Set<Integer> excluded = new java.util.TreeSet<>();
        for (String part : cpuset.split(",")) {
            String p = part.trim();
            boolean not = p.startsWith("^");
            if (not) p = p.substring(1);
            String[] range = p.split("-");
            if (!p.matches("\\d+(-\\d+)?")) throw new IllegalArgumentException("unparsable cpuset '" + cpuset + "'");
            int lo = Integer.parseInt(range[0]);
            int hi = range.length > 1 ? Integer.parseInt(range[1]) : lo;
            for (int c = lo; c <= hi; c++) (not ? excluded : out).add(c);
        }
        out.removeAll(excluded);
        return out;
    }

    private static OptionalInt firstNode(String nodeset) {
        if (nodeset == null || nodeset.isBlank()) return OptionalInt.empty();
        String first = nodeset.split("[,-]")[0].trim();
        return first.matches("\\d+") ? OptionalInt.of(Integer.parseInt(first)) : OptionalInt.empty();
    }

    private static DomainInterface iface(Element e) {
        String type = e.getAttribute("type");
        Mac mac = XmlText.childElement(e, "mac").map(m -> Mac.parse(m.getAttribute("address")))
                .orElseThrow(() -> new IllegalArgumentException("interface without <mac> in domain XML"));
        Optional<Element> source = XmlText.childElement(e, "source");
        Optional<String> pci = source.flatMap(s -> XmlText.childElement(s, "address")).map(DomainDescription::pciAddress);
        Optional<Integer> vlan = XmlText.childElement(e, "vlan").flatMap(v -> XmlText.childElement(v, "tag"))
                .map(t -> Integer.parseInt(t.getAttribute("id")));
        return new DomainInterface(type, mac,
                source.map(s -> s.getAttribute("bridge")).filter(s -> !s.isEmpty()),
                source.map(s -> s.getAttribute("dev")).filter(s -> !s.isEmpty()),
                source.map(s -> s.getAttribute("network")).filter(s -> !s.isEmpty()),
                pci,
                XmlText.childElement(e, "target").map(t -> t.getAttribute("dev")).filter(s -> !s.isEmpty()),
                XmlText.childElement(e, "alias").map(a -> a.getAttribute("name")).filter(s -> !s.isEmpty()),
                XmlText.childElement(e, "virtualport").map(v -> v.getAttribute("type")).filter(s -> !s.isEmpty()),
                vlan,
                XmlText.childElement(e, "address").filter(a -> "pci".equals(a.getAttribute("type"))).map(DomainDescription::pciAddress),
                XmlText.serialize(e));
    }

    static String pciAddress(Element a) {
        return String.format("%04x:%02x:%02x.%x", hex(a.getAttribute("domain")), hex(a.getAttribute("bus")),
                hex(a.getAttribute("slot")), hex(a.getAttribute("function")));
    }

    private static int hex(String v) {
        if (v == null || v.isEmpty()) return 0;
        return v.startsWith("0x") ? Integer.parseInt(v.substring(2), 16) : Integer.parseInt(v);
    }

    /** Small JDK-only XML helpers, hardened against external entities. */
    public static final class XmlText {
        private XmlText() {}

        public static Document parse(String xml) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setExpandEntityReferences(false);
                return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            } catch (Exception e) {
                throw new IllegalArgumentException("unparsable XML: " + e.getMessage(), e);
            }
        }

        public static Optional<Element> childElement(Element parent, String tag) {
            for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element el && el.getTagName().equals(tag)) return Optional.of(el);
            }
            return Optional.empty();
        }

        public static Optional<String> childText(Element parent, String tag) {
            return childElement(parent, tag).map(el -> el.getTextContent().trim());
        }

        public static String serialize(Element e) {
            try {
                var t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter out = new StringWriter();
                t.transform(new DOMSource(e), new StreamResult(out));
                return out.toString();
            } catch (Exception ex) {
                throw new IllegalStateException("cannot serialise <" + e.getTagName() + ">", ex);
            }
        }

        public static String escape(String text) {
            return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
        }
    }
}
