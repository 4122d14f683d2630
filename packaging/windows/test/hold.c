/* TEST ONLY: holds a file open as a PDF viewer may (read access, shared for reading only, not for
 * deletion or renaming) until a release file appears, at most 60 s. Writes READY_FILE once open.
 * usage: hold.exe FILE READY_FILE RELEASE_FILE */
#include <windows.h>

int wmain(int argc, wchar_t **argv) {
    if (argc != 4) return 2;
    HANDLE h = CreateFileW(argv[1], GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (h == INVALID_HANDLE_VALUE) return 3;
    HANDLE ready = CreateFileW(argv[2], GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (ready == INVALID_HANDLE_VALUE) return 4;
    CloseHandle(ready);
    for (int i = 0; i < 600; i++) {
        if (GetFileAttributesW(argv[3]) != INVALID_FILE_ATTRIBUTES) break;
        Sleep(100);
    }
    CloseHandle(h);
    return 0;
}
