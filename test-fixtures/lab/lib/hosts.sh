# shellcheck shell=bash
# lab/lib/hosts.sh: a lab host: its namespaces and links, the holder process, its /etc files, its
# libvirtd and Open vSwitch; creating, repairing and removing it. Sourced by ../lab.

# Interface indexes are counted per network namespace, but the /dev/tapN node of a macvtap is named
# after its ifindex in the one /dev that all lab hosts share. Two hosts with a macvtap of the same
# ifindex get one node: the second host's QEMU opens the first host's macvtap and its guest hears
# nothing through that port (lab notes: "the b -> a outage"). A real host has its own /dev. Here each
# new host's namespace starts its count IFINDEX_STRIDE * (index - 1) higher, by creating and deleting
# veth pairs (two indexes each) in one group deletion. The hosts of pod P count from index
# (P - 1) * HOSTS_PER_POD + 1, so that two pods' hosts do not share nodes either (up to that many hosts each).
readonly IFINDEX_STRIDE=4000 HOSTS_PER_POD=4
offset_ifindexes() {
    local ns=$1 i=$2 n
    n=$((IFINDEX_STRIDE * (i - 1) / 2))
    ((n > 0)) || return 0
    for ((k = 0; k < n; k++)); do echo "link add vfmoff$k group 77 type veth peer name vfmoffp$k group 77"; done \
        | ip -n "$ns" -batch - > /dev/null
    ip -n "$ns" link del group 77
}

ensure_host_net() {
    local h=$1 ns i
    ns=$(host_ns "$h")
    i=$(host_index "$h")
    if [ ! -e "/run/netns/$ns" ]; then ensure_netns "$ns"; offset_ifindexes "$ns" "$((i + (POD - 1) * HOSTS_PER_POD))"; fi
    ensure_netns "$ns"
    has_link "$ns" br0 || ip -n "$ns" link add br0 address "02:00:c6:12:00:$(printf %02x "$i")" \
        type bridge forward_delay 0 stp_state 0 mcast_snooping 0
    if ! has_link "$ns" eth0; then   # the uplink to the switch
        ip -n "$SW_NS" link del "$h" 2> /dev/null || true
        ip link add eth0 netns "$ns" type veth peer name "$h" netns "$SW_NS"
    fi
    ip -n "$SW_NS" link set "$h" master sw0 up
    ip -n "$ns" link set eth0 master br0 up
    if ! has_link "$ns" ovs-br0; then   # joins br-ovs (OVS) to the PF's embedded switch (see vfs.sh)
        ip -n "$ns" link del ovs-uplink 2> /dev/null || true
        ip -n "$ns" link add ovs-br0 type veth peer name ovs-uplink
        OVS_UPLINK_NEW=1
    fi
    ip -n "$ns" link set ovs-br0 nomaster up
    ip -n "$ns" link set ovs-uplink up
    ip -n "$ns" link set br0 up
    ip -n "$ns" addr replace "$(host_ip "$h")/24" dev br0
    # on the guests' subnet too, so that a host reaches its guests (vfmigrate's --probe HOST:IP)
    ip -n "$ns" addr replace "192.0.2.$((240 + i))/24" dev br0
}

readonly QEMU10_MOUNTS="/usr/bin/qemu-system-x86_64 /usr/bin/qemu-system-i386 /usr/lib/x86_64-linux-gnu/qemu"

# ensure_qemu10_mounts HOST: the host's QEMU is 10 (see cmd_up): its binaries and modules mounted over the system's in
# HOST's namespace, where its libvirtd probes and starts QEMU (10 would load 7.2's modules and abort); idempotent.
ensure_qemu10_mounts() {
    local pid m
    pid=$(holder_pid "$1") || die "host $1 has no namespaces"
    for m in $QEMU10_MOUNTS; do
        [ "$(nsenter -t "$pid" -m -- stat -c %d:%i "$m")" = "$(stat -c %d:%i "$QEMU10$m")" ] && continue
        nsenter -t "$pid" -m -- mount --bind "$QEMU10$m" "$m" || die "cannot mount QEMU 10's $m in $1's namespace"
    done
}

start_holder() {
    local h=$1 d m mounts=()
    d=$(host_dir "$h")
    for m in "${HOST_DIRS[@]}"; do
        mkdir -p "$d/${m%%:*}" "${m#*:}"
        mounts+=("$d/${m%%:*}:${m#*:}")
    done
    for m in "${HOST_FILES[@]}"; do
        [ -e "${m#*:}" ] && mounts+=("$d/${m%%:*}:${m#*:}")
    done
    # libvirt's probe of QEMU's capabilities takes seconds: one cache for all hosts, kept across downs.
    mkdir -p "$CACHE/libvirt-qemu-capabilities" "$d/cache/libvirt/qemu/capabilities"
    mounts+=("$CACHE/libvirt-qemu-capabilities:/var/cache/libvirt/qemu/capabilities")
    rm -f "$d/holder.pid"
    # ip netns exec gives a mount namespace with the netns' own /sys; unshare adds the host's own
    # mount and UTS namespaces, where the per-host directories are bind-mounted.
    # shellcheck disable=SC2016  # the inner sh expands $1, $2, $@ and $$: its own arguments and pid
    setsid ip netns exec "$(host_ns "$h")" unshare --uts --mount --propagation private -- \
        /bin/sh -ec 'h=$1 pidfile=$2; shift 2
            hostname "$h"
            for m in "$@"; do mount --bind "${m%%:*}" "${m#*:}"; done
            echo $$ > "$pidfile"
            exec sleep infinity' holder "$h" "$d/holder.pid" "${mounts[@]}" \
        < /dev/null >> "$d/holder.log" 2>&1 9>&- &
    for ((m = 0; m < 100; m++)); do
        holder_pid "$h" > /dev/null && return 0
        sleep 0.05
    done
    die "the namespaces of $h did not come up, see $d/holder.log"
}

write_host_files() {   # HOST N: /etc/hosts (the lab hosts by name) and an empty resolv.conf
    local h=$1 n=$2 i d hosts="127.0.0.1 localhost"
    d=$(host_dir "$h")
    mkdir -p "$d/etc"
    for ((i = 1; i <= n; i++)); do
        hosts+=$'\n'"$(host_ip "$(host_name "$i")") $(host_name "$i")"
    done
    # Rewritten in place when it changes (it is bind-mounted, a new inode would not be seen).
    [ "$(cat "$d/etc/hosts" 2> /dev/null)" = "$hosts" ] || printf '%s\n' "$hosts" > "$d/etc/hosts"
    [ -e "$d/etc/resolv.conf" ] || echo "# lab host $h: no DNS" > "$d/etc/resolv.conf"
}

write_host_config() {   # prints "changed" when libvirtd's config changed
    local h=$1 d uuid new
    d=$(host_dir "$h")
    [ -s "$d/host-uuid" ] || cat /proc/sys/kernel/random/uuid > "$d/host-uuid"
    uuid=$(cat "$d/host-uuid")
    new=$(cat <<EOF
# written by lab: libvirtd of lab host $h
listen_tls = 1
listen_tcp = 1
listen_addr = "$(host_ip "$h")"
auth_tcp = "none"
auth_tls = "none"
key_file = "/etc/libvirt/pki/serverkey.pem"
cert_file = "/etc/libvirt/pki/servercert.pem"
ca_file = "/etc/libvirt/pki/cacert.pem"
tls_allowed_dn_list = ["$COORDINATOR_DN"]
auth_unix_rw = "none"
host_uuid = "$uuid"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
keepalive_interval = 5
keepalive_count = 5
EOF
)
    new+=$'\n---\n'
    new+=$(cat <<EOF
# written by lab: the qemu driver of lab host $h
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
cgroup_controllers = [ ]
namespaces = [ ]
stdio_handler = "file"
migration_port_min = 49152
migration_port_max = 49215
migrate_tls_x509_cert_dir = "/etc/libvirt/pki/qemu"
migrate_tls_x509_verify = 1
EOF
)
    if [ "$(cat "$d/etc/libvirt/libvirtd.conf" 2> /dev/null; echo ---; cat "$d/etc/libvirt/qemu.conf" 2> /dev/null)" != "$new" ]; then
        printf '%s\n' "${new%%$'\n---\n'*}" > "$d/etc/libvirt/libvirtd.conf"
        printf '%s\n' "${new#*$'\n---\n'}" > "$d/etc/libvirt/qemu.conf"
        echo changed
    fi
}

ensure_ovs() {
    local h=$1 d
    d=$(host_dir "$h")
    if ! pid_of "$d/run/openvswitch/ovsdb-server.pid" ovsdb-server > /dev/null; then
        stop_pidfile "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd
        [ -s "$d/etc/openvswitch/conf.db" ] ||
            in_host "$h" ovsdb-tool create /etc/openvswitch/conf.db /usr/share/openvswitch/vswitch.ovsschema
        in_host "$h" ovsdb-server /etc/openvswitch/conf.db --remote=punix:/run/openvswitch/db.sock \
            --pidfile=/run/openvswitch/ovsdb-server.pid --detach --no-chdir \
            --log-file=/var/log/openvswitch/ovsdb-server.log < /dev/null > /dev/null 2>&1 9>&- ||
            die "ovsdb-server of $h did not start, see $d/log/openvswitch/ovsdb-server.log"
        in_host "$h" ovs-vsctl --no-wait init
    fi
    if ! pid_of "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd > /dev/null; then
        in_host "$h" ovs-vswitchd unix:/run/openvswitch/db.sock --pidfile=/run/openvswitch/ovs-vswitchd.pid \
            --detach --no-chdir --log-file=/var/log/openvswitch/ovs-vswitchd.log \
            < /dev/null > /dev/null 2>&1 9>&- ||
            die "ovs-vswitchd of $h did not start, see $d/log/openvswitch/ovs-vswitchd.log"
    fi
    in_host "$h" ovs-vsctl --timeout=10 --may-exist add-br br-ovs -- set bridge br-ovs datapath_type=netdev \
        -- --may-exist add-port br-ovs ovs-uplink > /dev/null
    # OVS keeps using the old device of a port whose veth was recreated under it: add it again.
    if [ -n "${OVS_UPLINK_NEW:-}" ] ||
        ! [[ $(in_host "$h" ovs-vsctl --timeout=10 get interface ovs-uplink ofport) =~ ^[1-9][0-9]*$ ]]; then
        # (two transactions: in one, ovs-vswitchd sees no change)
        in_host "$h" ovs-vsctl --timeout=10 del-port br-ovs ovs-uplink
        in_host "$h" ovs-vsctl --timeout=10 add-port br-ovs ovs-uplink
    fi
    OVS_UPLINK_NEW=
}

# start_libvirtd HOST: returns at once; wait_libvirtd waits until it answers. libvirtd runs pinned to
# one CPU: its cache of QEMU's capabilities holds the CPUID data of the CPU it ran on, and CPUs differ
# (APIC ids), so on another CPU it would probe QEMU again (7 s here). libvirt gives QEMU all CPUs.
start_libvirtd() {
    local h=$1 d cpu
    d=$(host_dir "$h")
    rm -f "$d/libvirtd.pid"
    cpu=$(taskset -pc $$ | sed 's/.*: *//; s/[-,].*//')
    in_host "$h" taskset -c "$cpu" libvirtd -d --listen -p "$d/libvirtd.pid" < /dev/null >> "$d/libvirtd.out" 2>&1 9>&- ||
        die "libvirtd of $h did not start, see $d/libvirtd.out and $d/log/libvirt/libvirtd.log"
}

wait_libvirtd() {
    local h=$1 d start=$SECONDS deadline=$((SECONDS + 90))
    d=$(host_dir "$h")
    until libvirtd_ok "$h"; do
        pid_of "$d/libvirtd.pid" libvirtd > /dev/null || ((SECONDS < start + 5)) ||
            die "libvirtd of $h is not running, see $d/log/libvirt/libvirtd.log"
        ((SECONDS < deadline)) ||
            die "libvirtd of $h does not answer on $(host_sock "$h") after 90 s, see $d/log/libvirt/libvirtd.log"
        sleep 0.1
    done
}

stop_libvirtd() { stop_pidfile "$(host_dir "$1")/libvirtd.pid" libvirtd; }

# ensure_host HOST N: namespaces, links, OVS of HOST (one of N hosts); restarts its libvirtd if its
# config changed or it hangs. A libvirtd to start is added to LIBVIRTD_TO_START.
LIBVIRTD_TO_START=()
ensure_host() {
    local h=$1 n=$2 d changed
    d=$(host_dir "$h")
    mkdir -p "$d/log/libvirt/qemu"
    touch "$d/.host"
    write_host_files "$h" "$n"
    ensure_host_net "$h"
    if ! holder_pid "$h" > /dev/null; then
        # Daemons of a host whose namespaces are gone can't be reached any more: restart them all.
        stop_host_processes "$h"
        start_holder "$h"
    fi
    ensure_qemu10_mounts "$h"
    ensure_host_keys "$h"
    changed=$(write_host_config "$h")
    ensure_ovs "$h"
    ensure_eswitch "$h"
    if pid_of "$d/libvirtd.pid" libvirtd > /dev/null; then
        if [ -n "$changed" ] || ! libvirtd_ok "$h"; then
            say "restarting libvirtd of $h"
            stop_libvirtd "$h"
            LIBVIRTD_TO_START+=("$h")
        fi
    else
        LIBVIRTD_TO_START+=("$h")
    fi
}

# Starts the libvirtd in LIBVIRTD_TO_START and builds the guest image (and starts the KVM self-test)
# meanwhile. When QEMU's capabilities are not cached yet, the first libvirtd probes them alone, then
# the others reuse them.
start_libvirtds_and_image() {
    local h
    if [ ${#LIBVIRTD_TO_START[@]} -gt 0 ]; then
        start_libvirtd "${LIBVIRTD_TO_START[0]}"
        if [ -z "$(ls -A "$CACHE/libvirt-qemu-capabilities" 2> /dev/null)" ]; then
            ensure_image
            accel_test_start
            wait_libvirtd "${LIBVIRTD_TO_START[0]}"
        fi
        for h in "${LIBVIRTD_TO_START[@]:1}"; do
            start_libvirtd "$h"
        done
    fi
    ensure_image
    accel_test_start
}

stop_host_processes() {   # guests, daemons and the holder of HOST, by their pid files
    local h=$1 d f
    d=$(host_dir "$h")
    for f in "$d"/run/libvirt/qemu/*.pid; do
        [ -e "$f" ] && stop_pidfile "$f" qemu-system-x86
    done
    stop_libvirtd "$h"
    stop_sshd "$h"
    stop_pidfile "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd
    stop_pidfile "$d/run/openvswitch/ovsdb-server.pid" ovsdb-server
    stop_eswitch "$h"
    stop_pidfile "$d/holder.pid" sleep
}

remove_host() {
    local h=$1 ns pids
    ns=$(host_ns "$h")
    stop_host_processes "$h"
    if [ -e "/run/netns/$ns" ]; then
        pids=$(ip netns pids "$ns" 2> /dev/null | tr '\n' ' ')
        [ -z "$pids" ] || say "warning: processes without a lab pid file are left in $ns: $pids"
        ip netns del "$ns"
    fi
    ip -n "$SW_NS" link del "$h" 2> /dev/null || true
    rm -rf "${LAB_DIR:?}/$h"
}
