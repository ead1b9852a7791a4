// Resolves SDL2, SDL2_image and SDL2_ttf with dlopen/dlsym on first use (see CLoomSDL.h).
#include "CLoomSDL.h"

#include <CLoomLoader.h>

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

LoomSDLFunctions loom_sdl_functions;
int loom_sdl_loaded[3];

/// Where a part's library is looked for, what it is for, and how to install it.
typedef struct Part {
    const char *name;
    const char *purpose;
    const char *files[3];
    const char *install;
} Part;

#if defined(__APPLE__)
static const Part parts[3] = {
    {"SDL2", "for windows and drawing",
     {"libSDL2-2.0.0.dylib", "/opt/homebrew/lib/libSDL2-2.0.0.dylib", "/usr/local/lib/libSDL2-2.0.0.dylib"},
     "install it with `brew install sdl2`"},
    {"SDL2_image", "for reading images other than PNG",
     {"libSDL2_image-2.0.0.dylib", "/opt/homebrew/lib/libSDL2_image-2.0.0.dylib",
      "/usr/local/lib/libSDL2_image-2.0.0.dylib"},
     "install it with `brew install sdl2_image`"},
    {"SDL2_ttf", "for TrueType text in the playground",
     {"libSDL2_ttf-2.0.0.dylib", "/opt/homebrew/lib/libSDL2_ttf-2.0.0.dylib", "/usr/local/lib/libSDL2_ttf-2.0.0.dylib"},
     "install it with `brew install sdl2_ttf`"},
};
#else
static const Part parts[3] = {
    {"SDL2", "for windows and drawing", {"libSDL2-2.0.so.0", NULL, NULL},
     "install it with `sudo apt-get install libsdl2-2.0-0` (Debian, Ubuntu) or your system's SDL2 package"},
    {"SDL2_image", "for reading images other than PNG", {"libSDL2_image-2.0.so.0", NULL, NULL},
     "install it with `sudo apt-get install libsdl2-image-2.0-0` (Debian, Ubuntu) or your system's SDL2_image package"},
    {"SDL2_ttf", "for TrueType text in the playground", {"libSDL2_ttf-2.0.so.0", NULL, NULL},
     "install it with `sudo apt-get install libsdl2-ttf-2.0-0` (Debian, Ubuntu) or your system's SDL2_ttf package"},
};
#endif

static const char *load_errors[3];
static char load_messages[3][1024];
static pthread_once_t load_once[3] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

/// $LOOM_SDL2_LIBRARY, $LOOM_SDL2_IMAGE_LIBRARY and $LOOM_SDL2_TTF_LIBRARY name other builds
/// (a path or a file name dlopen searches for).
static const char *const override_variables[3] = {
    "LOOM_SDL2_LIBRARY", "LOOM_SDL2_IMAGE_LIBRARY", "LOOM_SDL2_TTF_LIBRARY"};

/// The file a part was looked for in first (named in messages).
static const char *first_files[3];

/// Opens a part's library, or returns NULL with the message in load_errors.
static void *open_part(int part) {
    const Part *p = &parts[part];
    void *handle = loom_open_library(
        override_variables[part], p->files, 3, p->name, p->purpose, p->install, &first_files[part],
        load_messages[part], sizeof load_messages[part]);
    if (handle == NULL) load_errors[part] = load_messages[part];
    return handle;
}

static void missing_function(int part, const char *function) {
    if (load_errors[part] != NULL) return;
    snprintf(load_messages[part], sizeof load_messages[part], "the %s found (%s) has no %s, so it is too old; %s",
             parts[part].name, first_files[part], function, parts[part].install);
    load_errors[part] = load_messages[part];
}

#define LOOM_SDL_RESOLVE(type, name, parameters, arguments) \
    loom_sdl_functions.name = (__typeof__(&name))dlsym(handle, #name); \
    if (loom_sdl_functions.name == NULL) missing_function(part, #name);
#define LOOM_SDL_RESOLVE_VOID(name, parameters, arguments) LOOM_SDL_RESOLVE(void, name, parameters, arguments)

static void load_core(void) {
    const int part = LOOM_SDL_CORE;
    void *handle = open_part(part);
    if (handle == NULL) return;
    LOOM_SDL_CORE_FUNCTIONS(LOOM_SDL_RESOLVE, LOOM_SDL_RESOLVE_VOID)
    if (load_errors[part] == NULL) __atomic_store_n(&loom_sdl_loaded[part], 1, __ATOMIC_RELEASE);
}

static void load_image(void) {
    const int part = LOOM_SDL_IMAGE;
    if ((load_errors[part] = loom_sdl_load(LOOM_SDL_CORE)) != NULL) return;
    void *handle = open_part(part);
    if (handle == NULL) return;
    LOOM_SDL_IMAGE_FUNCTIONS(LOOM_SDL_RESOLVE, LOOM_SDL_RESOLVE_VOID)
    if (load_errors[part] == NULL) __atomic_store_n(&loom_sdl_loaded[part], 1, __ATOMIC_RELEASE);
}

static void load_ttf(void) {
    const int part = LOOM_SDL_TTF;
    if ((load_errors[part] = loom_sdl_load(LOOM_SDL_CORE)) != NULL) return;
    void *handle = open_part(part);
    if (handle == NULL) return;
    LOOM_SDL_TTF_FUNCTIONS(LOOM_SDL_RESOLVE, LOOM_SDL_RESOLVE_VOID)
    if (load_errors[part] == NULL) __atomic_store_n(&loom_sdl_loaded[part], 1, __ATOMIC_RELEASE);
}

const char *loom_sdl_load(int part) {
    static void (*const loaders[3])(void) = {load_core, load_image, load_ttf};
    if (part < 0 || part > 2) return "loom_sdl_load: no such part";
    pthread_once(&load_once[part], loaders[part]);
    return load_errors[part];
}

const LoomSDLFunctions *loom_sdl_require(int part) {
    const char *error = loom_sdl_load(part);
    if (error != NULL) {
        fprintf(stderr, "loom: %s\n", error);
        abort();
    }
    return &loom_sdl_functions;
}
