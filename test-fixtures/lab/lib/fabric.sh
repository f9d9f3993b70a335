# shellcheck shell=bash
# lab/lib/fabric.sh: the namespaces outside the hosts: the switch that joins them and the observer
# that pings the guests. Sourced by ../lab.

ensure_netns() { [ -e "/run/netns/$1" ] || ip netns add "$1"; ip -n "$1" link set lo up; }
has_link() { ip -n "$1" link show dev "$2" > /dev/null 2>&1; }

ensure_fabric() {
    ensure_netns "$SW_NS"
    has_link "$SW_NS" sw0 || ip -n "$SW_NS" link add sw0 type bridge forward_delay 0 stp_state 0 mcast_snooping 0
    ip -n "$SW_NS" link set sw0 up
    ensure_netns "$OBS_NS"
    if ! has_link "$OBS_NS" eth0; then
        ip -n "$SW_NS" link del obs 2> /dev/null || true
        ip link add eth0 netns "$OBS_NS" type veth peer name obs netns "$SW_NS"
    fi
    ip -n "$SW_NS" link set obs master sw0 up
    ip -n "$OBS_NS" link set eth0 up
    ip -n "$OBS_NS" addr replace "$OBS_ADDR" dev eth0
}
