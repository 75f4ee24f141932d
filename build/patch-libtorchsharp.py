#!/usr/bin/env python3
"""Make TorchSharp's libLibTorchSharp.so load on a libstdc++ older than GCC 13 (e.g. Debian 12).

Usage: python3 build/patch-libtorchsharp.py OUTDIR [OUTDIR ...]

libLibTorchSharp.so needs GLIBCXX_3.4.32 for one symbol only, _ZSt21ios_base_library_initv. For the copy in
OUTDIR (or OUTDIR/runtimes/linux-x64/native), never the NuGet cache's, this script:
  1. builds build/native/ios_base_library_init.cpp into libRlvrGlibcxxShim.so next to it, which defines the symbol;
  2. with patchelf, clears that symbol's version and adds the shim as NEEDED (found through RUNPATH $ORIGIN);
  3. marks the GLIBCXX_3.4.32 requirement in .gnu.version_r weak, so the loader no longer insists on it.
Each step is done only when needed, so a second run changes nothing. Run by build/TorchSharp.targets.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile

LIB = "libLibTorchSharp.so"
SHIM = "libRlvrGlibcxxShim.so"
SYMBOL = "_ZSt21ios_base_library_initv"
VERSION = "GLIBCXX_3.4.32"
VER_FLG_WEAK = 0x2
SHIM_SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "native", "ios_base_library_init.cpp")
INSTALL_HINT = "install it with: apt-get install -y patchelf g++"

SHT_DYNAMIC, SHT_DYNSYM, SHT_GNU_VERNEED, SHT_GNU_VERSYM = 6, 11, 0x6FFFFFFE, 0x6FFFFFFF
DT_NEEDED, DT_RPATH, DT_RUNPATH = 1, 15, 29


class Elf:
    """The few parts of an ELF64 little-endian shared library this script reads, located via section headers."""

    def __init__(self, data):
        if data[:6] != b"\x7fELF\x02\x01":
            raise ValueError("not an ELF64 little-endian file")
        self.data = data
        shoff, = struct.unpack_from("<Q", data, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
        # (type, offset, size, link) of every section; sh_link names the string table a section uses.
        self.sections = [struct.unpack_from("<4xI16xQQI", data, shoff + i * shentsize) for i in range(shnum)]

    def section(self, sh_type):
        return next((s for s in self.sections if s[0] == sh_type), None)

    def string(self, strtab_index, offset):
        start = self.sections[strtab_index][1] + offset
        return self.data[start:self.data.index(b"\0", start)].decode()

    def dynamic(self):
        """(tag, string) for the DT_NEEDED / DT_RPATH / DT_RUNPATH entries."""
        _, off, size, link = self.section(SHT_DYNAMIC)
        entries = (struct.unpack_from("<qQ", self.data, off + i) for i in range(0, size, 16))
        return [(tag, self.string(link, val)) for tag, val in entries if tag in (DT_NEEDED, DT_RPATH, DT_RUNPATH)]

    def vernaux(self, name):
        """(file offset of vna_flags, vna_flags) of the version requirement called name, or None."""
        if self.section(SHT_GNU_VERNEED) is None:
            return None
        _, off, _, link = self.section(SHT_GNU_VERNEED)
        while True:
            _, cnt, _, aux, nxt = struct.unpack_from("<HHIII", self.data, off)
            a = off + aux
            for _ in range(cnt):
                _, flags, _, vna_name, vna_next = struct.unpack_from("<IHHII", self.data, a)
                if self.string(link, vna_name) == name:
                    return a + 4, flags
                a += vna_next
            if not nxt:
                return None
            off += nxt

    def symbol_version(self, name):
        """The .gnu.version index of dynamic symbol name (0/1: unversioned), or None if absent."""
        _, sym_off, sym_size, link = self.section(SHT_DYNSYM)
        versym_off = self.section(SHT_GNU_VERSYM)[1]
        for i in range(sym_size // 24):
            st_name, = struct.unpack_from("<I", self.data, sym_off + i * 24)
            if self.string(link, st_name) == name:
                return struct.unpack_from("<H", self.data, versym_off + i * 2)[0]
        return None


def system_has_version():
    """Whether the libstdc++.so.6 the loader would pick already defines VERSION (then nothing needs patching)."""
    candidates = []
    ldconfig = shutil.which("ldconfig") or "/sbin/ldconfig"
    try:
        out = subprocess.run([ldconfig, "-p"], capture_output=True, text=True, check=False).stdout
        candidates += [l.split("=>")[1].strip() for l in out.splitlines() if "libstdc++.so.6 " in l and "x86-64" in l]
    except OSError:
        pass
    candidates += ["/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"]
    path = next((p for p in candidates if os.path.exists(p)), None)
    if path is None:
        return False
    with open(path, "rb") as f:
        return (VERSION + "\0").encode() in f.read()


def fail(message):
    # MSBuild's Exec shows lines in this canonical "origin : error CODE: text" form as build errors.
    sys.exit(f"patch-libtorchsharp.py : error RLVR0001: {message}")


def run(cmd):
    if shutil.which(cmd[0]) is None:
        fail(f"'{cmd[0]}' is required to make {LIB} load on this libstdc++ (needs {VERSION}); {INSTALL_HINT}")
    if subprocess.run(cmd, check=False).returncode != 0:
        fail(f"'{' '.join(cmd)}' failed")


def ensure_shim(directory):
    shim = os.path.join(directory, SHIM)
    if os.path.exists(shim) and os.path.getmtime(shim) >= os.path.getmtime(SHIM_SOURCE):
        return
    # Build to a temporary name and rename, so a concurrent build never sees a half-written file.
    tmp = shim + f".{os.getpid()}.tmp"
    run(["g++", "-shared", "-fPIC", "-O2", f"-Wl,-soname,{SHIM}", "-o", tmp, SHIM_SOURCE])
    os.replace(tmp, shim)


def patch(lib):
    with open(lib, "rb") as f:
        elf = Elf(f.read())
    need = elf.vernaux(VERSION)
    if need is None or system_has_version():
        return  # This build of TorchSharp, or this libstdc++, does not need the workaround.
    needed = [v for t, v in elf.dynamic() if t == DT_NEEDED]
    runpath = ":".join(v for t, v in elf.dynamic() if t in (DT_RPATH, DT_RUNPATH))
    add_needed = SHIM not in needed
    clear_version = elf.symbol_version(SYMBOL) not in (None, 0, 1)
    set_weak = not need[1] & VER_FLG_WEAK
    directory = os.path.dirname(lib)
    ensure_shim(directory)
    if not (add_needed or clear_version or set_weak):
        return
    if not any(p.rstrip("/") == "$ORIGIN" for p in runpath.split(":")):
        fail(f"{lib} has no $ORIGIN in its RUNPATH ({runpath}), so it cannot find {SHIM}")

    # Patch a private copy and rename it over the original: this never writes through a hard link into the
    # NuGet cache, and a process that has the old file mapped keeps a consistent copy.
    fd, tmp = tempfile.mkstemp(prefix=LIB + ".", dir=directory)
    os.close(fd)
    try:
        shutil.copy2(lib, tmp)
        args = (["--clear-symbol-version", SYMBOL] if clear_version else []) + \
               (["--add-needed", SHIM] if add_needed else [])
        if args:
            run(["patchelf", *args, tmp])
        # patchelf may have moved sections, so locate the requirement again in the patched file.
        with open(tmp, "r+b") as f:
            data = f.read()
            offset, flags = Elf(data).vernaux(VERSION)
            f.seek(offset)
            f.write(struct.pack("<H", flags | VER_FLG_WEAK))
        os.replace(tmp, lib)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)
    print(f"patch-libtorchsharp: patched {lib} to load without {VERSION}")


def main(outdirs):
    for outdir in outdirs:
        # A RID-specific build or publish puts native libraries in OUTDIR itself; a portable one under runtimes/.
        for sub in ("", os.path.join("runtimes", "linux-x64", "native")):
            lib = os.path.join(outdir, sub, LIB)
            if os.path.isfile(lib):
                patch(lib)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
