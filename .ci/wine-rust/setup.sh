#!/usr/bin/env bash
# pfind's copy of the team's ../shared/tools/wine-rust, used by .ci/portability when a
# clone has no ../shared beside it. Keep it equal to the original.
# Run Windows builds of a Rust crate under wine on this Linux machine.
#   source ../shared/tools/wine-rust/setup.sh     (from the project root)
#   cargo test --target x86_64-pc-windows-gnu     (tests run under wine)
# Installs wine and the mingw linker (Debian), adds the Rust target, builds a stub
# bcryptprimitives.dll that Wine 8 lacks, and points cargo's runner at a wrapper that
# puts the stub beside each test binary and into wine's system32.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
command -v wine >/dev/null && command -v x86_64-w64-mingw32-gcc >/dev/null || {
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wine wine64 gcc-mingw-w64-x86-64 >/dev/null; } ||
  { echo "wine-rust: could not install wine and mingw" >&2; return 1; }; }
rustup target add x86_64-pc-windows-gnu >/dev/null || { echo "wine-rust: rustup could not add x86_64-pc-windows-gnu" >&2; return 1; }
out=${WINE_RUST_DIR:-/tmp/wine-rust}; mkdir -p "$out"
x86_64-w64-mingw32-gcc -shared -O2 -o "$out/bcryptprimitives.dll" "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32 ||
  { echo "wine-rust: could not build the stub DLL" >&2; return 1; }
cat > "$out/run" <<RUN
#!/usr/bin/env bash
# cargo runner: copy the stub next to the binary, run it under wine, keep its exit status
cp -u "$out/bcryptprimitives.dll" "\$(dirname "\$1")/" 2>/dev/null || true
WINEDEBUG=-all exec wine "\$@"
RUN
chmod +x "$out/run"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER="$out/run"
WINEDEBUG=-all wineboot -i >/dev/null 2>&1 || true
# also into the prefix's system32, so that programs the tests spawn (pfind.exe) find it
cp "$out/bcryptprimitives.dll" "${WINEPREFIX:-$HOME/.wine}/drive_c/windows/system32/" 2>/dev/null || true
