# shellcheck shell=bash
# lab/lib/common.sh: messages, host names and paths, processes by pid file, a host's namespaces,
# virsh against a host, the lab's lock. Sourced by ../lab.

die() { echo "lab: error: $*" >&2; exit 1; }
say() { echo "lab: $*" >&2; }
need_root() { [ "$(id -u)" = 0 ] || die "'lab $1' needs root (namespaces, bridges, daemons)"; }

# --- names -------------------------------------------------------------------------------------

host_name() { echo "host-${LETTERS:$(($1 - 1)):1}"; }
host_index() {   # host-b -> 2
    local h=$1 l
    [[ $h =~ ^host-([a-z])$ ]] || return 1
    l=${LETTERS%%"${BASH_REMATCH[1]}"*}
    echo $((${#l} + 1))
}
host_ip() { echo "198.18.0.$((10 + $(host_index "$1")))"; }
host_ns() { echo "$NS_PREFIX-$1"; }
host_dir() { echo "$LAB_DIR/$1"; }
host_sock() { echo "$LAB_DIR/$1/run/libvirt/libvirt-sock"; }
host_uri() { echo "qemu+unix:///system?socket=$(host_sock "$1")"; }
lab_hosts() {   # the hosts that exist, in order
    local d
    for d in "$LAB_DIR"/host-?; do
        [ -f "$d/.host" ] && echo "${d##*/}"
    done
    return 0
}
check_host() {
    host_index "$1" > /dev/null 2>&1 || die "bad host name '$1' (expected host-a, host-b, ...)"
    [ -f "$(host_dir "$1")/.host" ] || die "no lab host '$1' (is the lab up? try: lab status)"
}

# --- processes, by pid file --------------------------------------------------------------------

# alive PID COMM: that process exists, is no zombie, and its command name is COMM.
alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2> /dev/null) || return 1
    [ "${stat#*\(}" != "$stat" ] || return 1
    [ "${stat%%\)*}" = "$1 ($2" ] || return 1
    stat=${stat##*) }
    [ "${stat%% *}" != Z ]
}

# pid_of FILE COMM: the pid in FILE if that process is alive and its command name is COMM.
pid_of() {
    local pid
    [ -r "$1" ] || return 1
    pid=$(head -c 32 "$1" 2> /dev/null | tr -d ' \n')   # libvirtd writes no newline
    [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" "$2" || return 1
    echo "$pid"
}

# stop_pidfile FILE COMM: TERM the process, KILL it after 10 s; remove the pid file.
stop_pidfile() {
    local pid i
    if pid=$(pid_of "$1" "$2"); then
        kill -TERM "$pid" 2> /dev/null || true
        for ((i = 0; i < 200; i++)); do
            alive "$pid" "$2" || break
            sleep 0.05
        done
        if alive "$pid" "$2"; then
            say "$2 ($pid) ignored TERM, killing it"
            kill -KILL "$pid" 2> /dev/null || true
            sleep 0.2
        fi
    fi
    rm -f "$1"
}

holder_pid() {   # the process that holds HOST's namespaces, if it lives in HOST's netns
    local h=$1 pid ns
    pid=$(pid_of "$(host_dir "$h")/holder.pid" sleep) || return 1
    ns=$(stat -L -c %i "/run/netns/$(host_ns "$h")" 2> /dev/null) || return 1
    [ "$(readlink "/proc/$pid/ns/net" 2> /dev/null)" = "net:[$ns]" ] || return 1
    echo "$pid"
}

# in_host HOST CMD...: run CMD in HOST's namespaces.
in_host() {
    local h=$1 pid
    shift
    pid=$(holder_pid "$h") || die "host $h is not running (its namespace holder is gone): run 'lab up'"
    nsenter -t "$pid" -n -m -u -- "$@"
}

lab_virsh() { local h=$1; shift; virsh -q -c "$(host_uri "$h")" "$@"; }
libvirtd_ok() { timeout 10 virsh -q -c "$(host_uri "$1")" version > /dev/null 2>&1; }

# --- locking -----------------------------------------------------------------------------------

lock_lab() {   # serialize commands that change the lab; fd 9 must not leak into daemons
    exec 9> "${LAB_DIR%/}.lock"
    flock -w 600 9 || die "another 'lab' command holds ${LAB_DIR%/}.lock for 10 minutes"
}

unlock_lab() { flock -u 9; exec 9>&-; }
