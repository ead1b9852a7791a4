// The one dlopen search of Loom's library loaders (see CLoomLoader.h).
#include "CLoomLoader.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

void *loom_open_library(
    const char *override_variable, const char *const *names, size_t count, const char *library,
    const char *purpose, const char *install_hint, const char **first, char *message, size_t message_size) {
    const char *chosen = getenv(override_variable);
    if (chosen != NULL && chosen[0] != 0) {
        names = &chosen;
        count = 1;
    }
    *first = names[0];
    void *handle = NULL;
    char first_reason[512] = "not found";
    for (size_t i = 0; i < count && names[i] != NULL && handle == NULL; i++) {
        handle = dlopen(names[i], RTLD_LAZY | RTLD_LOCAL);
        const char *reason = handle == NULL ? dlerror() : NULL;
        if (i == 0 && reason != NULL) snprintf(first_reason, sizeof first_reason, "%s", reason);
    }
    if (handle == NULL) {
        snprintf(message, message_size, "cannot load %s (%s, %s): %s; %s", library, names[0], purpose, first_reason,
                 install_hint);
    }
    return handle;
}
