// Stand-in for libstdc++'s std::ios_base_library_init(), new in GCC 13 (GLIBCXX_3.4.32).
// TorchSharp's libLibTorchSharp.so references it, which Debian 12's libstdc++ (GCC 12, GLIBCXX_3.4.30)
// lacks; build/patch-libtorchsharp.py makes that library take the symbol from this shim instead.
// Built by that script into the output folder: g++ -shared -fPIC -O2 -Wl,-soname,libRlvrGlibcxxShim.so ...
#include <ios>

namespace std
{
    // GCC 12 headers do not declare it; this declaration gives the exact mangled name _ZSt21ios_base_library_initv.
    __attribute__((visibility("default"))) void ios_base_library_init();
}

namespace
{
    // GCC 13 calls this to guarantee the standard streams are set up; a static Init does that on GCC 12,
    // and as a NEEDED library of libLibTorchSharp.so it is constructed before that library's own initialisers.
    std::ios_base::Init s_ioinit;
}

void std::ios_base_library_init()
{
}
