package io.vfmigrate.adapters.libvirt;

import java.lang.reflect.Field;
import org.libvirt.Domain;
import org.libvirt.jna.DomainPointer;

/** The libvirt handle behind a libvirt-java {@link Domain}, for the calls libvirt-java 0.5.4 does not bind (made through JNA). */
final class NativeDomain {
    private NativeDomain() {}

    static DomainPointer pointer(Domain domain) throws ReflectiveOperationException {
        Field f = Domain.class.getDeclaredField("vdp");
        f.setAccessible(true);
        return (DomainPointer) f.get(domain);
    }
}
