# shellcheck shell=bash
# lab/lib/pfhost.sh: the PF host, a VM with a real SR-IOV driver for the `pf` VF pool's contract tests.
# QEMU 10 from bookworm-backports (its .debs extracted into the cache, run beside the system's QEMU 7.2
# with its module directory bind-mounted over the system's in a private mount namespace) emulates an Intel
# 82576 (`-device igb`) on a PCIe root port of a q35 machine; Debian's generic kernel drives it with the
# real igb PF driver and igbvf, and enables PF_VFS VFs at boot. No libvirt, no network out of the machine:
# the igb's netdev is an unconnected hub port (the pool's contract needs no traffic).
#
# Commands run inside through a virtio-serial port backed by two FIFOs (QEMU's pipe chardev): one request
# line (an id, then each argument base64-encoded), one answer line (the id, the exit code, stdout and
# stderr base64-encoded). Chosen over the guest agent's guest-exec (a JSON client with polling and
# base64 in bash, no client on a fresh machine) and over an sshd (a network path into the VM, keys, and a
# namespace to connect from): pure bash on this side, busybox on the other, and the answer is the
# command's exact exit code, stdout and stderr. `lab pf-host exec -- CMD...` is the inventory's shell.
# Sourced by ../lab.

readonly PF_DIR=${LAB_DIR%/}-pf-host
readonly PF_VFS=${VFM_LAB_PF_VFS:-4}
readonly PF_MEM=${VFM_LAB_PF_MEM:-512}
readonly PF_EXEC_TIMEOUT=${VFM_LAB_PF_EXEC_TIMEOUT:-60}
readonly PF_IMAGE_RECIPE=1   # bump when the way the PF host's image is built changes
readonly PF_MODULES=(igb igbvf virtio_pci virtio_console)
readonly BACKPORTS_SOURCE=/etc/apt/sources.list.d/vfmigrate-lab-backports.sources

pf_qemu_pid() { pid_of "$PF_DIR/qemu.pid" qemu-system-x86; }

# --- packages: QEMU 10 from bookworm-backports, Debian's generic kernel ---------------------------

ensure_backports_source() {
    grep -rqsE '^[^#]*bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/ && return 0
    need_root "pf-host up"
    say "adding the bookworm-backports source ($BACKPORTS_SOURCE; nothing is installed from it)"
    cat > "$BACKPORTS_SOURCE" <<'EOF'
# Added by vfmigrate's test lab (test-fixtures/lab/lib/pfhost.sh) for QEMU 10's -device igb: its .debs are
# downloaded and extracted beside the system's QEMU, never installed (backports are never installed by default).
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm-backports
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
    # shellcheck disable=SC2034  # read by apt_update_once in packages.sh: the new source needs its lists, even if apt-get update ran
    APT_UPDATED=
    apt_update_once
}

# Sets QEMU10_VER (qemu-system-x86 from bookworm-backports) and PF_KERNEL_PKG / PF_KERNEL_VER (the generic
# kernel linux-image-amd64 depends on), from the apt lists; remembered in the cache until the lists change.
resolve_pf_packages() {
    local fp resolved="$CACHE/pf-resolved" info
    ensure_backports_source
    fp=$(stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* 2> /dev/null | md5sum | cut -c1-32)
    if [ -f "$resolved" ] && [ "$(sed -n 1p "$resolved")" = "$fp" ]; then
        { read -r _; read -r QEMU10_VER; read -r PF_KERNEL_PKG; read -r PF_KERNEL_VER; } < "$resolved" || true
        [ -n "${PF_KERNEL_VER:-}" ] && return 0
    fi
    QEMU10_VER=$(apt-cache madison qemu-system-x86 | awk -F ' [|] ' '$3 ~ /bookworm-backports\// {print $2; exit}')
    if [ -z "$QEMU10_VER" ]; then
        apt_update_once
        QEMU10_VER=$(apt-cache madison qemu-system-x86 | awk -F ' [|] ' '$3 ~ /bookworm-backports\// {print $2; exit}')
    fi
    [ -n "$QEMU10_VER" ] || die "apt knows no qemu-system-x86 in bookworm-backports (see $BACKPORTS_SOURCE)"
    info=$(apt-cache show --no-all-versions linux-image-amd64) || die "apt-cache knows no linux-image-amd64"
    PF_KERNEL_PKG=$(awk '/^Depends:/{for (i = 2; i <= NF; i++) if ($i ~ /^linux-image-.*-amd64,?$/) {sub(",", "", $i); print $i; exit}}' <<< "$info")
    PF_KERNEL_VER=$(awk '/^Version:/{print $2; exit}' <<< "$info")
    { [ -n "$PF_KERNEL_PKG" ] && [ -n "$PF_KERNEL_VER" ]; } || die "cannot tell the generic kernel from apt-cache show linux-image-amd64"
    printf '%s\n' "$fp" "$QEMU10_VER" "$PF_KERNEL_PKG" "$PF_KERNEL_VER" > "$resolved"
}

# Sets QEMU10: QEMU 10's extracted tree in the cache (usr/bin/qemu-system-x86_64, its modules, its data).
ensure_qemu10() {
    local dir p
    dir="$CACHE/qemu10/$(echo "$QEMU10_VER" | tr -c 'A-Za-z0-9.+~\n-' _)"
    QEMU10=$dir
    [ -f "$dir/.complete" ] && return 0
    fetch_debs "qemu-system-x86=$QEMU10_VER" "qemu-system-common=$QEMU10_VER" "qemu-system-data=$QEMU10_VER"
    rm -rf "$dir"
    mkdir -p "$dir"
    for p in qemu-system-x86 qemu-system-common qemu-system-data; do
        dpkg -x "$(deb_path "$p" "$QEMU10_VER")" "$dir"
    done
    if ldd "$dir/usr/bin/qemu-system-x86_64" | grep -q 'not found'; then
        die "QEMU $QEMU10_VER lacks shared libraries here: $(ldd "$dir/usr/bin/qemu-system-x86_64" | grep 'not found' | tr -s ' \t\n' ' ')"
    fi
    touch "$dir/.complete"
    find "$CACHE/qemu10" -mindepth 1 -maxdepth 1 -type d ! -path "$dir" -exec rm -rf {} +
}

# --- the image: the generic kernel, busybox, iproute2's ip, GNU ls and cat, igb and igbvf -------------

# Sets PF_KERNEL and PF_INITRD, built into $CACHE/pf-images/KEY/ when their inputs changed.
ensure_pf_image() {
    local key dir
    resolve_guest_packages   # BUSYBOX_VER
    key=$( {
        echo "recipe=$PF_IMAGE_RECIPE kernel=$PF_KERNEL_PKG=$PF_KERNEL_VER busybox=$BUSYBOX_VER modules=${PF_MODULES[*]}"
        dpkg-query -W iproute2 coreutils libc6 libbpf1 libelf1 libmnl0 libbsd0 libcap2 zlib1g libmd0 \
            libselinux1 libpcre2-8-0 2> /dev/null
        cat "$LAB_SRC/pf-host/init"
    } | sha256sum | cut -c1-16)
    dir="$CACHE/pf-images/$key"
    PF_KERNEL="$dir/vmlinuz"
    PF_INITRD="$dir/initrd.img"
    [ -f "$dir/.complete" ] && return 0
    say "building the PF host's image $key ($PF_KERNEL_PKG $PF_KERNEL_VER, busybox $BUSYBOX_VER)"
    build_pf_image "$dir"
    find "$CACHE/pf-images" -mindepth 1 -maxdepth 1 -type d ! -path "$dir" -exec rm -rf {} +
}

build_pf_image() {
    local dir=$1 work root
    fetch_debs "$PF_KERNEL_PKG=$PF_KERNEL_VER" "busybox=$BUSYBOX_VER"
    work=$(mktemp -d "$CACHE/build.XXXXXX")
    root="$work/root"
    mkdir -p "$work/k" "$work/b" "$root"/{bin,sbin,usr/bin,usr/sbin,etc,lib/modules,proc,sys,dev,run,tmp,root}
    dpkg-deb --fsys-tarfile "$(deb_path "$PF_KERNEL_PKG" "$PF_KERNEL_VER")" |
        tar -x -C "$work/k" --wildcards './boot/vmlinuz-*' './lib/modules/*'
    dpkg -x "$(deb_path busybox "$BUSYBOX_VER")" "$work/b"
    kernel_into_image "$work" "${PF_MODULES[@]}"
    grep -q '^igb\.ko' "$root/lib/modules/load-order" || die "$PF_KERNEL_PKG has no igb module"
    # busybox for the rest; iproute2's ip and GNU ls and cat as on a Debian host (the pool parses their output)
    busybox_into_image "$work" ip ls cat
    cp "$(readlink -f /bin/ip)" "$root/usr/sbin/ip"
    cp "$(readlink -f /bin/ls)" "$root/usr/bin/ls"
    cp "$(readlink -f /bin/cat)" "$root/usr/bin/cat"
    install -m 755 "$LAB_SRC/pf-host/init" "$root/init"
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
    printf 'root:x:0:\n' > "$root/etc/group"
    libraries_into_image "$root" "$root/usr/sbin/ip" "$root/usr/bin/ls" "$root/usr/bin/cat" "$root/bin/busybox"
    pack_image "$work" "$dir" "kernel=$PF_KERNEL_PKG=$PF_KERNEL_VER busybox=$BUSYBOX_VER"
}

# --- the VM ------------------------------------------------------------------------------------------

start_pf_vm() {
    local mods=/usr/lib/x86_64-linux-gnu/qemu
    rm -f "$PF_DIR/cmd.in" "$PF_DIR/cmd.out" "$PF_DIR/console.log" "$PF_DIR/qemu.pid"
    mkfifo -m 600 "$PF_DIR/cmd.in" "$PF_DIR/cmd.out"
    # QEMU 10 would load 7.2's modules from the system's directory: its own are mounted over it, for it alone.
    # shellcheck disable=SC2016  # $1, $2, $@ are the inner sh's
    unshare --mount --propagation private -- sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh \
        "$QEMU10/$mods" "$mods" "$QEMU10/usr/bin/qemu-system-x86_64" \
        -name "vfm-pf-host-pod$POD" -nodefaults -no-user-config -display none -no-reboot \
        -L "$QEMU10/usr/share/qemu" -L /usr/share/seabios \
        -machine q35 -accel tcg -cpu max -m "$PF_MEM" -smp 1 \
        -kernel "$PF_KERNEL" -initrd "$PF_INITRD" \
        -append "console=ttyS0 panic=-1 quiet vfm.vfs=$PF_VFS" \
        -chardev "file,id=con,path=$PF_DIR/console.log" -serial chardev:con \
        -device virtio-serial-pci,id=vs -chardev "pipe,id=cmd,path=$PF_DIR/cmd" \
        -device virtserialport,bus=vs.0,chardev=cmd,name=vfm.cmd \
        -device pcie-root-port,id=rp0,chassis=1 \
        -netdev hubport,id=n0,hubid=0 -device "igb,bus=rp0,netdev=n0,mac=52:54:00:f0:00:0$POD" \
        -daemonize -pidfile "$PF_DIR/qemu.pid" 9>&- 8>&- > "$PF_DIR/qemu.log" 2>&1 ||
        die "QEMU $QEMU10_VER did not start: $(tail -n 5 "$PF_DIR/qemu.log")"
}

# Waits for the init's READY line, then for a command to come back through the port; sets PF_NETDEV.
wait_pf_ready() {
    local i line
    for ((i = 0; i < 1800; i++)); do
        line=$(grep -a -o 'VFM-PF-READY pf=[^ ]* vfs=[0-9]*' "$PF_DIR/console.log" 2> /dev/null || true)
        [ -z "$line" ] || break
        pf_qemu_pid > /dev/null || die "the PF host's QEMU died: $(tail -n 5 "$PF_DIR/qemu.log" "$PF_DIR/console.log" 2> /dev/null)"
        sleep 0.1
    done
    [ -n "$line" ] || die "the PF host did not come up in 180 s (see $PF_DIR/console.log)"
    PF_NETDEV=${line#* pf=}
    PF_NETDEV=${PF_NETDEV%% *}
    [ -n "$PF_NETDEV" ] || die "the PF host found no igb netdev (see $PF_DIR/console.log)"
    (pf_exec true) || die "the PF host's command port does not answer"
}

write_pf_inventory() {
    local shell="$LAB_BIN, pf-host, exec, --"
    [ "$LAB_DIR" = /run/vfmigrate-lab ] || shell="env, VFM_LAB_DIR=$LAB_DIR, $shell"
    ((POD == 1)) || shell="env, VFM_LAB_POD=$POD, ${shell#env, }"
    cat > "$PF_DIR/vfmigrate.yaml.tmp" <<EOF
# vfmigrate inventory of the lab's PF host (an emulated Intel 82576 driven by the real igb driver, $PF_VFS VFs);
# written by $LAB_BIN pf-host up. It runs no libvirt daemon: the URI is libvirt's test driver, and the host
# is for the pf VF pool's contract (src/test/java/io/vfmigrate/lab/LabPfPoolTest.java), not for migrations.
hosts:
  pf-host:
    libvirt-uri: "test:///default"
    shell: [$shell]
    networks:
      igbnet:
        vf-pool: {type: pf, pf: $PF_NETDEV}
EOF
    mv "$PF_DIR/vfmigrate.yaml.tmp" "$PF_DIR/vfmigrate.yaml"
}

# --- commands ----------------------------------------------------------------------------------------

lock_pf() {   # serialize up and down; fd 9 must not leak into QEMU
    mkdir -p "$(dirname "$PF_DIR")"
    exec 9> "$PF_DIR.lock"
    flock -w 600 9 || die "another 'lab pf-host' command holds $PF_DIR.lock for 10 minutes"
}

pf_host_up() {
    local start=$SECONDS
    need_root "pf-host up"
    lock_pf
    if pf_qemu_pid > /dev/null && [ -f "$PF_DIR/vfmigrate.yaml" ] && (pf_exec true) 2> /dev/null; then
        say "the PF host is up already ($PF_DIR/vfmigrate.yaml)"
        return 0
    fi
    pf_host_stop
    mkdir -p "$CACHE" "$PF_DIR"
    : > "$PF_DIR/.vfmigrate-pf-host"
    ensure_packages   # the lab's: QEMU 7.2 brings the libraries QEMU 10 runs with and SeaBIOS; cpio, kmod, util-linux
    resolve_pf_packages
    ensure_qemu10
    ensure_pf_image
    start_pf_vm
    wait_pf_ready
    write_pf_inventory
    say "the PF host is up in $((SECONDS - start)) s: PF $PF_NETDEV with $PF_VFS VFs (QEMU $QEMU10_VER, igb);" \
        "inventory $PF_DIR/vfmigrate.yaml"
}

pf_host_stop() {
    [ -d "$PF_DIR" ] || return 0
    [ -e "$PF_DIR/.vfmigrate-pf-host" ] || [ -z "$(ls -A "$PF_DIR")" ] ||
        die "$PF_DIR is not the PF host's directory (no .vfmigrate-pf-host in it): not touching it"
    stop_pidfile "$PF_DIR/qemu.pid" qemu-system-x86
    rm -rf "$PF_DIR"
}

pf_host_status() {
    local pid
    if pid=$(pf_qemu_pid); then
        echo "pf-host: running (QEMU pid $pid), $(grep -a -o 'PF [^ ]*, [0-9]* of [0-9]* VFs with a netdev' "$PF_DIR/console.log" 2> /dev/null || echo 'booting')"
        echo "inventory: $PF_DIR/vfmigrate.yaml"
    else
        echo "pf-host: not running"
        return 1
    fi
}

# pf_exec CMD...: run CMD in the PF host; its exit code, stdout and stderr are CMD's own. One command at a
# time (a lock); an answer left by a client that gave up is read and dropped by the next (ids differ).
# When the command cannot be run at all, exit 255 saying why (as ssh does).
pf_exec() {
    local id line a rid rc out err
    { [ -p "$PF_DIR/cmd.in" ] && pf_qemu_pid > /dev/null; } || pf_unreachable "the PF host is not running: run 'lab pf-host up'"
    exec 8> "$PF_DIR/exec.lock"
    flock -w "$PF_EXEC_TIMEOUT" 8 || pf_unreachable "the PF host's command port stayed busy for $PF_EXEC_TIMEOUT s"
    id="$$.$SRANDOM"
    line=$id
    for a in "$@"; do
        if [ -z "$a" ]; then line+=" -"; else line+=" $(printf %s "$a" | base64 -w 0)"; fi
    done
    exec 6<> "$PF_DIR/cmd.out"
    printf '%s\n' "$line" > "$PF_DIR/cmd.in"
    while :; do
        IFS=' ' read -r -t "$PF_EXEC_TIMEOUT" rid rc out err <&6 ||
            pf_unreachable "no answer from the PF host in $PF_EXEC_TIMEOUT s to: $*"
        [ "$rid" = "$id" ] && break
    done
    exec 6<&- 8>&-
    [[ $rc =~ ^[0-9]{1,3}$ ]] || pf_unreachable "a garbled answer from the PF host to: $*"
    [ "$out" = - ] || base64 -d <<< "$out"
    [ "$err" = - ] || base64 -d <<< "$err" >&2
    return "$rc"
}

pf_unreachable() { echo "lab: error: $*" >&2; exit 255; }

cmd_pf_host() {
    local sub=${1:-}
    [ $# -gt 0 ] && shift
    case "$sub" in
        up) [ $# -eq 0 ] || die "pf-host up takes no arguments"; pf_host_up ;;
        down)
            [ $# -eq 0 ] || die "pf-host down takes no arguments"
            need_root "pf-host down"
            lock_pf
            pf_host_stop
            say "the PF host is down" ;;
        status) pf_host_status ;;
        exec)
            { [ $# -ge 2 ] && [ "$1" = -- ]; } || die "usage: lab pf-host exec -- CMD..."
            shift
            need_root "pf-host exec"
            pf_exec "$@" ;;
        *) die "usage: lab pf-host up|down|status|exec -- CMD..." ;;
    esac
}
