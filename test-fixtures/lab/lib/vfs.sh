# shellcheck shell=bash
# lab/lib/vfs.sh: the emulated PF of a host: an embedded switch with its VFs, as a NIC has one.
# Sourced by ../lab.
#
# The embedded switch is an Open vSwitch userspace bridge, esw0, run by an ovsdb-server and ovs-vswitchd
# of its own (state in /run/vfm-eswitch of the host), so that stopping the host's Open vSwitch (the
# software switch behind the `ovs` temporary port) leaves the NIC alone, as on real hardware. Two
# userspace datapaths of type netdev cannot share a network namespace (each wants a tap named
# ovs-netdev), so this one is of type dummy (ovs-vswitchd --enable-dummy): the same userspace datapath
# under another name, whose own internal ports are not kernel devices; the ports below are. Its ports:
#  - the VF stand-ins: persistent taps evf0.. that exist whether a guest uses them or not, as VFs do;
#    a guest gets one as an unmanaged ethernet interface. A VF on a VLAN is an access port (OVS `tag`):
#    the guest's frames are untagged and the switch tags them, as `ip link set PF vf N vlan V` does;
#  - a programmed VF MAC is a static FDB entry (VLAN, MAC) -> evfK, which learning cannot move (the NIC
#    steering the MAC to its VF, attached to a VM or not); spoof checking is two OpenFlow rules on the
#    VF's port (its own MAC passes, any other source is dropped);
#  - pf0: the PF's own netdev (a veth whose peer pf0-p is a trunk port), the lower device of the macvtap
#    temporary port; pf0.V: the PF's 802.1Q device for VLAN V (a veth whose peer pf0.V-p is on VLAN V);
#  - ovs-br0: the uplink of the host's Open vSwitch bridge br-ovs (the `ovs` temporary port's switch),
#    a trunk: on a real host that bridge's uplink is the PF too, so the NIC's steering of a programmed MAC
#    to its VF comes before it;
#  - esw0-up: the uplink, a trunk, a veth to the host's br0 (and so to the top-of-rack switch).
readonly ESW_DIR=/run/vfm-eswitch ESW_BR=esw0 PF_DEV=pf0

esw() {   # HOST CMD ARGS...: ovs-vsctl / ovs-appctl / ovs-ofctl against HOST's embedded switch
    local h=$1 cmd=$2
    shift 2
    case "$cmd" in
        vsctl) in_host "$h" ovs-vsctl --db="unix:$ESW_DIR/db.sock" --timeout=10 "$@" ;;
        appctl) in_host "$h" ovs-appctl --target="$ESW_DIR/ovs-vswitchd.ctl" "$@" ;;
        ofctl) in_host "$h" ovs-ofctl "$1" "unix:$ESW_DIR/$ESW_BR.mgmt" "${@:2}" ;;
    esac
}

ensure_eswitch() {
    local h=$1 d ns k
    d=$(host_dir "$h")
    ns=$(host_ns "$h")
    if ! pid_of "$d/run/eswitch/ovsdb-server.pid" ovsdb-server > /dev/null; then
        stop_pidfile "$d/run/eswitch/ovs-vswitchd.pid" ovs-vswitchd
        [ -s "$d/run/eswitch/conf.db" ] ||
            in_host "$h" ovsdb-tool create "$ESW_DIR/conf.db" /usr/share/openvswitch/vswitch.ovsschema
        in_host "$h" ovsdb-server "$ESW_DIR/conf.db" --remote="punix:$ESW_DIR/db.sock" \
            --pidfile="$ESW_DIR/ovsdb-server.pid" --unixctl="$ESW_DIR/ovsdb-server.ctl" --detach --no-chdir \
            --log-file=/var/log/openvswitch/eswitch-ovsdb-server.log < /dev/null > /dev/null 2>&1 9>&- ||
            die "the embedded switch's ovsdb-server of $h did not start, see $d/log/openvswitch/eswitch-ovsdb-server.log"
        esw "$h" vsctl --no-wait init
    fi
    if ! pid_of "$d/run/eswitch/ovs-vswitchd.pid" ovs-vswitchd > /dev/null; then
        in_host "$h" env OVS_RUNDIR="$ESW_DIR" ovs-vswitchd "unix:$ESW_DIR/db.sock" --enable-dummy --pidfile="$ESW_DIR/ovs-vswitchd.pid" \
            --unixctl="$ESW_DIR/ovs-vswitchd.ctl" --detach --no-chdir \
            --log-file=/var/log/openvswitch/eswitch-ovs-vswitchd.log < /dev/null > /dev/null 2>&1 9>&- ||
            die "the embedded switch's ovs-vswitchd of $h did not start, see $d/log/openvswitch/eswitch-ovs-vswitchd.log"
    fi
    ensure_veth "$ns" esw0-br0 esw0-up
    ip -n "$ns" link set esw0-br0 master br0
    ensure_veth "$ns" "$PF_DEV" "$PF_DEV-p"
    for ((k = 0; k < VF_SLOTS; k++)); do
        has_link "$ns" "evf$k" || ip -n "$ns" tuntap add dev "evf$k" mode tap
        ip -n "$ns" link set "evf$k" up
    done
    local ports=(-- --may-exist add-br "$ESW_BR" -- set bridge "$ESW_BR" datapath_type=dummy
        -- --may-exist add-port "$ESW_BR" esw0-up -- --may-exist add-port "$ESW_BR" "$PF_DEV-p"
        -- --may-exist add-port "$ESW_BR" ovs-br0)
    for ((k = 0; k < VF_SLOTS; k++)); do ports+=(-- --may-exist add-port "$ESW_BR" "evf$k"); done
    esw "$h" vsctl "${ports[@]}" > /dev/null
    readd_stale_ports "$h"
}

ensure_veth() {   # NS A B: a veth pair A-B in NS, both up
    has_link "$1" "$2" || { ip -n "$1" link del "$3" 2> /dev/null || true; ip -n "$1" link add "$2" type veth peer name "$3"; }
    ip -n "$1" link set "$2" up
    ip -n "$1" link set "$3" up
}

# OVS keeps using the old device of a port whose link was recreated under it (ofport -1): add it again,
# in two transactions (in one, ovs-vswitchd sees no change).
readd_stale_ports() {
    local h=$1 p
    for p in $(esw "$h" vsctl --bare --columns=name find interface ofport=-1); do
        esw "$h" vsctl del-port "$ESW_BR" "$p"
        esw "$h" vsctl add-port "$ESW_BR" "$p"
    done
}

stop_eswitch() {
    local d
    d=$(host_dir "$1")
    stop_pidfile "$d/run/eswitch/ovs-vswitchd.pid" ovs-vswitchd
    stop_pidfile "$d/run/eswitch/ovsdb-server.pid" ovsdb-server
}

ensure_pf_vlan_dev() {   # HOST VLAN: pf0.VLAN, the PF's device on VLAN (the macvtap temporary port's lower device)
    local h=$1 v=$2
    ensure_veth "$(host_ns "$h")" "$PF_DEV.$v" "$PF_DEV.$v-p"
    esw "$h" vsctl -- --may-exist add-port "$ESW_BR" "$PF_DEV.$v-p" tag="$v" > /dev/null
    readd_stale_ports "$h"
}

# program_vf HOST SLOT MAC [VLAN]: what `ip link set PF vf SLOT mac MAC vlan VLAN` does on a NIC.
program_vf() {
    local h=$1 slot=$2 mac=$3 vlan=${4:-}
    if [ -n "$vlan" ]; then esw "$h" vsctl set port "evf$slot" tag="$vlan"; else esw "$h" vsctl clear port "evf$slot" tag; fi
    esw "$h" appctl fdb/add "$ESW_BR" "evf$slot" "${vlan:-0}" "$mac" > /dev/null
}

clear_vf_macs() {   # HOST MAC: removes the static entries that steer MAC to an emulated VF of HOST, if any
    local h=$1 vlan
    for vlan in $(esw "$h" appctl fdb/show "$ESW_BR" 2> /dev/null | awk -v m="$2" 'tolower($3) == m && $4 == "static" {print $2}'); do
        esw "$h" appctl fdb/del "$ESW_BR" "$vlan" "$2" > /dev/null 2>&1 || true
    done
}
