/*
 * loom.h — the C API of Loom (libloom), for C99 and C++.
 *
 * Loom generates game worlds and the stories in them. This header exposes it to any language
 * that can call C: maps from any registered generator, noise, stories (Yarn and ink) and worlds. It is a thin layer over the
 * Swift API (Sources/LoomC): every rule, default and check is the Swift library's own.
 *
 * ---------------------------------------------------------------------------------------------
 * DESIGN (the rules every function below follows)
 *
 * Status.   Every function that can fail returns a loom_status: LOOM_OK (0) or an error code.
 *           Nothing aborts the host process on bad input: null or freed handles, null pointers,
 *           wrong buffer sizes, invalid JSON and invalid UTF-8 all return a status.
 *
 * Errors.   Functions that can fail take a last parameter `loom_error **error`. It may be NULL
 *           (the caller wants only the status). Otherwise, on failure *error receives a new error
 *           object that the caller owns and frees with loom_error_free(); on success *error is set
 *           to NULL. loom_error_message() gives the located Loom message, e.g.
 *           "<parameters>:1:2: error: unknown key 'fill' ...". The message is borrowed: valid until
 *           loom_error_free() of that error.
 *
 * Handles.  loom_map, loom_story, loom_world, loom_session and loom_text_model are opaque.
 *           Each has a create function that returns it through an out-parameter and a loom_*_free(). A handle is a
 *           checked token, not a pointer into library memory: passing NULL, a freed handle, or a
 *           handle of another type returns LOOM_ERROR_INVALID_HANDLE, never a crash. Freeing twice
 *           returns LOOM_ERROR_INVALID_HANDLE the second time. (Slots are reused with a 24-bit
 *           generation counter; a handle freed 16 million frees of its slot ago may alias.)
 *
 * Memory.   Strings the library returns through `char **` are owned by the caller and freed with
 *           loom_string_free(). Strings returned as `const char *` (loom_version(),
 *           loom_status_name(), loom_error_message()) are borrowed, as each function states.
 *           Buffers are always the caller's: the library writes `count` elements and never keeps
 *           the pointer. Strings passed in must be NUL-terminated UTF-8; the library copies them.
 *
 * Threads.  Every function may be called from any thread. A handle may be used by one thread at a
 *           time (a map is immutable, so concurrent reads of one map are also fine; calls on one
 *           story, session or text model from two threads wait for each other, in an undefined
 *           order; a world may be shared);
 *           distinct handles may be used on distinct threads at once. Creating and freeing handles
 *           is thread-safe.
 *
 * Versions. loom_version() is the release ("0.1.0"). LOOM_ABI_VERSION is the version of this
 *           header's binary interface; a caller checks loom_abi_version() == LOOM_ABI_VERSION at
 *           load. It changes whenever a function is added or a function's signature or meaning
 *           changes (2: text models, typed choices, options as JSON).
 *
 * Linking.  Shared: -I include -L .build/release -lloom (Scripts/build-libloom names the built
 *           artefacts libloom.so and libloom.a). Only 64-bit platforms are supported.
 * ---------------------------------------------------------------------------------------------
 */
#ifndef LOOM_H
#define LOOM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The binary interface this header describes; compare with loom_abi_version(). */
#define LOOM_ABI_VERSION 2

/** What a call did. New codes may be added; treat unknown nonzero codes as failures. */
typedef enum loom_status {
    LOOM_OK = 0,                      /**< Success. */
    LOOM_ERROR_INVALID_ARGUMENT = 1,  /**< A parameter is out of range, of the wrong type, or NULL. */
    LOOM_ERROR_PARSE = 2,             /**< Text (JSON, a story, a file) does not follow its grammar. */
    LOOM_ERROR_IO = 3,                /**< A file could not be read or written. */
    LOOM_ERROR_NOT_FOUND = 4,         /**< A name (generator, layer) names nothing. */
    LOOM_ERROR_BUFFER_TOO_SMALL = 5,  /**< The caller's buffer holds fewer elements than needed. */
    LOOM_ERROR_INVALID_HANDLE = 6,    /**< NULL, freed, or a handle of another type. */
    LOOM_ERROR_INVALID_UTF8 = 7,      /**< A string passed in is not valid UTF-8. */
    LOOM_ERROR_BUDGET = 8,            /**< A work or memory budget ran out. */
    LOOM_ERROR_RUNTIME = 9,           /**< A script, world rule or generator failed, or a save does not fit. */
    LOOM_ERROR_LIBRARY = 10,          /**< A system library Loom loads when needed is missing. */
    LOOM_ERROR_INTERNAL = 11          /**< A bug in Loom; the message says what. */
} loom_status;

/** An error: its status and located message. Owned by the caller; free with loom_error_free(). */
typedef struct loom_error loom_error;
/** A generated tile map: size, tile layers, value layers, annotations. Immutable. */
typedef struct loom_map loom_map;
/** A loaded world folder (world.lua, its story, its text assets). Immutable. */
typedef struct loom_world loom_world;
/** One playthrough of a world: the live map, the story, the player, events. */
typedef struct loom_session loom_session;
/** A story being played (Yarn or ink, through one API): its position, variables and choices. */
typedef struct loom_story loom_story;
/** A loaded transformer (GGUF, or llama2.c with its tokenizer) that writes text. */
typedef struct loom_text_model loom_text_model;

/** What loom_story_continue() found. */
typedef enum loom_story_event {
    LOOM_STORY_LINE = 0,    /**< A line of text (out_line). */
    LOOM_STORY_CHOICES = 1, /**< Choices wait: read them with loom_story_choice(), answer with loom_story_choose(). */
    LOOM_STORY_END = 2      /**< The story has ended; continuing returns LOOM_STORY_END again. */
} loom_story_event;

/* ---- Version, errors, strings ------------------------------------------------------------- */

/** The release, e.g. "0.1.0". Static storage: never free it. */
const char *loom_version(void);
/** The ABI version of the library loaded; equals LOOM_ABI_VERSION for a matching header. */
int32_t loom_abi_version(void);
/** The status's name, e.g. "LOOM_ERROR_PARSE"; "LOOM_ERROR_UNKNOWN" for other values. Static. */
const char *loom_status_name(loom_status status);

/** The error's message ("file:line:column: error: ..."). Borrowed until loom_error_free(error).
 *  For NULL or a freed error, a static message saying so. */
const char *loom_error_message(const loom_error *error);
/** The error's status; LOOM_ERROR_INVALID_HANDLE for NULL or a freed error. */
loom_status loom_error_status(const loom_error *error);
/** Frees an error. NULL is a no-op returning LOOM_OK; a freed error gives LOOM_ERROR_INVALID_HANDLE. */
loom_status loom_error_free(loom_error *error);
/** Frees a string the library returned through a `char **`. NULL is a no-op. */
void loom_string_free(char *string);

/* ---- Maps ---------------------------------------------------------------------------------- */

/** The most cells loom_map_generate() makes in one map (4096 x 4096): a terrain map keeps about 20
 *  bytes a cell, and more while it is made. Larger worlds are made in chunks. */
#define LOOM_MAP_MAX_CELLS 16777216

/**
 * The registered map generators as a JSON array, each {"name", "summary", "parameters"} with
 * every parameter at its default. *out_json is the caller's: free it with loom_string_free().
 */
loom_status loom_map_generators(char **out_json, loom_error **error);

/**
 * Generates a map with generator `generator` ("terrain", "caves", "dungeon", "maze").
 *
 * @param generator        The generator's name (UTF-8). Unknown: LOOM_ERROR_NOT_FOUND.
 * @param parameters_json  A JSON object naming only the parameters it changes, e.g.
 *                         {"fillProbability":0.5}; NULL or "" for every default. Unknown keys and
 *                         out-of-range values are errors (LOOM_ERROR_INVALID_ARGUMENT); malformed
 *                         JSON is LOOM_ERROR_PARSE. Messages are located at "<parameters>:line:col".
 * @param seed             The 64-bit seed: the same seed and parameters give the same map everywhere.
 * @param width, height    The size in cells; 0 keeps the JSON's (or the generator's default). A
 *                         map of more than LOOM_MAP_MAX_CELLS cells (given here or in the JSON) is
 *                         LOOM_ERROR_BUDGET, refused before anything is allocated; each side is also
 *                         held to the generator's own range (3 to 8192: LOOM_ERROR_INVALID_ARGUMENT).
 * @param out_map          Receives the new map (the caller's; free with loom_map_free()).
 */
loom_status loom_map_generate(
    const char *generator, const char *parameters_json, uint64_t seed, int32_t width, int32_t height,
    loom_map **out_map, loom_error **error);

/** Frees a map. NULL is a no-op returning LOOM_OK; a freed map gives LOOM_ERROR_INVALID_HANDLE. */
loom_status loom_map_free(loom_map *map);

/** The map's width and height in cells (either pointer may be NULL). */
loom_status loom_map_size(const loom_map *map, int32_t *out_width, int32_t *out_height, loom_error **error);

/** How many tile layers the map has (terrain: "ground", "biome"; others: "ground"). */
loom_status loom_map_layer_count(const loom_map *map, int32_t *out_count, loom_error **error);

/** The name of tile layer `index` (0-based). *out_name is the caller's (loom_string_free()). */
loom_status loom_map_layer_name(const loom_map *map, int32_t index, char **out_name, loom_error **error);

/**
 * One tile id: layer `layer_index` (0-based), cell (x, y). Out of range: LOOM_ERROR_INVALID_ARGUMENT.
 * Convenient but slow per cell; copy a whole layer with loom_map_copy_tiles() instead.
 */
loom_status loom_map_tile(
    const loom_map *map, int32_t layer_index, int32_t x, int32_t y, uint16_t *out_tile, loom_error **error);

/**
 * Copies tile layer `layer` (NULL: the first layer) into `buffer`, row by row: cell (x, y) at
 * buffer[y * width + x]. `capacity` is the buffer's length in elements; fewer than width * height
 * gives LOOM_ERROR_BUFFER_TOO_SMALL and writes nothing. Unknown layer: LOOM_ERROR_NOT_FOUND.
 */
loom_status loom_map_copy_tiles(
    const loom_map *map, const char *layer, uint16_t *buffer, size_t capacity, loom_error **error);

/**
 * Copies value layer `layer` (terrain: "height", "moisture", "temperature", "flow") into `buffer`,
 * as loom_map_copy_tiles() does.
 */
loom_status loom_map_copy_values(
    const loom_map *map, const char *layer, float *buffer, size_t capacity, loom_error **error);

/**
 * The map's annotations (rooms, doors, corridors, regions, rivers, places) as a JSON array, in the
 * TileMap JSON format. *out_json is the caller's (loom_string_free()).
 */
loom_status loom_map_annotations(const loom_map *map, char **out_json, loom_error **error);

/**
 * What tile id `tile` is in the map's tileset: its colour as 0xRRGGBBAA, whether the player may
 * walk on it (1 or 0) and its name (the caller's string). Any out-pointer may be NULL. An id the
 * tileset lacks: LOOM_ERROR_NOT_FOUND.
 */
loom_status loom_map_tile_info(
    const loom_map *map, uint16_t tile, uint32_t *out_rgba, int32_t *out_walkable, char **out_name,
    loom_error **error);

/** The map's tileset (id, name, colour, walkable, water per tile) as JSON; caller's string. */
loom_status loom_map_tileset(const loom_map *map, char **out_json, loom_error **error);

/**
 * Writes the map to `path`; its extension picks the format: .png, .tmj (Tiled, with its tileset
 * sheet beside it), .json, .txt. `layer` (NULL: the first) is the tile layer .png and .txt draw;
 * `scale` (1...64, 0 for 1) the pixels per tile of a .png. Written atomically.
 */
loom_status loom_map_export(const loom_map *map, const char *path, const char *layer, int32_t scale, loom_error **error);

/* ---- Noise --------------------------------------------------------------------------------- */

/**
 * Fills `buffer` with width x height samples of 2D noise: cell (x, y), at buffer[y * width + x],
 * gets the noise at (origin_x + x * step, origin_y + y * step).
 *
 * @param config_json  A NoiseGenerator as JSON naming only what it changes, e.g.
 *                     {"seed": 7, "noiseType": "perlin", "frequency": 0.02, "octaves": 4};
 *                     NULL or "" for every default.
 * @param width, height  At least 1 each, and at most 268435456 samples in one call.
 * @param capacity     The buffer's length in floats; below width * height: LOOM_ERROR_BUFFER_TOO_SMALL.
 * Results are the same bytes on every machine and thread count.
 */
loom_status loom_noise_fill(
    const char *config_json, int32_t width, int32_t height, double origin_x, double origin_y, double step,
    float *buffer, size_t capacity, loom_error **error);

/* ---- Stories ------------------------------------------------------------------------------ */

/**
 * Compiles a story and starts it: one .ink file (its INCLUDEs read beside it), or any number of
 * .yarn files, started at node `start_node` (NULL: "Start"; ignored for ink).
 *
 * @param paths, count  The files (UTF-8 paths); the library copies what it needs.
 * @param seed          Seeds the story's random functions: the same seed gives the same playthrough.
 * @param out_story     Receives the story (the caller's; free with loom_story_free()).
 * Errors: LOOM_ERROR_IO (a file cannot be read), LOOM_ERROR_PARSE (every compile error, located
 * "story/intro.yarn:12:5: error: ..." one per line), LOOM_ERROR_NOT_FOUND (no such start node).
 */
loom_status loom_story_compile(
    const char *const *paths, size_t count, const char *start_node, uint64_t seed, loom_story **out_story,
    loom_error **error);

/** Frees a story. NULL is a no-op returning LOOM_OK; a freed story gives LOOM_ERROR_INVALID_HANDLE. */
loom_status loom_story_free(loom_story *story);

/**
 * Runs the story to its next event. For LOOM_STORY_LINE, *out_line (when out_line is not NULL)
 * receives the line's text, the caller's (loom_string_free()); otherwise it is set to NULL. While
 * choices wait, continuing returns LOOM_STORY_CHOICES again.
 */
loom_status loom_story_continue(loom_story *story, loom_story_event *out_event, char **out_line, loom_error **error);

/** How many choices the last LOOM_STORY_CHOICES event offered (0 after any other event). */
loom_status loom_story_choice_count(loom_story *story, int32_t *out_count, loom_error **error);

/**
 * Choice `index` (0-based) of the last LOOM_STORY_CHOICES event: its text (the caller's string)
 * and whether it may be taken (*out_available 1 or 0; out_available may be NULL). Yarn shows
 * unavailable options; ink never offers them.
 */
loom_status loom_story_choice(
    loom_story *story, int32_t index, char **out_text, int32_t *out_available, loom_error **error);

/** Takes choice `index` (0-based) of the last LOOM_STORY_CHOICES event. */
loom_status loom_story_choose(loom_story *story, int32_t index, loom_error **error);

/**
 * The choices of the last LOOM_STORY_CHOICES event as a JSON array, one object per choice in
 * index order: {"available": true, "index": 0, "tags": ["hint:buy"], "text": "Buy timber"}
 * (keys sorted; "tags" are the line's tags without '#'). "[]" after any other event. *out_json is
 * the caller's (loom_string_free()).
 */
loom_status loom_story_choices_json(loom_story *story, char **out_json, loom_error **error);

/**
 * Chooses by what the player typed (UTF-8, e.g. "I'll buy some timber"): the sentence model
 * (all-MiniLM-L6-v2) scores the available choices (their text and their #hint: tags) and takes
 * the best when it scores at least 0.35. Yarn and ink (an ink choice's hints are tags written inside
 * its brackets: `* [Buy timber #hint:buy]`).
 *
 * @param out_matched  NULL, or 1 when a choice was taken (continue the story as after
 *                     loom_story_choose()), 0 when none was close enough (the same choices still
 *                     wait: answer "I don't understand" and ask again).
 * @param out_index    NULL, or the choice taken, or when none was, the closest available one
 *                     (-1 when none is available).
 * @param out_score    NULL, or that choice's score (cosine similarity, about -1 to 1).
 * The model is loaded on the first call (a second or so) and shared by every story and session,
 * on any thread (embedding is thread-safe); the story handle itself is used as by loom_story_choose().
 * Errors: LOOM_ERROR_NOT_FOUND when the model is not on the model search path (the message says
 * to run Scripts/fetch-models or set LOOM_MODELS; choosing by index still works);
 * LOOM_ERROR_INVALID_ARGUMENT when no choices wait.
 */
loom_status loom_story_choose_text(
    loom_story *story, const char *text, int32_t *out_matched, int32_t *out_index, float *out_score,
    loom_error **error);

/**
 * A story variable (Yarn: "$gold"; ink: "gold") as JSON: true, 3, 2.5 or "text". *out_json is the
 * caller's (loom_string_free()). No such variable: LOOM_ERROR_NOT_FOUND.
 */
loom_status loom_story_variable(loom_story *story, const char *name, char **out_json, loom_error **error);

/** Sets a story variable from JSON: a boolean, a number or a string (e.g. "12", "\"Ada\""). */
loom_status loom_story_set_variable(loom_story *story, const char *name, const char *value_json, loom_error **error);

/**
 * Saves the story's state (position, variables, visits, random state) in its runtime's versioned
 * format. *out_size receives the save's size in bytes. Call with buffer NULL and capacity 0 to
 * learn the size; a smaller non-zero capacity gives LOOM_ERROR_BUFFER_TOO_SMALL (*out_size is
 * still set) and writes nothing.
 */
loom_status loom_story_save(
    loom_story *story, uint8_t *buffer, size_t capacity, size_t *out_size, loom_error **error);

/**
 * Restores a save into a story compiled from the same files. Waiting choices come back from the
 * next loom_story_continue(). A corrupt or foreign save: LOOM_ERROR_PARSE or
 * LOOM_ERROR_INVALID_ARGUMENT, and the story is unchanged.
 */
loom_status loom_story_load(loom_story *story, const uint8_t *bytes, size_t size, loom_error **error);

/* ---- Worlds -------------------------------------------------------------------------------- */

/** What a session event (loom_session_event()) was. */
typedef enum loom_world_event_kind {
    LOOM_WORLD_EVENT_ENTERED = 0,     /**< The player entered cell (x, y); text: the place there, or NULL. */
    LOOM_WORLD_EVENT_NODE = 1,        /**< A node (ink: knot) started; text: its name. */
    LOOM_WORLD_EVENT_LINE = 2,        /**< A line the player reads; text: the line. */
    LOOM_WORLD_EVENT_OPTIONS = 3,     /**< Options were offered; x: how many; text: their texts, one per line. */
    LOOM_WORLD_EVENT_CHOICE = 4,      /**< The player chose option number x (from 1); text: its text. */
    LOOM_WORLD_EVENT_TYPED = 5,       /**< The player typed text; x: the option it matched (from 1), or 0. */
    LOOM_WORLD_EVENT_COMMAND = 6,     /**< A story command the world ran; text: the command. */
    LOOM_WORLD_EVENT_TEXT_SOURCE = 7  /**< A model or fallback wrote text; text: the story function. */
} loom_world_event_kind;

/**
 * Loads a world folder: world.lua, the .yarn or .ink files in story/, the text assets. With text_model
 * 0 the model named by world.lua's `text` table is not loaded (the n-gram model writes instead).
 * Errors are located in the world's files (world.lua:12: ..., story/intro.yarn:3:5: error: ...):
 * LOOM_ERROR_NOT_FOUND for a missing folder or a folder without world.lua; LOOM_ERROR_PARSE for
 * Lua that does not parse, a malformed grammar.json and story compile errors; LOOM_ERROR_RUNTIME
 * for a Lua error while world.lua runs ("world.lua:7: ...") and a world.lua that declares
 * something wrong; LOOM_ERROR_IO for a file that cannot be read; LOOM_ERROR_BUDGET when world.lua
 * runs out of instructions or memory.
 * *out_world is the caller's (loom_world_free()). A world may be shared by threads.
 */
loom_status loom_world_load(const char *folder, int32_t text_model, loom_world **out_world, loom_error **error);

/** Frees a world; sessions opened from it stay valid. NULL is a no-op. */
loom_status loom_world_free(loom_world *world);

/**
 * Generates the world at `*seed` (NULL: the world's own seed) at its declared size and opens a
 * playthrough of it. The dialogue has not started: call loom_session_start(). *out_session is
 * the caller's (loom_session_free()).
 */
loom_status loom_session_open(loom_world *world, const uint64_t *seed, loom_session **out_session, loom_error **error);

/** Frees a session. NULL is a no-op returning LOOM_OK. */
loom_status loom_session_free(loom_session *session);

/** A copy of the session's live map (generated, then edited by rules and story commands): a new
 *  loom_map the caller frees with loom_map_free(). */
loom_status loom_session_map(loom_session *session, loom_map **out_map, loom_error **error);

/** Starts the dialogue at `node` (NULL: the world's start node) and plays to the first options or the end. */
loom_status loom_session_start(loom_session *session, const char *node, loom_error **error);

/**
 * The player entered cell (x, y): runs the world's on_enter rule, which may start a node. When it
 * does, *out_node (when out_node is not NULL) receives its name (the caller's string); else NULL.
 */
loom_status loom_session_enter(loom_session *session, int32_t x, int32_t y, char **out_node, loom_error **error);

/** How many options wait for loom_session_choose() (0 while the story waits or has ended). */
loom_status loom_session_option_count(loom_session *session, int32_t *out_count, loom_error **error);

/** Option `index` (0-based): its text (the caller's string) and whether it may be chosen. */
loom_status loom_session_option(
    loom_session *session, int32_t index, char **out_text, int32_t *out_available, loom_error **error);

/** Chooses option `index` (0-based) and plays on to the next options or the end. */
loom_status loom_session_choose(loom_session *session, int32_t index, loom_error **error);

/** The waiting options as JSON, as loom_story_choices_json() writes them ("[]" when none wait). */
loom_status loom_session_options_json(loom_session *session, char **out_json, loom_error **error);

/**
 * Chooses by typed text as loom_story_choose_text() does (same outputs, errors and model), and
 * plays on when an option matched. The session records a LOOM_WORLD_EVENT_TYPED event either way;
 * when nothing matched, the options are offered again (a new LOOM_WORLD_EVENT_OPTIONS event).
 * A session that already has a sentence model (its world uses one) keeps it.
 */
loom_status loom_session_choose_text(
    loom_session *session, const char *text, int32_t *out_matched, int32_t *out_index, float *out_score,
    loom_error **error);

/** How many events the session has recorded (they only grow; read new ones from the last count). */
loom_status loom_session_event_count(loom_session *session, int32_t *out_count, loom_error **error);

/**
 * Event `index` (0-based): its kind, its text (the caller's string, or NULL when it has none) and
 * its numbers (see loom_world_event_kind; 0 when unused). Any out-pointer but out_kind may be NULL.
 */
loom_status loom_session_event(
    loom_session *session, int32_t index, loom_world_event_kind *out_kind, char **out_text, int32_t *out_x,
    int32_t *out_y, loom_error **error);

/**
 * Saves the playthrough (story, map edits, player, world.lua's state, transcript) as the world
 * save format's JSON; equal sessions give equal bytes. Sizes as loom_story_save(): buffer NULL
 * and capacity 0 ask for the size.
 */
loom_status loom_session_save(
    loom_session *session, uint8_t *buffer, size_t capacity, size_t *out_size, loom_error **error);

/**
 * Continues a save in this session, which must play the save's world at its seed (open it with
 * the save's seed). A save of another world or seed: LOOM_ERROR_RUNTIME naming both, and the
 * session is unchanged; bytes that are not a save: LOOM_ERROR_PARSE.
 */
loom_status loom_session_load(loom_session *session, const uint8_t *bytes, size_t size, loom_error **error);

/* ---- Text models -------------------------------------------------------------------------- */

/** Why loom_text_model_generate() stopped. */
typedef enum loom_text_finish {
    LOOM_TEXT_LENGTH = 0,       /**< The token limit (maxTokens) was reached. */
    LOOM_TEXT_SENTENCE_END = 1, /**< A sentence ended and the options asked to stop there. */
    LOOM_TEXT_STOP_STRING = 2,  /**< One of the options' stop strings appeared (it is not returned). */
    LOOM_TEXT_END = 3,          /**< The model ended the text (end of text, end of turn, full context). */
    LOOM_TEXT_CANCELLED = 4     /**< The token callback returned nonzero. */
} loom_text_finish;

/**
 * Called with each token as it is made: `token` is its text (NUL-terminated UTF-8, `length`
 * bytes, including any leading space), borrowed for the call only. Return 0 to go on, nonzero to
 * stop: the text ends with this token and the call returns LOOM_OK with LOOM_TEXT_CANCELLED. The
 * callback runs on the calling thread; it must not call loom_text_model_generate() on the same
 * model (that returns LOOM_ERROR_INVALID_ARGUMENT), but may use any other handle.
 */
typedef int32_t (*loom_text_callback)(const char *token, size_t length, void *user_data);

/**
 * Loads a text model: `model` is a path, or a file name Loom finds on its model search path
 * (LOOM_MODELS, then Models/ above the current folder or the executable), e.g.
 * "SmolLM2-135M-Instruct.Q4_1.gguf". A GGUF file carries its tokenizer and chat template; a
 * llama2.c checkpoint (.bin) reads `tokenizer` (NULL: tokenizer.bin beside it). `tokenizer` for a
 * GGUF file replaces its own with a llama2.c tokenizer.bin. NULL `tokenizer` is the usual call.
 * Errors: LOOM_ERROR_IO (not found: the message lists where Loom looked and how to fetch the
 * shipped models), LOOM_ERROR_PARSE (not a model file, or a damaged one), LOOM_ERROR_INVALID_ARGUMENT
 * (an n-gram model). *out_model is the caller's (loom_text_model_free()). Loading reads the whole
 * file (about 100 MB for SmolLM2-135M Q4_1).
 */
loom_status loom_text_model_load(
    const char *model, const char *tokenizer, loom_text_model **out_model, loom_error **error);

/** Frees a text model. NULL is a no-op returning LOOM_OK; a freed model gives LOOM_ERROR_INVALID_HANDLE. */
loom_status loom_text_model_free(loom_text_model *model);

/**
 * Writes text for `prompt` (UTF-8): its continuation, or, in chat mode, the assistant's reply to
 * it as the user's message. The same model, prompt, seed and options give the same text, byte
 * for byte, on any thread count (on one machine: the last bits of the model's float math may
 * differ across CPUs).
 *
 * @param options_json  A JSON object naming only what it changes (NULL or "" for every default):
 *     "maxTokens" (64; at least 1), "temperature" (1; 0 is greedy; at most 10), "topK" (0: all),
 *     "topP" (1; in (0, 1]), "minP" (0; [0, 1]), "repetitionPenalty" (1; [1, 10]),
 *     "repetitionWindow" (64), "threads" (1; 1 to 256, the same text on any count),
 *     "stopAtSentenceEnd" (false), "stop" (an array of strings that end the text; not returned),
 *     "startsNewWord" (false: the model's own continuation; true: never the rest of the prompt's
 *     last word), "chat" (default: true when the model names a chat template, as SmolLM2 does),
 *     "system" (a chat's system message; none by default), "chatTemplate" ("chatml", "llama3", ...;
 *     replaces the model's). Unknown keys and out-of-range values: LOOM_ERROR_INVALID_ARGUMENT,
 *     malformed JSON: LOOM_ERROR_PARSE, located at "<options>:line:column".
 * @param on_token   NULL, or called with each token as it is made (see loom_text_callback).
 * @param user_data  Passed to on_token unchanged.
 * @param out_text   NULL, or receives the whole text, trimmed of surrounding spaces and without a
 *                   stop string (the caller's; loom_string_free()). After a cancel, the text up to
 *                   and including the token the callback stopped at.
 * @param out_finish NULL, or receives why the text ended.
 * Threads: one call at a time per model (a second thread waits for the first); different models
 * generate on different threads at once.
 */
loom_status loom_text_model_generate(
    loom_text_model *model, const char *prompt, uint64_t seed, const char *options_json, loom_text_callback on_token,
    void *user_data, char **out_text, loom_text_finish *out_finish, loom_error **error);

#ifdef __cplusplus
}
#endif

#endif /* LOOM_H */
