# shellcheck shell=bash
# lab/lib/remote.sh: the lab reached as a fleet over the network: a management namespace on the lab
# network (where a coordinator runs), libvirtd listening for TLS (a lab CA, a server certificate per
# host, a client certificate for the coordinator), an sshd per host (key authentication only) whose
# commands see that host's libvirt and network, and the inventories for each transport. Sourced by ../lab.

readonly MGMT_NS=$NS_PREFIX-mgmt MGMT_ADDR=198.18.0.5/24
# shellcheck disable=SC2034  # read in hosts.sh (shellcheck checks each file alone)
readonly COORDINATOR_DN="O=vfmigrate lab,CN=vfmigrate-coordinator"   # as virt-pki-query-dn prints it
pki_dir() { echo "$LAB_DIR/pki"; }
ssh_dir() { echo "$LAB_DIR/ssh"; }

# new_cert NAME SUBJECT EXT OUT_DIR KEY CERT: a P-256 key and a certificate signed by the lab CA.
new_cert() {
    local name=$1 subject=$2 ext=$3 out=$4 key=$5 cert=$6 p
    p=$(pki_dir)
    mkdir -p "$out"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$out/$key" \
        -subj "$subject" -out "$p/$name.csr" 2> /dev/null || die "cannot make the key of $name"
    openssl x509 -req -in "$p/$name.csr" -CA "$p/cacert.pem" -CAkey "$p/cakey.pem" -CAcreateserial \
        -days 30 -out "$out/$cert" -extfile <(printf '%s\n' "$ext") 2> /dev/null || die "cannot sign the certificate of $name"
    rm -f "$p/$name.csr"
    cp "$p/cacert.pem" "$out/cacert.pem"
}

# The lab CA and the coordinator's client certificate ($LAB_DIR/pki/client: the pkipath of the TLS
# inventory), and the coordinator's ssh key pair.
ensure_pki() {
    local p s
    p=$(pki_dir)
    s=$(ssh_dir)
    mkdir -p "$p" "$s"
    chmod 700 "$p" "$s"
    if [ ! -s "$p/cacert.pem" ]; then
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$p/cakey.pem" \
            -out "$p/cacert.pem" -days 30 -subj "/O=vfmigrate lab/CN=vfmigrate lab CA" \
            -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign 2> /dev/null ||
            die "cannot make the lab CA"
    fi
    [ -s "$p/client/clientcert.pem" ] || new_cert client "/O=vfmigrate lab/CN=vfmigrate-coordinator" \
        $'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment' \
        "$p/client" clientkey.pem clientcert.pem
    [ -s "$s/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C vfmigrate-coordinator -f "$s/id_ed25519" ||
        die "cannot make the coordinator's ssh key"
    cp "$s/id_ed25519.pub" "$s/authorized_keys"
}

# HOST's server certificate (naming it and its address; also a client certificate, for a daemon that
# connects to another) in its /etc/libvirt/pki, and its ssh host key.
ensure_host_keys() {
    local h=$1 d ip
    d=$(host_dir "$h")
    ip=$(host_ip "$h")
    [ -s "$d/etc/libvirt/pki/servercert.pem" ] || new_cert "$h" "/O=vfmigrate lab/CN=$h" \
        $'subjectAltName=DNS:'"$h"',IP:'"$ip"$'\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment' \
        "$d/etc/libvirt/pki" serverkey.pem servercert.pem
    # QEMU's own TLS for the migration stream (VIR_MIGRATE_TLS, the `tls` policy key): the host's certificate serves
    # as the server (the destination) and as the client (the source), under the names qemu.conf's directory wants
    mkdir -p "$d/etc/libvirt/pki/qemu"
    cp "$d/etc/libvirt/pki/cacert.pem" "$d/etc/libvirt/pki/qemu/ca-cert.pem"
    for role in server client; do
        cp "$d/etc/libvirt/pki/servercert.pem" "$d/etc/libvirt/pki/qemu/$role-cert.pem"
        cp "$d/etc/libvirt/pki/serverkey.pem" "$d/etc/libvirt/pki/qemu/$role-key.pem"
    done
    mkdir -p "$d/ssh"
    [ -s "$d/ssh/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C "$h" -f "$d/ssh/host_ed25519_key" ||
        die "cannot make the ssh host key of $h"
}

# The known_hosts file of the coordinator: every host's key, by name and address.
write_known_hosts() {
    local h tmp
    tmp="$(ssh_dir)/known_hosts.tmp"
    for h in $(lab_hosts); do
        echo "$h,$(host_ip "$h") $(cut -d' ' -f1-2 "$(host_dir "$h")/ssh/host_ed25519_key.pub")"
    done > "$tmp"
    mv "$tmp" "$(ssh_dir)/known_hosts"
}

# HOST's sshd, in its namespaces: a command run over ssh sees HOST's libvirt, Open vSwitch and links.
ensure_sshd() {
    local h=$1 d
    d=$(host_dir "$h")
    cat > "$d/ssh/sshd_config.new" <<EOF
# written by lab: sshd of lab host $h (key authentication only)
ListenAddress $(host_ip "$h")
HostKey $d/ssh/host_ed25519_key
PidFile $d/ssh/sshd.pid
AuthorizedKeysFile $(ssh_dir)/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PrintMotd no
PrintLastLog no
X11Forwarding no
# a session whose client went silent (a black-holed coordinator gave up its shared connection) ends
ClientAliveInterval 5
ClientAliveCountMax 3
EOF
    if ! cmp -s "$d/ssh/sshd_config.new" "$d/ssh/sshd_config" || ! pid_of "$d/ssh/sshd.pid" sshd > /dev/null; then
        mv "$d/ssh/sshd_config.new" "$d/ssh/sshd_config"
        stop_pidfile "$d/ssh/sshd.pid" sshd
        mkdir -p /run/sshd   # its privilege separation directory (the hosts share /run)
        in_host "$h" /usr/sbin/sshd -f "$d/ssh/sshd_config" -E "$d/ssh/sshd.log" < /dev/null 9>&- ||
            die "sshd of $h did not start, see $d/ssh/sshd.log"
    else
        rm -f "$d/ssh/sshd_config.new"
    fi
}

stop_sshd() { stop_pidfile "$(host_dir "$1")/ssh/sshd.pid" sshd; }

# The management namespace: on the lab switch (198.18.0.5), the hosts by name (ip netns exec reads
# /etc/netns/NS/hosts), no route anywhere else.
ensure_mgmt() {
    local h hosts="127.0.0.1 localhost"
    join_switch "$MGMT_NS" mgmt "$MGMT_ADDR"
    for h in $(lab_hosts); do hosts+=$'\n'"$(host_ip "$h") $h"; done
    mkdir -p "/etc/netns/$MGMT_NS"
    printf '%s\n' "$hosts" > "/etc/netns/$MGMT_NS/hosts"
}

remove_mgmt() {
    local sock
    for sock in "$(ssh_dir)"/cm-*; do   # the shared ssh connections of the inventories' shells: asked to end
        [ -S "$sock" ] && { ssh -o ControlPath="$sock" -O exit lab-host > /dev/null 2>&1 || true; }
    done
    [ ! -e "/run/netns/$MGMT_NS" ] || ip netns del "$MGMT_NS"
    rm -rf "/etc/netns/${MGMT_NS:?}"
}

# The coordinator's connections to HOST cut for real: an nftables table in HOST's network namespace that
# drops (black hole: the peer sees nothing, only keepalive notices) or rejects (TCP reset: the connection
# ends at once, new ones are refused) everything between HOST and the management namespace. The
# migration stream between hosts and the guests' frames are not touched.
set_netfault() {
    local h=$1 mode=$2 mgmt=${MGMT_ADDR%/*} verdict resets=
    in_host "$h" nft delete table inet vfm_fault 2> /dev/null || true
    case "$mode" in
        clear) return 0 ;;
        drop) verdict=drop ;;
        reject) verdict='reject with tcp reset' resets="ip daddr $mgmt tcp flags rst accept;" ;;
    esac
    in_host "$h" nft -f - <<EOF2 || die "nft refused the fault table of $h"
table inet vfm_fault {
    chain in { type filter hook input priority -10; policy accept; ip saddr $mgmt ip protocol tcp $verdict; ip saddr $mgmt drop; }
    chain out { type filter hook output priority -10; policy accept; $resets ip daddr $mgmt drop; }
}
EOF2
}

# HOST's sshd stopped with the sessions it serves (a shared ssh connection would otherwise outlive it),
# found by their parent pid; started again as 'up' starts it.
stop_sshd_and_sessions() {
    local h=$1 pidfile pid child
    pidfile="$(host_dir "$h")/ssh/sshd.pid"
    if pid=$(pid_of "$pidfile" sshd); then
        for child in $(ps -o pid= --ppid "$pid"); do kill -TERM "$child" 2> /dev/null || true; done
    fi
    stop_pidfile "$pidfile" sshd
}
