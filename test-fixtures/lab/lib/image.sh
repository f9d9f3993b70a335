# shellcheck shell=bash
# lab/lib/image.sh: the guest image (Debian's cloud kernel, a busybox initramfs with qemu-guest-agent,
# iproute2 and the modules), built from .debs into the cache. Sourced by ../lab.

# Sets KERNEL_PKG and KERNEL_VER (the Debian cloud kernel), QGA_VER (qemu-guest-agent) and BUSYBOX_VER
# (busybox: the dynamic one, whose shell finds commands by PATH; busybox-static's prefers its own
# applets, so `sh -c 'ip ...'` in the guest would run busybox's ip, which knows no bond options),
# from the apt lists; remembered in the cache until the lists change.
resolve_guest_packages() {
    local fp resolved="$CACHE/resolved" info
    fp=$(stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* 2> /dev/null | md5sum | cut -c1-32)
    if [ -f "$resolved" ] && [ "$(sed -n 1p "$resolved")" = "$fp" ]; then
        { read -r _; read -r KERNEL_PKG; read -r KERNEL_VER; read -r QGA_VER; read -r BUSYBOX_VER; } < "$resolved" || true
        [ -n "$BUSYBOX_VER" ] && return 0
    fi
    info=$(apt-cache show --no-all-versions linux-image-cloud-amd64 qemu-guest-agent busybox 2> /dev/null || true)
    if ! grep -q '^Package: busybox$' <<< "$info"; then
        apt_update_once
        fp=$(stat -c '%n %s %Y' /var/lib/apt/lists/*Packages* 2> /dev/null | md5sum | cut -c1-32)
        info=$(apt-cache show --no-all-versions linux-image-cloud-amd64 qemu-guest-agent busybox) ||
            die "apt-cache knows no linux-image-cloud-amd64 / qemu-guest-agent / busybox"
    fi
    KERNEL_PKG=$(awk '/^Package: linux-image-cloud-amd64/{m=1} m && /^Depends:/{
        for (i = 2; i <= NF; i++) if ($i ~ /^linux-image-.*-cloud-amd64,?$/) {sub(",", "", $i); print $i; exit}}' <<< "$info")
    KERNEL_VER=$(awk '/^Package: linux-image-cloud-amd64/{m=1} m && /^Version:/{print $2; exit}' <<< "$info")
    QGA_VER=$(awk '/^Package: qemu-guest-agent$/{m=1} m && /^Version:/{print $2; exit}' <<< "$info")
    BUSYBOX_VER=$(awk '/^Package: busybox$/{m=1} m && /^Version:/{print $2; exit}' <<< "$info")
    { [ -n "$KERNEL_PKG" ] && [ -n "$KERNEL_VER" ] && [ -n "$QGA_VER" ] && [ -n "$BUSYBOX_VER" ]; } ||
        die "cannot tell which guest kernel / qemu-guest-agent / busybox to use from apt-cache"
    printf '%s\n' "$fp" "$KERNEL_PKG" "$KERNEL_VER" "$QGA_VER" "$BUSYBOX_VER" > "$resolved"
}

# deb_path PKG VERSION: its .deb in the cache, if there.
deb_path() {
    local f
    for f in "$CACHE/debs/$1"_*.deb; do
        if [ -e "$f" ] && [ "$(dpkg-deb -f "$f" Version)" = "$2" ]; then echo "$f"; return 0; fi
    done
    return 0
}

# fetch_debs PKG=VERSION...: download those .debs that are not in the cache yet (one apt-get call).
fetch_debs() {
    local want=() pv
    mkdir -p "$CACHE/debs"
    for pv in "$@"; do
        [ -n "$(deb_path "${pv%%=*}" "${pv#*=}")" ] || want+=("$pv")
    done
    [ ${#want[@]} -gt 0 ] || return 0
    say "downloading ${want[*]}"
    for pv in "${want[@]}"; do
        rm -f "$CACHE/debs/${pv%%=*}"_*.deb
    done
    (cd "$CACHE/debs" && apt-get -q -o APT::Sandbox::User=root download "${want[@]}" > /dev/null) ||
        { apt_update_once && (cd "$CACHE/debs" && apt-get -q -o APT::Sandbox::User=root download "${want[@]}" > /dev/null); } ||
        die "cannot download ${want[*]}"
}

# Sets KERNEL and INITRD: the guest image, built into $CACHE/images/KEY/ when its inputs changed.
ensure_image() {
    local key dir
    [ -z "${INITRD:-}" ] || return 0
    resolve_guest_packages
    key=$( {
        echo "recipe=$IMAGE_RECIPE kernel=$KERNEL_PKG=$KERNEL_VER qga=$QGA_VER busybox=$BUSYBOX_VER"
        echo "modules=${GUEST_MODULES[*]}"
        dpkg-query -W iproute2 libc6 libglib2.0-0 libudev1 libnuma1 liburing2 \
            libbpf1 libelf1 libmnl0 libbsd0 libcap2 zlib1g libmd0 libpcre2-8-0 2> /dev/null
        cat "$LAB_SRC/guest/init" "$LAB_SRC/guest/shutdown" "$LAB_SRC/guest/dirty.c"
    } | sha256sum | cut -c1-16)
    dir="$CACHE/images/$key"
    # shellcheck disable=SC2034  # read in guests.sh and accel.sh (shellcheck checks each file alone)
    KERNEL="$dir/vmlinuz"
    INITRD="$dir/initrd.img"
    [ -f "$dir/.complete" ] && return 0
    need_root up
    say "building guest image $key ($KERNEL_PKG $KERNEL_VER, qemu-guest-agent $QGA_VER, busybox $BUSYBOX_VER)"
    build_image "$dir"
    # Keep the two newest images (guests started from an older one may still migrate).
    find "$CACHE/images" -mindepth 1 -maxdepth 1 -type d -printf '%T@ %p\n' | sort -rn |
        tail -n +3 | cut -d' ' -f2- | while read -r old; do rm -rf "$old"; done
}

build_image() {
    local dir=$1 work root kdeb qdeb bdeb
    fetch_debs "$KERNEL_PKG=$KERNEL_VER" "qemu-guest-agent=$QGA_VER" "busybox=$BUSYBOX_VER"
    kdeb=$(deb_path "$KERNEL_PKG" "$KERNEL_VER")
    qdeb=$(deb_path qemu-guest-agent "$QGA_VER")
    bdeb=$(deb_path busybox "$BUSYBOX_VER")
    work=$(mktemp -d "$CACHE/build.XXXXXX")
    root="$work/root"
    mkdir -p "$work/k" "$work/q" "$work/b" "$root"/{bin,sbin,etc,lib/modules,proc,sys,dev,run,tmp,root}
    mkdir -p "$root/var"
    ln -s /run "$root/var/run"
    ln -s /tmp "$root/var/tmp"
    dpkg-deb --fsys-tarfile "$kdeb" | tar -x -C "$work/k" --wildcards './boot/vmlinuz-*' './lib/modules/*'
    dpkg -x "$qdeb" "$work/q"
    dpkg -x "$bdeb" "$work/b"
    kernel_into_image "$work" "${GUEST_MODULES[@]}"
    busybox_into_image "$work" ip
    cp "$work/q/usr/sbin/qemu-ga" "$root/sbin/qemu-ga"
    cp "$(readlink -f /bin/ip)" "$root/sbin/ip"
    install -m 755 "$LAB_SRC/guest/init" "$root/init"
    install -m 755 "$LAB_SRC/guest/shutdown" "$root/sbin/shutdown"
    gcc -static -O2 -o "$root/sbin/vfm-dirty" "$LAB_SRC/guest/dirty.c" || die "cannot build the busy guests' workload (gcc -static)"
    printf 'root:x:0:0:root:/root:/bin/sh\n' > "$root/etc/passwd"
    printf 'root:x:0:\n' > "$root/etc/group"
    libraries_into_image "$root" "$root/sbin/qemu-ga" "$root/sbin/ip" "$root/bin/busybox"
    pack_image "$work" "$dir" "kernel=$KERNEL_PKG=$KERNEL_VER qga=$QGA_VER"
}

# The parts of an image build that the guests' and the PF host's share (pfhost.sh). WORK/k holds the
# extracted kernel package, WORK/b the busybox package, WORK/root the initramfs tree.

# kernel_into_image WORK MODULE...: WORK/vmlinuz, and the modules with their dependencies in WORK/root/lib/modules,
# in the order to load them (load-order, with the arguments of each).
kernel_into_image() {
    local work=$1 kver m f a
    shift
    kver=$(ls "$work/k/lib/modules")
    depmod -b "$work/k" "$kver"
    mkdir -p "$work/root/lib/modules"
    : > "$work/root/lib/modules/load-order"
    for m in $(for a in "$@"; do
        modprobe -d "$work/k" -S "$kver" --ignore-install --show-depends "$a" | awk '$1 == "insmod" {print $2}'
    done | awk '!seen[$0]++'); do
        cp "$m" "$work/root/lib/modules/"
        f=${m##*/}
        case "$f" in
            bonding.ko) echo "$f max_bonds=0" ;;
            *) echo "$f" ;;
        esac >> "$work/root/lib/modules/load-order"
    done
    cp "$work/k/boot/vmlinuz-$kver" "$work/vmlinuz"
}

# busybox_into_image WORK APPLET...: busybox in WORK/root/bin, linked as each of its applets but those named
# (the image has the real command instead).
busybox_into_image() {
    local work=$1 a
    shift
    cp "$work/b/bin/busybox" "$work/root/bin/busybox"
    for a in $("$work/root/bin/busybox" --list); do
        case " busybox $* " in *" $a "*) continue ;; esac
        ln -s busybox "$work/root/bin/$a"
    done
}

# libraries_into_image ROOT FILE...: the shared libraries of each FILE (in ROOT already) copied into ROOT.
libraries_into_image() {
    local root=$1 f lib
    shift
    for f in "$@"; do
        if ldd "$f" | grep -q 'not found'; then
            die "missing shared libraries for ${f##*/}: $(ldd "$f" | grep 'not found' | tr -s ' \t\n' ' ')"
        fi
        for lib in $(ldd "$f" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
            mkdir -p "$root$(dirname "$lib")"
            [ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
        done
    done
}

# pack_image WORK DIR STAMP: WORK/root as DIR/initrd.img beside WORK/vmlinuz, STAMP in DIR/.complete; WORK removed.
pack_image() {
    local work=$1 dir=$2
    (cd "$work/root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) > "$work/initrd.img"
    rm -rf "$dir"
    mkdir -p "$dir"
    mv "$work/vmlinuz" "$work/initrd.img" "$dir/"
    echo "$3" > "$dir/.complete"
    rm -rf "$work"
}
