# shellcheck shell=bash
# lab/lib/inventory.sh: vfmigrate's inventories of the lab: $LAB_DIR/vfmigrate.yaml (libvirt over
# unix sockets, host commands by entering the host's namespaces: for the root namespace), and for a
# coordinator in the management namespace vfmigrate-tls.yaml (libvirt over TLS) and vfmigrate-ssh.yaml
# (libvirt over SSH, with libssh), both with host commands over ssh. Sourced by ../lab.

write_inventory() {
    write_inventory_file vfmigrate.yaml local
    write_inventory_file vfmigrate-tls.yaml tls
    write_inventory_file vfmigrate-ssh.yaml ssh
}

# The ssh command line of host commands (a coordinator in the management namespace): batch mode (never a
# prompt), the lab's key, the pinned known_hosts, and one connection per host shared by the commands of a
# run (ControlMaster; a new ssh connection per command widens the steps' windows: docs/remote-hosts.md).
ssh_shell() {
    local s
    s=$(ssh_dir)
    echo "ssh, -o, BatchMode=yes, -o, ConnectTimeout=5, -o, StrictHostKeyChecking=yes, -o, UserKnownHostsFile=$s/known_hosts, -o, IdentitiesOnly=yes, -i, $s/id_ed25519, -o, ControlMaster=auto, -o, ControlPath=$s/cm-%C, -o, ControlPersist=30, root@$1"
}

# write_inventory_file FILE local|tls|ssh
write_inventory_file() {
    local file=$1 transport=$2 h shell uri tmp="$LAB_DIR/$1.tmp" s
    s=$(ssh_dir)
    {
        echo "# vfmigrate inventory of the lab ($transport); written by $LAB_BIN up"
        # the lab's migration stream between two TCG hosts on this machine (QEMU 10): 135-215 MiB/s with nothing else running
        echo "defaults:"
        echo "  migration: {expected-bandwidth-mib-per-s: 200}"
        echo "hosts:"
        for h in $(lab_hosts); do
            case $transport in
                local)
                    uri=$(host_uri "$h")
                    shell="$LAB_BIN, exec, $h, --"
                    [ "$LAB_DIR" = /run/vfmigrate-lab ] || shell="env, VFM_LAB_DIR=$LAB_DIR, $shell"
                    ((POD == 1)) || shell="env, VFM_LAB_POD=$POD, ${shell#env, }" ;;
                tls)
                    uri="qemu+tls://$h/system?pkipath=$(pki_dir)/client"
                    shell=$(ssh_shell "$h") ;;
                ssh)
                    uri="qemu+libssh://root@$h/system?keyfile=$s/id_ed25519&known_hosts=$s/known_hosts&known_hosts_verify=normal&sshauth=privkey"
                    shell=$(ssh_shell "$h") ;;
            esac
            cat <<EOF
  $h:
    libvirt-uri: "$uri"
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
    mv "$tmp" "$LAB_DIR/$file"
}
