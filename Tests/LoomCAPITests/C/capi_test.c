/* The C API's own test program: built with `cc` against include/loom.h and libloom, run by
 * LoomCAPITests (and under AddressSanitizer by Scripts/test-capi-asan). Prints one line per
 * check that fails and, at the end, "capi_test: N checks, F failed" plus the lines the Swift
 * test compares with the Swift API ("hash caves ..."). Exits 1 when any check failed.
 * Usage: capi_test OUTPUT_DIR */
#include "check.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int checks = 0;
int failures = 0;

/* FNV-1a over the tiles' little-endian bytes: the Swift test computes the same. */
static uint64_t fnv_tiles(const uint16_t *tiles, size_t count) {
    uint64_t hash = 14695981039346656037ULL;
    for (size_t i = 0; i < count; i++) {
        unsigned char bytes[2] = {(unsigned char)(tiles[i] & 0xFF), (unsigned char)(tiles[i] >> 8)};
        for (int b = 0; b < 2; b++) hash = (hash ^ bytes[b]) * 1099511628211ULL;
    }
    return hash;
}

static uint64_t fnv_floats(const float *values, size_t count) {
    uint64_t hash = 14695981039346656037ULL;
    for (size_t i = 0; i < count; i++) {
        uint32_t bits;
        memcpy(&bits, &values[i], 4);
        for (int b = 0; b < 4; b++) hash = (hash ^ ((bits >> (8 * b)) & 0xFF)) * 1099511628211ULL;
    }
    return hash;
}

/* Generates `name` and returns the FNV hash of its first layer, or 0 on failure. */
static uint64_t generate_hash(const char *name, const char *json, uint64_t seed, int32_t w, int32_t h) {
    loom_map *map = NULL;
    if (loom_map_generate(name, json, seed, w, h, &map, NULL) != LOOM_OK) return 0;
    int32_t width = 0, height = 0;
    loom_map_size(map, &width, &height, NULL);
    size_t count = (size_t)width * (size_t)height;
    uint16_t *tiles = malloc(count * sizeof *tiles);
    uint64_t hash = 0;
    if (tiles && loom_map_copy_tiles(map, NULL, tiles, count, NULL) == LOOM_OK) hash = fnv_tiles(tiles, count);
    free(tiles);
    loom_map_free(map);
    return hash;
}

static void test_version(void) {
    CHECK(loom_abi_version() == LOOM_ABI_VERSION);
    CHECK(strchr(loom_version(), '.') != NULL);
    CHECK(strcmp(loom_status_name(LOOM_ERROR_PARSE), "LOOM_ERROR_PARSE") == 0);
    CHECK(strcmp(loom_status_name((loom_status)999), "LOOM_ERROR_UNKNOWN") == 0);
    printf("version %s\n", loom_version());
}

static void test_maps(const char *dir) {
    loom_map *map = NULL;
    loom_error *error = (loom_error *)1; /* must be cleared on success */
    CHECK(loom_map_generate("caves", "{\"fillProbability\": 0.5}", 42, 64, 40, &map, &error) == LOOM_OK);
    CHECK(error == NULL);
    int32_t width = 0, height = 0, layers = 0;
    CHECK(loom_map_size(map, &width, &height, NULL) == LOOM_OK);
    CHECK(width == 64 && height == 40);
    CHECK(loom_map_layer_count(map, &layers, NULL) == LOOM_OK && layers == 1);
    char *name = NULL;
    CHECK(loom_map_layer_name(map, 0, &name, NULL) == LOOM_OK && name && strcmp(name, "ground") == 0);
    loom_string_free(name);

    uint16_t *tiles = malloc(64 * 40 * sizeof *tiles);
    CHECK(loom_map_copy_tiles(map, "ground", tiles, 64 * 40, NULL) == LOOM_OK);
    int agree = 1;
    for (int32_t y = 0; y < 40; y += 3)
        for (int32_t x = 0; x < 64; x += 5) {
            uint16_t tile = 0xFFFF;
            if (loom_map_tile(map, 0, x, y, &tile, NULL) != LOOM_OK || tile != tiles[y * 64 + x]) agree = 0;
        }
    CHECK(agree);
    printf("hash caves 42 64x40 fillProbability=0.5 %016llx\n", (unsigned long long)fnv_tiles(tiles, 64 * 40));

    /* The buffer is one short: nothing is written. */
    uint16_t small[64 * 40 - 1];
    memset(small, 0xAB, sizeof small);
    CHECK_FAILS(loom_map_copy_tiles(map, NULL, small, 64 * 40 - 1, ep_), LOOM_ERROR_BUFFER_TOO_SMALL, "needs 2560");
    CHECK(small[0] == 0xABAB);
    CHECK_FAILS(loom_map_copy_tiles(map, "biome", tiles, 64 * 40, ep_), LOOM_ERROR_NOT_FOUND, "no tile layer 'biome'");
    CHECK_FAILS(loom_map_copy_tiles(map, NULL, NULL, 64 * 40, ep_), LOOM_ERROR_INVALID_ARGUMENT, "buffer is NULL");
    CHECK_FAILS(loom_map_tile(map, 0, 64, 0, small, ep_), LOOM_ERROR_INVALID_ARGUMENT, "outside the 64x40 map");
    CHECK_FAILS(loom_map_tile(map, 1, 0, 0, small, ep_), LOOM_ERROR_INVALID_ARGUMENT, "layer index 1");
    CHECK_FAILS(loom_map_layer_name(map, -1, &name, ep_), LOOM_ERROR_INVALID_ARGUMENT, "layer index -1");
    float values[4];
    CHECK_FAILS(loom_map_copy_values(map, "height", values, 4, ep_), LOOM_ERROR_NOT_FOUND, "no value layer");
    free(tiles);

    char *json = NULL;
    CHECK(loom_map_annotations(map, &json, NULL) == LOOM_OK && json && json[0] == '[' && strstr(json, "chamber"));
    loom_string_free(json);
    json = NULL;
    CHECK(loom_map_tileset(map, &json, NULL) == LOOM_OK && json && strstr(json, "\"floor\""));
    loom_string_free(json);

    char path[4096];
    snprintf(path, sizeof path, "%s/cave.tmj", dir);
    CHECK(loom_map_export(map, path, NULL, 0, NULL) == LOOM_OK);
    FILE *file = fopen(path, "rb");
    CHECK(file != NULL);
    if (file) fclose(file);
    snprintf(path, sizeof path, "%s/cave.txt", dir);
    CHECK(loom_map_export(map, path, "ground", 2, NULL) == LOOM_OK);
    snprintf(path, sizeof path, "%s/cave.bmp", dir);
    CHECK_FAILS(loom_map_export(map, path, NULL, 0, ep_), LOOM_ERROR_INVALID_ARGUMENT, "cave.bmp");
    CHECK_FAILS(loom_map_export(map, "/nonexistent-dir/x/cave.txt", NULL, 0, ep_), LOOM_ERROR_IO, "nonexistent");
    CHECK_FAILS(loom_map_export(map, path, NULL, 65, ep_), LOOM_ERROR_INVALID_ARGUMENT, "scale is 65");
    CHECK(loom_map_free(map) == LOOM_OK);

    /* Every generator by name, at its default size and at a given one. */
    const char *names[] = {"terrain", "caves", "dungeon", "maze"};
    for (int i = 0; i < 4; i++) {
        map = NULL;
        CHECK(loom_map_generate(names[i], NULL, 7, 0, 0, &map, NULL) == LOOM_OK);
        CHECK(loom_map_free(map) == LOOM_OK);
        printf("hash %s 7 41x31 default %016llx\n", names[i], (unsigned long long)generate_hash(names[i], "", 7, 41, 31));
    }
    map = NULL;
    CHECK(loom_map_generate("terrain", "{\"shape\": \"island\"}", 3, 48, 48, &map, NULL) == LOOM_OK);
    float *heights = malloc(48 * 48 * sizeof *heights);
    CHECK(loom_map_copy_values(map, "height", heights, 48 * 48, NULL) == LOOM_OK);
    free(heights);
    CHECK(loom_map_layer_count(map, &layers, NULL) == LOOM_OK && layers == 2);
    loom_map_free(map);

    json = NULL;
    CHECK(loom_map_generators(&json, NULL) == LOOM_OK && json && strstr(json, "\"name\":\"caves\"")
          && strstr(json, "\"fillProbability\":0.45"));
    loom_string_free(json);
}

static void test_bad_input(void) {
    loom_map *map = (loom_map *)1;
    CHECK_FAILS(loom_map_generate("cave", NULL, 1, 0, 0, &map, ep_), LOOM_ERROR_NOT_FOUND,
                "unknown map generator 'cave'; expected one of: terrain, caves, dungeon, maze");
    CHECK(map == NULL);
    CHECK_FAILS(loom_map_generate("caves", "{\"fill\": 0.4", 1, 0, 0, &map, ep_), LOOM_ERROR_PARSE, "<parameters>:1:");
    CHECK_FAILS(loom_map_generate("caves", "{\"fill\": 0.4}", 1, 0, 0, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT,
                "<parameters>:1:2");
    CHECK_FAILS(loom_map_generate("caves", "{\"fillProbability\": 3}", 1, 0, 0, &map, ep_),
                LOOM_ERROR_INVALID_ARGUMENT, "fillProbability");
    CHECK_FAILS(loom_map_generate("caves", "[1, 2]", 1, 0, 0, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT, "<parameters>");
    CHECK_FAILS(loom_map_generate("caves", NULL, 1, -5, 10, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT, "-5x10");
    CHECK_FAILS(loom_map_generate("caves", NULL, 1, 2, 2, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT, "width");
    CHECK_FAILS(loom_map_generate(NULL, NULL, 1, 0, 0, &map, ep_), LOOM_ERROR_INVALID_ARGUMENT, "generator is NULL");
    CHECK_FAILS(loom_map_generate("caves", NULL, 1, 0, 0, NULL, ep_), LOOM_ERROR_INVALID_ARGUMENT, "out_map is NULL");
    CHECK_FAILS(loom_map_generate("cav\xff\xfe", NULL, 1, 0, 0, &map, ep_), LOOM_ERROR_INVALID_UTF8, "UTF-8");
    CHECK_FAILS(loom_map_generate("caves", "{\"rule\": \"\xc3\x28\"}", 1, 0, 0, &map, ep_), LOOM_ERROR_INVALID_UTF8,
                "parameters_json is not valid UTF-8");
    /* No error object wanted: the status alone. */
    CHECK(loom_map_generate("cave", NULL, 1, 0, 0, &map, NULL) == LOOM_ERROR_NOT_FOUND);

    /* Handles: NULL, freed, of another type. */
    int32_t width = 0;
    CHECK_FAILS(loom_map_size(NULL, &width, NULL, ep_), LOOM_ERROR_INVALID_HANDLE, "loom_map handle is NULL");
    CHECK(loom_map_generate("maze", NULL, 1, 0, 0, &map, NULL) == LOOM_OK);
    CHECK(loom_error_free((loom_error *)map) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(loom_error_status((loom_error *)map) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(strstr(loom_error_message((loom_error *)map), "NULL or already freed") != NULL);
    CHECK(loom_map_size(map, &width, NULL, NULL) == LOOM_OK && width == 41);
    CHECK(loom_map_free(map) == LOOM_OK);
    CHECK_FAILS(loom_map_size(map, &width, NULL, ep_), LOOM_ERROR_INVALID_HANDLE, "already freed");
    CHECK(loom_map_free(map) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(loom_map_free(NULL) == LOOM_OK);
    CHECK_FAILS(loom_map_size((loom_map *)(uintptr_t)0x1234, &width, NULL, ep_), LOOM_ERROR_INVALID_HANDLE, "loom_map");

    /* A freed handle's slot reused by a new map: the old handle still fails. */
    loom_map *first = NULL, *second = NULL;
    CHECK(loom_map_generate("maze", NULL, 1, 0, 0, &first, NULL) == LOOM_OK);
    loom_map_free(first);
    CHECK(loom_map_generate("maze", NULL, 2, 0, 0, &second, NULL) == LOOM_OK);
    CHECK(first != second);
    CHECK(loom_map_free(first) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(loom_map_free(second) == LOOM_OK);

    /* Errors themselves. */
    loom_error *error = NULL;
    CHECK(loom_map_generate("cave", NULL, 1, 0, 0, &map, &error) == LOOM_ERROR_NOT_FOUND);
    CHECK(loom_error_free(error) == LOOM_OK);
    CHECK(loom_error_free(error) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(loom_error_free(NULL) == LOOM_OK);
    CHECK(loom_error_status(NULL) == LOOM_ERROR_INVALID_HANDLE);
    loom_string_free(NULL);
}

static void test_noise(void) {
    float *values = malloc(32 * 16 * sizeof *values);
    const char *config = "{\"seed\": 7, \"noiseType\": \"perlin\", \"frequency\": 0.05, \"fractalType\": \"fbm\", "
                         "\"octaves\": 3}";
    CHECK(loom_noise_fill(config, 32, 16, 10, 20, 1, values, 32 * 16, NULL) == LOOM_OK);
    int in_range = 1;
    for (int i = 0; i < 32 * 16; i++) in_range &= values[i] >= -1.5f && values[i] <= 1.5f;
    CHECK(in_range);
    printf("hash noise perlin 32x16 %016llx\n", (unsigned long long)fnv_floats(values, 32 * 16));
    CHECK(loom_noise_fill(NULL, 32, 16, 0, 0, 1, values, 32 * 16, NULL) == LOOM_OK);
    CHECK_FAILS(loom_noise_fill("{\"octaves\": }", 4, 4, 0, 0, 1, values, 16, ep_), LOOM_ERROR_PARSE, "<noise>:1:");
    CHECK_FAILS(loom_noise_fill("{\"octave\": 3}", 4, 4, 0, 0, 1, values, 16, ep_), LOOM_ERROR_INVALID_ARGUMENT,
                "octave");
    CHECK_FAILS(loom_noise_fill(NULL, 4, 4, 0, 0, 1, values, 15, ep_), LOOM_ERROR_BUFFER_TOO_SMALL, "needs 16");
    CHECK_FAILS(loom_noise_fill(NULL, 0, 4, 0, 0, 1, values, 16, ep_), LOOM_ERROR_INVALID_ARGUMENT, "0x4");
    CHECK_FAILS(loom_noise_fill(NULL, 65536, 65536, 0, 0, 1, values, SIZE_MAX, ep_), LOOM_ERROR_INVALID_ARGUMENT,
                "more than 268435456 samples");
    CHECK_FAILS(loom_noise_fill(NULL, 4, 4, 0, 0, 1.0 / 0.0, values, 16, ep_), LOOM_ERROR_INVALID_ARGUMENT, "finite");
    free(values);
}

/* Threads: distinct handles on distinct threads give what one thread gives. */
struct worker {
    uint64_t seed;
    uint64_t hash;
};

static void *work(void *argument) {
    struct worker *worker = argument;
    for (int round = 0; round < 5; round++) {
        uint64_t hash = generate_hash("caves", "{\"iterations\": 5}", worker->seed, 48, 32);
        if (round == 0) worker->hash = hash;
        else if (hash != worker->hash) worker->hash = 0;
    }
    return NULL;
}

static void test_threads(void) {
    enum { count = 4 };
    struct worker workers[count];
    pthread_t threads[count];
    for (int i = 0; i < count; i++) {
        workers[i].seed = (uint64_t)(100 + i);
        workers[i].hash = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (int i = 0; i < count; i++) pthread_join(threads[i], NULL);
    for (int i = 0; i < count; i++) {
        uint64_t alone = generate_hash("caves", "{\"iterations\": 5}", (uint64_t)(100 + i), 48, 32);
        CHECK(alone != 0 && workers[i].hash == alone);
    }
}

int write_file(const char *path, const char *text) {
    FILE *file = fopen(path, "wb");
    if (!file) return 0;
    fputs(text, file);
    fclose(file);
    return 1;
}

/* Plays until choices or the end; returns the event and appends the lines to `transcript`. */
static loom_story_event play(loom_story *story, char *transcript, size_t capacity) {
    loom_story_event event = LOOM_STORY_END;
    for (int step = 0; step < 100; step++) {
        char *line = NULL;
        if (loom_story_continue(story, &event, &line, NULL) != LOOM_OK) return LOOM_STORY_END;
        if (event != LOOM_STORY_LINE) return event;
        strncat(transcript, line, capacity - strlen(transcript) - 2);
        strcat(transcript, "\n");
        loom_string_free(line);
    }
    return event;
}

static void test_story(const char *path, const char *gold, const char *expected_after_spend) {
    loom_story *story = NULL;
    const char *paths[] = {path};
    CHECK(loom_story_compile(paths, 1, NULL, 5, &story, NULL) == LOOM_OK);
    char transcript[1024] = "";
    CHECK(play(story, transcript, sizeof transcript) == LOOM_STORY_CHOICES);
    CHECK(strcmp(transcript, "You have 2 coins.\n") == 0);
    int32_t count = 0;
    CHECK(loom_story_choice_count(story, &count, NULL) == LOOM_OK && count >= 1);
    char *text = NULL;
    int32_t available = -1;
    CHECK(loom_story_choice(story, 0, &text, &available, NULL) == LOOM_OK && text && strcmp(text, "Spend one") == 0
          && available == 1);
    loom_string_free(text);
    CHECK_FAILS(loom_story_choice(story, 7, &text, NULL, ep_), LOOM_ERROR_INVALID_ARGUMENT, "choice 7");

    /* Save while the choices wait: the size first, then too small, then the bytes. */
    size_t size = 0;
    CHECK(loom_story_save(story, NULL, 0, &size, NULL) == LOOM_OK && size > 0);
    uint8_t *save = malloc(size);
    size_t written = 0;
    CHECK_FAILS(loom_story_save(story, save, size - 1, &written, ep_), LOOM_ERROR_BUFFER_TOO_SMALL, "the save");
    CHECK(loom_story_save(story, save, size, &written, NULL) == LOOM_OK && written == size);

    CHECK(loom_story_choose(story, 0, NULL) == LOOM_OK);
    transcript[0] = 0;
    CHECK(play(story, transcript, sizeof transcript) == LOOM_STORY_END);
    CHECK(strcmp(transcript, expected_after_spend) == 0);
    char *json = NULL;
    CHECK(loom_story_variable(story, gold, &json, NULL) == LOOM_OK && json && strcmp(json, "1") == 0);
    loom_string_free(json);
    CHECK_FAILS(loom_story_variable(story, "nothing", &json, ep_), LOOM_ERROR_NOT_FOUND, "nothing");

    /* The save restores the waiting choices, and the gold before spending. */
    CHECK(loom_story_load(story, save, size, NULL) == LOOM_OK);
    loom_story_event event = LOOM_STORY_END;
    CHECK(loom_story_continue(story, &event, NULL, NULL) == LOOM_OK && event == LOOM_STORY_CHOICES);
    CHECK(loom_story_variable(story, gold, &json, NULL) == LOOM_OK && json && strcmp(json, "2") == 0);
    loom_string_free(json);
    CHECK(loom_story_set_variable(story, gold, "9", NULL) == LOOM_OK);
    CHECK(loom_story_choose(story, 0, NULL) == LOOM_OK);
    transcript[0] = 0;
    play(story, transcript, sizeof transcript);
    CHECK(loom_story_variable(story, gold, &json, NULL) == LOOM_OK && json && strcmp(json, "8") == 0);
    loom_string_free(json);
    CHECK_FAILS(loom_story_set_variable(story, gold, "[1]", ep_), LOOM_ERROR_INVALID_ARGUMENT, "<value>:1:1");
    CHECK_FAILS(loom_story_set_variable(story, gold, "{", ep_), LOOM_ERROR_PARSE, "<value>:1:");
    save[size / 2] ^= 0x5A;
    save[0] ^= 0xFF;
    loom_error *error = NULL;
    CHECK(loom_story_load(story, save, size, &error) != LOOM_OK && error != NULL);
    loom_error_free(error);
    CHECK_FAILS(loom_story_load(story, NULL, 4, ep_), LOOM_ERROR_INVALID_ARGUMENT, "bytes is NULL");
    free(save);
    CHECK(loom_story_free(story) == LOOM_OK);
    CHECK_FAILS(loom_story_continue(story, &event, NULL, ep_), LOOM_ERROR_INVALID_HANDLE, "loom_story");
}

static void test_stories(const char *dir) {
    char yarn[4096], ink[4096], broken[4096];
    snprintf(yarn, sizeof yarn, "%s/purse.yarn", dir);
    snprintf(ink, sizeof ink, "%s/purse.ink", dir);
    snprintf(broken, sizeof broken, "%s/broken.yarn", dir);
    CHECK(write_file(yarn, "title: Start\n---\n<<declare $gold = 2>>\nYou have {$gold} coins.\n-> Spend one\n"
                           "    <<set $gold -= 1>>\n-> Beg <<if false>>\nDone.\n===\n"));
    CHECK(write_file(ink, "VAR gold = 2\nYou have {gold} coins.\n* [Spend one]\n  ~ gold = gold - 1\n"
                          "* [Keep them]\n- Done.\n-> END\n"));
    CHECK(write_file(broken, "title: Start\n---\n<<if $x>>\nNever closed.\n===\n"));
    test_story(yarn, "$gold", "Done.\n");
    test_story(ink, "gold", "Done.\n");

    loom_story *story = (loom_story *)1;
    const char *paths[] = {broken};
    CHECK_FAILS(loom_story_compile(paths, 1, NULL, 1, &story, ep_), LOOM_ERROR_PARSE, "broken.yarn:");
    CHECK(story == NULL);
    const char *missing[] = {"/nonexistent/story.yarn"};
    CHECK_FAILS(loom_story_compile(missing, 1, NULL, 1, &story, ep_), LOOM_ERROR_IO, "/nonexistent/story.yarn");
    const char *good[] = {yarn};
    CHECK_FAILS(loom_story_compile(good, 1, "Nowhere", 1, &story, ep_), LOOM_ERROR_NOT_FOUND, "no node 'Nowhere'");
    CHECK_FAILS(loom_story_compile(NULL, 1, NULL, 1, &story, ep_), LOOM_ERROR_INVALID_ARGUMENT, "paths is NULL");
    const char *null_path[] = {NULL};
    CHECK_FAILS(loom_story_compile(null_path, 1, NULL, 1, &story, ep_), LOOM_ERROR_INVALID_ARGUMENT, "paths[0]");
}

/* Worlds: load a folder, open a session, read its map, start, choose, events, save and load. */
static void test_worlds(void) {
    loom_world *world = NULL;
    CHECK(loom_world_load("Worlds/isles", 0, &world, NULL) == LOOM_OK);
    loom_session *session = NULL;
    uint64_t seed = 12;
    CHECK(loom_session_open(world, &seed, &session, NULL) == LOOM_OK);
    loom_map *map = NULL;
    int32_t width = 0, height = 0;
    CHECK(loom_session_map(session, &map, NULL) == LOOM_OK);
    CHECK(loom_map_size(map, &width, &height, NULL) == LOOM_OK && width == 128 && height == 96);
    loom_map_free(map);
    CHECK_FAILS(loom_session_enter(session, -1, 0, NULL, ep_), LOOM_ERROR_INVALID_ARGUMENT, "outside the 128x96 map");
    CHECK(loom_session_start(session, NULL, NULL) == LOOM_OK);
    int32_t options = 0;
    CHECK(loom_session_option_count(session, &options, NULL) == LOOM_OK && options > 0);
    char *first = NULL;
    int32_t available = 0;
    CHECK(loom_session_option(session, 0, &first, &available, NULL) == LOOM_OK && first && first[0]);

    size_t size = 0;
    CHECK(loom_session_save(session, NULL, 0, &size, NULL) == LOOM_OK && size > 0);
    uint8_t *save = malloc(size);
    CHECK(loom_session_save(session, save, size, &size, NULL) == LOOM_OK);

    int32_t events = 0;
    CHECK(loom_session_event_count(session, &events, NULL) == LOOM_OK && events >= 2);
    loom_world_event_kind kind = LOOM_WORLD_EVENT_LINE;
    char *text = NULL;
    int32_t x = -1, y = -1;
    CHECK(loom_session_event(session, 0, &kind, &text, &x, &y, NULL) == LOOM_OK && kind == LOOM_WORLD_EVENT_NODE
          && text && strcmp(text, "Start") == 0);
    loom_string_free(text);
    CHECK(loom_session_event(session, events - 1, &kind, &text, &x, &y, NULL) == LOOM_OK
          && kind == LOOM_WORLD_EVENT_OPTIONS && x == options && text && strncmp(text, first, strlen(first)) == 0);
    loom_string_free(text);
    CHECK_FAILS(loom_session_event(session, events, &kind, &text, NULL, NULL, ep_), LOOM_ERROR_INVALID_ARGUMENT,
                "event");
    CHECK(loom_session_choose(session, 0, NULL) == LOOM_OK);
    CHECK(loom_session_event_count(session, &events, NULL) == LOOM_OK && events >= 3);

    /* The save continues in a new session at the options it was made at. */
    loom_session *resumed = NULL;
    CHECK(loom_session_open(world, &seed, &resumed, NULL) == LOOM_OK);
    CHECK(loom_session_load(resumed, save, size, NULL) == LOOM_OK);
    int32_t again = 0;
    CHECK(loom_session_option_count(resumed, &again, NULL) == LOOM_OK && again == options);
    char *same = NULL;
    CHECK(loom_session_option(resumed, 0, &same, NULL, NULL) == LOOM_OK && same && strcmp(same, first) == 0);
    loom_string_free(same);
    loom_string_free(first);
    CHECK_FAILS(loom_session_load(resumed, (const uint8_t *)"{\"format\": 1}", 13, ep_), LOOM_ERROR_PARSE, "<save>");
    loom_session *other = NULL;
    uint64_t other_seed = 13;
    CHECK(loom_session_open(world, &other_seed, &other, NULL) == LOOM_OK);
    CHECK_FAILS(loom_session_load(other, save, size, ep_), LOOM_ERROR_RUNTIME, "seed 12");
    free(save);
    loom_session_free(other);
    loom_session_free(resumed);
    CHECK(loom_session_free(session) == LOOM_OK);
    CHECK(loom_session_free(session) == LOOM_ERROR_INVALID_HANDLE);
    CHECK(loom_world_free(world) == LOOM_OK);
    CHECK_FAILS(loom_session_open(world, NULL, &session, ep_), LOOM_ERROR_INVALID_HANDLE, "loom_world");
    CHECK_FAILS(loom_world_load("/nonexistent/world", 0, &world, ep_), LOOM_ERROR_NOT_FOUND,
                "/nonexistent/world: no such world folder");
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : ".";
    test_version();
    test_maps(dir);
    test_bad_input();
    test_noise();
    test_threads();
    test_stories(dir);
    test_worlds();
    test_map_budget();
    test_world_errors(dir);
    test_typed_choices(dir);
    test_text_model();
    printf("capi_test: %d checks, %d failed\n", checks, failures);
    return failures == 0 ? 0 : 1;
}
