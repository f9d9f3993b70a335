# shellcheck shell=bash
# lab/lib/inventory.sh: vfmigrate's inventory of the lab, $LAB_DIR/vfmigrate.yaml. Sourced by ../lab.

write_inventory() {
    local h shell tmp="$LAB_DIR/vfmigrate.yaml.tmp"
    {
        echo "# vfmigrate inventory of the lab; written by $LAB_BIN up"
        echo "hosts:"
        for h in $(lab_hosts); do
            shell="$LAB_BIN, exec, $h, --"
            [ "$LAB_DIR" = /run/vfmigrate-lab ] || shell="env, VFM_LAB_DIR=$LAB_DIR, $shell"
            ((POD == 1)) || shell="env, VFM_LAB_POD=$POD, ${shell#env, }"
            cat <<EOF
  $h:
    libvirt-uri: $(host_uri "$h")
    migration-uri: tcp://$(host_ip "$h")
    shell: [$shell]
    networks:
      labnet:
        probe: ${OBS_ADDR%/*}
        vf-pool: {type: emulated, bridge: esw0, ovs-rundir: $ESW_DIR, slots: $VF_SLOTS}
        temporary-port:
          - {type: macvtap, dev: pf0, mode: bridge}
          - {type: ovs, bridge: br-ovs}
      labnet-pf1:
        probe: ${OBS_ADDR%/*}
        vf-pool: {type: emulated, bridge: esw1, ovs-rundir: $ESW_DIR, slots: $VF_SLOTS, vf-prefix: $(vf_prefix 1)}
        temporary-port:
          - {type: macvtap, dev: pf1, mode: bridge}
          - {type: ovs, bridge: br-ovs}
EOF
        done
    } > "$tmp"
    mv "$tmp" "$LAB_DIR/vfmigrate.yaml"
}
