# shellcheck shell=bash
# lab/lib/packages.sh: the Debian packages the lab needs on this machine. Sourced by ../lab.

APT_UPDATED=
apt_update_once() {
    [ -n "$APT_UPDATED" ] && return 0
    say "apt-get update"
    apt-get update -q > /dev/null || die "apt-get update failed"
    APT_UPDATED=1
}

ensure_packages() {
    local missing=() p installed
    installed=$(dpkg-query -W -f '${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2> /dev/null || true)
    for p in "${PACKAGES[@]}"; do
        grep -qx "$p installed" <<< "$installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        need_root up
        say "installing ${missing[*]}"
        apt_update_once
        # Keep the packages' own services (ovsdb-server, ovs-vswitchd, sshd) from starting in the root
        # namespace: the lab runs its own per host.
        local policy=/usr/sbin/policy-rc.d ours=
        if [ ! -e "$policy" ]; then
            printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy" && ours=1
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
            "${missing[@]}" > "$CACHE/apt-install.log" 2>&1 ||
            { [ -z "$ours" ] || rm -f "$policy"; die "apt-get install failed, see $CACHE/apt-install.log"; }
        [ -z "$ours" ] || rm -f "$policy"
        if [ -d /run/systemd/system ]; then
            systemctl disable --now openvswitch-switch.service ovsdb-server.service \
                ovs-vswitchd.service libvirtd.service virtqemud.service ssh.service > /dev/null 2>&1 || true
        elif command -v update-rc.d > /dev/null; then
            update-rc.d openvswitch-switch disable > /dev/null 2>&1 || true
            update-rc.d ssh disable > /dev/null 2>&1 || true
        fi
    fi
    # The Debian libvirt daemon looks the libvirt-qemu user up even when qemu runs as root.
    if ! getent passwd libvirt-qemu > /dev/null; then
        need_root up
        useradd --system --user-group --no-create-home --home-dir /var/lib/libvirt \
            --shell /usr/sbin/nologin libvirt-qemu || die "cannot create user libvirt-qemu"
    fi
}
