/* TEST ONLY, never shipped: a stand-in bcryptprimitives.dll for wine 8 (Debian 12), which lacks it.
 * Rust's standard library (1.78 and later) takes its random bytes from ProcessPrng in
 * bcryptprimitives.dll, present on every Windows 10 and 11; the harness (test-wine.sh) builds this
 * with mingw and puts it beside the eom.exe under test, never in the installer or the zip.
 * It forwards to RtlGenRandom (advapi32's SystemFunction036), which wine has. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
