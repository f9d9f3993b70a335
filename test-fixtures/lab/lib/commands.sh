# shellcheck shell=bash
# lab/lib/commands.sh: the subcommands (cmd_up for `lab up`, ...): their arguments and what they do,
# in terms of the other files. Sourced by ../lab, whose main() dispatches to them.

cmd_up() {
    local n=2 i h start=$SECONDS
    while [ $# -gt 0 ]; do
        case "$1" in
            --hosts) [ $# -ge 2 ] || die "--hosts needs a number"; n=$2; shift 2 ;;
            --hosts=*) n=${1#--hosts=}; shift ;;
            -h | --help) usage; return 0 ;;
            *) die "up: unknown argument '$1'" ;;
        esac
    done
    { [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= 26)); } || die "--hosts must be a number from 1 to 26, not '$n'"
    need_root up
    mkdir -p "$LAB_DIR" "$CACHE"
    lock_lab
    touch "$LAB_DIR/.vfmigrate-lab"
    ensure_packages
    # The guests' QEMU: 10 from bookworm-backports, not Debian 12's 7.2, whose TCG loses writes from the dirty
    # tracking of a live migration (fixed in QEMU 9.0: README.md, "Guests").
    resolve_pf_packages
    ensure_qemu10
    # Hosts first: their libvirtd probe QEMU (seconds, the first time) while the guest image builds.
    ensure_fabric
    ensure_pki
    for ((i = 1; i <= n; i++)); do
        ensure_host "$(host_name "$i")" "$n"
    done
    start_libvirtds_and_image
    for ((i = 1; i <= n; i++)); do
        wait_libvirtd "$(host_name "$i")"
    done
    detect_accel
    for h in $(lab_hosts); do
        if (($(host_index "$h") > n)); then
            say "removing $h (beyond --hosts $n)"
            remove_host "$h"
        fi
    done
    for h in $(lab_hosts); do ensure_sshd "$h"; done
    write_known_hosts
    ensure_mgmt
    ensure_vm1
    write_inventory
    say "lab is up ($n hosts, $(cat "$LAB_DIR/accel"), $((SECONDS - start)) s): $LAB_DIR/vfmigrate.yaml"
}

cmd_down() {
    local ns h
    [ $# -eq 0 ] || die "down takes no arguments"
    need_root down
    if [ -d "$LAB_DIR" ] && [ ! -e "$LAB_DIR/.vfmigrate-lab" ] && [ -n "$(ls -A "$LAB_DIR")" ]; then
        die "$LAB_DIR is not a lab directory (no .vfmigrate-lab in it): not touching it"
    fi
    mkdir -p "$(dirname "$LAB_DIR")"
    lock_lab
    if [ -d "$LAB_DIR" ]; then
        for h in $(lab_hosts); do
            remove_host "$h"
        done
        stop_tor_ovs
    fi
    remove_mgmt
    pf_host_stop
    for ns in $(ip netns list | awk '{print $1}'); do
        case "$ns" in
            "$NS_PREFIX"-host-? | "$SW_NS" | "$OBS_NS" | "$OBS_NS"-v*)
                local pids
                pids=$(ip netns pids "$ns" 2> /dev/null | tr '\n' ' ')
                [ -z "$pids" ] || say "warning: processes without a lab pid file are left in $ns: $pids"
                ip netns del "$ns" ;;
        esac
    done
    rm -rf "$LAB_DIR"
    say "lab is down"
}

cmd_guest() {
    local name='' h='' ip='' mac='' slot='' slot2='' two=0 bond=1 vlan='' vf_vlan='' vf=1 x used mem=$GUEST_MEM dirty='' rate ws off=0
    [ $# -ge 1 ] || die "usage: lab guest NAME --on HOST [--ip 192.0.2.X/24] [--mac MAC] [--slot K] [--no-bond] [--no-vf] [--vlan ID] [--vf-vlan N] [--two-vfs] [--memory MIB] [--dirty MIB_PER_S|max[:WORKING_SET_MIB]] [--shut-off]"
    name=$1
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
            --on | --ip | --mac | --slot | --vlan | --vf-vlan | --memory | --dirty)
                [ $# -ge 2 ] || die "$1 needs a value"
                case "$1" in --on) h=$2 ;; --ip) ip=$2 ;; --mac) mac=$2 ;; --slot) slot=$2 ;; --vlan) vlan=$2 ;; --vf-vlan) vf_vlan=$2 ;;
                    --memory) mem=$2 ;; --dirty) dirty=$2 ;; esac
                shift 2 ;;
            --no-bond) bond=0; shift ;;
            --two-vfs) two=1; shift ;;
            --shut-off) off=1; shift ;;
            --no-vf) vf=0; bond=0; shift ;;
            *) die "guest: unknown argument '$1'" ;;
        esac
    done
    [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$ ]] || die "bad guest name '$name'"
    [ -n "$h" ] || die "guest: --on HOST is required"
    if [ -n "$vlan" ]; then
        { [[ $vlan =~ ^[0-9]{1,3}$ ]] && ((vlan >= 1 && vlan <= 254)); } || die "--vlan must be 1..254, not '$vlan'"
        [ "$bond" = 1 ] || die "--vlan needs the bond (the VLAN sits on bond0): drop --no-bond and --no-vf"
    fi
    if [ -n "$vf_vlan" ]; then
        { [[ $vf_vlan =~ ^[1-9][0-9]{0,3}$ ]] && ((vf_vlan <= 4094)); } || die "--vf-vlan must be 1..4094, not '$vf_vlan'"
        [ "$vf" = 1 ] || die "--vf-vlan needs a VF: drop --no-vf"
    fi
    [ "$vf" = 1 ] || [ -z "$slot" ] || die "--no-vf and --slot exclude each other"
    { [[ $mem =~ ^[1-9][0-9]{1,4}$ ]] && ((mem >= 96 && mem <= 8192)); } || die "--memory must be 96..8192 (MiB), not '$mem'"
    if [ -n "$dirty" ]; then   # RATE[:WORKING_SET]: the working set defaults to half the memory
        rate=${dirty%%:*} ws=$((mem / 2))
        [ "$rate" != max ] || rate=0
        [[ $dirty != *:* ]] || ws=${dirty#*:}
        { [[ $rate =~ ^[0-9]{1,6}$ ]] && [[ $ws =~ ^[1-9][0-9]{0,4}$ ]]; } ||
            die "--dirty must be MIB_PER_S (or max) with an optional :WORKING_SET_MIB, not '$dirty'"
        # the guest's kernel and its initramfs (in RAM) need about 96 MiB, else the OOM killer ends vfm-dirty
        ((ws <= mem - 96)) || die "--dirty: a working set of $ws MiB leaves the guest less than 96 MiB of its $mem MiB (--memory)"
        dirty=$rate:$ws
    fi
    [ "$two" = 0 ] || [ "$bond" = 1 ] || die "--two-vfs needs the bond (both VFs are its slaves): drop --no-bond and --no-vf"
    [ "$off" = 0 ] || [ -z "$dirty" ] || die "--dirty needs a running guest: drop --shut-off"
    [ "$vf" = 1 ] || slot=none
    need_root guest
    check_host "$h"
    lock_lab
    libvirtd_ok "$h" || die "libvirtd of $h does not answer (lab daemon start $h?)"
    [ -z "$(where_is "$name" || true)" ] || die "a guest named $name already exists on $(where_is "$name")"
    used=$(all_guest_cmdlines | sed -n 's:.*vfm\.ip=\([0-9.]*\)/.*:\1:p')
    if [ -z "$ip" ]; then
        for ((x = 12; x < 255; x++)); do
            grep -qx "192.0.2.$x" <<< "$used" || { ip=192.0.2.$x/24; break; }
        done
        [ -n "$ip" ] || die "no free address in 192.0.2.12-254"
    fi
    { [[ $ip =~ ^192\.0\.2\.([0-9]{1,3})/([0-9]{1,2})$ ]] && ((BASH_REMATCH[1] >= 3 && BASH_REMATCH[1] <= 254)); } ||
        die "--ip must be 192.0.2.X/NN with X from 3 to 254, not '$ip'"
    ! grep -qx "${ip%/*}" <<< "$used" || die "address ${ip%/*} is already used by another lab guest"
    x=${ip#192.0.2.}; x=${x%/*}
    [ -n "$mac" ] || mac=$(printf '52:54:00:c0:%02d:%02d' $((x / 100)) $((x % 100)))
    mac=${mac,,}
    [[ $mac =~ ^([0-9a-f]{2}:){5}[0-9a-f]{2}$ ]] || die "bad MAC '$mac'"
    if [ "$slot" = none ]; then
        :
    elif [ -z "$slot" ]; then
        used=$(used_slots "$h")
        for ((x = 0; x < VF_SLOTS; x++)); do
            grep -qx "$x" <<< "$used" || { slot=$x; break; }
        done
        [ -n "$slot" ] || die "all $VF_SLOTS emulated VF slots of $h are in use"
    fi
    if [ "$slot" != none ]; then
        { [[ $slot =~ ^[0-9]+$ ]] && ((slot < VF_SLOTS)); } || die "--slot must be 0..$((VF_SLOTS - 1)), not '$slot'"
        ! used_slots "$h" | grep -qx "$slot" || die "slot $slot (evf$slot) is already used by a guest of $h"
    fi
    if [ "$two" = 1 ]; then   # the second VF: the lowest free slot of PF 1
        used=$(used_slots "$h" 1)
        for ((x = 0; x < VF_SLOTS; x++)); do
            grep -qx "$x" <<< "$used" || { slot2=$x; break; }
        done
        [ -n "$slot2" ] || die "all $VF_SLOTS emulated VF slots of PF 1 of $h are in use"
    fi
    ensure_image
    detect_accel
    if [ -n "$vf_vlan" ]; then   # every host's PF gets a device on the VLAN (the macvtap port's lower device)
        for x in $(lab_hosts); do ensure_pf_vlan_dev "$x" "$vf_vlan"; done
        ensure_vlan_observer "$vf_vlan"
    fi
    say "$( [ "$off" = 1 ] && echo defining || echo starting) $name on $h ($ip, $mac, $( [ "$slot" = none ] && echo 'virtio NIC on br0' || echo "evf$slot${slot2:+ and $(vf_prefix 1)$slot2}${vf_vlan:+ on VLAN $vf_vlan}"), $( [ $bond = 1 ] && echo bond0 || echo no bond)${vlan:+, address 198.18.$vlan.${ip#192.0.2.} on bond0.$vlan})"
    start_guest "$name" "$h" "$ip" "$mac" "$slot" "$bond" "$vlan" "$vf_vlan" "$slot2" "$mem" "$dirty" "$off"
    if [ "$off" = 1 ]; then
        say "$name is defined on $h, shut off"
        return 0
    fi
    # defined and started: its slot and address are taken, so other 'lab guest' commands may go on while it boots
    unlock_lab
    wait_agent "$name" "$h"
    say "$name answers on $h"
    if [ -n "$dirty" ]; then   # its report, and a second one later that shows it still writes
        rate=$(dirty_rate "$name" "$h" 60) || exit 1
        sleep 2
        x=$(dirty_rate "$name" "$h" 0) || exit 1
        [ "${x##*written_mib=}" != "${rate##*written_mib=}" ] ||
            die "vfm-dirty of $name stopped writing (killed?): $(grep -a vfm-dirty "$(host_dir "$h")/log/libvirt/qemu/$name.console.log" | tail -n 2)"
        say "$name dirties memory: $x"
    fi
}

cmd_dirty_rate() {   # VM: the rate a busy guest's vfm-dirty reaches (its own report, a second's average)
    local name=${1:-} h
    [ $# -eq 1 ] || die "usage: lab dirty-rate VM"
    h=$(where_is "$name") || die "no guest $name on any lab host"
    dirty_rate "$name" "$h" 0
}

cmd_remove_guest() {   # NAME...: the guests destroyed side by side (QEMU takes about 2 s to end under TCG), then undefined
    local name h found mac x y pids=() where=()
    [ $# -ge 1 ] || die "usage: lab remove-guest NAME..."
    need_root remove-guest
    lock_lab
    for name in "$@"; do
        found=''
        for h in $(lab_hosts); do
            lab_virsh "$h" domstate "$name" > /dev/null 2>&1 || continue
            mac=$(lab_virsh "$h" dumpxml "$name" 2> /dev/null | sed -n "s:.*<mac address='\([0-9a-f:]*\)'.*:\1:p" | head -n 1)
            where+=("$name $h $mac")
            found=1
            lab_virsh "$h" destroy "$name" > /dev/null 2>&1 &
            pids+=($!)
        done
        [ -n "$found" ] || say "no guest $name on any lab host"
    done
    for x in "${pids[@]}"; do wait "$x" || true; done
    for x in "${where[@]}"; do
        read -r name h mac <<< "$x"
        [ -z "$mac" ] || for y in $(lab_hosts); do clear_vf_macs "$y" "$mac"; done
        lab_virsh "$h" undefine "$name" > /dev/null 2>&1 || true
        say "removed $name from $h"
    done
}

cmd_mgmt() {   # -- CMD...: CMD in the management namespace (a coordinator reaching the hosts over the network)
    [ "${1:-}" = -- ] && shift
    [ $# -gt 0 ] || die "mgmt: no command (lab mgmt -- CMD...)"
    [ -e "/run/netns/$MGMT_NS" ] || die "no management namespace $MGMT_NS: run 'lab up'"
    exec ip netns exec "$MGMT_NS" "$@"
}

cmd_exec() {
    local h=${1:-} pid
    { [ $# -ge 3 ] && [ "$2" = -- ]; } || die "usage: lab exec HOST -- CMD..."
    need_root exec
    check_host "$h"
    shift 2
    pid=$(holder_pid "$h") || die "host $h is not running: run 'lab up'"
    exec nsenter -t "$pid" -n -m -u -- "$@"
}

cmd_virsh() {
    local h=${1:-}
    [ $# -ge 1 ] || die "usage: lab virsh HOST ARGS..."
    check_host "$h"
    shift
    exec virsh -c "$(host_uri "$h")" "$@"
}

cmd_observer() {
    local ns=$OBS_NS
    if [ "${1:-}" = --vlan ]; then
        [[ ${2:-} =~ ^[1-9][0-9]{0,3}$ ]] || die "usage: lab observer [--vlan N] -- CMD..."
        ns=$(vlan_observer_ns "$2")
        shift 2
    fi
    { [ $# -ge 2 ] && [ "$1" = -- ]; } || die "usage: lab observer [--vlan N] -- CMD..."
    shift
    need_root observer
    [ -e "/run/netns/$ns" ] || die "no observer namespace $ns: run 'lab up' (a VLAN's observer comes with the first 'lab guest --vf-vlan')"
    exec ip netns exec "$ns" "$@"
}

cmd_spoofchk() {   # HOST SLOT on|off: the emulated VF's spoof checking, for the MAC programmed on it
    local h=${1:-} slot=${2:-} op=${3:-} mac
    if ! { [ $# -eq 3 ] && [[ $slot =~ ^[0-9]+$ ]] && ((slot < VF_SLOTS)) && [[ $op =~ ^(on|off)$ ]]; }; then
        die "usage: lab spoofchk HOST SLOT on|off (SLOT 0..$((VF_SLOTS - 1)))"
    fi
    need_root spoofchk
    check_host "$h"
    lock_lab
    mac=$(esw "$h" appctl fdb/show "$ESW_BR" | awk -v p="$(esw "$h" vsctl get interface "evf$slot" ofport)" '$1 == p && $4 == "static" {print $3; exit}')
    [ "$op" = off ] || [ -n "$mac" ] || die "evf$slot of $h has no programmed MAC"
    set_vf_spoofchk "$h" "$slot" "$op" "$mac"
    say "spoof checking of evf$slot on $h: $op${mac:+ ($mac)}"
}

cmd_vf_queue() {   # N: how many frames a VF stand-in holds for a guest NIC that is not reading yet
    if ! { [ $# -eq 1 ] && [[ $1 =~ ^[0-9]{1,5}$ ]] && (($1 >= 1)); }; then
        die "usage: lab vf-queue N (1: drop like a VF whose driver is not up; 1000: the tap's default)"
    fi
    need_root vf-queue
    lock_lab
    set_vf_queue "$1"
    say "VF stand-ins hold $1 frame(s) for a guest NIC that is not reading"
}

cmd_ovs_uplink() {   # P: which PF's uplink carries br-ovs, the `ovs` temporary port's bridge
    if ! { [ $# -eq 1 ] && [[ $1 =~ ^[01]$ ]]; }; then
        die "usage: lab ovs-uplink 0|1 (the PF whose uplink br-ovs uses: 0, the default, that of labnet's VFs; 1, the other PF's)"
    fi
    need_root ovs-uplink
    lock_lab
    set_ovs_uplink_pf "$1"
    say "br-ovs's uplink is on PF $1's embedded switch on every host"
}

cmd_daemon() {
    local op=${1:-} h=${2:-} d
    [ $# -eq 2 ] || die "usage: lab daemon stop|start HOST"
    need_root daemon
    check_host "$h"
    d=$(host_dir "$h")
    lock_lab
    case "$op" in
        stop) stop_libvirtd "$h"; say "libvirtd of $h stopped" ;;
        start)
            if pid_of "$d/libvirtd.pid" libvirtd > /dev/null; then
                say "libvirtd of $h already runs"
            else
                start_libvirtd "$h"
                wait_libvirtd "$h"
                say "libvirtd of $h started"
            fi ;;
        *) die "usage: lab daemon stop|start HOST" ;;
    esac
}

# The host's software switch behind the OVS temporary port: stopped, its ports forward nothing (the data path a
# bond switch-over must verify); started again as 'up' starts it.
cmd_ovs() {
    local op=${1:-} h=${2:-} d pid
    [ $# -eq 2 ] || die "usage: lab ovs stop|start HOST"
    need_root ovs
    check_host "$h"
    d=$(host_dir "$h")
    lock_lab
    case "$op" in
        stop)
            # a switch that was not running is not "stopped": the caller's fault injection would test nothing
            pid=$(pid_of "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd) || die "ovs-vswitchd of $h is not running"
            stop_pidfile "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd
            ! alive "$pid" ovs-vswitchd || die "ovs-vswitchd of $h ($pid) did not stop"
            say "ovs-vswitchd of $h ($pid) stopped" ;;
        start) ensure_ovs "$h"; say "ovs-vswitchd of $h runs" ;;
        *) die "usage: lab ovs stop|start HOST" ;;
    esac
}

cmd_netfault() {
    local h=${1:-} mode=${2:-}
    { [ $# -eq 2 ] && [[ $mode =~ ^(drop|reject|clear)$ ]]; } || die "usage: lab netfault HOST drop|reject|clear"
    need_root netfault
    check_host "$h"
    holder_pid "$h" > /dev/null || die "host $h is not running: run 'lab up'"
    set_netfault "$h" "$mode"
    case "$mode" in
        drop) say "traffic between $h and the management namespace is dropped (a black hole)" ;;
        reject) say "traffic between $h and the management namespace is refused (TCP resets)" ;;
        clear) say "traffic between $h and the management namespace flows again" ;;
    esac
}

cmd_sshd() {
    local op=${1:-} h=${2:-}
    [ $# -eq 2 ] || die "usage: lab sshd stop|start HOST"
    need_root sshd
    check_host "$h"
    lock_lab
    case "$op" in
        stop) stop_sshd_and_sessions "$h"; say "sshd of $h stopped, with its sessions" ;;
        start) ensure_sshd "$h"; say "sshd of $h runs" ;;
        *) die "usage: lab sshd stop|start HOST" ;;
    esac
}

cmd_status() {
    local h d p g
    need_root status
    { [ -d "$LAB_DIR" ] && [ -n "$(lab_hosts)" ]; } || { echo "lab: down ($LAB_DIR)"; return 0; }
    echo "lab: $LAB_DIR, guests under $(cat "$LAB_DIR/accel" 2> /dev/null || echo '?'), inventory $LAB_DIR/vfmigrate.yaml"
    echo "observer: $([ -e "/run/netns/$OBS_NS" ] && echo "$OBS_NS ${OBS_ADDR%/*}" || echo missing)"
    for h in $(lab_hosts); do
        d=$(host_dir "$h")
        printf '%s  %s  namespaces:%s  libvirtd:%s  ovsdb-server:%s  ovs-vswitchd:%s\n' "$h" "$(host_ip "$h")" \
            "$(holder_pid "$h" || echo down)" "$(pid_of "$d/libvirtd.pid" libvirtd || echo down)" \
            "$(pid_of "$d/run/openvswitch/ovsdb-server.pid" ovsdb-server || echo down)" \
            "$(pid_of "$d/run/openvswitch/ovs-vswitchd.pid" ovs-vswitchd || echo down)"
        if libvirtd_ok "$h"; then
            for g in $(lab_virsh "$h" list --all --name); do
                p=$(lab_virsh "$h" dumpxml "$g" | sed -n 's:.*vfm\.ip=\([0-9./]*\).*:\1:p')
                printf '  guest %s: %s %s\n' "$g" "$(lab_virsh "$h" domstate "$g")" "$p"
            done
        else
            echo "  (libvirtd does not answer)"
        fi
    done
}
