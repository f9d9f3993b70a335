package io.vfmigrate.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Rewrites a domain's persistent definition for another host: each of the given interfaces (a VF of the
 * source host) becomes the device of a destination VF, keeping what the guest sees of it (its PCI address,
 * alias, model, boot order, ROM, driver, MTU, ACPI index), so that libvirt's ABI check accepts it and the
 * guest finds the same NIC when it starts.
 */
public final class DomainDefinitions {
    /** The children of an interface element that the guest sees; everything else (source, target, MAC, VLAN) is the host's. */
    static final Set<String> GUEST_SIDE = Set.of("address", "alias", "model", "boot", "rom", "driver", "mtu", "acpi");

    private DomainDefinitions() {}

    /** {@code devices}: each interface of the definition (as {@link DomainDescription} reads it) and the device XML that replaces it. */
    public static String retarget(String definition, Map<DomainInterface, String> devices) {
        List<DomainInterface> interfaces = DomainDescription.parse(definition).interfaces();
        Document doc = DomainDescription.XmlText.parse(definition);
        Element devicesElement = DomainDescription.XmlText.childElement(doc.getDocumentElement(), "devices")
                .orElseThrow(() -> new IllegalArgumentException("the definition has no <devices>"));
        NodeList elements = devicesElement.getElementsByTagName("interface");
        Element[] originals = new Element[elements.getLength()];
        for (int i = 0; i < originals.length; i++) originals[i] = (Element) elements.item(i);
        for (var e : devices.entrySet()) {
            int index = interfaces.indexOf(e.getKey());
            if (index < 0) throw new IllegalArgumentException("the definition has no interface " + e.getKey().mac() + " (" + e.getKey().type() + ")");
            Element old = originals[index];
            Element replacement = (Element) doc.importNode(DomainDescription.XmlText.parse(e.getValue()).getDocumentElement(), true);
            keepGuestSide(old, replacement);
            old.getParentNode().replaceChild(replacement, old);
        }
        return DomainDescription.XmlText.serialize(doc.getDocumentElement());
    }

    private static void keepGuestSide(Element old, Element replacement) {
        for (Node n = old.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child) || !GUEST_SIDE.contains(child.getTagName())) continue;
            DomainDescription.XmlText.childElement(replacement, child.getTagName()).ifPresent(replacement::removeChild);
            replacement.appendChild(child.cloneNode(true));
        }
    }
}
