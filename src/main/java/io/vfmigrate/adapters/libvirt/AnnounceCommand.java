package io.vfmigrate.adapters.libvirt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The QMP announce-self command (QEMU 4.0+; {@code interfaces} since 6.0). */
final class AnnounceCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AnnounceCommand() {}

    static String json(List<String> aliases) {
        ObjectNode args = JSON.createObjectNode().put("initial", 50).put("max", 550).put("rounds", 5).put("step", 100);
        if (!aliases.isEmpty()) args.set("interfaces", JSON.valueToTree(aliases));
        return JSON.createObjectNode().put("execute", "announce-self").set("arguments", args).toString();
    }
}
