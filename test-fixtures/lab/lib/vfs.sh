# shellcheck shell=bash
# lab/lib/vfs.sh: the emulated VFs of a host (persistent taps on br0) and the bridge entries that
# steer a programmed MAC to one. Sourced by ../lab.

# The emulated VFs: persistent taps evf0.. on br0 that exist whether a guest uses them or not, as VFs
# do; a guest gets one as an unmanaged ethernet interface. A VF whose MAC is programmed has a sticky
# static forwarding entry on br0 (the NIC's embedded switch steering that MAC to it): see program_vf_mac.
ensure_vf_taps() {
    local ns=$1 k
    for ((k = 0; k < VF_SLOTS; k++)); do
        has_link "$ns" "evf$k" || ip -n "$ns" tuntap add dev "evf$k" mode tap
        ip -n "$ns" link set "evf$k" master br0 up
    done
}

program_vf_mac() {   # HOST SLOT MAC
    ip netns exec "$(host_ns "$1")" bridge fdb replace "$3" dev "evf$2" master static sticky
}

clear_vf_macs() {   # HOST MAC: removes the entry that steers MAC to an emulated VF of HOST, if any
    local ns port
    ns=$(host_ns "$1")
    port=$(ip netns exec "$ns" bridge fdb show br br0 2> /dev/null | awk -v m="$2" '$1 == m && $2 == "dev" && $3 ~ /^evf/ && / static/ {print $3}' | head -n 1)
    [ -z "$port" ] || ip netns exec "$ns" bridge fdb del "$2" dev "$port" master 2> /dev/null || true
}
