# shellcheck shell=bash
# lab/lib/accel.sh: whether guests run under KVM or TCG. Sourced by ../lab.

# Whether guests run under KVM (if VFM_LAB_ACCEL says so, or if a guest really boots under KVM) or
# TCG. The answer is kept in the cache, per host kernel and guest kernel. Where /dev/kvm opens but runs
# no guest (nested setups), the self-test costs its 6 s timeout once; `up` runs it in the background
# while it builds the hosts: accel_test_start, then detect_accel.
accel_file() { echo "$CACHE/accel-$(echo "$(uname -r) $KERNEL_PKG $KERNEL_VER" | md5sum | cut -c1-16)"; }

accel_test_start() {   # the KVM self-test, in the background, unless the answer is known
    local f
    f=$(accel_file)
    [ -z "${VFM_LAB_ACCEL:-}" ] && [ ! -s "$f" ] && [ -z "${ACCEL_TEST_PID:-}" ] || return 0
    rm -f "$CACHE"/accel-*
    if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
        echo tcg > "$f"
        return 0
    fi
    (
        log="$CACHE/kvm-selftest.log"
        rm -f "$log"
        timeout 6 qemu-system-x86_64 -accel kvm -machine pc -cpu qemu64 -m "$GUEST_MEM" -nodefaults \
            -display none -no-reboot -serial "file:$log" -kernel "$KERNEL" -initrd "$INITRD" \
            -append "console=ttyS0 panic=-1 quiet vfm.selftest=1" < /dev/null > /dev/null 2>&1 || true
        if grep -q VFM-SELFTEST-OK "$log" 2> /dev/null; then echo kvm; else echo tcg; fi > "$f.tmp"
        mv "$f.tmp" "$f"
    ) 9>&- &
    ACCEL_TEST_PID=$!
}

# Sets DOMAIN_TYPE (kvm or qemu) and writes $LAB_DIR/accel (KVM or TCG).
detect_accel() {
    local f out
    case "${VFM_LAB_ACCEL:-}" in
        kvm) out=kvm ;;
        tcg) out=tcg ;;
        '')
            f=$(accel_file)
            [ -s "$f" ] || [ -n "${ACCEL_TEST_PID:-}" ] || accel_test_start
            if [ -n "${ACCEL_TEST_PID:-}" ]; then
                wait "$ACCEL_TEST_PID" || true
                ACCEL_TEST_PID=
                say "KVM self-test: $([ "$(cat "$f" 2> /dev/null)" = kvm ] && echo passed || echo "failed, guests run under TCG")"
            fi
            out=$(cat "$f" 2> /dev/null || echo tcg) ;;
        *) die "VFM_LAB_ACCEL must be kvm or tcg, not '$VFM_LAB_ACCEL'" ;;
    esac
    # shellcheck disable=SC2034  # read in guests.sh (shellcheck checks each file alone)
    if [ "$out" = kvm ]; then DOMAIN_TYPE=kvm; else DOMAIN_TYPE=qemu; fi
    if [ -d "$LAB_DIR" ]; then echo "${out^^}" > "$LAB_DIR/accel"; fi
}
