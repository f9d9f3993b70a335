# shellcheck shell=bash
# lab/lib/fabric.sh: the namespaces outside the hosts: the switch that joins them and the observer
# that pings the guests. Sourced by ../lab.

ensure_netns() { [ -e "/run/netns/$1" ] || ip netns add "$1"; ip -n "$1" link set lo up; }
has_link() { ip -n "$1" link show dev "$2" > /dev/null 2>&1; }

ensure_fabric() {
    ensure_netns "$SW_NS"
    has_link "$SW_NS" sw0 || ip -n "$SW_NS" link add sw0 type bridge forward_delay 0 stp_state 0 mcast_snooping 0
    ip -n "$SW_NS" link set sw0 up
    join_switch "$OBS_NS" obs "$OBS_ADDR"
}

# join_switch NS PORT ADDR: namespace NS on the lab switch sw0 (its eth0, the switch's PORT), with ADDR.
join_switch() {
    local ns=$1 port=$2 addr=$3
    ensure_netns "$ns"
    if ! has_link "$ns" eth0; then
        ip -n "$SW_NS" link del "$port" 2> /dev/null || true
        ip link add eth0 netns "$ns" type veth peer name "$port" netns "$SW_NS"
    fi
    ip -n "$SW_NS" link set "$port" master sw0 up
    ip -n "$ns" link set eth0 up
    ip -n "$ns" addr replace "$addr" dev eth0
}

# VLANs on the top-of-rack switch. sw0 (a Linux bridge without VLAN filtering: this kernel has none)
# carries tagged frames as they are; an Open vSwitch userspace bridge `tor` in the switch namespace
# (its own daemons, state in $LAB_DIR/sw) trunks to sw0 and gives each VLAN V an access port to the
# observer of that VLAN: namespace vfm-obs-vV, the same address as the untagged observer (another L2
# segment), so that the inventory's data-path probe answers on every VLAN.
tor() { OVS_RUNDIR="$LAB_DIR/sw" ip netns exec "$SW_NS" ovs-vsctl --db="unix:$LAB_DIR/sw/db.sock" --timeout=10 "$@"; }

ensure_tor_ovs() {
    local d=$LAB_DIR/sw
    mkdir -p "$d"
    if ! pid_of "$d/ovsdb-server.pid" ovsdb-server > /dev/null; then
        stop_pidfile "$d/ovs-vswitchd.pid" ovs-vswitchd
        [ -s "$d/conf.db" ] || ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema
        OVS_RUNDIR=$d ip netns exec "$SW_NS" ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
            --pidfile="$d/ovsdb-server.pid" --unixctl="$d/ovsdb-server.ctl" --detach --no-chdir \
            --log-file="$d/ovsdb-server.log" < /dev/null > /dev/null 2>&1 9>&- ||
            die "the switch's ovsdb-server did not start, see $d/ovsdb-server.log"
        tor --no-wait init
    fi
    if ! pid_of "$d/ovs-vswitchd.pid" ovs-vswitchd > /dev/null; then
        OVS_RUNDIR=$d ip netns exec "$SW_NS" ovs-vswitchd "unix:$d/db.sock" --pidfile="$d/ovs-vswitchd.pid" \
            --unixctl="$d/ovs-vswitchd.ctl" --detach --no-chdir --log-file="$d/ovs-vswitchd.log" \
            < /dev/null > /dev/null 2>&1 9>&- || die "the switch's ovs-vswitchd did not start, see $d/ovs-vswitchd.log"
    fi
    if ! has_link "$SW_NS" sw0-tor; then
        ip -n "$SW_NS" link del tor-trunk 2> /dev/null || true
        ip -n "$SW_NS" link add sw0-tor type veth peer name tor-trunk
    fi
    ip -n "$SW_NS" link set sw0-tor master sw0 up
    ip -n "$SW_NS" link set tor-trunk up
    tor -- --may-exist add-br tor -- set bridge tor datapath_type=netdev -- --may-exist add-port tor tor-trunk > /dev/null
}

stop_tor_ovs() {
    stop_pidfile "$LAB_DIR/sw/ovs-vswitchd.pid" ovs-vswitchd
    stop_pidfile "$LAB_DIR/sw/ovsdb-server.pid" ovsdb-server
}

vlan_observer_ns() { echo "$OBS_NS-v$1"; }

ensure_vlan_observer() {   # VLAN
    local v=$1 ns
    ns=$(vlan_observer_ns "$v")
    ensure_tor_ovs
    ensure_netns "$ns"
    if ! has_link "$ns" eth0; then
        ip -n "$SW_NS" link del "obs-v$v" 2> /dev/null || true
        ip link add eth0 netns "$ns" type veth peer name "obs-v$v" netns "$SW_NS"
    fi
    ip -n "$SW_NS" link set "obs-v$v" up
    tor -- --may-exist add-port tor "obs-v$v" tag="$v" > /dev/null
    ip -n "$ns" link set eth0 up
    ip -n "$ns" addr replace "$OBS_ADDR" dev eth0
}
