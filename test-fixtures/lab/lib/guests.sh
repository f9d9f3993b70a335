# shellcheck shell=bash
# lab/lib/guests.sh: the lab's guests: where one runs, the addresses and VF slots in use, defining and
# starting one, waiting for its agent, and vm1. Sourced by ../lab.

# where_is NAME: the host that runs NAME (or, if none runs it, the first one that has it defined).
where_is() {
    local name=$1 h state defined=
    for h in $(lab_hosts); do
        state=$(lab_virsh "$h" domstate "$name" 2> /dev/null) || continue
        if [ "$state" = running ] || [ "$state" = paused ]; then echo "$h"; return 0; fi
        [ -n "$defined" ] || defined=$h
    done
    [ -n "$defined" ] && echo "$defined"
}

all_guest_cmdlines() {
    local h n
    for h in $(lab_hosts); do
        libvirtd_ok "$h" || continue
        for n in $(lab_virsh "$h" list --all --name 2> /dev/null); do
            lab_virsh "$h" dumpxml "$n" 2> /dev/null | sed -n 's:.*<cmdline>\(.*\)</cmdline>.*:\1:p'
        done
    done
}

used_slots() {   # HOST [PF]: the VF slots of PF (default 0) in the guests of HOST, one a line
    local h=$1 pre n
    pre=$(vf_prefix "${2:-0}")
    for n in $(lab_virsh "$h" list --all --name 2> /dev/null); do
        lab_virsh "$h" dumpxml "$n" 2> /dev/null | sed -n "s:.*<target dev='$pre\([0-9]*\)'.*:\1:p"
    done
}

# start_guest NAME HOST IP MAC SLOT BOND [VLAN [VF_VLAN [SLOT2 [MEM [DIRTY [OFF]]]]]]: defines and starts it (wait_agent
# waits for its agent); SLOT 'none': a virtio NIC on br0 instead of a VF stand-in; VLAN: in the guest, on its bond;
# VF_VLAN: the VFs'; SLOT2: a second VF, of PF 1, with the same MAC, in the same bond; MEM: MiB (default
# GUEST_MEM); DIRTY: RATE:WORKING_SET (MiB/s:MiB) that the guest's vfm-dirty writes; OFF 1: defined only
start_guest() {
    local name=$1 h=$2 ip=$3 mac=$4 slot=$5 bond=$6 vlan=${7:-} vf_vlan=${8:-} slot2=${9:-} mem=${10:-$GUEST_MEM} dirty=${11:-} off=${12:-0} xml nic
    xml="$LAB_DIR/tmp/$name.xml"
    mkdir -p "$LAB_DIR/tmp"
    if [ "$slot" = none ]; then
        nic="<interface type='bridge'><mac address='$mac'/><source bridge='br0'/><model type='virtio'/></interface>"
    else
        nic="<interface type='ethernet'><mac address='$mac'/><target dev='evf$slot' managed='no'/><model type='virtio'/></interface>"
        [ -z "$slot2" ] || nic+="<interface type='ethernet'><mac address='$mac'/><target dev='$(vf_prefix 1)$slot2' managed='no'/><model type='virtio'/></interface>"
    fi
    sed -e "s|@TYPE@|$DOMAIN_TYPE|" -e "s|@NAME@|$name|g" -e "s|@MEM@|$mem|g" \
        -e "s|@KERNEL@|$KERNEL|" -e "s|@INITRD@|$INITRD|" -e "s|@NIC@|$nic|" \
        -e "s|@CMDLINE@|console=ttyS0 panic=-1 quiet mitigations=off init_on_free=1 vfm.name=$name vfm.ip=$ip vfm.mac=$mac vfm.bond=$bond${vlan:+ vfm.vlan=$vlan}${slot2:+ vfm.nics=2}${dirty:+ vfm.dirty=$dirty}|" \
        "$LAB_SRC/domain.xml.in" > "$xml"
    lab_virsh "$h" define "$xml" > /dev/null || die "cannot define $name on $h (XML in $xml)"
    [ "$slot" = none ] || program_vf "$h" 0 "$slot" "$mac" "$vf_vlan"
    [ -z "$slot2" ] || program_vf "$h" 1 "$slot2" "$mac" "$vf_vlan"
    rm -f "$(host_dir "$h")/log/libvirt/qemu/$name.console.log"
    [ "$off" = 0 ] || return 0
    lab_virsh "$h" start "$name" > /dev/null || die "cannot start $name on $h, see $(host_dir "$h")/log/libvirt/qemu/$name.log"
}

# dirty_rate NAME HOST WAIT: a busy guest's own report of the rate it dirties memory at (/run/vfm-dirty, read by
# the agent), waiting up to WAIT seconds for its first report
dirty_rate() {
    local name=$1 h=$2 deadline out handle b64
    deadline=$((SECONDS + $3))
    while :; do
        if out=$(lab_virsh "$h" qemu-agent-command --timeout 5 "$name" \
            '{"execute":"guest-file-open","arguments":{"path":"/run/vfm-dirty","mode":"r"}}' 2> /dev/null); then
            handle=$(sed -n 's/.*"return":\([0-9]*\).*/\1/p' <<< "$out")
            out=$(lab_virsh "$h" qemu-agent-command --timeout 5 "$name" \
                "{\"execute\":\"guest-file-read\",\"arguments\":{\"handle\":$handle,\"count\":4096}}" 2> /dev/null || true)
            lab_virsh "$h" qemu-agent-command --timeout 5 "$name" \
                "{\"execute\":\"guest-file-close\",\"arguments\":{\"handle\":$handle}}" > /dev/null 2>&1 || true
            b64=$(sed -n 's/.*"buf-b64":"\([^"]*\)".*/\1/p' <<< "$out")
            [ -z "$b64" ] || { base64 -d <<< "$b64"; return 0; }
        fi
        ((SECONDS < deadline)) || die "guest $name on $h has no dirty-rate report (/run/vfm-dirty): was it started with --dirty?"
        sleep 0.5
    done
}

wait_agent() {
    local name=$1 h=$2 deadline state
    deadline=$((SECONDS + AGENT_TIMEOUT))
    while ((SECONDS < deadline)); do
        lab_virsh "$h" qemu-agent-command --timeout 2 "$name" '{"execute":"guest-ping"}' > /dev/null 2>&1 && return 0
        state=$(lab_virsh "$h" domstate "$name" 2> /dev/null || echo unknown)
        [ "$state" = running ] || die "guest $name on $h is $state, see $(host_dir "$h")/log/libvirt/qemu/$name.console.log"
        sleep 0.2
    done
    die "the agent of guest $name on $h did not answer guest-ping in ${AGENT_TIMEOUT}s; last console lines:
$(tail -n 15 "$(host_dir "$h")/log/libvirt/qemu/$name.console.log" 2> /dev/null)"
}

ensure_vm1() {
    local h state
    h=$(where_is "$VM1_NAME" || true)
    if [ -z "$h" ]; then
        say "starting $VM1_NAME on host-a"
        start_guest "$VM1_NAME" host-a "$VM1_IP" "$VM1_MAC" "$VM1_SLOT" 1
        wait_agent "$VM1_NAME" host-a
        return 0
    fi
    state=$(lab_virsh "$h" domstate "$VM1_NAME")
    case "$state" in
        running) ;;
        paused) lab_virsh "$h" resume "$VM1_NAME" > /dev/null ;;
        *) say "starting $VM1_NAME on $h"; lab_virsh "$h" start "$VM1_NAME" > /dev/null; wait_agent "$VM1_NAME" "$h" ;;
    esac
}
