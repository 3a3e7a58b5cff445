# Sourced by bench/slowfs.sh and bench/mpi.sh: installs what the slowfs mirror
# (bench/slowfs.py) needs when it is missing: FUSE (fuse3 and libfuse2, as root) and
# the fusepy module.
if ! command -v fusermount >/dev/null || ! ldconfig -p | grep -q 'libfuse\.so\.2'; then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fuse3 >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfuse2t64 >/dev/null 2>&1 ||
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libfuse2 >/dev/null
    fi
fi
if ! python3 -c 'import fuse' 2>/dev/null; then
    python3 -m pip install -q fusepy 2>/dev/null ||
        python3 -m pip install -q --break-system-packages fusepy
fi
