// SDL2, SDL2_image and SDL2_ttf, loaded with dlopen the first time Loom draws, so a command
// that never opens a window never maps them (SDL2 alone brings about fifty libraries: X11,
// Wayland, PulseAudio, ...). Each library is a "part" loaded on its own: image and ttf load
// SDL2 first. SDL's types, constants and enums come from its headers as usual; its functions
// are called through loom_-prefixed wrappers (loom_SDL_Init for SDL_Init), which go through a
// table resolved with dlsym. Calling SDL_Init itself would not link: nothing links SDL.
//
// A wrapper loads its part on first use and stops the process with the loader's message if the
// library is missing; code that can report an error calls loom_sdl_load first instead.
#ifndef CLOOMSDL_H
#define CLOOMSDL_H

#include <SDL2/SDL.h>
#include <SDL2/SDL_image.h>
#include <SDL2/SDL_ttf.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The libraries: SDL2 itself, SDL2_image, SDL2_ttf.
enum {
    LOOM_SDL_CORE = 0,
    LOOM_SDL_IMAGE = 1,
    LOOM_SDL_TTF = 2,
};

/// Loads a part (SDL2 too for image and ttf) once per process; thread-safe. Returns NULL when
/// it is loaded, or a message saying which library is missing and how to install it.
const char *loom_sdl_load(int part);

/// The functions Loom calls, by part: F(return type, name, parameters, arguments) for functions
/// that return a value, V(name, parameters, arguments) for those that return nothing.
#define LOOM_SDL_CORE_FUNCTIONS(F, V) \
    F(int, SDL_Init, (Uint32 flags), (flags)) \
    F(int, SDL_InitSubSystem, (Uint32 flags), (flags)) \
    V(SDL_QuitSubSystem, (Uint32 flags), (flags)) \
    F(Uint32, SDL_WasInit, (Uint32 flags), (flags)) \
    F(const char *, SDL_GetError, (void), ()) \
    F(SDL_bool, SDL_SetHint, (const char *name, const char *value), (name, value)) \
    F(const char *, SDL_GetCurrentVideoDriver, (void), ()) \
    V(SDL_Delay, (Uint32 ms), (ms)) \
    F(int, SDL_PollEvent, (SDL_Event *event), (event)) \
    F(int, SDL_PushEvent, (SDL_Event *event), (event)) \
    F(SDL_Window *, SDL_CreateWindow, (const char *title, int x, int y, int w, int h, Uint32 flags), \
      (title, x, y, w, h, flags)) \
    V(SDL_DestroyWindow, (SDL_Window *window), (window)) \
    V(SDL_SetWindowTitle, (SDL_Window *window, const char *title), (window, title)) \
    V(SDL_SetWindowSize, (SDL_Window *window, int w, int h), (window, w, h)) \
    F(SDL_Renderer *, SDL_CreateRenderer, (SDL_Window *window, int index, Uint32 flags), (window, index, flags)) \
    V(SDL_DestroyRenderer, (SDL_Renderer *renderer), (renderer)) \
    F(int, SDL_GetRendererInfo, (SDL_Renderer *renderer, SDL_RendererInfo *info), (renderer, info)) \
    F(int, SDL_GetRendererOutputSize, (SDL_Renderer *renderer, int *w, int *h), (renderer, w, h)) \
    F(int, SDL_SetRenderDrawColor, (SDL_Renderer *renderer, Uint8 r, Uint8 g, Uint8 b, Uint8 a), \
      (renderer, r, g, b, a)) \
    F(int, SDL_SetRenderDrawBlendMode, (SDL_Renderer *renderer, SDL_BlendMode mode), (renderer, mode)) \
    F(int, SDL_RenderClear, (SDL_Renderer *renderer), (renderer)) \
    F(int, SDL_RenderFillRect, (SDL_Renderer *renderer, const SDL_Rect *rect), (renderer, rect)) \
    F(int, SDL_RenderDrawRect, (SDL_Renderer *renderer, const SDL_Rect *rect), (renderer, rect)) \
    F(int, SDL_RenderDrawLine, (SDL_Renderer *renderer, int x1, int y1, int x2, int y2), (renderer, x1, y1, x2, y2)) \
    F(int, SDL_RenderCopy, (SDL_Renderer *renderer, SDL_Texture *texture, const SDL_Rect *source, \
                            const SDL_Rect *target), (renderer, texture, source, target)) \
    F(int, SDL_RenderReadPixels, (SDL_Renderer *renderer, const SDL_Rect *rect, Uint32 format, void *pixels, \
                                  int pitch), (renderer, rect, format, pixels, pitch)) \
    V(SDL_RenderPresent, (SDL_Renderer *renderer), (renderer)) \
    F(SDL_Texture *, SDL_CreateTexture, (SDL_Renderer *renderer, Uint32 format, int access, int w, int h), \
      (renderer, format, access, w, h)) \
    F(SDL_Texture *, SDL_CreateTextureFromSurface, (SDL_Renderer *renderer, SDL_Surface *surface), \
      (renderer, surface)) \
    V(SDL_DestroyTexture, (SDL_Texture *texture), (texture)) \
    F(int, SDL_UpdateTexture, (SDL_Texture *texture, const SDL_Rect *rect, const void *pixels, int pitch), \
      (texture, rect, pixels, pitch)) \
    F(int, SDL_SetTextureBlendMode, (SDL_Texture *texture, SDL_BlendMode mode), (texture, mode)) \
    F(int, SDL_SetTextureColorMod, (SDL_Texture *texture, Uint8 r, Uint8 g, Uint8 b), (texture, r, g, b)) \
    F(int, SDL_SetTextureAlphaMod, (SDL_Texture *texture, Uint8 alpha), (texture, alpha)) \
    F(SDL_Surface *, SDL_CreateRGBSurfaceWithFormat, (Uint32 flags, int width, int height, int depth, \
                                                      Uint32 format), (flags, width, height, depth, format)) \
    F(SDL_Surface *, SDL_CreateRGBSurfaceWithFormatFrom, (void *pixels, int width, int height, int depth, \
                                                          int pitch, Uint32 format), \
      (pixels, width, height, depth, pitch, format)) \
    F(SDL_Surface *, SDL_ConvertSurfaceFormat, (SDL_Surface *surface, Uint32 format, Uint32 flags), \
      (surface, format, flags)) \
    V(SDL_FreeSurface, (SDL_Surface *surface), (surface)) \
    F(int, SDL_LockSurface, (SDL_Surface *surface), (surface)) \
    V(SDL_UnlockSurface, (SDL_Surface *surface), (surface)) \
    F(int, SDL_FillRect, (SDL_Surface *surface, const SDL_Rect *rect, Uint32 color), (surface, rect, color)) \
    F(Uint32, SDL_MapRGBA, (const SDL_PixelFormat *format, Uint8 r, Uint8 g, Uint8 b, Uint8 a), \
      (format, r, g, b, a)) \
    F(SDL_RWops *, SDL_RWFromConstMem, (const void *memory, int size), (memory, size))

#define LOOM_SDL_IMAGE_FUNCTIONS(F, V) \
    F(SDL_Surface *, IMG_Load_RW, (SDL_RWops *source, int freesource), (source, freesource)) \
    F(int, IMG_SavePNG, (SDL_Surface *surface, const char *file), (surface, file))

#define LOOM_SDL_TTF_FUNCTIONS(F, V) \
    F(int, TTF_Init, (void), ()) \
    V(TTF_Quit, (void), ()) \
    F(TTF_Font *, TTF_OpenFont, (const char *file, int size), (file, size)) \
    V(TTF_CloseFont, (TTF_Font *font), (font)) \
    F(int, TTF_FontLineSkip, (const TTF_Font *font), (font)) \
    F(SDL_Surface *, TTF_RenderUTF8_Blended, (TTF_Font *font, const char *text, SDL_Color color), \
      (font, text, color))

/// The resolved functions, one field per function, named as in SDL.
typedef struct LoomSDLFunctions {
#define LOOM_SDL_FIELD(type, name, parameters, arguments) __typeof__(&name) name;
#define LOOM_SDL_VOID_FIELD(name, parameters, arguments) __typeof__(&name) name;
    LOOM_SDL_CORE_FUNCTIONS(LOOM_SDL_FIELD, LOOM_SDL_VOID_FIELD)
    LOOM_SDL_IMAGE_FUNCTIONS(LOOM_SDL_FIELD, LOOM_SDL_VOID_FIELD)
    LOOM_SDL_TTF_FUNCTIONS(LOOM_SDL_FIELD, LOOM_SDL_VOID_FIELD)
#undef LOOM_SDL_FIELD
#undef LOOM_SDL_VOID_FIELD
} LoomSDLFunctions;

/// The table; a part's fields are set before its flag in loom_sdl_loaded is.
extern LoomSDLFunctions loom_sdl_functions;
/// Per part: 1 once its functions are in the table.
extern int loom_sdl_loaded[3];

/// Loads `part` or stops the process with the loader's message; returns the table.
const LoomSDLFunctions *loom_sdl_require(int part);

/// The table with `part` loaded (a flag check after the first call).
static inline const LoomSDLFunctions *loom_sdl_functions_for(int part) {
    if (__atomic_load_n(&loom_sdl_loaded[part], __ATOMIC_ACQUIRE)) return &loom_sdl_functions;
    return loom_sdl_require(part);
}

#define LOOM_SDL_CORE_WRAPPER(type, name, parameters, arguments) \
    static inline type loom_##name parameters { return loom_sdl_functions_for(LOOM_SDL_CORE)->name arguments; }
#define LOOM_SDL_CORE_VOID_WRAPPER(name, parameters, arguments) \
    static inline void loom_##name parameters { loom_sdl_functions_for(LOOM_SDL_CORE)->name arguments; }
#define LOOM_SDL_IMAGE_WRAPPER(type, name, parameters, arguments) \
    static inline type loom_##name parameters { return loom_sdl_functions_for(LOOM_SDL_IMAGE)->name arguments; }
#define LOOM_SDL_IMAGE_VOID_WRAPPER(name, parameters, arguments) \
    static inline void loom_##name parameters { loom_sdl_functions_for(LOOM_SDL_IMAGE)->name arguments; }
#define LOOM_SDL_TTF_WRAPPER(type, name, parameters, arguments) \
    static inline type loom_##name parameters { return loom_sdl_functions_for(LOOM_SDL_TTF)->name arguments; }
#define LOOM_SDL_TTF_VOID_WRAPPER(name, parameters, arguments) \
    static inline void loom_##name parameters { loom_sdl_functions_for(LOOM_SDL_TTF)->name arguments; }

LOOM_SDL_CORE_FUNCTIONS(LOOM_SDL_CORE_WRAPPER, LOOM_SDL_CORE_VOID_WRAPPER)
LOOM_SDL_IMAGE_FUNCTIONS(LOOM_SDL_IMAGE_WRAPPER, LOOM_SDL_IMAGE_VOID_WRAPPER)
LOOM_SDL_TTF_FUNCTIONS(LOOM_SDL_TTF_WRAPPER, LOOM_SDL_TTF_VOID_WRAPPER)

/* Function-like macros of SDL, as functions Swift can call. */
static inline int loom_sdl_must_lock(SDL_Surface *surface) { return SDL_MUSTLOCK(surface) ? 1 : 0; }
static inline int loom_sdl_button_mask(int button) { return SDL_BUTTON(button); }
static inline Uint32 loom_sdl_window_pos_centered(void) { return SDL_WINDOWPOS_CENTERED; }
static inline Uint32 loom_sdl_window_pos_undefined(void) { return SDL_WINDOWPOS_UNDEFINED; }

#ifdef __cplusplus
}
#endif

#endif
