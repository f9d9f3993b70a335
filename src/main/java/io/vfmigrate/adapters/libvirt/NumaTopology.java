package io.vfmigrate.adapters.libvirt;

import io.vfmigrate.model.DomainDescription.XmlText;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** NUMA cells and their CPUs, from {@code <capabilities><host><topology><cells>} (empty when absent). */
final class NumaTopology {
    private NumaTopology() {}

    static Map<Integer, Set<Integer>> cpusByNode(String capabilitiesXml) {
        Element root = XmlText.parse(capabilitiesXml).getDocumentElement();
        Optional<Element> cells = XmlText.childElement(root, "host")
                .flatMap(host -> XmlText.childElement(host, "topology"))
                .flatMap(topology -> XmlText.childElement(topology, "cells"));
        Map<Integer, Set<Integer>> byNode = new TreeMap<>();
        if (cells.isEmpty()) return byNode;
        NodeList cellList = cells.get().getElementsByTagName("cell");
        for (int i = 0; i < cellList.getLength(); i++) {
            Element cell = (Element) cellList.item(i);
            Optional<Integer> node = number(cell.getAttribute("id"));
            if (node.isEmpty()) continue;
            Set<Integer> cpus = new TreeSet<>();
            XmlText.childElement(cell, "cpus").ifPresent(list -> {
                NodeList cpuList = list.getElementsByTagName("cpu");
                for (int j = 0; j < cpuList.getLength(); j++) number(((Element) cpuList.item(j)).getAttribute("id")).ifPresent(cpus::add);
            });
            byNode.put(node.get(), Collections.unmodifiableSet(cpus));
        }
        return Collections.unmodifiableMap(byNode);
    }

    private static Optional<Integer> number(String text) {
        return text != null && text.matches("\\d{1,6}") ? Optional.of(Integer.parseInt(text)) : Optional.empty();
    }
}
