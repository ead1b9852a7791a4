// Opening a system library with dlopen on first use, for the CLoomSDL, CLoomPNG and CLoomBLAS
// loaders: one search, one override variable, one message when it fails.
#ifndef CLOOM_LOADER_H
#define CLOOM_LOADER_H

#include <stddef.h>

/// Opens the first of `names` (`count` of them; a NULL name ends the list early) that dlopen
/// loads, or only the library that the environment variable `override_variable` names (a path
/// or a file name dlopen searches for) when it is set and not empty.
///
/// `*first` is set to the file looked for first, for later messages. On failure returns NULL
/// and writes `cannot load LIBRARY (FIRST, PURPOSE): REASON; INSTALL_HINT` into `message`,
/// where REASON is dlopen's reason for the first file.
void *loom_open_library(
    const char *override_variable, const char *const *names, size_t count, const char *library,
    const char *purpose, const char *install_hint, const char **first, char *message, size_t message_size);

#endif
