#ifndef LOOM_CSDL2_SHIM_H
#define LOOM_CSDL2_SHIM_H
#include <SDL.h>
#include <SDL_image.h>
#include <SDL_ttf.h>

/* Function-like macros of SDL, as functions Swift can call. */
static inline int loom_sdl_must_lock(SDL_Surface *surface) { return SDL_MUSTLOCK(surface) ? 1 : 0; }
static inline int loom_sdl_button_mask(int button) { return SDL_BUTTON(button); }
static inline Uint32 loom_sdl_window_pos_centered(void) { return SDL_WINDOWPOS_CENTERED; }
static inline Uint32 loom_sdl_window_pos_undefined(void) { return SDL_WINDOWPOS_UNDEFINED; }
static inline int loom_sdl_save_png(SDL_Surface *surface, const char *path) { return IMG_SavePNG(surface, path); }
#endif
