# shellcheck shell=bash
# lab/lib/vfs.sh: the emulated PF of a host: an embedded switch with its VFs, as a NIC has one.
# Sourced by ../lab.
#
# Each host has two emulated PFs, 0 and 1 (a bond of two VFs takes one of each, as on hosts with two NICs).
# The embedded switch of PF P is an Open vSwitch userspace bridge, eswP, run by an ovsdb-server and ovs-vswitchd
# of its own (state in /run/vfm-eswitch of the host), so that stopping the host's Open vSwitch (the
# software switch behind the `ovs` temporary port) leaves the NIC alone, as on real hardware. Two
# userspace datapaths of type netdev cannot share a network namespace (each wants a tap named
# ovs-netdev), so this one is of type dummy (ovs-vswitchd --enable-dummy): the same userspace datapath
# under another name, whose own internal ports are not kernel devices; the ports below are. Its ports:
#  - the VF stand-ins: persistent taps evf0.. (PF 1: e1vf0..) that exist whether a guest uses them or not;
#    a guest gets one as an unmanaged ethernet interface. A VF on a VLAN is an access port (OVS `tag`):
#    the guest's frames are untagged and the switch tags them, as `ip link set PF vf N vlan V` does;
#  - a programmed VF MAC is a static FDB entry (VLAN, MAC) -> evfK, which learning cannot move (the NIC
#    steering the MAC to its VF, attached to a VM or not); spoof checking is two OpenFlow rules on the
#    VF's port (its own MAC passes, any other source is dropped);
#  - pfP: the PF's own netdev (a veth whose peer pfP-p is a trunk port), the lower device of the macvtap
#    temporary port; pfP.V: the PF's 802.1Q device for VLAN V (a veth whose peer pfP.V-p is on VLAN V);
#  - ovs-br0 (PF 0, or PF 1 after `lab ovs-uplink 1`): the uplink of the host's Open vSwitch bridge br-ovs
#    (the `ovs` temporary port's switch), a trunk: on a real host that bridge's uplink is the PF too, so the
#    NIC's steering of a programmed MAC to its VF comes before it; on PF 1 it stands for a bridge whose
#    uplink is another port than the one of PF 0's VFs;
#  - eswP-up: the uplink, a trunk, a veth to the host's br0 (and so to the top-of-rack switch).
readonly ESW_DIR=/run/vfm-eswitch ESW_BR=esw0 PFS=(0 1)
vf_prefix() { if [ "$1" = 0 ]; then echo evf; else echo "e${1}vf"; fi; }

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
    local p br pre up ports=()
    up=$(ovs_uplink_pf)
    for p in "${PFS[@]}"; do
        br=esw$p pre=$(vf_prefix "$p")
        ensure_veth "$ns" "$br-br0" "$br-up"
        ip -n "$ns" link set "$br-br0" master br0
        ensure_veth "$ns" "pf$p" "pf$p-p"
        ports+=(-- --may-exist add-br "$br" -- set bridge "$br" datapath_type=dummy
            -- --may-exist add-port "$br" "$br-up" -- --may-exist add-port "$br" "pf$p-p")
        [ "$p" != "$up" ] || ports+=(-- --may-exist add-port "$br" ovs-br0)
        for ((k = 0; k < VF_SLOTS; k++)); do
            has_link "$ns" "$pre$k" || ip -n "$ns" tuntap add dev "$pre$k" mode tap
            # up first: a link that is down shows no NO-CARRIER, so a fresh tap would pass for an attached one
            ip -n "$ns" link set "$pre$k" up
            ip -n "$ns" link set "$pre$k" txqueuelen "$(stand_in_queue "$ns" "$pre$k")"
            ports+=(-- --may-exist add-port "$br" "$pre$k")
        done
    done
    esw "$h" vsctl "${ports[@]}" > /dev/null
    readd_stale_ports "$h"
    ensure_pf_filter "$h"
    ensure_vf_ready "$h"
}

ensure_veth() {   # NS A B: a veth pair A-B in NS, both up
    has_link "$1" "$2" || { ip -n "$1" link del "$3" 2> /dev/null || true; ip -n "$1" link add "$2" type veth peer name "$3"; }
    ip -n "$1" link set "$2" up
    ip -n "$1" link set "$3" up
}

# OVS keeps using the old device of a port whose link was recreated under it (ofport -1): add it again,
# in two transactions (in one, ovs-vswitchd sees no change).
readd_stale_ports() {
    local h=$1 p br
    for p in $(esw "$h" vsctl --bare --columns=name find interface ofport=-1); do
        br=$(esw "$h" vsctl port-to-br "$p")
        esw "$h" vsctl del-port "$br" "$p"
        esw "$h" vsctl add-port "$br" "$p"
    done
}

# The frames a VF stand-in's tap holds for a guest NIC that is not reading yet (attached, its driver not
# up): 1000 (the tap's default) delivers them late, once the NIC comes up; a real VF whose driver is not
# ready drops them, which a queue of 1 reproduces. Kept in $LAB_DIR/vf-queue (`lab vf-queue N`).
vf_queue() { cat "$LAB_DIR/vf-queue" 2> /dev/null || echo 1000; }

# A real VF drops what its NIC steers to it only until the guest's driver opens it: from then on the frames land in
# the receive rings the driver posted, however late the guest gets to them. A tap of one frame would drop whatever
# comes while QEMU does not read it, which includes every stall of QEMU's main loop (a hot-plug of another NIC: 6 of
# 3000 pings at 10 ms lost over ten hot-plugs on an idle lab, 8 under load; 0 with the queue of 1000). So the queue of
# `lab vf-queue` is that of a stand-in whose guest NIC is not open: an attached one (its tap has a carrier: QEMU holds
# it) is taken as open, as the lab's guests open their VFs at once, and each host's `lab vf-ready-watch` gives a
# stand-in the queue of 1000 as its guest's driver opens it and takes it back once QEMU lets go of the tap.
stand_in_queue() {   # NS DEV: the queue DEV should have now
    if has_carrier "$1" "$2"; then echo 1000; else vf_queue; fi
}

has_carrier() {   # NS DEV: DEV is up with a carrier (a tap: a QEMU holds it)
    [ "$(ip netns exec "$1" cat "/sys/class/net/$2/carrier" 2> /dev/null)" = 1 ]
}

set_vf_queue() {   # N: on every VF stand-in of every host, now and for later 'lab up'
    local n=$1 h p k pre ns
    echo "$n" > "$LAB_DIR/vf-queue"
    for h in $(lab_hosts); do
        ns=$(host_ns "$h")
        for p in "${PFS[@]}"; do
            pre=$(vf_prefix "$p")
            for ((k = 0; k < VF_SLOTS; k++)); do ip -n "$ns" link set "$pre$k" txqueuelen "$(stand_in_queue "$ns" "$pre$k")"; done
        done
    done
}

ensure_vf_ready() { ensure_watcher "$1" vf-ready; }   # HOST: its vf-ready-watch runs (pid file run/eswitch/vf-ready.pid)

ensure_watcher() {   # HOST NAME: `lab NAME-watch HOST` runs, pid file run/eswitch/NAME.pid, log log/NAME.log
    local h=$1 name=$2 d
    d=$(host_dir "$h")
    pid_of "$d/run/eswitch/$name.pid" "$name" > /dev/null && return
    setsid "$LAB_SRC/lab" "$name-watch" "$h" < /dev/null > "$d/log/$name.log" 2>&1 9>&- &
    echo $! > "$d/run/eswitch/$name.pid"
}

# vf_ready_watch HOST: a stand-in's queue of 1000 once its guest's driver opens the NIC, the queue of `lab vf-queue`
# again once its tap loses the carrier (QEMU closed it: the NIC is gone). The driver's open shows as QEMU's
# NIC_RX_FILTER_CHANGED: virtio-net reports the first change of a NIC's receive filter, which its guest driver makes
# as it opens the NIC (its receive modes) or a bond makes as it enslaves it (its MAC), and libvirt passes the events on.
vf_ready_watch() {
    local h=$1 ns uri line dom alias dev ev events
    printf vf-ready > "/proc/$BASHPID/comm"   # the name its pid file is checked against
    exec 9>&-
    ns=$(host_ns "$h") uri=$(host_uri "$h")
    vf_lost_watch "$ns" &
    local lost=$!
    trap 'kill "$lost" "${events:-}" 2> /dev/null; exit 0' TERM INT
    while :; do
        exec {ev}< <(exec stdbuf -oL virsh -c "$uri" qemu-monitor-event --loop --event NIC_RX_FILTER_CHANGED 2> /dev/null)
        events=$!
        # a NIC opened while no stream was connected (its libvirtd restarting) sent its only event to nobody: an attached
        # stand-in is taken as open then, as `lab vf-queue` takes it (once the new stream has had time to subscribe)
        sleep 1
        open_attached_stand_ins "$ns"
        while read -r -u "$ev" line; do
            [[ $line =~ for\ domain\ .([^\ ]+).:.*\"name\":\"([^\"]+)\" ]] || continue
            dom=${BASH_REMATCH[1]} alias=${BASH_REMATCH[2]}
            [ "$(vf_queue)" != 1000 ] || continue
            dev=$(virsh -c "$uri" dumpxml "$dom" 2> /dev/null | awk -v a="$alias" -v q="'" '
                /<interface /{dev = ""; inif = 1}
                inif && /<target dev=/{split($0, f, q); dev = f[2]}
                inif && /<alias name=/{split($0, f, q); if (f[2] == a) {print dev; exit}}
                /<\/interface>/{inif = 0}') || continue
            [[ $dev =~ ^(evf|e1vf)[0-9]+$ ]] || continue
            ip -n "$ns" link set "$dev" txqueuelen 1000 && echo "$(date +%T.%N) $dev: $dom opened $alias, queue 1000"
        done
        # the stream ends with its libvirtd (the tests restart it; `lab up` starts it after this watcher): connect again
        exec {ev}<&-
        wait "$events" 2> /dev/null || true
        events=''
        sleep 0.5
    done
}

open_attached_stand_ins() {   # NS: every VF stand-in whose tap has a carrier (a QEMU holds it) gets the queue of 1000
    local ns=$1 dev
    for dev in $(ip -n "$ns" -o link show | awk -F': ' '$2 ~ /^(evf|e1vf)[0-9]+$/ {print $2}'); do
        ! has_carrier "$ns" "$dev" || ip -n "$ns" link set "$dev" txqueuelen 1000 || true
    done
}

vf_lost_watch() {   # NS: a stand-in whose tap lost its carrier (QEMU closed it) gets the queue of `lab vf-queue` again
    local ns=$1 line dev q mon monitor
    exec {mon}< <(exec ip -n "$ns" -o monitor link)
    monitor=$!
    trap 'kill "$monitor" 2> /dev/null; exit 0' TERM INT
    while read -r -u "$mon" line; do
        [[ $line =~ ^[0-9]+:\ ((evf|e1vf)[0-9]+):\ \<NO-CARRIER ]] || continue
        dev=${BASH_REMATCH[1]} q=$(vf_queue)
        # (setting the queue it has already is no change, which the monitor does not report again)
        [ "$(ip netns exec "$ns" cat "/sys/class/net/$dev/tx_queue_len")" != "$q" ] || continue
        # the carrier may be back already (another QEMU took the tap, and its guest may have opened the NIC since)
        ! has_carrier "$ns" "$dev" || continue
        ip -n "$ns" link set "$dev" txqueuelen "$q" && echo "$(date +%T.%N) $dev: no guest NIC, queue $q"
    done
}

# Which PF's embedded switch has br-ovs's uplink (ovs-br0): 0 (the default) or 1. Kept in $LAB_DIR/ovs-uplink-pf
# (`lab ovs-uplink P`).
ovs_uplink_pf() { cat "$LAB_DIR/ovs-uplink-pf" 2> /dev/null || echo 0; }

set_ovs_uplink_pf() {   # P: on every host, now and for later 'lab up'
    local p=$1 h other=$((1 - $1))
    echo "$p" > "$LAB_DIR/ovs-uplink-pf"
    for h in $(lab_hosts); do
        esw "$h" vsctl -- --if-exists del-port "esw$other" ovs-br0 -- --may-exist add-port "esw$p" ovs-br0 > /dev/null
    done
}

# The PFs' unicast filters. A NIC steers the MAC of a macvtap on its PF (or on the PF's VLAN device) to the PF from
# the macvtap's creation, whatever the switch upstream has learned; the embedded switch would learn it instead, from
# the macvtap's frames, and keep forwarding by a cached flow of the MAC's former place until its revalidators run
# (hundreds of ms on a loaded machine, where a NIC loses nothing). So while a macvtap exists on pfP or pfP.V, its MAC
# has a static entry (V, MAC) -> pfP-p (pfP.V-p), unless a VF of that PF has the MAC (the VF's filter comes first,
# as before: a MAC left on the source VF blackholes a temporary port on its own PF). Run by 'lab up' per host, one
# process reading `ip monitor link` of the host (pid file run/eswitch/pf-filter.pid).
ensure_pf_filter() { ensure_watcher "$1" pf-filter; }

pf_filter_watch() {   # HOST: the loop of ensure_pf_filter
    local h=$1 line deleted idx name parent mac mon monitor
    local -A macs=() parents=()
    printf pf-filter > "/proc/$BASHPID/comm"   # the name its pid file is checked against
    exec 9>&-
    exec {mon}< <(exec ip -n "$(host_ns "$h")" -o monitor link)
    monitor=$!
    trap 'kill "$monitor" 2> /dev/null; exit 0' TERM INT
    while read -r -u "$mon" line; do
        [[ $line =~ ^(Deleted\ )?([0-9]+):\ (macvtap[^@:]*)@(pf[01](\.[0-9]+)?):.*link/ether\ ([0-9a-f:]{17}) ]] || continue
        deleted=${BASH_REMATCH[1]} idx=${BASH_REMATCH[2]} name=${BASH_REMATCH[3]} parent=${BASH_REMATCH[4]} mac=${BASH_REMATCH[6]}
        if [ -n "$deleted" ] || [ "${macs[$idx]:-$mac}" != "$mac" ]; then
            if [ -n "${macs[$idx]:-}" ] && pf_filter "$h" del "${parents[$idx]}" "${macs[$idx]}"; then
                echo "$(date +%T.%N) ${parents[$idx]} ${macs[$idx]}: no longer steered to ${parents[$idx]}-p"
            fi
            unset "macs[$idx]" "parents[$idx]"
        fi
        if [ -z "$deleted" ] && [ -z "${macs[$idx]:-}" ]; then
            macs[$idx]=$mac parents[$idx]=$parent
            pf_filter "$h" add "$parent" "$mac" && echo "$(date +%T.%N) $name@$parent $mac: steered to $parent-p"
        fi
    done
}

pf_filter() {   # HOST add|del PARENT MAC: the macvtap's static entry, added unless a VF of the PF has the MAC (its entry
    # stays first), removed only while it is still the macvtap's (a VF programmed since keeps its own)
    local h=$1 op=$2 parent=$3 mac=$4 p=${3:2:1} vlan=0 port held
    [[ $parent != *.* ]] || vlan=${parent#*.}
    port=$(esw "$h" vsctl get interface "$parent-p" ofport) || return 1
    held=$(esw "$h" appctl fdb/show "esw$p" | awk -v v="$vlan" -v m="$mac" '!found && $2 == v && $3 == m && $4 == "static" {print $1; found = 1}')
    case $op in
        add) [ -z "$held" ] || [ "$held" = "$port" ] || return 1
             esw "$h" appctl fdb/add "esw$p" "$parent-p" "$vlan" "$mac" > /dev/null || return 1 ;;
        del) [ "$held" = "$port" ] || return 1
             esw "$h" appctl fdb/del "esw$p" "$vlan" "$mac" > /dev/null || return 1 ;;
    esac
    esw "$h" appctl revalidator/purge > /dev/null
}

stop_eswitch() {
    local d pid
    d=$(host_dir "$1")
    stop_pidfile "$d/run/eswitch/pf-filter.pid" pf-filter
    if pid=$(pid_of "$d/run/eswitch/vf-ready.pid" vf-ready); then
        stop_pidfile "$d/run/eswitch/vf-ready.pid" vf-ready
        # it leads its process group (setsid): its carrier watcher and the monitors go with it, even if it had to be
        # killed while a foreground command held its TERM back (they were seen left behind)
        kill -KILL -- "-$pid" 2> /dev/null || true
    fi
    stop_pidfile "$d/run/eswitch/ovs-vswitchd.pid" ovs-vswitchd
    stop_pidfile "$d/run/eswitch/ovsdb-server.pid" ovsdb-server
}

ensure_pf_vlan_dev() {   # HOST VLAN: pfP.VLAN, each PF's device on VLAN (the macvtap temporary port's lower device)
    local h=$1 v=$2 p
    for p in "${PFS[@]}"; do
        ensure_veth "$(host_ns "$h")" "pf$p.$v" "pf$p.$v-p"
        esw "$h" vsctl -- --may-exist add-port "esw$p" "pf$p.$v-p" tag="$v" > /dev/null
    done
    readd_stale_ports "$h"
}

# program_vf HOST PF SLOT MAC [VLAN]: what `ip link set PF vf SLOT mac MAC vlan VLAN spoofchk off` does on a NIC.
program_vf() {
    local h=$1 p=$2 slot=$3 mac=$4 vlan=${5:-} port
    port=$(vf_prefix "$p")$slot
    if [ -n "$vlan" ]; then esw "$h" vsctl set port "$port" tag="$vlan"; else esw "$h" vsctl clear port "$port" tag; fi
    # no spoof checking (a former user's rules would drop the new MAC's frames)
    in_host "$h" ovs-ofctl del-flows "unix:$ESW_DIR/esw$p.mgmt" "cookie=$(spoof_cookie "$slot")/-1"
    esw "$h" appctl fdb/add "esw$p" "$port" "${vlan:-0}" "$mac" > /dev/null
    esw "$h" appctl revalidator/purge > /dev/null   # cached flows would follow the old entry (see EmulatedSwitch.java)
}

# set_vf_spoofchk HOST SLOT on MAC | off: what `ip link set PF vf SLOT spoofchk on|off` does on a NIC: the
# VF's port passes frames from MAC (the VF's) and drops any other source. The cookie marks the VF's rules
# (vfmigrate's emulated pool reads and writes the same ones: adapters/vfpool/EmulatedSwitch.java).
spoof_cookie() { printf '0x%x' $((0x5f6d0000 + $1)); }

set_vf_spoofchk() {
    local h=$1 slot=$2 op=$3 mac=${4:-} cookie
    cookie=$(spoof_cookie "$slot")
    esw "$h" ofctl del-flows "cookie=$cookie/-1"
    [ "$op" = on ] || return 0
    esw "$h" ofctl add-flow "cookie=$cookie,in_port=evf$slot,priority=200,dl_src=$mac,actions=NORMAL"
    esw "$h" ofctl add-flow "cookie=$cookie,in_port=evf$slot,priority=190,actions=drop"
}

clear_vf_macs() {   # HOST MAC: removes the static entries that steer MAC to an emulated VF of HOST, if any
    local h=$1 vlan p
    for p in "${PFS[@]}"; do
        for vlan in $(esw "$h" appctl fdb/show "esw$p" 2> /dev/null | awk -v m="$2" 'tolower($3) == m && $4 == "static" {print $2}'); do
            esw "$h" appctl fdb/del "esw$p" "$vlan" "$2" > /dev/null 2>&1 || true
        done
    done
    esw "$h" appctl revalidator/purge > /dev/null 2>&1 || true
}
