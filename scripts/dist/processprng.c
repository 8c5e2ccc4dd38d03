/* A stand-in bcryptprimitives.dll for testing jixiao.exe under Wine 8 only (never shipped).
 * Rust's std (1.78+) imports ProcessPrng from bcryptprimitives.dll, which Windows 10 and 11
 * have and Wine 8 does not: the exe would not start. This DLL exports ProcessPrng over
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. scripts/dist-test.sh builds it
 * with mingw and loads it with WINEDLLOVERRIDES=bcryptprimitives=n,b. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, n)) return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
