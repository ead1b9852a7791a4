// PNG files through libpng, loaded with dlopen the first time an image is read or written.
// libpng needs only zlib, where SDL2_image drags in SDL2 and its fifty libraries, so commands
// that read or write PNGs (`loom generate`, exports) start quickly. The transformations match
// SDL2_image's (8 bits a channel, no gamma correction), so a PNG decodes to the same pixels
// through either, and written files are the same bytes SDL2_image's IMG_SavePNG writes.
#ifndef CLOOMPNG_H
#define CLOOMPNG_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Loads libpng once per process (thread-safe). Returns NULL when it is loaded, or a message
/// saying which library is missing and how to install it.
const char *loom_png_load(void);

/// Whether `data` starts with PNG's eight-byte signature.
int loom_png_is_png(const void *data, size_t size);

/// Decodes a PNG held in memory to 8-bit RGBA rows (`width * 4` bytes each, no padding).
/// Palettes, grey, transparency chunks, 1/2/4/16-bit channels and interlacing are converted as
/// SDL2_image converts them; gamma chunks are ignored. On success returns 0 and sets `*pixels`
/// (free it with loom_png_free), `*width` and `*height`; on failure returns -1 and writes a
/// message to `error` (at most `error_size` bytes, NUL-terminated).
int loom_png_decode(
    const void *data, size_t size, unsigned char **pixels, int *width, int *height, char *error, size_t error_size);

/// Encodes 8-bit RGBA rows (`width * 4` bytes each, no padding) as a PNG: colour type RGBA, no
/// interlacing, libpng's default compression and filters. On success returns 0 and sets `*png`
/// (free it with loom_png_free) and `*png_size`; on failure returns -1 and writes a message to
/// `error`.
int loom_png_encode(
    const unsigned char *pixels, int width, int height, unsigned char **png, size_t *png_size, char *error,
    size_t error_size);

/// Frees memory that loom_png_decode or loom_png_encode returned.
void loom_png_free(void *memory);

#ifdef __cplusplus
}
#endif

#endif
