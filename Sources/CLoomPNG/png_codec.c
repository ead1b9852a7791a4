// PNG decoding and encoding with libpng's classic API (see CLoomPNG.h), libpng resolved with
// dlopen/dlsym on first use. libpng reports errors with longjmp; every jump lands in this file,
// in the function that called into libpng, so no Swift frame is ever skipped.
#include "CLoomPNG.h"

#include <CLoomLoader.h>

#include <dlfcn.h>
#include <png.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// MARK: Loading

#define LOOM_PNG_FUNCTIONS(X) \
    X(png_create_read_struct) \
    X(png_create_write_struct) \
    X(png_create_info_struct) \
    X(png_destroy_read_struct) \
    X(png_destroy_write_struct) \
    X(png_get_error_ptr) \
    X(png_get_io_ptr) \
    X(png_set_read_fn) \
    X(png_set_write_fn) \
    X(png_read_info) \
    X(png_get_IHDR) \
    X(png_set_strip_16) \
    X(png_set_packing) \
    X(png_set_expand) \
    X(png_set_gray_to_rgb) \
    X(png_set_add_alpha) \
    X(png_set_interlace_handling) \
    X(png_read_update_info) \
    X(png_get_rowbytes) \
    X(png_get_channels) \
    X(png_read_image) \
    X(png_set_IHDR) \
    X(png_set_rows) \
    X(png_write_png)

#define LOOM_PNG_POINTER(name) static __typeof__(&name) p_##name;
LOOM_PNG_FUNCTIONS(LOOM_PNG_POINTER)
#undef LOOM_PNG_POINTER

#if defined(__APPLE__)
static const char *const library_names[] = {
    "libpng16.16.dylib", "/opt/homebrew/opt/libpng/lib/libpng16.16.dylib", "/usr/local/opt/libpng/lib/libpng16.16.dylib"};
static const char *const install_hint = "install it with `brew install libpng`";
#else
static const char *const library_names[] = {"libpng16.so.16"};
static const char *const install_hint =
    "install it with `sudo apt-get install libpng16-16` (Debian, Ubuntu) or your system's libpng 1.6 package";
#endif

static const char *load_error;
static char load_message[1024];
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    // $LOOM_LIBPNG_LIBRARY names another libpng 1.6 (a path or a file name dlopen searches for).
    const char *first = NULL;
    void *handle = loom_open_library(
        "LOOM_LIBPNG_LIBRARY", library_names, sizeof library_names / sizeof library_names[0], "libpng",
        "for reading and writing PNG files", install_hint, &first, load_message, sizeof load_message);
    if (handle == NULL) {
        load_error = load_message;
        return;
    }
    const char *missing = NULL;
#define LOOM_PNG_RESOLVE(name) \
    p_##name = (__typeof__(&name))dlsym(handle, #name); \
    if (p_##name == NULL && missing == NULL) missing = #name;
    LOOM_PNG_FUNCTIONS(LOOM_PNG_RESOLVE)
#undef LOOM_PNG_RESOLVE
    if (missing != NULL) {
        snprintf(load_message, sizeof load_message, "the libpng found (%s) has no %s; it must be libpng 1.6; %s",
                 first, missing, install_hint);
        load_error = load_message;
    }
}

const char *loom_png_load(void) {
    pthread_once(&load_once, load);
    return load_error;
}

int loom_png_is_png(const void *data, size_t size) {
    static const unsigned char signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return data != NULL && size >= 8 && memcmp(data, signature, 8) == 0;
}

void loom_png_free(void *memory) { free(memory); }

// MARK: One decode or encode

/// The state of one call; it lives in the caller of the function that calls setjmp, so its
/// fields keep their values after a longjmp.
typedef struct Codec {
    jmp_buf jump;
    char *error;
    size_t error_size;
    png_structp png;
    png_infop info;
    const unsigned char *input;
    size_t input_size;
    size_t input_offset;
    unsigned char *output;
    size_t output_size;
    size_t output_capacity;
    unsigned char *pixels;
    png_bytep *rows;
    int width;
    int height;
} Codec;

static void fail(Codec *codec, const char *message) {
    snprintf(codec->error, codec->error_size, "%s", message);
    longjmp(codec->jump, 1);
}

static void on_error(png_structp png, png_const_charp message) {
    fail((Codec *)p_png_get_error_ptr(png), message);
}

static void on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static void read_bytes(png_structp png, png_bytep target, size_t count) {
    Codec *codec = (Codec *)p_png_get_io_ptr(png);
    if (count > codec->input_size - codec->input_offset) fail(codec, "the PNG data ends early");
    memcpy(target, codec->input + codec->input_offset, count);
    codec->input_offset += count;
}

static void write_bytes(png_structp png, png_bytep source, size_t count) {
    Codec *codec = (Codec *)p_png_get_io_ptr(png);
    if (count > codec->output_capacity - codec->output_size) {
        size_t capacity = codec->output_capacity < 4096 ? 4096 : codec->output_capacity;
        while (capacity - codec->output_size < count) capacity *= 2;
        unsigned char *grown = realloc(codec->output, capacity);
        if (grown == NULL) fail(codec, "out of memory for the PNG data");
        codec->output = grown;
        codec->output_capacity = capacity;
    }
    memcpy(codec->output + codec->output_size, source, count);
    codec->output_size += count;
}

static void flush_nothing(png_structp png) { (void)png; }

static int decode_steps(Codec *codec) {
    if (setjmp(codec->jump)) return -1;
    p_png_set_read_fn(codec->png, codec, read_bytes);
    p_png_read_info(codec->png, codec->info);
    png_uint_32 width, height;
    int depth, color, interlace;
    p_png_get_IHDR(codec->png, codec->info, &width, &height, &depth, &color, &interlace, NULL, NULL);
    // As SDL2_image: 16-bit channels keep their high byte, small depths are unpacked, palettes
    // and grey become RGB, a tRNS chunk becomes alpha; here every image then gets an alpha.
    p_png_set_strip_16(codec->png);
    p_png_set_packing(codec->png);
    p_png_set_expand(codec->png);
    if (color == PNG_COLOR_TYPE_GRAY || color == PNG_COLOR_TYPE_GRAY_ALPHA) p_png_set_gray_to_rgb(codec->png);
    p_png_set_add_alpha(codec->png, 0xff, PNG_FILLER_AFTER);
    p_png_set_interlace_handling(codec->png);
    p_png_read_update_info(codec->png, codec->info);
    if (p_png_get_channels(codec->png, codec->info) != 4 || p_png_get_rowbytes(codec->png, codec->info) != (size_t)width * 4) {
        fail(codec, "libpng did not convert the image to 8-bit RGBA");
    }
    if (width > INT32_MAX / 4 || height > INT32_MAX || (uint64_t)width * height * 4 > SIZE_MAX / 2) {
        fail(codec, "the image is too large");
    }
    codec->width = (int)width;
    codec->height = (int)height;
    codec->pixels = malloc((size_t)width * height * 4);
    codec->rows = malloc(sizeof(png_bytep) * height);
    if (codec->pixels == NULL || codec->rows == NULL) fail(codec, "out of memory for the image");
    for (png_uint_32 y = 0; y < height; y++) codec->rows[y] = codec->pixels + (size_t)y * width * 4;
    p_png_read_image(codec->png, codec->rows);
    return 0;
}

int loom_png_decode(
    const void *data, size_t size, unsigned char **pixels, int *width, int *height, char *error, size_t error_size) {
    const char *load_failure = loom_png_load();
    if (load_failure != NULL) {
        snprintf(error, error_size, "%s", load_failure);
        return -1;
    }
    Codec codec = {.error = error, .error_size = error_size, .input = data, .input_size = size};
    codec.png = p_png_create_read_struct(PNG_LIBPNG_VER_STRING, &codec, on_error, on_warning);
    codec.info = codec.png == NULL ? NULL : p_png_create_info_struct(codec.png);
    int status = -1;
    if (codec.info == NULL) {
        snprintf(error, error_size, "libpng could not start (out of memory, or not libpng 1.6)");
    } else {
        status = decode_steps(&codec);
    }
    if (codec.png != NULL) p_png_destroy_read_struct(&codec.png, codec.info != NULL ? &codec.info : NULL, NULL);
    free(codec.rows);
    if (status != 0) {
        free(codec.pixels);
        return -1;
    }
    *pixels = codec.pixels;
    *width = codec.width;
    *height = codec.height;
    return 0;
}

static int encode_steps(Codec *codec, const unsigned char *pixels) {
    if (setjmp(codec->jump)) return -1;
    codec->rows = malloc(sizeof(png_bytep) * (size_t)codec->height);
    if (codec->rows == NULL) fail(codec, "out of memory for the image");
    for (int y = 0; y < codec->height; y++) codec->rows[y] = (png_bytep)(pixels + (size_t)y * codec->width * 4);
    p_png_set_write_fn(codec->png, codec, write_bytes, flush_nothing);
    // The settings SDL2_image's IMG_SavePNG uses, so the files are byte for byte the same.
    p_png_set_IHDR(codec->png, codec->info, (png_uint_32)codec->width, (png_uint_32)codec->height, 8,
                   PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    p_png_set_rows(codec->png, codec->info, codec->rows);
    p_png_write_png(codec->png, codec->info, PNG_TRANSFORM_IDENTITY, NULL);
    return 0;
}

int loom_png_encode(
    const unsigned char *pixels, int width, int height, unsigned char **png, size_t *png_size, char *error,
    size_t error_size) {
    const char *load_failure = loom_png_load();
    if (load_failure != NULL) {
        snprintf(error, error_size, "%s", load_failure);
        return -1;
    }
    if (width <= 0 || height <= 0) {
        snprintf(error, error_size, "cannot encode an empty %dx%d image", width, height);
        return -1;
    }
    Codec codec = {.error = error, .error_size = error_size, .width = width, .height = height};
    codec.png = p_png_create_write_struct(PNG_LIBPNG_VER_STRING, &codec, on_error, on_warning);
    codec.info = codec.png == NULL ? NULL : p_png_create_info_struct(codec.png);
    int status = -1;
    if (codec.info == NULL) {
        snprintf(error, error_size, "libpng could not start (out of memory, or not libpng 1.6)");
    } else {
        status = encode_steps(&codec, pixels);
    }
    if (codec.png != NULL) p_png_destroy_write_struct(&codec.png, codec.info != NULL ? &codec.info : NULL);
    free(codec.rows);
    if (status != 0) {
        free(codec.output);
        return -1;
    }
    *png = codec.output;
    *png_size = codec.output_size;
    return 0;
}
